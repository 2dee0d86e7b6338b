/**
 * graphql-ws on a `ws` server: graphql-ws/use/ws (v6) adapted so an idle connection holds less memory. Same protocol
 * handling (graphql-ws's makeServer), same close codes and keep-alive; the differences are only in what is kept:
 * - listeners are shared functions (no closures per socket), and the socket adapter is a class;
 * - the message listener is not async, so a long-lived subscription does not keep its raw frame (a Buffer) alive;
 * - one keep-alive timer for all sockets instead of an interval and a pong timeout per socket;
 * - the connection-init timer is dropped once `connection_init` arrives (graphql-ws keeps it for the socket's life);
 * - after `connection_init`, identical message texts are shared (`internText`): graphql-ws keeps each subscribe
 *   message for the subscription's life;
 * - with `direct` (src/ws/index.ts), acknowledged `subscribe` and `complete` messages are answered by direct.ts, by
 *   graphql-ws's own rules, the operations kept on the adapter; a shared stream's member is then followed, not
 *   iterated (no suspended frame, emit closures or pending promise per subscription).
 */
import type { IncomingMessage } from 'node:http';
import {
  CloseCode,
  DEPRECATED_GRAPHQL_WS_PROTOCOL,
  GRAPHQL_TRANSPORT_WS_PROTOCOL,
  handleProtocols,
  makeServer,
  MessageType,
  parseMessage,
  type Context,
  type ServerOptions,
} from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { closeDirect, completeDirect, subscribeDirect, type DirectOp, type DirectOperations } from './direct.js';

export type { DirectAnswer, DirectOp, DirectOperations, FollowedStream } from './direct.js';

/** graphql-ws's default: close a socket that sent no `connection_init` within 3 s. */
const CONNECTION_INIT_WAIT_MS = 3_000;
/** graphql-ws/use/ws's default keep-alive: ping every 12 s; a socket that did not answer the previous ping is ended. */
const KEEP_ALIVE_MS = 12_000;
/**
 * Pings go out in this many slices spread over the interval: pinging 10,000 sockets at once took the event loop
 * for ~100 ms (one write each) every 12 s, and delayed everything else behind it, live fan-out included.
 */
const KEEP_ALIVE_SLICES = 12;

const adapterOf = Symbol('ccgraph.wsAdapter');
type Sock = WebSocket & { [adapterOf]?: SocketAdapter };

/** The socket graphql-ws talks to: prototype methods, so nothing per connection but the fields. */
class SocketAdapter {
  readonly protocol: string;
  onMessageCb: ((data: string) => Promise<void>) | undefined = undefined;
  closed: ((code?: number, reason?: string) => Promise<void>) | undefined = undefined;
  initTimer: NodeJS.Timeout | undefined = undefined;
  awaitingPong = false;
  /** Where protocol violations and internal errors are reported (one per serveGraphqlWs call). */
  log: WsLog = consoleLog;
  /** Which keep-alive slice pings this socket (see `startKeepAlive`). */
  readonly keepAliveSlice: number;
  /**
   * graphql-ws's context for this socket, set when `connection_init` arrives: later messages carry no connection
   * params (tokens) and may be interned; once graphql-ws acknowledged it, the direct path answers operations.
   */
  ctx: Context<Record<string, unknown> | undefined, Extra> | undefined = undefined;
  /** The direct path's operations (direct.ts): one slot, a map beyond it. */
  op: DirectOp | undefined = undefined;
  moreOps: Map<string, DirectOp> | undefined = undefined;
  constructor(
    readonly socket: WebSocket,
    readonly isProd: boolean,
    /** What the sockets of one server share (its intern table, its slice counter): nothing is process-wide. */
    readonly server: ServerState,
  ) {
    this.protocol = socket.protocol;
    this.keepAliveSlice = server.nextSlice++ % KEEP_ALIVE_SLICES;
  }
  send(data: string): Promise<void> {
    const { socket } = this;
    return new Promise((resolve, reject) => {
      if (socket.readyState !== socket.OPEN) return resolve();
      socket.send(data, (err) => (err ? reject(err) : resolve()));
    });
  }
  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }
  onMessage(cb: (data: string) => Promise<void>): void {
    this.onMessageCb = cb;
  }
  /** A warning about `err`, its message only (errorSummary). */
  warn(err: unknown, msg: string): void {
    this.log('warn', { err: errorSummary(err) }, msg);
  }
  fail(err: unknown): void {
    this.socket.close(CloseCode.InternalServerError, closeReason(err, this.isProd));
  }
}

function closeReason(err: unknown, isProd: boolean): string {
  if (isProd) return 'Internal server error';
  const reason = err instanceof Error ? err.message : String(err);
  return reason.length < 124 ? reason : 'Internal server error';
}

/** Distinct recent texts kept for `internText`; the table is emptied when full, so it stays small. */
const INTERN_MAX = 512;
/** Longer texts are not interned (a lookup hashes the whole text). */
const INTERN_MAX_LENGTH = 8_192;

/**
 * One shared copy of a text seen recently (strings are immutable, so sharing is safe). graphql-ws keeps each
 * `subscribe` message's text and parsed payload for the life of the subscription: 10,000 subscribers of the same
 * dashboard then hold one copy, not 10,000. One table per server.
 */
export class TextInterner {
  private table = new Map<string, string>();
  intern(text: string): string {
    if (text.length > INTERN_MAX_LENGTH) return text;
    const known = this.table.get(text);
    if (known !== undefined) return known;
    if (this.table.size >= INTERN_MAX) this.table = new Map();
    this.table.set(text, text);
    return text;
  }
}

/** Per server: its intern table, the counter that spreads its sockets over the keep-alive slices, the direct path. */
interface ServerState {
  readonly interner: TextInterner;
  nextSlice: number;
  readonly direct: DirectOperations<any> | undefined;
}

/** `ctx.subscriptions` of every socket on the direct path: nothing is written to it there. */
const NO_SUBSCRIPTIONS: Record<string, never> = Object.freeze(Object.create(null));

/** graphql-ws throws this for a message only a server may send (`next`, `error`, `connection_ack`). */
const UNEXPECTED_MESSAGE = /^Unexpected message of type \S+ received$/;

function onSocketMessage(this: Sock, data: unknown): void {
  const a = this[adapterOf];
  if (!a?.onMessageCb) return;
  const text = String(data);
  handleMessage(a, a.ctx ? a.server.interner.intern(text) : text).catch((err: unknown) => {
    if (err instanceof Error && UNEXPECTED_MESSAGE.test(err.message)) {
      // The client broke the protocol: 4400 Bad Request (graphql-ws's code for invalid messages), not our error.
      a.log('warn', { reason: err.message }, 'graphql-ws: protocol violation; closing with 4400');
      a.socket.close(CloseCode.BadRequest, 'Invalid message received');
      return;
    }
    a.log('error', { err: errorSummary(err) }, 'graphql-ws: message handling failed');
    a.fail(err);
  });
}

/** Acknowledged `subscribe` and `complete` messages take the direct path when there is one; the rest go to graphql-ws. */
function handleMessage(a: SocketAdapter, text: string): Promise<void> {
  const { direct } = a.server;
  const ctx = a.ctx;
  if (direct && ctx?.acknowledged) {
    let message: ReturnType<typeof parseMessage>;
    try {
      message = parseMessage(text);
    } catch {
      return a.onMessageCb!(text); // graphql-ws closes with 4400
    }
    if (message.type === MessageType.Subscribe) return subscribeDirect(a, ctx, message, direct);
    if (message.type === MessageType.Complete) return completeDirect(a, message.id);
  }
  return a.onMessageCb!(text);
}

function onSocketError(this: Sock, err: Error): void {
  const a = this[adapterOf];
  a?.warn(err, 'graphql-ws: socket error');
  a?.fail(err);
}

/** Logs from the websocket layer: pino-shaped, so server.ts can hand its logger over. */
export interface WsLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
type WsLog = (level: 'warn' | 'error', obj: object, msg: string) => void;

const consoleLog: WsLog = (level, obj, msg) => console[level](msg, obj);

/** Messages only (a stack trace per hostile client filled stderr: 3,000 connections wrote 2.6 MB). */
function errorSummary(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 200) : String(err).slice(0, 200);
}

/** Log lines per window; the rest are counted and reported once when the next window opens. */
const LOG_BURST = 10;
const LOG_WINDOW_MS = 60_000;

/** At most LOG_BURST lines per minute from one server, so hostile clients cannot flood the log. */
export function rateLimitedLog(logger: WsLogger, now: () => number = Date.now): WsLog {
  let windowStart = -Infinity;
  let written = 0;
  let suppressed = 0;
  return (level, obj, msg) => {
    const t = now();
    if (t - windowStart >= LOG_WINDOW_MS) {
      if (suppressed > 0) logger.warn({ suppressed }, 'graphql-ws: log lines suppressed in the last window');
      windowStart = t;
      written = 0;
      suppressed = 0;
    }
    if (written >= LOG_BURST) {
      suppressed += 1;
      return;
    }
    written += 1;
    logger[level](obj, msg);
  };
}

function onSocketPong(this: Sock): void {
  const a = this[adapterOf];
  if (a) a.awaitingPong = false;
}

function onSocketClose(this: Sock, code: number, reason: Buffer): void {
  const a = this[adapterOf];
  if (!a) return;
  if (a.initTimer) clearTimeout(a.initTimer);
  a.initTimer = undefined;
  if (!a.isProd && code === CloseCode.SubprotocolNotAcceptable && a.protocol === DEPRECATED_GRAPHQL_WS_PROTOCOL) {
    console.warn(
      `Client provided the unsupported and deprecated subprotocol "${a.protocol}" used by subscriptions-transport-ws.` +
        'Please see https://www.apollographql.com/docs/apollo-server/data/subscriptions/#switching-from-subscriptions-transport-ws.',
    );
  }
  if (a.op || a.moreOps) void closeDirect(a);
  void a.closed?.(code, String(reason));
}

export interface GraphqlWsTimings {
  /** Close (4408) a socket that sent no `connection_init` this long after opening; 0 turns the wait off. */
  connectionInitWaitMs?: number;
  /** Ping every open socket this often; one that left the previous ping unanswered is terminated. 0: no pings. */
  keepAliveMs?: number;
  /** Protocol violations and errors go here, rate-limited (default: the console, also rate-limited). */
  logger?: WsLogger;
}

function onInitTimeout(a: SocketAdapter): void {
  a.initTimer = undefined;
  a.socket.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
}

/** Serves graphql-ws on `wss` (the drop-in for graphql-ws/use/ws `useServer` with its defaults). */
export function serveGraphqlWs<P extends Record<string, unknown> | undefined = Record<string, unknown> | undefined>(
  options: ServerOptions<P, Extra> & {
    isProd?: boolean;
    /** Shared with the caller's onSubscribe (default: a new one). */
    interner?: TextInterner;
    /** Answers acknowledged `subscribe` messages instead of graphql-ws (see the top of this file). */
    direct?: DirectOperations<P>;
  },
  wss: WebSocketServer,
  { connectionInitWaitMs = CONNECTION_INIT_WAIT_MS, keepAliveMs = KEEP_ALIVE_MS, logger }: GraphqlWsTimings = {},
): void {
  const log = rateLimitedLog(logger ?? { warn: (o, m) => consoleLog('warn', o, m), error: (o, m) => consoleLog('error', o, m) });
  const isProd = typeof options.isProd === 'boolean' ? options.isProd : process.env.NODE_ENV === 'production';
  const state: ServerState = { interner: options.interner ?? new TextInterner(), nextSlice: 0, direct: options.direct };
  const userOnConnect = options.onConnect;
  const server = makeServer<P, Extra>({
    ...options,
    // The init wait lives in the adapter, so its timer can be dropped as soon as connection_init arrives.
    connectionInitWaitTimeout: 0,
    onConnect: (ctx) => {
      const a = (ctx.extra.socket as Sock)[adapterOf];
      if (a?.initTimer) {
        clearTimeout(a.initTimer);
        a.initTimer = undefined;
      }
      if (a) {
        a.ctx = ctx;
        // On the direct path graphql-ws never registers an operation (direct.ts keeps them): its empty per-socket
        // dictionary (~150 B) gives way to one shared, frozen one. graphql-ws's close handler replaces it anyway.
        if (state.direct) (ctx as { subscriptions: object }).subscriptions = NO_SUBSCRIPTIONS;
      }
      return userOnConnect?.(ctx);
    },
  });
  wss.options.handleProtocols = handleProtocols;
  wss.once('error', (err) => {
    log('error', { err: errorSummary(err) }, 'graphql-ws: server error');
    let firstErr: unknown = null;
    for (const client of wss.clients) {
      try {
        client.close(CloseCode.InternalServerError, closeReason(err, isProd));
      } catch (err2) {
        firstErr = firstErr ?? err2;
      }
    }
    if (firstErr) throw firstErr;
  });

  if (keepAliveMs > 0 && Number.isFinite(keepAliveMs)) startKeepAlive(wss, keepAliveMs);

  wss.on('connection', (socket: Sock, request: IncomingMessage) => {
    const a = new SocketAdapter(socket, isProd, state);
    a.log = log;
    socket[adapterOf] = a;
    socket.on('error', onSocketError);
    socket.on('message', onSocketMessage);
    if (socket.protocol === GRAPHQL_TRANSPORT_WS_PROTOCOL && connectionInitWaitMs > 0 && Number.isFinite(connectionInitWaitMs)) {
      a.initTimer = setTimeout(onInitTimeout, connectionInitWaitMs, a);
    }
    a.closed = server.opened(a, { socket, request });
    // `on`, not `once`: close is emitted once anyway, and `once` wraps the listener per socket.
    socket.on('close', onSocketClose);
  });
}

/**
 * Keep-alive: each socket is pinged once per `everyMs` and ended if it left its previous ping unanswered. One timer
 * for all sockets, ticking `KEEP_ALIVE_SLICES` times per interval; each tick pings only the sockets of its slice.
 */
function startKeepAlive(wss: WebSocketServer, everyMs: number): void {
  let tick = 0;
  const keepAlive = setInterval(() => {
    const slice = tick++ % KEEP_ALIVE_SLICES;
    for (const client of wss.clients) {
      const a = (client as Sock)[adapterOf];
      if (!a || a.keepAliveSlice !== slice || client.readyState !== client.OPEN) continue;
      if (a.awaitingPong) {
        client.terminate();
        continue;
      }
      a.awaitingPong = true;
      // Listening only while a ping is out keeps an idle socket's listener table small.
      client.once('pong', onSocketPong);
      client.ping();
    }
  }, everyMs / KEEP_ALIVE_SLICES);
  keepAlive.unref();
  wss.once('close', () => clearInterval(keepAlive));
}
