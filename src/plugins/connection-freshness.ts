/**
 * Which recent vendor answers an HTTP request may share (CallOptions.sharedSince, src/vendors/http.ts). Across
 * clients, any answer inside the connector's short share window (250 ms by default), so a burst of identical
 * dashboards costs one vendor read. Within one connection (one client), never an answer read before that
 * connection's previous response was sent: a client asking again gets data newer than what it already has.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../schema/context.js';

export class ConnectionFreshness {
  private readonly answeredAt = new WeakMap<object, number>();

  /** The floor for a request arriving on `socket` now: epoch ms (0 on a new connection). */
  floorFor(socket: object | undefined): number {
    return (socket && this.answeredAt.get(socket)) || 0;
  }

  /** A response on `socket` was sent (or abandoned). */
  answered(socket: object, now = Date.now()): void {
    this.answeredAt.set(socket, now);
  }
}

/**
 * Records when each connection's response is out (the `close` of Node's response: sent or abandoned). The context
 * factory reads the floor with `freshness.floorFor(req.socket)`.
 */
export function useConnectionFreshness(freshness: ConnectionFreshness): Plugin<GraphQLContext> {
  return {
    onRequest({ serverContext }) {
      const { req, res } = (serverContext ?? {}) as { req?: IncomingMessage; res?: ServerResponse };
      if (req && res) res.once('close', () => freshness.answered(req.socket));
    },
  };
}
