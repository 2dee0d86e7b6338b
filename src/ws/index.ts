/**
 * The websocket path in one place: graphql-ws (transport.ts) on `/graphql`, each subscribe message checked
 * (security guard, persisted operations, parse, validate), subscriptions handed to the shared streams
 * (multicast.ts), queries and mutations run through yoga's envelop like HTTP requests.
 */
import type { Server } from 'node:http';
import { GraphQLError, Kind, getOperationAST, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Context as WsContext, SubscribePayload } from 'graphql-ws';
import type { Extra as WsExtra } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { resolveWsOperation } from '../persisted/index.js';
import type { GraphQLContext } from '../schema/context.js';
import type { Logger } from '../logger.js';
import type { Security } from '../security/index.js';
import type { AuthInfo } from '../security/roles.js';
import { SharedSubscriptions, type OpenedPipeline, type SubscriberTarget } from './multicast.js';
import { serveGraphqlWs, TextInterner, type DirectAnswer, type DirectOp } from './transport.js';

export interface WebsocketOptions {
  httpServer: Server;
  yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>;
  security: Security;
  /** Persisted operations (CCGRAPH_PERSISTED_OPERATIONS), or null. */
  persisted: { manifest: ReadonlyMap<string, string>; only: boolean } | null;
  /** Largest frame accepted (bytes). */
  maxPayload: number;
  /** Protocol violations and handler failures are logged here. */
  logger: Logger;
  /** Followers of shared streams per root field (metrics). */
  onFollowers?: (field: string, followers: number) => void;
}

export function serveWebsockets(opts: WebsocketOptions): { wss: WebSocketServer; shared: SharedSubscriptions } {
  const { httpServer, yoga, security, persisted } = opts;
  // ws defaults to 100 MiB frames; cap them like HTTP bodies.
  const wss = new WebSocketServer({ server: httpServer, path: yoga.graphqlEndpoint, maxPayload: opts.maxPayload });
  // Subscriptions with one shape share one execution stream and one serialization per result (multicast.ts).
  const shared = new SharedSubscriptions(opts.onFollowers ? { onFollowers: opts.onFollowers } : {});
  // One table of recent message texts for this server's sockets and its subscribe handling.
  const interner = new TextInterner();
  type WsCtx = WsContext<Record<string, unknown> | undefined, WsExtra>;
  /** One graphql-ws subscription operation: a class, so a subscriber holds no closures of its own. */
  class WsOperation implements SubscriberTarget {
    constructor(
      private readonly op: DirectOp,
      private readonly ctx: WsCtx,
      private readonly params: SubscribePayload,
      private readonly document: DocumentNode,
      private readonly auth: AuthInfo,
    ) {}
    get id() {
      return this.op.id;
    }
    get socket() {
      return this.ctx.extra.socket;
    }
    active() {
      return this.op.active();
    }
    /** This subscriber's own pipeline (context, envelop hooks, hub stream); shared streams are opened with it too. */
    async open(): Promise<OpenedPipeline> {
      const { ctx, params } = this;
      const { schema: s, subscribe, contextFactory } = yoga.getEnveloped({ ...ctx, req: ctx.extra.request, socket: ctx.extra.socket, params });
      const contextValue = await contextFactory();
      const result = await subscribe({ schema: s, operationName: params.operationName, document: this.document, variableValues: params.variables, contextValue });
      return { result: result as OpenedPipeline['result'], context: contextValue as unknown as GraphQLContext };
    }
    /** graphql-ws's `subscribe`. The shape: everything a result depends on. Roles, not the subject: no subscription
     * field reads who the caller is, only whether their roles may see it (add the subject if one ever does). */
    subscribe(rootField: string) {
      const { params, auth } = this;
      const key = JSON.stringify([params.query, params.operationName ?? null, params.variables ?? null, auth.enabled, [...auth.roles].sort()]);
      return shared.subscribe(key, this, rootField);
    }
  }
  serveGraphqlWs(
    {
      interner,
      onConnect: async (ctx) => {
        const accepted = await security.ws.onConnect(ctx);
        // The upgrade request (parser state, raw headers) and connection_init's payload (a token, often) were needed
        // to authenticate; an idle socket keeps neither.
        if (accepted) {
          (ctx.extra as { request: unknown }).request = { headers: NO_HEADERS, socket: ctx.extra.request.socket };
          if (ctx.connectionParams) (ctx as { connectionParams: unknown }).connectionParams = undefined;
        }
        return accepted;
      },
      onClose: (ctx) => security.ws.onClose(ctx),
      // Subscribe messages are answered here (transport.ts's direct path): a subscription is its shared stream's
      // member, which the transport follows without a suspended frame of its own.
      direct: {
        start: async (ctx, op, params): Promise<DirectAnswer> => {
          const refused = security.ws.onSubscribe(ctx, op.count()) ?? security.checkVariables(params.variables);
          if (refused) return refused;
          if (persisted) {
            const op = resolveWsOperation(persisted.manifest, { only: persisted.only }, params);
            if ('errors' in op) return op.errors;
            params = { ...params, query: op.query };
          } else if (typeof params.query === 'string') {
            // The subscription keeps its message: thousands of subscribers of one dashboard then hold one copy of
            // the query text, not one each.
            (params as { query: string }).query = interner.intern(params.query);
          }
          const { schema: s, execute, contextFactory, parse, validate } = yoga.getEnveloped({
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
          const operation = getOperationAST(document, params.operationName);
          if (!operation) return [new GraphQLError('Unable to identify operation')];
          if (operation.operation === 'subscription') {
            let auth: AuthInfo;
            try {
              auth = security.authOf({ extra: ctx.extra });
            } catch (e) {
              if (e instanceof GraphQLError) return [e];
              throw e;
            }
            return (await new WsOperation(op, ctx, params, document, auth).subscribe(rootFieldOf(operation))) as DirectAnswer;
          }
          const contextValue = await contextFactory();
          return (await execute({ schema: s, operationName: params.operationName, document, variableValues: params.variables, contextValue })) as DirectAnswer;
        },
      },
    },
    wss,
    { logger: opts.logger },
  );
  return { wss, shared };
}

/** The subscription's root field (the metrics label); subscriptions have exactly one. */
function rootFieldOf(operation: OperationDefinitionNode): string {
  const first = operation.selectionSet.selections[0];
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
