/**
 * The simulator's one node:http server: a prefix per vendor, a fault layer per vendor, request counters keyed by
 * endpoint template, and the `/_sim/*` control surface. Vendor modules only turn a request into a response.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VENDORS, isVendorName, type VendorName } from '../domain/vendors.js';
import { mulberry32, type Rng } from './rng.js';

export interface SimRequest {
  method: string;
  /** Path below the vendor prefix, e.g. `/agents/ABC.../queues`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface RouteMatch {
  /** Counter key after the vendor name, e.g. `GET /agents/{agentId}` or `getAllAgents`. */
  key: string;
  handle(req: SimRequest): SimResponse;
}

export interface VendorApi {
  vendor: VendorName;
  /** URL prefix, e.g. `/sinch/RI/rmi`. */
  prefix: string;
  match(req: SimRequest): RouteMatch;
  /** The vendor's own style of error body for an injected status fault. */
  faultResponse(status: number): SimResponse;
  /** Admission control before faults and handling (wolkvox's per-token concurrency). */
  admit?(req: SimRequest): { release(): void } | SimResponse;
}

export interface Fault {
  status?: number;
  /** Hold the request open until the client gives up. */
  timeout?: boolean;
  /** Answer 200 with a body that is not valid JSON. */
  malformed?: boolean;
  latencyMs?: number;
  /** Chance (0..1, from a seeded stream) that a request is affected; default 1. */
  probability?: number;
  /** Sets `Retry-After` on status faults. */
  retryAfterSeconds?: number;
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(value),
});

export const text = (status: number, body: string, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  body,
});

const MAX_BODY = 1 << 20;

export class Counters {
  private readonly counts = new Map<string, number>();
  inc(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  get(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  total(vendor?: VendorName): number {
    let n = 0;
    for (const [k, v] of this.counts) if (!vendor || k.startsWith(`${vendor} `)) n += v;
    return n;
  }
  reset(): void {
    this.counts.clear();
  }
}

export class Faults {
  private readonly faults = new Map<VendorName, Fault>();
  private readonly rng: Rng;
  constructor(seed: number) {
    this.rng = mulberry32(seed ^ 0xfa017);
  }
  set(vendor: VendorName, fault: Fault): void {
    if (!isVendorName(vendor)) throw new Error(`unknown vendor ${JSON.stringify(vendor)}`);
    const p = fault.probability;
    if (p !== undefined && !(p >= 0 && p <= 1)) throw new Error('probability must be between 0 and 1');
    if (fault.status !== undefined && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)) {
      throw new Error('status must be an HTTP status code');
    }
    this.faults.set(vendor, { ...fault });
  }
  clear(vendor?: VendorName): void {
    if (vendor) this.faults.delete(vendor);
    else this.faults.clear();
  }
  /** The fault to apply to this request, if any (draws from the seeded stream only when a fault is set). */
  roll(vendor: VendorName): Fault | undefined {
    const f = this.faults.get(vendor);
    if (!f) return undefined;
    const p = f.probability ?? 1;
    if (p >= 1) return f;
    return this.rng() < p ? f : undefined;
  }
}

export interface ControlHooks {
  identities(): unknown;
  advance(ms: number): void;
  now(): Date;
}

export interface SimServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function startHttp(opts: {
  host: string;
  port: number;
  apis: VendorApi[];
  counters: Counters;
  faults: Faults;
  control: ControlHooks;
}): Promise<SimServer> {
  const { apis, counters, faults, control } = opts;
  const held = new Set<ServerResponse>();
  const sleepers = new Set<() => void>();
  let closing = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        sleepers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      sleepers.add(done);
    });

  const send = (res: ServerResponse, r: SimResponse) => {
    if (res.destroyed || res.writableEnded) return;
    const body = Buffer.from(r.body, 'utf8');
    res.writeHead(r.status, { ...r.headers, 'content-length': String(body.length) });
    res.end(body);
  };

  const handleVendor = async (api: VendorApi, req: SimRequest, res: ServerResponse) => {
    const m = api.match(req);
    counters.inc(`${api.vendor} ${m.key}`);
    if (api.admit) {
      const admitted = api.admit(req);
      if ('status' in admitted) return send(res, admitted);
      res.once('close', () => admitted.release());
    }
    const fault = faults.roll(api.vendor);
    if (fault?.latencyMs) {
      await sleep(fault.latencyMs);
      if (closing) return;
    }
    if (fault?.timeout) {
      held.add(res);
      res.once('close', () => held.delete(res));
      return;
    }
    if (fault?.status) {
      const r = api.faultResponse(fault.status);
      if (fault.retryAfterSeconds !== undefined) r.headers = { ...r.headers, 'retry-after': String(fault.retryAfterSeconds) };
      return send(res, r);
    }
    const out = m.handle(req);
    if (fault?.malformed) {
      // Cut a real answer in half: a truncated body the client must reject.
      const body = out.body.slice(0, Math.max(1, Math.floor(out.body.length / 2)));
      return send(res, { status: 200, headers: { 'content-type': 'application/json' }, body: `${body}{"` });
    }
    send(res, out);
  };

  const handleControl = (method: string, path: string, query: URLSearchParams, body: string): SimResponse => {
    const route = `${method} ${path}`;
    try {
      switch (route) {
        case 'GET /_sim/counters':
          return json(200, { counters: counters.get(), total: counters.total() });
        case 'POST /_sim/reset-counters':
          counters.reset();
          return json(200, { ok: true });
        case 'POST /_sim/faults': {
          const f = JSON.parse(body || '{}') as Fault & { vendor?: string };
          const { vendor, ...fault } = f;
          if (!vendor || !isVendorName(vendor)) return json(400, { error: `vendor must be one of ${VENDORS.join(', ')}` });
          faults.set(vendor, fault);
          return json(200, { ok: true });
        }
        case 'DELETE /_sim/faults': {
          const vendor = query.get('vendor');
          if (vendor && !isVendorName(vendor)) return json(400, { error: `unknown vendor ${JSON.stringify(vendor)}` });
          faults.clear((vendor as VendorName | null) ?? undefined);
          return json(200, { ok: true });
        }
        case 'GET /_sim/identities':
          return json(200, control.identities());
        case 'POST /_sim/advance': {
          const ms = Number(query.get('ms'));
          if (!Number.isFinite(ms) || ms < 0 || ms > 31 * 86_400_000) {
            return json(400, { error: 'ms must be a number of milliseconds (0 to 31 days)' });
          }
          control.advance(ms);
          return json(200, { now: control.now().toISOString() });
        }
        case 'GET /_sim/clock':
          return json(200, { now: control.now().toISOString() });
        default:
          return json(404, { error: `no control route ${route}` });
      }
    } catch (e) {
      return json(400, { error: (e as Error).message });
    }
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<string | null>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          resolve(null);
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const body = await readBody(req);
      if (body === null) return send(res, text(413, 'Request body too large'));
      const path = url.pathname;
      const method = (req.method ?? 'GET').toUpperCase();
      if (path.startsWith('/_sim/')) return send(res, handleControl(method, path, url.searchParams, body));
      for (const api of apis) {
        if (path === api.prefix || path.startsWith(`${api.prefix}/`)) {
          const simReq: SimRequest = {
            method,
            path: path.slice(api.prefix.length) || '/',
            query: url.searchParams,
            headers: req.headers,
            body,
          };
          return handleVendor(api, simReq, res);
        }
      }
      send(res, text(404, 'HTTP 404 Not Found'));
    })().catch((e: unknown) => {
      // A simulator bug must not take the process down; report it without request details.
      send(res, text(500, `simulator error: ${(e as Error).message}`));
    });
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;

  return {
    server,
    url: `http://${host}:${addr.port}`,
    close: async () => {
      closing = true;
      for (const wake of [...sleepers]) wake();
      for (const res of held) res.destroy();
      held.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
