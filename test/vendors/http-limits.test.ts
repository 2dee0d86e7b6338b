/**
 * The vendor HTTP layer against misbehaving vendors (issue 21): bodies capped while streaming and never retried,
 * Retry-After held across calls, 429 and redirects counted by the breaker, writes whose connection drops after
 * sending reported as outcome unknown, secrets in escaped forms kept out of vendor messages.
 */
import { describe, expect, it } from 'vitest';
import { VendorError } from '../../src/domain/errors.js';
import { VendorHttp, redactText } from '../../src/vendors/http/index.js';
import { caught, json, sleep, vendorHttpSetup } from './helpers.js';

const SECRET = 'S3cr3t/Key+xyz-0123456789';
const { setup } = vendorHttpSetup({
  vendor: 'thulium',
  timeoutMs: 1000,
  retries: 2,
  backoffInitialMs: 10,
  backoffMaxMs: 20,
  secrets: [SECRET],
});

const get = (http: VendorHttp, path = '/things') => http.get({ endpoint: 'GET /things', path, parse: (b) => b });

describe('bodies are capped while streaming', () => {
  it('a declared Content-Length over the cap fails at once, once, without reading the body', async () => {
    const { http, server } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) });
      res.write('[');
    }, { maxBodyBytes: 1024 * 1024 });
    const e = (await caught(() => get(http))) as VendorError;
    expect(e).toMatchObject({ code: 'MALFORMED_RESPONSE', detail: 'BODY_TOO_LARGE' });
    expect(server.seen).toHaveLength(1); // never retried
  });

  it('an endless chunked body is cut off at the cap, never retried, and memory stays bounded', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const { http, server } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    }, { maxBodyBytes: 8 * 1024 * 1024, timeoutMs: 10_000 });
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const e = (await caught(() => get(http))) as VendorError;
    expect(e).toMatchObject({ code: 'MALFORMED_RESPONSE', detail: 'BODY_TOO_LARGE' });
    expect(Date.now() - started).toBeLessThan(5_000); // cut off at the cap, not at the deadline
    expect(server.seen).toHaveLength(1);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('a body that stalls after the headers times out once, never retried', async () => {
    const { http, server } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[1,');
    }, { timeoutMs: 300 });
    const e = (await caught(() => get(http))) as VendorError;
    expect(e).toMatchObject({ code: 'TIMEOUT', detail: 'BODY_TIMEOUT' });
    expect(server.seen).toHaveLength(1);
  });
});

describe('Retry-After is honoured across calls', () => {
  it('a 429 with Retry-After 999999: one vendor request, then fast RATE_LIMITED failures with the wait', async () => {
    const { http, server } = await setup((_req, res) => json(res, 'slow down', 429, { 'retry-after': '999999' }), { maxBackoffSeconds: 600 });
    const first = (await caught(() => get(http))) as VendorError;
    expect(first).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterSeconds: 999999 });
    const started = Date.now();
    for (let i = 0; i < 50; i++) {
      const e = (await caught(() => get(http, `/things/${i}`))) as VendorError;
      expect(e).toMatchObject({ code: 'RATE_LIMITED', detail: 'VENDOR_BACKOFF' });
      expect(e.retryAfterSeconds).toBeGreaterThan(590);
      expect(e.retryAfterSeconds).toBeLessThanOrEqual(600);
    }
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.seen).toHaveLength(1);
    expect(http.health().backoffSeconds).toBeGreaterThan(590);
  });

  it('after the wait, calls reach the vendor again', async () => {
    let n = 0;
    const { http, server } = await setup((_req, res) => (++n === 1 ? json(res, 'x', 429, { 'retry-after': '1' }) : json(res, [1])), { retries: 0 });
    await caught(() => get(http));
    await expect(get(http)).rejects.toMatchObject({ detail: 'VENDOR_BACKOFF' });
    await sleep(1_050);
    expect(await get(http)).toEqual([1]);
    expect(server.seen).toHaveLength(2);
  });

  it('429 answers and unexpected redirects count toward the circuit breaker; a redirect is never retried or followed', async () => {
    const { http, server } = await setup((req, res) => {
      if (req.url.pathname.endsWith('/redirect')) {
        res.writeHead(302, { location: 'http://example.invalid/' }).end();
      } else json(res, 'x', 429);
    }, { breakerThreshold: 3, retries: 0 });
    const r = (await caught(() => get(http, '/redirect'))) as VendorError;
    expect(r).toMatchObject({ code: 'SERVER_ERROR', status: 302, detail: 'UNEXPECTED_REDIRECT' });
    expect(server.seen).toHaveLength(1);
    await caught(() => get(http, '/a'));
    await caught(() => get(http, '/b'));
    expect(http.circuit()).toBe('OPEN');
    await expect(get(http, '/c')).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(server.seen).toHaveLength(3);
  });
});

describe('write outcomes', () => {
  it('a connection dropped after the request was sent leaves the outcome unknown', async () => {
    const { http, server } = await setup((_req, res) => {
      res.socket?.destroy();
    });
    const e = (await caught(() => http.write({ endpoint: 'POST /x', method: 'POST', path: '/x', body: { a: 1 } }))) as VendorError;
    expect(server.seen).toHaveLength(1); // the vendor got it
    expect(e).toMatchObject({ code: 'TIMEOUT', detail: 'OUTCOME_UNKNOWN' });
    expect(e.message).toMatch(/outcome is unknown/);
  });

  it('a write that never left the process (connection refused) is NETWORK: nothing changed', async () => {
    const { http, server } = await setup((_req, res) => json(res, {}));
    await server.close();
    const e = (await caught(() => http.write({ endpoint: 'POST /x', method: 'POST', path: '/x', body: {} }))) as VendorError;
    expect(e.code).toBe('NETWORK');
  });
});

describe('secrets in escaped forms', () => {
  const forms: Array<[string, string]> = [
    ['JSON \\/ escapes', JSON.stringify({ error: `bad key ${SECRET}` })],
    ['\\u002f escapes', `bad key ${SECRET.replace(/\//g, '\\u002f')}`],
    ['lower-case percent-encoding', `bad key ${encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`],
    ['upper-case percent-encoding', `bad key ${encodeURIComponent(SECRET)}`],
    ['a truncated prefix', `bad key ${SECRET.slice(0, 9)}… (truncated)`],
    ['double encoding', `bad key ${encodeURIComponent(encodeURIComponent(SECRET))}`],
  ];
  it.each(forms)('%s never reach vendorMessage', async (_name, body) => {
    const { http } = await setup((_req, res) => json(res, body, 400), { retries: 0 });
    const e = (await caught(() => get(http))) as VendorError;
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.vendorMessage).toContain('bad key');
    const out = normalisedForms(`${e.vendorMessage} ${e.message}`);
    expect(out).not.toContain(SECRET.slice(0, 6));
  });

  it('credential-like values and opaque blobs are masked even when not configured', () => {
    const t = redactText('failed for apiKey=abcdef123 and "token": "zzz" blob QWxhZGRpbjpvcGVuIHNlc2FtZQ0123456789abcdef');
    expect(t).not.toContain('abcdef123');
    expect(t).not.toContain('zzz');
    expect(t).not.toContain('QWxhZGRpbjpvcGVuIHNlc2FtZQ');
    expect(t).toContain('failed for');
  });
});

/** The text plus its decoded forms, so an assertion sees through any encoding too. */
function normalisedForms(text: string): string {
  let decoded = text;
  try {
    decoded = decodeURIComponent(decodeURIComponent(text));
  } catch {
    // keep
  }
  return `${text} ${decoded} ${text.replace(/\\u002f/gi, '/').replace(/\\\//g, '/')}`;
}
