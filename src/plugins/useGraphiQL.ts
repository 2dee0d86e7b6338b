/**
 * GraphiQL from this process, as a small page plus separately served assets (no CDN: works offline and behind
 * strict egress rules). @graphql-yoga/render-graphiql inlines everything (script, styles, three Monaco workers,
 * favicon) into one 9 MB page that no cache can keep; here each part is its own file under `/graphiql/assets/`,
 * named by a content hash, sent with `Cache-Control: immutable` and compressed (brotli or gzip, made once per
 * gateway on first use, off the event loop). The page itself is ~1 KB and always revalidated.
 *
 * Wiring (src/server.ts): `renderGraphiQL: graphiql.render` and `plugins: [..., graphiql.plugin]`.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { YogaPlugin } from '../security/index.js';

export const GRAPHIQL_ASSETS_PATH = '/graphiql/assets/';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The editor's first content: what ccgraph is, and a query that works against any configuration. */
export const GRAPHIQL_DEFAULT_QUERY = `# Welcome to ccgraph: one GraphQL graph over the APIs
# of five contact-center vendors (Sinch Contact Center,
# CoBrowser.net, wolkvox, Thulium and cc_agent).
#
# Run this (the pink button, or Ctrl-Enter) to see the
# queues, a few agents and each vendor's health. The Docs
# panel (left) lists every type; subscriptions run here too.
# More examples: docs/examples/ in the repository.

{
  queues {
    name
    channel
    status { waitingNow longestWaitMs agents { available busy paused } }
  }
  agents(first: 5) {
    totalCount
    edges { node { id name state } }
  }
  vendors { vendor configured reachable }
}
`;

interface Asset {
  name: string;
  type: string;
  body: Buffer;
  etag: string;
  br?: Promise<Buffer>;
  gzip?: Promise<Buffer>;
}

interface Bundle {
  assets: Map<string, Asset>;
  /** Logical name → served path. */
  urls: Record<'css' | 'js' | 'start' | 'favicon' | 'editorWorkerService' | 'json' | 'graphql', string>;
}

/** Sets Monaco's worker URLs and starts GraphiQL with the options the page carries (no inline script). */
const START_SCRIPT = `(function () {
  var read = function (id) { return JSON.parse(document.getElementById(id).textContent); };
  var workers = read('graphiql-workers');
  self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: function (_id, label) { return workers[label]; } };
  YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), read('graphiql-options'));
})();
`;

function asset(logical: string, ext: string, type: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { name: `${logical}.${hash}.${ext}`, type, body, etag: `"${hash}"` };
}

async function loadBundle(): Promise<Bundle> {
  // The 9 MB module is loaded only when someone opens GraphiQL. Its parts are exported by a file the package does not
  // list in `exports`, so it is imported by path next to the package entry.
  const entry = import.meta.resolve('@graphql-yoga/render-graphiql');
  const g = (await import(new URL('./graphiql.js', entry).href)) as Record<string, string>;
  const text = (s: string | undefined, what: string) => {
    if (typeof s !== 'string') throw new Error(`@graphql-yoga/render-graphiql has no ${what} part`);
    return Buffer.from(s);
  };
  const favicon = /^data:([^;]+);base64,(.*)$/s.exec(g.favicon ?? '');
  const parts = {
    css: asset('graphiql', 'css', 'text/css; charset=utf-8', text(g.css, 'css')),
    js: asset('graphiql', 'js', 'text/javascript; charset=utf-8', text(g.js, 'js')),
    start: asset('start', 'js', 'text/javascript; charset=utf-8', Buffer.from(START_SCRIPT)),
    favicon: favicon ? asset('favicon', 'ico', favicon[1] ?? 'image/x-icon', Buffer.from(favicon[2] ?? '', 'base64')) : asset('favicon', 'ico', 'image/x-icon', Buffer.alloc(0)),
    editorWorkerService: asset('editor.worker', 'js', 'text/javascript; charset=utf-8', text(g.editorWorkerService, 'editor worker')),
    json: asset('json.worker', 'js', 'text/javascript; charset=utf-8', text(g.jsonWorker, 'json worker')),
    graphql: asset('graphql.worker', 'js', 'text/javascript; charset=utf-8', text(g.graphqlWorker, 'graphql worker')),
  };
  const assets = new Map(Object.values(parts).map((a) => [a.name, a]));
  const urls = Object.fromEntries(Object.entries(parts).map(([k, a]) => [k, GRAPHIQL_ASSETS_PATH + a.name])) as Bundle['urls'];
  return { assets, urls };
}

const COMPRESSIBLE = /^(text\/|application\/(json|javascript)|image\/(x-icon|vnd\.microsoft\.icon))/;

function compressed(a: Asset, encoding: 'br' | 'gzip'): Promise<Buffer> {
  if (encoding === 'br') {
    // Quality 5: within a few % of the best ratio here, at a fifth of the CPU (made once, so the first load is quick).
    a.br ??= brotli(a.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: a.body.length } });
    return a.br;
  }
  a.gzip ??= gzipAsync(a.body, { level: 6 });
  return a.gzip;
}

/** The encoding to send, from Accept-Encoding (q=0 refuses). */
export function pickEncoding(acceptEncoding: string | null): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (n: string) => (accepted.get(n) ?? accepted.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

const escapeJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

export interface GraphiQLServing {
  /** yoga's `renderGraphiQL`: the small page that loads the assets. */
  render(options: Record<string, unknown>): Promise<string>;
  /** Serves `/graphiql/assets/*`. */
  plugin: YogaPlugin;
}

export function createGraphiQLServing(): GraphiQLServing {
  let bundle: Promise<Bundle> | undefined;
  const getBundle = () => {
    bundle ??= loadBundle().catch((e: unknown) => {
      bundle = undefined;
      throw e;
    });
    return bundle;
  };

  return {
    async render(options) {
      const b = await getBundle();
      // Start compressing while the browser parses the page (each is made once).
      for (const a of b.assets.values()) if (COMPRESSIBLE.test(a.type)) void compressed(a, 'br').catch(() => undefined);
      const title = String(options.title ?? 'ccgraph');
      const opts = { defaultQuery: GRAPHIQL_DEFAULT_QUERY, ...options, favicon: b.urls.favicon };
      const workers = { editorWorkerService: b.urls.editorWorkerService, json: b.urls.json, graphql: b.urls.graphql };
      return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title.replace(/[<>&"]/g, '')}</title>
    <link rel="icon" href="${b.urls.favicon}" />
    <link rel="stylesheet" href="${b.urls.css}" />
    <script id="graphiql-options" type="application/json">${escapeJson(opts)}</script>
    <script id="graphiql-workers" type="application/json">${escapeJson(workers)}</script>
    <script src="${b.urls.js}" defer></script>
    <script src="${b.urls.start}" defer></script>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript. ccgraph answers GraphQL over HTTP at this URL without it.</noscript>
    <div id="root"></div>
  </body>
</html>
`;
    },
    plugin: {
      async onRequest({ request, url, endResponse, fetchAPI }) {
        if (!url.pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return;
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
          return;
        }
        const b = await getBundle();
        const a = b.assets.get(url.pathname.slice(GRAPHIQL_ASSETS_PATH.length));
        if (!a) {
          endResponse(new fetchAPI.Response('Not found', { status: 404, headers: { 'cache-control': 'no-store' } }));
          return;
        }
        const headers: Record<string, string> = {
          'content-type': a.type,
          'cache-control': 'public, max-age=31536000, immutable',
          etag: a.etag,
          vary: 'accept-encoding',
          'x-content-type-options': 'nosniff',
        };
        if (request.headers.get('if-none-match') === a.etag) {
          endResponse(new fetchAPI.Response(null, { status: 304, headers }));
          return;
        }
        const encoding = COMPRESSIBLE.test(a.type) ? pickEncoding(request.headers.get('accept-encoding')) : null;
        const body = encoding ? await compressed(a, encoding) : a.body;
        if (encoding) headers['content-encoding'] = encoding;
        headers['content-length'] = String(body.length);
        endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers }));
      },
    },
  };
}
