/** A tiny scriptable HTTP server for connector tests (bound to 127.0.0.1 on port 0). */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { VendorHttp, type VendorCallEvent, type VendorHttpOptions } from '../../src/vendors/http/index.js';

export interface Seen {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export type Handler = (req: Seen, res: ServerResponse) => void | Promise<void>;

export interface TestServer {
  baseUrl: string;
  seen: Seen[];
  /** Highest number of requests the server held at once. */
  maxInFlight(): number;
  setHandler(h: Handler): void;
  close(): Promise<void>;
}

export async function startServer(handler: Handler, prefix = ''): Promise<TestServer> {
  let current = handler;
  const seen: Seen[] = [];
  let inFlight = 0;
  let max = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      inFlight++;
      max = Math.max(max, inFlight);
      res.on('close', () => inFlight--);
      const s: Seen = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      seen.push(s);
      Promise.resolve(current(s, res)).catch((e: unknown) => {
        res.statusCode = 500;
        res.end(String(e));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${prefix}`,
    seen,
    maxInFlight: () => max,
    setHandler: (h) => {
      current = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` and returns what it threw (fails the test when it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

/**
 * The VendorHttp test setup: `setup(handler, options)` starts a test server (a new one per call, or one per test
 * with `oneServer`) and a client on it with the file's defaults; `client(options)` adds a client on the current
 * server. Every client and server is closed after each test. Call at module level (it registers the afterEach).
 */
export function vendorHttpSetup(defaults: Omit<VendorHttpOptions, 'baseUrl'>, opts: { oneServer?: boolean } = {}) {
  const servers: TestServer[] = [];
  const clients: VendorHttp[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const current = (): TestServer => {
    const s = servers.at(-1);
    if (!s) throw new Error('vendorHttpSetup: no server yet (call setup first)');
    return s;
  };
  const client = (o: Partial<VendorHttpOptions> = {}) => {
    const events: VendorCallEvent[] = [];
    const http = new VendorHttp({ onCall: (e) => events.push(e), ...defaults, baseUrl: current().baseUrl, ...o });
    clients.push(http);
    return { http, events };
  };
  return {
    client,
    async setup(handler: Handler, o: Partial<VendorHttpOptions> = {}) {
      if (!opts.oneServer || servers.length === 0) servers.push(await startServer(handler, '/base'));
      return { ...client(o), server: current() };
    },
  };
}
