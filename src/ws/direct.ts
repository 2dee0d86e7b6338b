/**
 * The websocket transport's direct path (transport.ts, `direct`): acknowledged `subscribe` messages answered by
 * graphql-ws's own rules (graphql-ws 6, its server's `subscribe` case): the id registered in `ctx.subscriptions`
 * first, 4409 for a duplicate, `error` / `next` / `complete` frames. graphql-ws's `complete` and close handling then
 * apply unchanged (they return what `ctx.subscriptions` holds). A stream that reports its own end (`FollowedStream`,
 * src/ws/multicast.ts's members) is never iterated: no suspended async frame, emit closures or pending promise per
 * subscription, which graphql-ws keeps for each (~1.2 KB of heap per idle subscriber, bench/README.md).
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import { areGraphQLErrors, CloseCode, MessageType, stringifyMessage, type Context, type SubscribeMessage, type SubscribePayload } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';

/** What the direct path needs of a socket (transport.ts's adapter). */
export interface DirectSocket {
  send(data: string): Promise<void>;
  close(code: number, reason: string): void;
  log(level: 'warn' | 'error', obj: object, msg: string): void;
}

/**
 * A subscription that delivers its own frames and calls `end` once when it ends (null: completed, else the failure)
 * instead of being iterated: src/ws/multicast.ts's subscribers. `return()` stops it (client `complete`, socket close);
 * `end` is called then too, and finds the id gone.
 */
export interface FollowedStream extends AsyncIterable<unknown> {
  follow(end: (error: unknown) => void): void;
  return(): Promise<unknown>;
}

/** What a subscribe message gets on the direct path: errors (an `error` frame), one result, or a stream. */
export type DirectAnswer = readonly GraphQLError[] | ExecutionResult | AsyncIterable<ExecutionResult> | FollowedStream;

export interface DirectOperations<P extends Record<string, unknown> | undefined> {
  /** graphql-ws's `onSubscribe` and `execute`/`subscribe` in one: called with the id already registered. */
  start(ctx: Context<P, Extra>, id: string, payload: SubscribePayload): Promise<DirectAnswer>;
}

const isAsyncIterable = (v: unknown): v is AsyncIterable<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
const isFollowed = (v: AsyncIterable<unknown>): v is FollowedStream => typeof (v as { follow?: unknown }).follow === 'function';

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

/** graphql-ws's `subscribe` case (server.ts of graphql-ws 6), for an acknowledged socket, with `direct` answering. */
export async function subscribeDirect(a: DirectSocket, ctx: Context<any, Extra>, message: SubscribeMessage, direct: DirectOperations<any>): Promise<void> {
  const { id } = message;
  if (id in ctx.subscriptions) return a.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
  ctx.subscriptions[id] = null;
  let followed = false;
  try {
    const answer = await direct.start(ctx, id, message.payload);
    if (areGraphQLErrors(answer)) {
      if (id in ctx.subscriptions) await a.send(errorFrame(id, answer));
      return;
    }
    if (isAsyncIterable(answer)) {
      if (!(id in ctx.subscriptions)) {
        // Completed (or the socket closed) while it was being set up.
        void (answer as Partial<FollowedStream>).return?.()?.catch(() => undefined);
        return;
      }
      ctx.subscriptions[id] = answer as AsyncGenerator;
      if (isFollowed(answer)) {
        followed = true;
        answer.follow((error) => void followedEnd(a, ctx, id, answer, error));
        return;
      }
      try {
        for await (const result of answer as AsyncIterable<ExecutionResult>) await a.send(nextFrame(id, result));
      } catch (err) {
        await a.send(errorFrame(id, [streamError(err)]));
        delete ctx.subscriptions[id];
      }
    } else if (id in ctx.subscriptions) await a.send(nextFrame(id, answer as ExecutionResult));
    if (id in ctx.subscriptions) await a.send(stringifyMessage({ id, type: MessageType.Complete }));
  } finally {
    if (!followed) delete ctx.subscriptions[id];
  }
}

/** A followed stream ended: `complete` (or `error`) unless the client completed it or the socket closed. */
async function followedEnd(a: DirectSocket, ctx: Context<any, Extra>, id: string, stream: FollowedStream, error: unknown): Promise<void> {
  if (ctx.subscriptions[id] !== stream) return;
  delete ctx.subscriptions[id];
  try {
    await a.send(error === null || error === undefined ? stringifyMessage({ id, type: MessageType.Complete }) : errorFrame(id, [streamError(error)]));
  } catch (err) {
    a.log('warn', { err: err instanceof Error ? err.message.slice(0, 200) : String(err).slice(0, 200) }, 'graphql-ws: could not end a subscription');
  }
}
