/**
 * yoga's readiness check (`/ready`: 200, or 503 while draining), asked only for its own path. On its own it
 * tests every request's URL against a URLPattern (a polyfill on Node 20: 2 % of a small query's CPU in a profile,
 * bench/README.md "Fourteenth pass") and answers any path that ends in `/ready`.
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
