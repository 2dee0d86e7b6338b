/**
 * Bench child: the replay upstream. Serves recorded vendor answers from memory, so a benchmark measures the server
 * under test and not the simulator's model (S1b, S9). Routes are the simulator's own: the first request for a given
 * method + URL + body is forwarded to a simulator started inside this process (clock frozen, same seed and size as
 * bench/children/sim.ts) and its answer (status, headers, bytes) recorded; every later identical request is answered
 * from memory without touching the model. Warm up with the benchmark's own request list, then `freeze` to count any
 * request that was not recorded (it is still forwarded, so answers stay correct). `/_sim/*` control routes always go
 * to the simulator. Authentication is checked by the simulator on the recording request only.
 *
 * Drop-in for `sim`: `info` returns the same url/env/identities/baseUrls/credentials, pointing at this process, so
 * the gateway and the proxy are aimed at it through their ordinary vendor env vars.
 */
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { startSimulator } from '../../src/simulator/index.js';
import { processStats, serve } from '../lib/rpc.js';

interface Recording {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

const sim = await startSimulator({
  seed: Number(process.env.BENCH_SIM_SEED ?? 7),
  agents: Number(process.env.BENCH_SIM_AGENTS ?? 50),
  queues: Number(process.env.BENCH_SIM_QUEUES ?? 6),
  autoTick: false,
});
const upstream = new Pool(sim.url, { connections: 16 });

const recorded = new Map<string, Recording>();
// A recording being made: identical requests arriving meanwhile wait for it instead of asking the simulator again.
const recording = new Map<string, Promise<Recording>>();
let frozen = false;
let latencyMs = 0;
const counts = { hits: 0, misses: 0, missesAfterFreeze: 0, control: 0 };
// Requests per path (no query), like the simulator's counters but keyed by what arrived here.
const perPath = new Map<string, number>();
const missedKeys: string[] = [];

// Hop-by-hop and length headers are not replayed (node sets its own).
const DROP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

async function record(method: string, url: string, headers: IncomingMessage['headers'], body: Buffer): Promise<Recording> {
  const fwd: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && k !== 'host' && k !== 'connection') fwd[k] = Array.isArray(v) ? v.join(', ') : v;
  const res = await upstream.request({ method: method as 'GET', path: url, headers: fwd, ...(body.length ? { body } : {}) });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !DROP.has(k)) out[k] = v;
  out['content-length'] = bytes.length;
  return { status: res.statusCode, headers: out, body: bytes };
}

const send = (res: ServerResponse, r: Recording) => {
  if (res.destroyed) return;
  res.writeHead(r.status, r.headers).end(r.body);
};

const answer = (res: ServerResponse, r: Recording) => {
  if (latencyMs > 0) setTimeout(send, latencyMs, res, r);
  else send(res, r);
};

function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const fail = (e: unknown) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`replay: ${e instanceof Error ? e.message : String(e)}`);
  };
  if (path.startsWith('/_sim')) {
    counts.control++;
    record(method, url, req.headers, body).then((r) => send(res, r), fail);
    return;
  }
  perPath.set(path, (perPath.get(path) ?? 0) + 1);
  const key = body.length ? `${method} ${url}\n${body.toString('latin1')}` : `${method} ${url}`;
  const hit = recorded.get(key);
  if (hit) {
    counts.hits++;
    answer(res, hit);
    return;
  }
  counts.misses++;
  if (frozen) {
    counts.missesAfterFreeze++;
    if (missedKeys.length < 20) missedKeys.push(key.slice(0, 300));
  }
  let p = recording.get(key);
  if (!p) {
    p = record(method, url, req.headers, body);
    recording.set(key, p);
    p.then(
      // Only successful answers are kept: a recorded error would be replayed for ever.
      (r) => {
        recording.delete(key);
        if (r.status < 400) recorded.set(key, r);
      },
      () => recording.delete(key),
    );
  }
  p.then((r) => answer(res, r), fail);
}

const server = createServer((req, res) => {
  if (req.method === 'GET' || req.method === 'HEAD') {
    // No body expected: skip the stream machinery.
    req.resume();
    handle(req, res, Buffer.alloc(0));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => handle(req, res, Buffer.concat(chunks)));
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const swap = (s: string) => s.split(sim.url).join(url);

serve({
  /** Same shape as the simulator child's `info`, every URL pointing here. */
  info: () => ({
    url,
    env: Object.fromEntries(Object.entries(sim.env()).map(([k, v]) => [k, swap(v)])),
    identities: sim.identities(),
    baseUrls: Object.fromEntries(Object.entries(sim.baseUrls).map(([k, v]) => [k, swap(v)])),
    credentials: sim.credentials,
    simulatorUrl: sim.url,
  }),
  /** Fixed delay before every answer (0 clears); recordings themselves are made without it. */
  latency: ({ ms }: { ms: number }) => {
    latencyMs = Math.max(0, ms);
  },
  /** From now on, count (and list the first 20 of) requests that were not recorded during the warm-up. */
  freeze: () => {
    frozen = true;
  },
  unfreeze: () => {
    frozen = false;
  },
  /** Advances the simulator's clock; recordings are dropped, since the model changed under them. */
  advance: ({ ms }: { ms: number }) => {
    sim.advance(ms);
    recorded.clear();
  },
  replayStats: () => ({
    ...counts,
    recordings: recorded.size,
    recordedBytes: [...recorded.values()].reduce((n, r) => n + r.body.length, 0),
    missed: [...missedKeys],
  }),
  /** Requests per path that arrived here (hits and misses), as the simulator's counters count its own. */
  counters: () => Object.fromEntries([...perPath.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
  resetCounters: () => {
    perPath.clear();
    counts.hits = counts.misses = counts.missesAfterFreeze = counts.control = 0;
    missedKeys.length = 0;
  },
  /** Vendor requests the simulator itself answered (recordings and control calls). */
  simulatorCounters: () => sim.counters.get(),
  stats: ({ gc }: { gc?: boolean } = {}) => processStats(gc),
});
