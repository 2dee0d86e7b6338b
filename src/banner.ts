/**
 * The startup banner (src/main.ts): where everything is and what is in force, so a newcomer reading the first log
 * lines knows the wallboard, /metrics and /health exist and whether anyone on the network may steer agents.
 */
import type { Config } from './config.js';
import { VENDORS } from './domain/vendors.js';

export interface Banner {
  /** Log fields: every endpoint, the vendor mode, the auth mode and the limits. */
  fields: {
    endpoints: Record<string, string>;
    vendors: string;
    auth: string;
    limits: Record<string, number | boolean>;
  };
  /** The same as readable lines (the log message). */
  text: string;
}

/** `baseUrl` is what gateway.listen() resolved to (http://host:port); `simulatorUrl` when the simulator is embedded. */
export function startupBanner(config: Config, baseUrl: string, simulatorUrl?: string): Banner {
  const ws = baseUrl.replace(/^http/, 'ws');
  const graphql = `${baseUrl}/graphql`;
  const endpoints: Record<string, string> = {
    ...(config.limits.graphiql ? { graphiql: `${graphql} (browser)` } : {}),
    graphql: `${graphql} (POST or GET)`,
    websocket: `${ws}/graphql (graphql-ws)`,
    sse: `${graphql} (Accept: text/event-stream)`,
    wallboard: `${baseUrl}/wallboard/`,
    metrics: `${baseUrl}/metrics`,
    health: `${baseUrl}/health`,
    ready: `${baseUrl}/ready`,
  };
  const configured = VENDORS.filter((v) => config.vendors[v]);
  const vendors = simulatorUrl
    ? `embedded simulator of all five vendors at ${simulatorUrl} (no vendor configured)`
    : `configured: ${configured.join(', ') || 'none'}`;
  const auth = !config.auth.enabled
    ? 'off (demo mode: anyone who reaches this port can read the graph and steer agents)'
    : [
        config.auth.apiKeys.length ? `${config.auth.apiKeys.length} API key(s)` : '',
        config.auth.jwt?.jwksUrl ? 'JWT (JWKS)' : config.auth.jwt?.secret ? 'JWT (shared secret)' : '',
      ]
        .filter(Boolean)
        .join(' + ');
  const l = config.limits;
  const limits = {
    maxDepth: l.maxDepth,
    maxAliases: l.maxAliases,
    maxDirectives: l.maxDirectives,
    maxTokens: l.maxTokens,
    maxCost: l.maxCost,
    maxBodyBytes: l.maxBodyBytes,
    maxWsConnectionsPerIp: l.maxWsConnectionsPerIp,
    maxSubscriptionsPerConnection: l.maxSubscriptionsPerConnection,
    introspection: l.introspection,
    csrfPrevention: l.csrfPrevention,
  };
  const pad = (k: string) => `${k}:`.padEnd(11);
  const text = [
    config.limits.graphiql ? `ccgraph ready: GraphiQL at ${graphql}` : `ccgraph ready at ${baseUrl}`,
    ...Object.entries(endpoints).map(([k, v]) => `  ${pad(k)}${v}`),
    `  ${pad('vendors')}${vendors}`,
    `  ${pad('auth')}${auth}`,
    `  ${pad('limits')}${Object.entries(limits)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  ].join('\n');
  return { fields: { endpoints, vendors, auth, limits }, text };
}
