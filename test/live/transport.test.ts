/**
 * The subscriptions over real transports: a graphql-ws client (`createClient` + `ws`) against graphql-yoga served by
 * `useServer` from graphql-ws/use/ws, on 127.0.0.1 port 0.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import '../../src/schema/subscriptions.js';
import { schema } from '../../src/schema/index.js';
import { createServices } from '../../src/services/index.js';
import { encodeGlobalID } from '../../src/schema/ids.js';
import { createContext, type GraphQLContext } from '../../src/schema/context.js';
import { createLiveHub, type LiveHub } from '../../src/live/hub.js';
import { DEMO_AUTH } from '../../src/security/index.js';
import { fakeWorld, hex, type FakeWorld } from '../helpers/fakes.js';
import { subscribe } from '../helpers/ws.js';

describe('live subscriptions over graphql-ws', () => {
  let world: FakeWorld;
  let hub: LiveHub;
  let server: Server;
  let client: Client;

  beforeAll(async () => {
    world = fakeWorld(3, 2);
    hub = createLiveHub({
      connectors: world.connectors,
      identity: { directory: async () => world.directory() },
      intervals: { 'sinch.agents': 60_000, 'sinch.queueStatuses': 60_000 },
    });
    await hub.start();
    const services = createServices({ connectors: world.connectors, live: () => hub });
    const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
      schema,
      graphqlEndpoint: '/graphql',
      logging: false,
      context: () => createContext(services, { requestId: 'test', auth: DEMO_AUTH }),
    });
    server = createServer(yoga);
    const wss = new WebSocketServer({ server, path: '/graphql' });
    useServer(
      {
        execute: (args: any) => args.rootValue.execute(args),
        subscribe: (args: any) => args.rootValue.subscribe(args),
        onSubscribe: async (ctx, _id, params) => {
          const { schema: s, execute, subscribe: sub, contextFactory, parse, validate } = yoga.getEnveloped({
            ...ctx,
            req: ctx.extra.request,
            socket: ctx.extra.socket,
            params,
          });
          const args = {
            schema: s,
            operationName: params.operationName,
            document: parse(params.query),
            variableValues: params.variables,
            contextValue: await contextFactory(),
            rootValue: { execute, subscribe: sub },
          };
          const errors = validate(args.schema, args.document);
          if (errors.length) return errors;
          return args;
        },
      },
      wss,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  });

  afterAll(async () => {
    await client?.dispose();
    await hub?.stop();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  const AGENTS = /* GraphQL */ `
    subscription Agents($filter: AgentStatusFilter) {
      agentStatusChanged(filter: $filter) {
        sequence
        kind
        changes {
          kind
          agentId
          changedFields
          agent { name state rawStatus presenceName queues { queueId queueName serving } activePhoneContacts }
        }
      }
    }
  `;

  it('agentStatusChanged: a snapshot first, then only the changed fields', async () => {
    world.agents[0] = { ...world.agents[0]!, queues: [{ queueId: hex(1001), queueName: 'Queue 1', channel: 'PHONE', serving: true, externalServing: false, canChangeQueueLogin: true, handledCallsIn: 0, handledCallsOut: 0, handledChatsIn: 0, handledEmailsIn: 0, handlingMs: 0, wrapUpMs: 0 }] };
    const sub = subscribe<any>(client, AGENTS, { filter: { queueIds: [encodeGlobalID('Queue', hex(1001))] } });
    const snap = (await sub.next()).agentStatusChanged;
    const key = world.directory().forAccount('sinch', hex(1))!.key;
    expect(snap.kind).toBe('SNAPSHOT');
    expect(snap.changes).toEqual([
      {
        kind: 'ADDED',
        agentId: encodeGlobalID('Agent', key),
        changedFields: expect.arrayContaining(['name', 'state', 'queues']),
        agent: {
          name: 'Agent 1',
          state: 'AVAILABLE',
          rawStatus: 'Ready/Free',
          presenceName: 'Available',
          queues: [{ queueId: encodeGlobalID('Queue', hex(1001)), queueName: 'Queue 1', serving: true }],
          activePhoneContacts: 0,
        },
      },
    ]);

    world.agents[0] = { ...world.agents[0]!, state: 'BUSY', activePhoneContacts: 1 };
    world.agents[1] = { ...world.agents[1]!, state: 'PAUSED' }; // not in the queue: filtered out
    await hub.refreshNow('sinch.agents');
    const change = (await sub.next()).agentStatusChanged;
    expect(change.kind).toBe('CHANGE');
    expect(change.sequence).toBeGreaterThan(snap.sequence);
    expect(change.changes).toEqual([
      {
        kind: 'CHANGED',
        agentId: encodeGlobalID('Agent', key),
        changedFields: ['state', 'activePhoneContacts'],
        agent: { name: null, state: 'BUSY', rawStatus: null, presenceName: null, queues: null, activePhoneContacts: 1 },
      },
    ]);
    sub.dispose();
  });

  it('queueStatusChanged and queueAlert deliver over the socket; unsubscribing stops the poller', async () => {
    const q1 = world.queues[0]!.queueId;
    world.groups = [
      {
        id: hex(5000),
        name: 'G',
        queues: [
          {
            queueId: q1,
            queueName: 'Queue 1',
            channel: 'PHONE',
            groupId: hex(5000),
            groupName: 'G',
            freeAgents: { warning: null, critical: null },
            waitingContacts: { warning: 2, critical: 5 },
            maxWaitMs: { warning: null, critical: null },
            servingAgents: { warning: null, critical: null },
            serviceLevelPercent: { warning: null, critical: null },
          },
        ],
      },
    ];
    const queues = subscribe<any>(client, `subscription { queueStatusChanged { sequence kind changes { kind queueId changedFields queue { name waiting agentsFree } } } }`);
    const alerts = subscribe<any>(
      client,
      `subscription($f: QueueAlertFilter) { queueAlert(filter: $f) { sequence kind alerts { queueId metric level previousLevel value warningLevel criticalLevel at } } }`,
      { f: { levels: ['WARNING', 'CRITICAL'] } },
    );
    const qs = (await queues.next()).queueStatusChanged;
    expect(qs.kind).toBe('SNAPSHOT');
    expect(qs.changes).toHaveLength(2);
    expect((await alerts.next()).queueAlert).toMatchObject({ kind: 'SNAPSHOT', alerts: [] });

    world.queues[0] = { ...world.queues[0]!, waitingNow: 3 };
    await hub.refreshNow('sinch.queueStatuses');
    const qc = (await queues.next()).queueStatusChanged;
    expect(qc.changes).toEqual([
      { kind: 'CHANGED', queueId: encodeGlobalID('Queue', q1), changedFields: ['waiting'], queue: { name: null, waiting: 3, agentsFree: null } },
    ]);
    const raised = (await alerts.next()).queueAlert;
    expect(raised.alerts).toEqual([
      expect.objectContaining({ queueId: encodeGlobalID('Queue', q1), metric: 'WAITING_CONTACTS', level: 'WARNING', previousLevel: 'OK', value: 3, warningLevel: 2, criticalLevel: 5 }),
    ]);
    expect(Number.isNaN(Date.parse(raised.alerts[0].at))).toBe(false);

    world.queues[0] = { ...world.queues[0]!, waitingNow: 0 };
    await hub.refreshNow('sinch.queueStatuses');
    await queues.next();
    expect((await alerts.next()).queueAlert.alerts).toEqual([
      expect.objectContaining({ metric: 'WAITING_CONTACTS', level: 'OK', previousLevel: 'WARNING', value: 0 }),
    ]);

    queues.dispose();
    alerts.dispose();
    const deadline = Date.now() + 2000;
    while (hub.stats().resources['sinch.queueStatuses'].demand > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(hub.stats().resources['sinch.queueStatuses'].demand).toBe(0);
  });

  it('rejects an ID of the wrong type in a filter with a clear error', async () => {
    const sub = subscribe<any>(client, AGENTS, { filter: { queueIds: [encodeGlobalID('Agent', 'x')] } });
    await expect(sub.next(1500)).rejects.toThrow(/expected a Queue ID/);
    sub.dispose();
  });
});
