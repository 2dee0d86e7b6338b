/**
 * S9's peer: the three Sinch RMI resources the dashboard reads (agents of a page by id with queue info, queue
 * statuses, today's contact summaries) described as a GraphQL Mesh JSON-schema source, composed into a supergraph
 * for Hive Gateway. The schemas list the vendor fields the dashboard uses (vendor docs:
 * /work/shared/vendor-docs/sinch-contact-center-rmi-api.txt); the Hive side therefore has vendor-shaped types.
 */
import { getComposedSchemaFromConfig } from '@graphql-mesh/compose-cli';
import { loadJSONSchemaSubgraph } from '@omnigraph/json-schema';

const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const str = { type: 'string' } as const;

const membership = {
  type: 'object',
  title: 'SinchAgentQueue',
  properties: {
    id: str,
    name: str,
    type: str,
    serving: { type: 'boolean' },
    handledContactsCallIn: int,
    handledContactsChatIn: int,
    handledContactsEmailIn: int,
    handlingDuration: num,
  },
};

const agent = {
  type: 'object',
  title: 'SinchAgent',
  properties: {
    id: str,
    name: str,
    userStatus: str,
    userStatusDuration: num,
    availability: str,
    contactHandlingStatus: str,
    profileId: str,
    profile: str,
    profileType: str,
    activePhoneContacts: int,
    activeChatContacts: int,
    activeEmailContacts: int,
    // The RMI wraps the list: `"queues": { "queue": [ ... ] }`.
    queues: { type: 'object', title: 'SinchAgentQueues', properties: { queue: { type: 'array', items: membership } } },
  },
};

const queueStatus = {
  type: 'object',
  title: 'SinchQueueStatus',
  properties: {
    id: str,
    name: str,
    type: str,
    inQueue: num,
    inQueueCurrent: num,
    waitingDurationMax: num,
    waitingDurationCurrentMax: num,
    agentsServing: int,
    agentsFree: int,
    agentsBusy: int,
    agentsWrapUp: int,
    agentsNotReady: int,
    agentsPause: int,
  },
};

const summary = {
  type: 'object',
  title: 'SinchContactSummary',
  properties: {
    id: str,
    queueId: str,
    hourTime: str,
    inHandled: int,
    inAnsweredOnTime: int,
    inAbandoned: int,
    inHandleTimeTotal: num,
    inAnsweredQueueTimeTotal: num,
  },
};

const list = (items: object) => ({ type: 'array', items });
const args = (names: Record<string, 'String' | 'Int'>) => ({
  argTypeMap: Object.fromEntries(Object.entries(names).map(([k, t]) => [k, t === 'Int' ? int : str])),
  queryParamArgMap: Object.fromEntries(Object.keys(names).map((k) => [k, k])),
});

/** Compose-time messages: errors only (compose exits the process on a failed composition, after logging it). */
const noop = () => () => undefined;
const composeLogger: Record<string, unknown> = {
  log: noop(),
  info: noop(),
  debug: noop(),
  warn: noop(),
  error: (...a: unknown[]) => (console.error('[mesh compose]', ...a), () => undefined),
  child: () => composeLogger,
  addPrefix: () => composeLogger,
};

/** The Mesh JSON-schema operations: one Query field per RMI list the dashboard reads. */
export const SINCH_OPERATIONS = [
  {
    type: 'Query',
    field: 'agents',
    path: '/agents',
    method: 'GET',
    ...args({ startTime: 'String', showQueueInfo: 'Int', id: 'String', offset: 'Int', limit: 'Int' }),
    responseSchema: list(agent),
  },
  {
    type: 'Query',
    field: 'queueStatuses',
    path: '/queueStatuses',
    method: 'GET',
    ...args({ id: 'String', offset: 'Int', limit: 'Int' }),
    responseSchema: list(queueStatus),
  },
  {
    type: 'Query',
    field: 'contactSummaries',
    path: '/contactSummaries',
    method: 'GET',
    ...args({ startTime: 'String', queueId: 'String', offset: 'Int', limit: 'Int' }),
    responseSchema: list(summary),
  },
] as const;

/** The environment variable the Hive child's transport reads the Sinch authorization header from. */
export const SINCH_AUTH_ENV = 'BENCH_SINCH_AUTHORIZATION';

export const basicAuth = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/**
 * The supergraph SDL (Mesh compose, JSON-schema source "sinch"). The authorization header is Mesh's `{env.…}`
 * interpolation, as a Mesh user configures secrets, so the SDL carries no credential.
 */
export async function composeSinchSupergraph(sinchBaseUrl: string): Promise<string> {
  return getComposedSchemaFromConfig(
    {
      subgraphs: [
        {
          sourceHandler: loadJSONSchemaSubgraph('sinch', {
            endpoint: sinchBaseUrl,
            operationHeaders: { accept: 'application/json', authorization: `{env.${SINCH_AUTH_ENV}}` },
            // ccgraph sends a fixed language on every read so translatable words are stable; so does this source.
            queryParams: { language: 'en' },
            operations: SINCH_OPERATIONS as never,
          }),
        },
      ],
    },
    composeLogger as never,
  );
}
