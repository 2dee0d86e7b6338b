/**
 * Composition root: config → connectors → services → yoga (HTTP + SSE) and graphql-ws on the same port and path.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from './config.js';
import type { IdentityFileEntry } from './domain/model.js';
import type { Logger } from './logger.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { RequestIds, useRequestLogging } from './observability/requests.js';
import { createTracing, type Tracing } from './observability/tracing.js';
import { subgraphSchema } from './federation/index.js';
import { loadManifest, usePersistedOperationsManifest } from './persisted/index.js';
import { createLiveHub, liveOptionsFromConfig } from './live/index.js';
import type { SharedSubscriptions } from './ws/multicast.js';
import { serveWebsockets } from './ws/index.js';
import { useWallboard } from './wallboard/route.js';
import { createGraphiQLServing } from './plugins/useGraphiQL.js';
import { useResponseCompression } from './plugins/useCompression.js';
import { schema } from './schema/index.js';
import { useCompiledExecution } from './plugins/compiled-execution.js';
import { ConnectionFreshness, useConnectionFreshness } from './plugins/connection-freshness.js';
import { useCsrfPrevention } from './plugins/csrf.js';
import { useDeferredErrors } from './plugins/deferred-errors.js';
import { useReadiness } from './plugins/readiness.js';
import { useSharedExecution } from './plugins/shared-execution.js';
import { createContext, type GraphQLContext } from './schema/context.js';
import { createSecurity } from './security/index.js';
import { useMcp, type FetchesGraphql } from './mcp/index.js';
import { createServices, type Services } from './services/index.js';
import { VendorProbe } from './services/vendorProbe.js';
import { closeConnectors, createConnectors } from './vendors/index.js';
import type { Connectors } from './vendors/types.js';

export interface GatewayOptions {
  config: Config;
  logger: Logger;
  /** Identity links (CCGRAPH_IDENTITIES content, or the simulator's). */
  identityFile?: IdentityFileEntry[];
  /** Pre-built connectors (tests); default: from config.vendors. */
  connectors?: Connectors;
  /** Prometheus registry and hooks; default: a fresh one. */
  metrics?: Metrics;
  /** Tracing (tests pass one over an in-memory exporter); default: from config.tracing, null when off. */
  tracing?: Tracing | null;
}

export interface Gateway {
  yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>;
  httpServer: Server;
  services: Services;
  metrics: Metrics;
  /** This gateway's request ids (and the id of the request running now, for vendor-call logs). */
  requestIds: RequestIds;
  /** Websocket subscriptions shared per shape (src/ws/multicast.ts): stats for tests and diagnostics. */
  sharedSubscriptions: SharedSubscriptions;
  /** Starts listening; resolves to the base URL (http://host:port). */
  listen(port?: number, host?: string): Promise<string>;
  /** Graceful stop: refuse new work, drain HTTP, close websockets (1001), stop pollers, close vendor pools. */
  close(opts?: { drainMs?: number }): Promise<void>;
}

export function createGateway(opts: GatewayOptions): Gateway {
  const { config, logger } = opts;
  const metrics = opts.metrics ?? createMetrics();
  const tracing = opts.tracing !== undefined ? opts.tracing : createTracing(config.tracing);
  const requestIds = new RequestIds();
  const persisted = config.persisted.manifestPath ? loadManifest(config.persisted.manifestPath) : null;
  // Unreadable vendor rows: counted always, logged once per vendor, resource and reason (never with values).
  const droppedLogged = new Set<string>();
  const connectors =
    opts.connectors ??
    createConnectors(config.vendors, {
      secrets: config.secrets,
      onDroppedRows: (d) => {
        metrics.onDroppedRows(d);
        for (const reason of d.reasons ?? ['unreadable row']) {
          const key = `${d.vendor}\u0000${d.resource}\u0000${reason}`;
          if (droppedLogged.has(key) || droppedLogged.size > 1000) continue;
          droppedLogged.add(key);
          logger.warn({ vendor: d.vendor, resource: d.resource, reason }, 'vendor rows dropped as unreadable (the rest served)');
        }
      },
      onCall: (e) => {
        metrics.onVendorCall(e);
        tracing?.onVendorCall(e);
        // Templates only: the connector never hands us a URL with keys in it.
        const line = { requestId: requestIds.current(), vendor: e.vendor, endpoint: e.endpoint, status: e.status, ms: Math.round(e.durationMs), error: e.errorCode };
        // A failure the vendor named (X-Request-Id) is worth a line at warn: its support traces it by that id.
        if (e.vendorRequestId !== undefined) logger.warn({ ...line, vendorRequestId: e.vendorRequestId }, 'vendor call failed');
        else logger.debug(line, 'vendor call');
      },
    });
  metrics.watchVendors(() => Object.values(connectors).map((c) => c.health()));
  // Active subscriptions = the hub's own + websocket subscribers following a shared stream (ws/multicast.ts).
  const liveCounts = { hub: new Map<string, number>(), followers: new Map<string, number>() };
  const reportLive = (field: string) =>
    metrics.setLiveSubscribers(field, (liveCounts.hub.get(field) ?? 0) + (liveCounts.followers.get(field) ?? 0));
  const services = createServices({
    connectors,
    identityFile: opts.identityFile ?? [],
    staleMaxAgeMs: config.staleMaxAgeMs,
    timeZone: config.timeZone,
    live: ({ identity }) =>
      createLiveHub({
        connectors,
        identity,
        logger,
        onPoll: metrics.onPoll,
        onSubscribers: (field, count) => {
          liveCounts.hub.set(field, count);
          reportLive(field);
        },
        ...liveOptionsFromConfig(config),
      }),
  });
  const live = services.live;
  // `vendors { reachable }` from a background probe (started by listen(), stopped by close()).
  const probe = new VendorProbe({
    connectors,
    intervalMs: config.probeMs,
    minIntervalMs: { wolkvox: config.poll.wolkvoxMs },
    timeoutMs: Object.fromEntries(Object.entries(config.vendors).map(([v, c]) => [v, c.timeoutMs])),
    ccagentBaseUrl: config.vendors.ccagent?.baseUrl,
    wolkvoxBaseUrl: config.vendors.wolkvox?.baseUrl,
  });
  services.probe = probe;
  let draining = false;
  const security = createSecurity(config, {
    onUnexpectedError: (e) => logger.error({ err: e }, 'unexpected error (masked for the client)'),
    onWsRefused: (reason, address) => logger.warn({ reason, address }, 'websocket refused'),
  });

  const freshness = new ConnectionFreshness();
  const sharedSinceOf = (req: IncomingMessage | undefined) => (req ? freshness.floorFor(req.socket) : undefined);
  const graphiql = createGraphiQLServing();
  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema: config.federation ? subgraphSchema() : schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    ...security.yogaOptions,
    graphiql: security.graphiqlEnabled && security.graphiql({ title: 'ccgraph', subscriptionsProtocol: 'WS' as const }),
    // GraphiQL's assets served from this process as cached, compressed files (src/plugins/useGraphiQL.ts).
    renderGraphiQL: graphiql.render,
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
    plugins: [
      // Compiled execution (subscriptions, hot queries) first, so the plugins below wrap it. Not for the federation
      // subgraph: its `_entities` answers differ under the compiler.
      ...(config.federation ? [] : [useCompiledExecution({ onCompileError: (errors) => logger.warn({ errors }, 'query not compiled; using graphql-js') })]),
      // Identical queries in flight together run once.
      useSharedExecution({ onShared: metrics.onSharedExecution }),
      useConnectionFreshness(freshness),
      useRequestLogging(logger, requestIds),
      ...(tracing ? [tracing.plugin] : []),
      ...security.plugins,
      ...(config.limits.csrfPrevention ? [useCsrfPrevention()] : []),
      ...(persisted ? [usePersistedOperationsManifest(persisted, { only: config.persisted.only })] : []),
      useDeferredErrors(),
      metrics.plugin,
      useReadiness({ endpoint: '/ready', check: () => !draining }),
      useWallboard({ onError: (e) => logger.error({ err: e }, 'wallboard page could not be built') }),
      ...(security.graphiqlEnabled ? [graphiql.plugin] : []),
      useMcp({ config, security, yoga: (): FetchesGraphql => yoga, logger }),
      useResponseCompression(),
    ],
    context: (initial): GraphQLContext =>
      createContext(services, {
        requestId: requestIds.of((initial as { request?: Request }).request),
        // Reads ctx.extra for graphql-ws (spread into getEnveloped below), the request for HTTP.
        auth: security.authOf(initial as { request?: Request; extra?: unknown }),
        // HTTP requests may share very recent vendor reads (ConnectionFreshness); ws operations only in-flight ones.
        sharedSince: sharedSinceOf((initial as { req?: IncomingMessage }).req),
      }),
  });

  const httpServer = createServer(yoga);
  // Answers still being prepared when close() starts close their connection, so the drain ends as soon as they are
  // out and a kept-alive connection cannot carry a new request in meanwhile.
  const inFlight = new Set<ServerResponse>();
  httpServer.on('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  const sockets = new Set<Socket>();
  // One shared listener, not a closure per connection (a websocket keeps its connection for hours).
  function forgetSocket(this: Socket) {
    sockets.delete(this);
  }
  httpServer.on('connection', (s) => {
    sockets.add(s);
    s.on('close', forgetSocket);
  });

  const { wss, shared } = serveWebsockets({
    httpServer,
    yoga,
    security,
    persisted: persisted ? { manifest: persisted, only: config.persisted.only } : null,
    maxPayload: config.limits.maxBodyBytes,
    logger,
    onFollowers: (field, n) => {
      liveCounts.followers.set(field, n);
      reportLive(field);
    },
  });

  return {
    yoga,
    httpServer,
    services,
    metrics,
    requestIds,
    sharedSubscriptions: shared,
    async listen(port = config.port, host = config.host ?? '0.0.0.0') {
      // Pollers stay idle until a subscription needs them; start() only connects Redis when configured.
      await live.start();
      // The first probe round before the port opens: `vendors` is never null for a configured vendor.
      await probe.start();
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const addr = httpServer.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          resolve(`http://${shownHost}:${addr.port}`);
        });
      });
    },
    async close({ drainMs = 5000 } = {}) {
      draining = true;
      probe.stop();
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      wss.close();
      // Read before close(): `listening` turns false at once, and skipping the wait closed the vendor pools
      // under the requests still in flight (no drain at all).
      const wasListening = httpServer.listening;
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      const timer = setTimeout(() => {
        for (const s of sockets) s.destroy();
      }, drainMs);
      timer.unref();
      if (wasListening) await closed;
      clearTimeout(timer);
      await live.stop();
      await closeConnectors(connectors);
      await security.close();
      await tracing?.shutdown();
    },
  };
}
