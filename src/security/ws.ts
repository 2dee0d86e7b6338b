/**
 * graphql-ws guards: authenticate `connection_init`, cap connections per client address and operations per
 * connection, and close a socket when its token expires. Plain functions the composition root calls from
 * `useServer({ onConnect, onSubscribe, onClose })`.
 */
import type { GraphQLError } from 'graphql';
import type { AuthInfo } from './roles.js';
import type { Authenticator, CredentialSource } from './auth.js';
import type { AuthConfig, LimitsConfig } from './config.js';
import { limitError, SecurityErrorCode, WsCloseCode } from './errors.js';

/** What the guards read from graphql-ws's Context (structural, so any adapter's context fits). */
export interface WsContextLike {
  connectionParams?: Readonly<Record<string, unknown>> | undefined;
  subscriptions: Record<string, unknown>;
  extra: WsExtraLike;
}

export interface WsExtraLike {
  /** The HTTP upgrade request (Node IncomingMessage for graphql-ws/use/ws). */
  request?: { headers: Record<string, string | string[] | undefined>; socket?: { remoteAddress?: string | undefined } };
  socket?: { close(code: number, reason: string): void };
}

export interface WsGuard {
  /** graphql-ws onConnect: false refuses with 4403 Forbidden; over the per-address cap, closes with 4429. */
  onConnect(ctx: WsContextLike): Promise<boolean>;
  /**
   * Call first in graphql-ws onSubscribe; returns errors to send back (TOO_MANY_SUBSCRIPTIONS) or undefined. `active`:
   * the connection's operations counting the new one (default: graphql-ws's `ctx.subscriptions`, which registers it
   * before calling onSubscribe; src/ws/direct.ts keeps them elsewhere and passes the count).
   */
  onSubscribe(ctx: WsContextLike, active?: number): readonly GraphQLError[] | undefined;
  /** graphql-ws onClose: frees the connection's slot and expiry timer. */
  onClose(ctx: WsContextLike): void;
  /** Who opened this connection; used by the context factory (see createSecurity().authOf). */
  authOf(extra: WsExtraLike): AuthInfo | undefined;
  /** The client address this connection was accepted from (its upgrade request's headers are gone by then). */
  addressOf(extra: WsExtraLike): string | undefined;
  /** Open, authenticated connections from one address (for metrics and tests). */
  connectionsFrom(address: string): number;
}

/** The client's address: the socket peer, or with trustProxy the hop our (single) proxy appended. */
export function clientAddress(request: WsExtraLike['request'], trustProxy: boolean): string {
  if (trustProxy) {
    const xff = request?.headers['x-forwarded-for'];
    const value = Array.isArray(xff) ? xff.join(',') : xff;
    const last = value
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .pop();
    if (last) return last;
  }
  return request?.socket?.remoteAddress ?? 'unknown';
}

/** connectionParams carrying credentials win; otherwise the upgrade request's headers (non-browser clients). */
function credentialSource(ctx: WsContextLike): CredentialSource {
  const params = ctx.connectionParams;
  if (params && Object.keys(params).some((k) => ['authorization', 'x-api-key'].includes(k.toLowerCase()))) {
    return params;
  }
  return ctx.extra.request?.headers;
}

interface ConnectionState {
  address: string;
  auth: AuthInfo;
  expiryTimer: NodeJS.Timeout | undefined;
}

export function createWsGuard(opts: {
  authenticator: Authenticator;
  auth: Pick<AuthConfig, 'trustProxy'>;
  limits: Pick<LimitsConfig, 'maxWsConnectionsPerIp' | 'maxSubscriptionsPerConnection'>;
  /** Called when a connection is refused (no credential material is passed). */
  onRefused?: (reason: 'unauthenticated' | 'too_many_connections' | 'token_expired', address: string) => void;
}): WsGuard {
  const { authenticator, limits } = opts;
  const perAddress = new Map<string, number>();
  // One table, keyed by the connection's `extra` (what authOf/addressOf get; onClose reaches it through ctx): an
  // entry per table per idle connection is memory S4 counts.
  const states = new WeakMap<object, ConnectionState>();
  const closed = new WeakSet<WsContextLike>();

  const release = (address: string) => {
    const n = (perAddress.get(address) ?? 1) - 1;
    if (n <= 0) perAddress.delete(address);
    else perAddress.set(address, n);
  };

  return {
    async onConnect(ctx) {
      const address = clientAddress(ctx.extra.request, opts.auth.trustProxy);
      if ((perAddress.get(address) ?? 0) >= limits.maxWsConnectionsPerIp) {
        opts.onRefused?.('too_many_connections', address);
        ctx.extra.socket?.close(WsCloseCode.TooManyConnections, 'Too many connections from this address');
        return false;
      }
      // Hold the slot while authenticating, so concurrent handshakes cannot overshoot the cap.
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
      let result;
      try {
        result = await authenticator.verify(credentialSource(ctx));
      } catch {
        release(address);
        opts.onRefused?.('unauthenticated', address);
        return false; // graphql-ws closes with 4403 Forbidden
      }
      if (closed.has(ctx)) {
        // The client went away while we were checking its credentials.
        release(address);
        return false;
      }
      let expiryTimer: NodeJS.Timeout | undefined;
      if (result.expiresAt !== undefined) {
        // A websocket outlives its token: close when the token expires; the client reconnects with a fresh one.
        const ms = Math.max(0, result.expiresAt - Date.now());
        expiryTimer = setTimeout(() => {
          opts.onRefused?.('token_expired', address);
          ctx.extra.socket?.close(WsCloseCode.Forbidden, 'Token expired');
        }, Math.min(ms, 2 ** 31 - 1));
        expiryTimer.unref();
      }
      states.set(ctx.extra, { address, auth: result.info, expiryTimer });
      return true;
    },

    onSubscribe(ctx, active = Object.keys(ctx.subscriptions).length) {
      if (active > limits.maxSubscriptionsPerConnection) {
        return [
          limitError(
            SecurityErrorCode.TOO_MANY_SUBSCRIPTIONS,
            `Too many active operations on this connection (limit ${limits.maxSubscriptionsPerConnection}).`,
          ),
        ];
      }
      return undefined;
    },

    onClose(ctx) {
      closed.add(ctx);
      const state = states.get(ctx.extra);
      if (!state) return;
      states.delete(ctx.extra);
      if (state.expiryTimer) clearTimeout(state.expiryTimer);
      release(state.address);
    },

    authOf(extra) {
      return states.get(extra)?.auth;
    },

    addressOf(extra) {
      return states.get(extra)?.address;
    },

    connectionsFrom(address) {
      return perAddress.get(address) ?? 0;
    },
  };
}
