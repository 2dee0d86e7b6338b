/**
 * The live wallboard at `/wallboard/`: a static page (HTML + CSS) and one script bundled with esbuild from
 * `page/main.ts` (graphql-ws client included, nothing from a CDN). The bundle is built on the first request and
 * kept in memory, so there is no build step to forget; a failed build is answered with 500 and retried next time.
 *
 * Wiring (src/server.ts): `plugins: [..., useWallboard()]`. The page itself carries no data: it calls /graphql
 * like any client, with the user's credential, so serving it needs no authentication.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';

type YogaPlugin = Plugin<any>;

const PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));

/** Served paths, relative to the mount path. */
const ASSETS = {
  '': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'app.css': { file: 'styles.css', type: 'text/css; charset=utf-8' },
  'app.js': { file: 'main.ts', type: 'text/javascript; charset=utf-8' },
} as const;
type AssetName = keyof typeof ASSETS;

// 'self' covers same-origin ws:/wss: in CSP Level 3 browsers; nothing else may be loaded or framed.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Built {
  body: string;
  etag: string;
}

export interface WallboardOptions {
  /** Where the page is mounted (default `/wallboard`). */
  path?: string;
  /** Minify the script (default true). */
  minify?: boolean;
  /** Told when the page script cannot be built (the request gets a 500). */
  onError?: (error: unknown) => void;
}

/** Bundles the page script (esbuild, in memory). Exported for tests and for a warm-up at startup. */
export async function buildWallboardScript(opts: { minify?: boolean } = {}): Promise<string> {
  // esbuild is imported lazily: gateways that never serve the page never load it.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./page/main.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['es2020'],
    minify: opts.minify ?? true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('wallboard: esbuild produced no output');
  return out.text;
}

/**
 * A fetch-style handler: the wallboard's response for requests under its path, `undefined` for anything else
 * (so the caller falls through to GraphQL).
 */
export function wallboardHandler(opts: WallboardOptions = {}): (req: Request) => Promise<Response | undefined> {
  const mount = (opts.path ?? '/wallboard').replace(/\/+$/, '');
  const cache = new Map<AssetName, Promise<Built>>();

  const load = (name: AssetName): Promise<Built> => {
    let p = cache.get(name);
    if (!p) {
      p = (async () => {
        const asset = ASSETS[name];
        const text = name === 'app.js' ? await buildWallboardScript(opts) : await readFile(PAGE_DIR + asset.file, 'utf8');
        return { body: text, etag: `"${createHash('sha256').update(text).digest('base64url').slice(0, 22)}"` };
      })();
      // A failure is not cached: the next request tries again.
      p.catch(() => cache.delete(name));
      cache.set(name, p);
    }
    return p;
  };

  return async (req) => {
    const { pathname } = new URL(req.url);
    if (pathname !== mount && !pathname.startsWith(`${mount}/`)) return undefined;
    if (pathname === mount) {
      // Relative asset URLs need the trailing slash; a relative Location keeps any proxy prefix.
      const last = mount.slice(mount.lastIndexOf('/') + 1);
      return new Response(null, { status: 308, headers: { location: `${last}/` } });
    }
    const rest = pathname.slice(mount.length + 1);
    if (!Object.hasOwn(ASSETS, rest)) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain' } });
    }
    const name = rest as AssetName;
    let built: Built;
    try {
      built = await load(name);
    } catch (e) {
      opts.onError?.(e);
      return new Response('The wallboard could not be built; see the server log.', { status: 500, headers: { 'content-type': 'text/plain' } });
    }
    const headers = {
      'content-type': ASSETS[name].type,
      'cache-control': 'no-cache',
      etag: built.etag,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    };
    if (req.headers.get('if-none-match') === built.etag) return new Response(null, { status: 304, headers });
    return new Response(req.method === 'HEAD' ? null : built.body, { status: 200, headers });
  };
}

/** The wallboard as a yoga plugin: answers its own paths before GraphQL handling, passes everything else on. */
export function useWallboard(opts: WallboardOptions = {}): YogaPlugin {
  const handle = wallboardHandler(opts);
  return {
    async onRequest({ request, endResponse }) {
      const res = await handle(request);
      if (res) endResponse(res);
    },
  };
}
