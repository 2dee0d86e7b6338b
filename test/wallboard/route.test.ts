import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wallboardHandler } from '../../src/wallboard/route.js';
import { startStack, type Stack } from '../helpers/stack.js';

describe('/wallboard served by the gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('redirects /wallboard to /wallboard/ with a relative Location (proxy prefixes survive)', async () => {
    const res = await fetch(`${stack.url}/wallboard`, { redirect: 'manual' });
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('wallboard/');
  });

  it('serves the page with a strict CSP and only local, relative assets', async () => {
    const res = await fetch(`${stack.url}/wallboard/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('<main>');
    expect(html).toMatch(/<script type="module" src="app\.js">/);
    expect(html).toMatch(/<link rel="stylesheet" href="app\.css">/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toMatch(/<th scope="col">Queue<\/th>/);
    expect(html).toContain('aria-live="polite"');
  });

  it('serves one self-contained script bundle (graphql-ws inside, no bare imports, no CDN), with ETag revalidation', async () => {
    const res = await fetch(`${stack.url}/wallboard/app.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const js = await res.text();
    expect(js).toContain('graphql-transport-ws'); // the graphql-ws client's subprotocol, bundled in
    expect(js).toContain('agentStatusChanged');
    // Nothing left for the browser to resolve: no module specifiers, no import statements.
    expect(js).not.toMatch(/["']graphql-ws(\/client)?["']/);
    expect(js).not.toMatch(/(^|[;}])\s*import\s*[\w{*"']/);
    expect(js).not.toMatch(/https?:\/\/(cdn|unpkg|esm\.sh|cdnjs|jsdelivr)/i);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${stack.url}/wallboard/app.js`, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
    const css = await fetch(`${stack.url}/wallboard/app.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('--crit-bg');
  });

  it('answers unknown assets with 404 and writes with 405, and leaves GraphQL alone', async () => {
    expect((await fetch(`${stack.url}/wallboard/../../etc/passwd`)).status).not.toBe(200);
    expect((await fetch(`${stack.url}/wallboard/main.ts`)).status).toBe(404);
    expect((await fetch(`${stack.url}/wallboard/app.js`, { method: 'POST' })).status).toBe(405);
    const head = await fetch(`${stack.url}/wallboard/app.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const r = await stack.run<{ vendors: unknown[] }>('{ vendors { vendor } }');
    expect(r.body.data?.vendors).toHaveLength(5);
  });
});

describe('wallboardHandler', () => {
  it('handles only its own path and passes everything else on (undefined)', async () => {
    const handle = wallboardHandler({ path: '/ops/board/', minify: false });
    expect(await handle(new Request('http://x/graphql'))).toBeUndefined();
    expect(await handle(new Request('http://x/ops/boardroom'))).toBeUndefined();
    const redirect = await handle(new Request('http://x/ops/board'));
    expect(redirect?.status).toBe(308);
    expect(redirect?.headers.get('location')).toBe('board/');
    const page = await handle(new Request('http://x/ops/board/'));
    expect(page?.status).toBe(200);
  });
});
