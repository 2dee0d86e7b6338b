/**
 * yoga's readiness check (`/ready`: 200, or 503 while draining), asked only for its own path. yoga's plugin tests
 * every request's URL against a URLPattern, a polyfill on Node 20 that cost about as much as the rest of an empty
 * request's routing (bench/README.md, "Fourteenth pass").
 */
import { useReadinessCheck, type Plugin } from 'graphql-yoga';

export function useReadiness(opts: { endpoint: string; check: () => boolean }): Plugin {
  const inner = useReadinessCheck(opts);
  return {
    onYogaInit: inner.onYogaInit,
    onRequest(payload) {
      if (payload.url.pathname === opts.endpoint) return inner.onRequest?.(payload);
    },
  };
}
