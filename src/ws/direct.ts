/**
 * The websocket transport's direct path (transport.ts, `direct`): acknowledged `subscribe` and `complete` messages
 * answered by graphql-ws's own rules (graphql-ws 6, its server's `subscribe` and `complete` cases): the id registered
 * first, 4409 for a duplicate, `error` / `next` / `complete` frames, a client's `complete` ending the operation
 * silently, a closed socket ending them all. The socket's operations live on its adapter (one slot, a map beyond
 * it), not in graphql-ws's per-connection dictionary, which stays empty. A stream that reports its own end
 * (`FollowedStream`, src/ws/multicast.ts's members) is never iterated: no suspended async frame, emit closures or
 * pending promise per subscription, which graphql-ws keeps for each (bench/README.md, "Seventh pass").
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import { areGraphQLErrors, CloseCode, MessageType, stringifyMessage, type Context, type SubscribeMessage, type SubscribePayload } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import { isAsyncIterable } from 'graphql-yoga';

/** What the direct path needs of a socket (transport.ts's adapter), its operations included. */
export interface DirectSocket {
  send(data: string): Promise<void>;
  close(code: number, reason: string): void;
  /** Logs a warning about `err` (its message only). */
  warn(err: unknown, msg: string): void;
  /** The socket's operations on the direct path: one slot for the usual single subscription, a map beyond it. */
  op: DirectOp | undefined;
  moreOps: Map<string, DirectOp> | undefined;
}

/**
 * A subscription that delivers its own frames and tells `sink.ended` once when it ends (null: completed, else the
 * failure) instead of being iterated: src/ws/multicast.ts's subscribers. `return()` stops it (client `complete`,
 * socket close); `ended` is called then too, and finds the operation gone.
 */
export interface FollowedStream extends AsyncIterable<unknown> {
  follow(sink: { ended(error: unknown): void }): void;
  return(): Promise<unknown>;
}

/** What a subscribe message gets on the direct path: errors (an `error` frame), one result, or a stream. */
export type DirectAnswer = readonly GraphQLError[] | ExecutionResult | AsyncIterable<ExecutionResult> | FollowedStream;

export interface DirectOperations<P extends Record<string, unknown> | undefined> {
  /**
   * graphql-ws's `onSubscribe` and `execute`/`subscribe` in one: called with the operation registered (graphql-ws's
   * `ctx.subscriptions` stays empty on this path; `op.count()` is what it would have held).
   */
  start(ctx: Context<P, Extra>, op: DirectOp, payload: SubscribePayload): Promise<DirectAnswer>;
}

/** One operation of a socket: its id and, once set up, what answers it; the sink a followed stream ends into. */
export class DirectOp {
  stream: AsyncIterable<unknown> | null = null;
  constructor(
    readonly socket: DirectSocket,
    readonly id: string,
  ) {}
  /** False once the client completed the operation or the socket closed. */
  active(): boolean {
    return opOf(this.socket, this.id) === this;
  }
  /** Operations open on this socket, this one included. */
  count(): number {
    return (this.socket.op ? 1 : 0) + (this.socket.moreOps?.size ?? 0);
  }
  ended(error: unknown): void {
    void followedEnd(this, error);
  }
}

function opOf(a: DirectSocket, id: string): DirectOp | undefined {
  return a.op?.id === id ? a.op : a.moreOps?.get(id);
}

function addOp(a: DirectSocket, op: DirectOp): void {
  if (!a.op) a.op = op;
  else (a.moreOps ??= new Map()).set(op.id, op);
}

function removeOp(a: DirectSocket, op: DirectOp): void {
  if (a.op === op) a.op = undefined;
  else if (a.moreOps?.get(op.id) === op) {
    a.moreOps.delete(op.id);
    if (a.moreOps.size === 0) a.moreOps = undefined;
  }
}

const isFollowed = (v: AsyncIterable<unknown>): v is FollowedStream => typeof (v as { follow?: unknown }).follow === 'function';
const stop = (stream: AsyncIterable<unknown> | null): Promise<unknown> | undefined =>
  (stream as Partial<AsyncGenerator> | null)?.return?.(undefined)?.catch(() => undefined);

/** graphql-ws's `next` frame: errors last, through toJSON. */
function nextFrame(id: string, result: ExecutionResult): string {
  const { errors, ...rest } = result;
  return stringifyMessage({ id, type: MessageType.Next, payload: errors ? { ...rest, errors: errors.map((e) => e.toJSON()) } : rest });
}

function errorFrame(id: string, errors: readonly GraphQLError[]): string {
  return stringifyMessage({ id, type: MessageType.Error, payload: errors.map((e) => e.toJSON()) });
}

/** A stream's failure as graphql-ws reports it: its message only, in one GraphQL error. */
function streamError(err: unknown): GraphQLError {
  const originalError = err instanceof Error ? err : new Error(String(err));
  return new GraphQLError(originalError.message, { originalError });
}

/** graphql-ws's `subscribe` case (graphql-ws 6), for an acknowledged socket, with `direct` answering. */
export async function subscribeDirect(a: DirectSocket, ctx: Context<any, Extra>, message: SubscribeMessage, direct: DirectOperations<any>): Promise<void> {
  const { id } = message;
  if (opOf(a, id)) return a.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
  const op = new DirectOp(a, id);
  addOp(a, op);
  let followed = false;
  try {
    const answer = await direct.start(ctx, op, message.payload);
    if (areGraphQLErrors(answer)) {
      if (op.active()) await a.send(errorFrame(id, answer));
      return;
    }
    if (isAsyncIterable(answer)) {
      if (!op.active()) {
        void stop(answer);
        return;
      }
      op.stream = answer;
      if (isFollowed(answer)) {
        followed = true;
        answer.follow(op);
        return;
      }
      try {
        for await (const result of answer as AsyncIterable<ExecutionResult>) await a.send(nextFrame(id, result));
      } catch (err) {
        await a.send(errorFrame(id, [streamError(err)]));
        removeOp(a, op);
      }
    } else if (op.active()) await a.send(nextFrame(id, answer as ExecutionResult));
    if (op.active()) await a.send(stringifyMessage({ id, type: MessageType.Complete }));
  } finally {
    if (!followed) removeOp(a, op);
  }
}

/** The client's `complete`: the operation ends without a frame (graphql-ws's `complete` case). */
export async function completeDirect(a: DirectSocket, id: string): Promise<void> {
  const op = opOf(a, id);
  if (!op) return;
  removeOp(a, op);
  await stop(op.stream);
}

/** The socket closed: every operation ends without a frame. */
export function closeDirect(a: DirectSocket): Promise<unknown> {
  const ops = [...(a.op ? [a.op] : []), ...(a.moreOps?.values() ?? [])];
  a.op = undefined;
  a.moreOps = undefined;
  return Promise.all(ops.map((op) => stop(op.stream)));
}

/** A followed stream ended: `complete` (or `error`) unless the client completed it or the socket closed. */
async function followedEnd(op: DirectOp, error: unknown): Promise<void> {
  const a = op.socket;
  if (opOf(a, op.id) !== op) return;
  removeOp(a, op);
  try {
    await a.send(error === null || error === undefined ? stringifyMessage({ id: op.id, type: MessageType.Complete }) : errorFrame(op.id, [streamError(error)]));
  } catch (err) {
    a.warn(err, 'graphql-ws: could not end a subscription');
  }
}
