/**
 * Composition root: config → connectors → services → yoga (HTTP + SSE) and graphql-ws on the same port and path.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import type { Extra as WsExtra } from 'graphql-ws/use/ws';
import type { Context as WsContext, SubscribePayload } from 'graphql-ws';
import { GraphQLError, Kind, getOperationAST, type DocumentNode } from 'graphql';
import { WebSocketServer } from 'ws';
import type { Config } from './config.js';
import type { IdentityFileEntry } from './domain/model.js';
import type { Logger } from './logger.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { ConnectionFreshness, currentRequestId, requestIdOf, useRequestLogging } from './observability/requests.js';
import { createTracing, type Tracing } from './observability/tracing.js';
import { subgraphSchema } from './federation/index.js';
import { internText, serveGraphqlWs } from './wsTransport.js';
import { loadManifest, resolveWsOperation, usePersistedOperationsManifest } from './persisted/index.js';
import { createLiveHub, liveOptionsFromConfig } from './live/index.js';
import { SharedSubscriptions, type OpenedPipeline, type SubscriberTarget } from './live/multicast.js';
import { useWallboard } from './wallboard/route.js';
import { createLoaders } from './schema/loaders.js';
import { schema } from './schema/index.js';
import { useDeferredErrors } from './schema/errors.js';
import { useCompiledExecution } from './schema/jit.js';
import { useSharedExecution } from './schema/shared-execution.js';
import type { AuthInfo, GraphQLContext, Services } from './schema/context.js';
import { createSecurity } from './security/index.js';
import { useMcp, type FetchesGraphql } from './mcp/index.js';
import { createServices } from './services/index.js';
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
  /** Websocket subscriptions shared per shape (src/live/multicast.ts): stats for tests and diagnostics. */
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
  const persisted = config.persisted.manifestPath ? loadManifest(config.persisted.manifestPath) : null;
  const connectors =
    opts.connectors ??
    createConnectors(config.vendors, {
      secrets: config.secrets,
      onCall: (e) => {
        metrics.onVendorCall(e);
        tracing?.onVendorCall(e);
        // Templates only: the connector never hands us a URL with keys in it.
        logger.debug({ requestId: currentRequestId(), vendor: e.vendor, endpoint: e.endpoint, status: e.status, ms: Math.round(e.durationMs), error: e.errorCode }, 'vendor call');
      },
    });
  metrics.watchVendors(() => Object.values(connectors).map((c) => c.health()));
  const services = createServices({ connectors, identityFile: opts.identityFile ?? [], config, logger });
  // Active subscriptions = the hub's own + websocket subscribers following a shared stream (live/multicast.ts).
  const liveCounts = { hub: new Map<string, number>(), followers: new Map<string, number>() };
  const reportLive = (field: string) =>
    metrics.setLiveSubscribers(field, (liveCounts.hub.get(field) ?? 0) + (liveCounts.followers.get(field) ?? 0));
  services.live = createLiveHub({
    connectors,
    identity: services.identity,
    logger,
    onPoll: metrics.onPoll,
    onSubscribers: (field, count) => {
      liveCounts.hub.set(field, count);
      reportLive(field);
    },
    ...liveOptionsFromConfig(config),
  });
  const live = services.live;
  let draining = false;
  const security = createSecurity(config, {
    onUnexpectedError: (e) => logger.error({ err: e }, 'unexpected error (masked for the client)'),
    onWsRefused: (reason, address) => logger.warn({ reason, address }, 'websocket refused'),
  });

  const freshness = new ConnectionFreshness();
  const sharedSinceOf = (req: IncomingMessage | undefined) => (req ? freshness.floorFor(req.socket) : undefined);
  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema: config.federation ? subgraphSchema() : schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    ...security.yogaOptions,
    graphiql: security.graphiqlEnabled && { title: 'ccgraph', subscriptionsProtocol: 'WS' },
    // GraphiQL's assets served from this process, not a CDN: works offline and behind strict egress rules.
    renderGraphiQL,
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
    plugins: [
      // Compiled execution first, so the plugins below wrap it. Not for the federation subgraph: its `_entities`
      // answers differ under the compiler.
      ...(config.federation ? [] : [useCompiledExecution({ onCompileError: (errors) => logger.warn({ errors }, 'query not compiled; using graphql-js') })]),
      // Identical queries in flight together run once (after the compiler, so the compiled execution is shared).
      useSharedExecution({ onShared: metrics.onSharedExecution }),
      useRequestLogging(logger),
      ...(tracing ? [tracing.plugin] : []),
      ...security.plugins,
      ...(persisted ? [usePersistedOperationsManifest(persisted, { only: config.persisted.only })] : []),
      useDeferredErrors(),
      metrics.plugin,
      useReadinessCheck({ endpoint: '/ready', check: () => !draining }),
      useWallboard({ onError: (e) => logger.error({ err: e }, 'wallboard page could not be built') }),
      useMcp({ config, security, yoga: (): FetchesGraphql => yoga, logger }),
    ],
    context: (initial): GraphQLContext => ({
      requestId: requestIdOf((initial as { request?: Request }).request),
      services,
      // Reads ctx.extra for graphql-ws (spread into getEnveloped below), the request for HTTP.
      auth: security.authOf(initial as { request?: Request; extra?: unknown }),
      // HTTP requests may share very recent vendor reads (ConnectionFreshness); ws operations only in-flight ones.
      loaders: createLoaders(services, new Date(), { sharedSince: sharedSinceOf((initial as { req?: IncomingMessage }).req) }),
    }),
  });

  const httpServer = createServer(yoga);
  // Answers still being prepared when close() starts close their connection, so the drain ends as soon as they are
  // out and a kept-alive connection cannot carry a new request in meanwhile.
  const inFlight = new Set<ServerResponse>();
  httpServer.on('request', (req, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      freshness.answered(req.socket);
    });
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

  // ws defaults to 100 MiB frames; cap them like HTTP bodies.
  const wss = new WebSocketServer({ server: httpServer, path: yoga.graphqlEndpoint, maxPayload: config.limits.maxBodyBytes });
  // Subscriptions with one shape share one execution stream and one serialization per result (live/multicast.ts).
  const shared = new SharedSubscriptions({
    onFollowers: (field, n) => {
      liveCounts.followers.set(field, n);
      reportLive(field);
    },
  });
  type WsCtx = WsContext<Record<string, unknown> | undefined, WsExtra>;
  /** One graphql-ws subscription operation: a class, so a subscriber holds no closures of its own. */
  class WsOperation implements SubscriberTarget {
    constructor(
      readonly id: string,
      private readonly ctx: WsCtx,
      private readonly params: SubscribePayload,
      private readonly document: DocumentNode,
      private readonly auth: AuthInfo,
    ) {}
    get socket() {
      return this.ctx.extra.socket;
    }
    active() {
      return this.id in this.ctx.subscriptions;
    }
    /** This subscriber's own pipeline (context, envelop hooks, hub stream); shared streams are opened with it too. */
    async open(): Promise<OpenedPipeline> {
      const { ctx, params } = this;
      const { schema: s, subscribe, contextFactory } = yoga.getEnveloped({ ...ctx, req: ctx.extra.request, socket: ctx.extra.socket, params });
      const contextValue = await contextFactory();
      const result = await subscribe({ schema: s, operationName: params.operationName, document: this.document, variableValues: params.variables, contextValue });
      return { result: result as OpenedPipeline['result'], context: contextValue };
    }
    /** graphql-ws's `subscribe`. The shape: everything a result depends on. Roles, not the subject: no subscription
     * field reads who the caller is, only whether their roles may see it (add the subject if one ever does). */
    subscribe() {
      const { params, auth } = this;
      const key = JSON.stringify([params.query, params.operationName ?? null, params.variables ?? null, auth.enabled, [...auth.roles].sort()]);
      return shared.subscribe(key, this, rootFieldOf(this.document, params.operationName));
    }
  }
  serveGraphqlWs(
    {
      execute: (args: any) => args.rootValue.execute(args),
      subscribe: (args: any) => args.rootValue.subscribe(args),
      onConnect: async (ctx) => {
        const accepted = await security.ws.onConnect(ctx);
        // The upgrade request (parser state, raw headers) was needed to authenticate; an idle socket keeps less.
        if (accepted) {
          (ctx.extra as { request: unknown }).request = { headers: NO_HEADERS, socket: ctx.extra.request.socket };
        }
        return accepted;
      },
      onClose: (ctx) => security.ws.onClose(ctx),
      onSubscribe: async (ctx, id, params) => {
        const refused = security.ws.onSubscribe(ctx);
        if (refused) return refused;
        if (persisted) {
          const op = resolveWsOperation(persisted, { only: config.persisted.only }, params);
          if ('errors' in op) return op.errors;
          params = { ...params, query: op.query };
        } else if (typeof params.query === 'string') {
          // graphql-ws keeps the message for the subscription's life: thousands of subscribers of one dashboard
          // then hold one copy of the query text, not one each.
          (params as { query: string }).query = internText(params.query);
        }
        const { schema: s, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        // A syntax error or token-limit error fails this operation, not the whole socket.
        let document: DocumentNode;
        try {
          document = parse(params.query);
        } catch (e) {
          return withCode([e instanceof GraphQLError ? e : new GraphQLError('Invalid query document.')], 'GRAPHQL_PARSE_FAILED');
        }
        const errors = validate(s, document);
        if (errors.length) return withCode(errors, 'GRAPHQL_VALIDATION_FAILED');
        const common = { schema: s, operationName: params.operationName, document, variableValues: params.variables };
        if (getOperationAST(document, params.operationName)?.operation === 'subscription') {
          let auth: AuthInfo;
          try {
            auth = security.authOf({ extra: ctx.extra });
          } catch (e) {
            if (e instanceof GraphQLError) return [e];
            throw e;
          }
          return { ...common, rootValue: new WsOperation(id, ctx, params, document, auth) };
        }
        return { ...common, contextValue: await contextFactory(), rootValue: { execute, subscribe } };
      },
    },
    wss,
  );

  return {
    yoga,
    httpServer,
    services,
    metrics,
    sharedSubscriptions: shared,
    async listen(port = config.port, host = config.host ?? '0.0.0.0') {
      // Pollers stay idle until a subscription needs them; start() only connects Redis when configured.
      await live.start();
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
      await services.close?.();
      await closeConnectors(connectors);
      await tracing?.shutdown();
    },
  };
}

/** The subscription's root field (the metrics label); subscriptions have exactly one. */
function rootFieldOf(document: DocumentNode, operationName: string | null | undefined): string {
  const first = getOperationAST(document, operationName)?.selectionSet.selections[0];
  return first?.kind === Kind.FIELD ? first.name.value : 'unknown';
}

/** What an accepted websocket keeps of its upgrade request's headers: nothing reads them after authentication. */
const NO_HEADERS = Object.freeze({});

/**
 * graphql-ws errors skip yoga's HTTP pipeline, which is what codes parse and validation errors there; give them the
 * same codes, so every error a client sees has one (docs/errors.md). Errors already coded (limits) keep theirs.
 */
function withCode(errors: readonly GraphQLError[], code: string): GraphQLError[] {
  return errors.map((e) =>
    typeof e.extensions?.code === 'string'
      ? e
      : new GraphQLError(e.message, {
          ...(e.nodes ? { nodes: e.nodes } : {}),
          ...(e.source ? { source: e.source } : {}),
          ...(e.positions ? { positions: e.positions } : {}),
          ...(e.originalError ? { originalError: e.originalError } : {}),
          extensions: { ...e.extensions, code },
        }),
  );
}
