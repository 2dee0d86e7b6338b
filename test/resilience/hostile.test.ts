/**
 * The hostile corpus against the real gateway over HTTP and graphql-ws (see corpus.ts for what is generated).
 * Per case: no 5xx, every GraphQL error has an `extensions.code` (and none is the masked INTERNAL_SERVER_ERROR,
 * which means a bug was hit), no stack trace or source path, no secret or vendor URL with a query string;
 * a `/health` check after every batch. Bounded by count and time; reproducible with RESILIENCE_SEED.
 */
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { httpCaseArb, OperationGenerator, rngOf, wsCaseArb, type HttpCase, type IdPool, type WsCase } from './corpus.js';
import { INTERNALS, startResilienceStack, type RawResponse, type ResilienceStack } from './harness.js';

const SEED = Number(process.env.RESILIENCE_SEED ?? 20_260_301);
const HTTP_CASES = Number(process.env.RESILIENCE_HTTP_CASES ?? 3_000);
const WS_CASES = Number(process.env.RESILIENCE_WS_CASES ?? 300);
/** Wall-clock caps: the run stops early (and says so) rather than slow `npm test` down on a busy machine. */
const HTTP_BUDGET_MS = Number(process.env.RESILIENCE_HTTP_BUDGET_MS ?? 25_000);
const WS_BUDGET_MS = Number(process.env.RESILIENCE_WS_BUDGET_MS ?? 12_000);
const BATCH = 100;
const HTTP_CONCURRENCY = 8;
const WS_CONCURRENCY = 4;
/** A single hostile request must be refused quickly, not chew on it. */
const SLOW_CASE_MS = 10_000;

interface Problem {
  where: string;
  family: string;
  problems: string[];
  request: string;
  response?: string;
}

const describeRequest = (c: HttpCase) => {
  const body = c.body === undefined ? '' : typeof c.body === 'string' ? c.body : `<${c.body.length} bytes>`;
  return `${c.method} ${c.path.slice(0, 200)} ${JSON.stringify(c.headers)} ${body.length > 300 ? `${body.slice(0, 300)}… (${body.length} chars)` : body}`;
};

/** Checks that apply to anything the server sends back. */
function textProblems(text: string): string[] {
  const out: string[] = [];
  for (const re of INTERNALS) {
    const m = re.exec(text);
    if (m) out.push(`internals exposed: ${JSON.stringify(m[0])}`);
  }
  return out;
}

function errorProblems(errors: unknown): string[] {
  if (!Array.isArray(errors)) return [];
  const out: string[] = [];
  for (const e of errors as Array<{ message?: string; extensions?: { code?: unknown } }>) {
    const code = e?.extensions?.code;
    if (typeof code !== 'string' || code === '') out.push(`error without extensions.code: ${JSON.stringify(e?.message)?.slice(0, 200)}`);
    else if (code === 'INTERNAL_SERVER_ERROR') out.push(`unexpected (masked) error: hostile input reached a bug`);
  }
  return out;
}

function httpProblems(c: HttpCase, res: RawResponse, ms: number): string[] {
  const out = textProblems(res.text);
  if (res.status >= 500) out.push(`HTTP ${res.status}`);
  if (c.expectStatus !== undefined && res.status !== c.expectStatus) out.push(`HTTP ${res.status}, expected ${c.expectStatus}`);
  if (ms > SLOW_CASE_MS) out.push(`took ${ms} ms`);
  let body: any;
  try {
    body = JSON.parse(res.text);
  } catch {
    body = undefined;
  }
  if (body && typeof body === 'object') {
    out.push(...errorProblems(body.errors));
    if (c.expectCodes) {
      const codes = Array.isArray(body.errors) ? body.errors.map((e: any) => e?.extensions?.code) : [];
      if (!codes.some((x: string) => c.expectCodes!.includes(x))) out.push(`expected one of ${c.expectCodes.join('/')}, got ${JSON.stringify(codes)}`);
    }
  } else if (c.expectCodes) {
    out.push(`expected a GraphQL error (${c.expectCodes.join('/')}), got HTTP ${res.status} ${JSON.stringify(res.text.slice(0, 100))}`);
  }
  return out;
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

interface WsOutcome {
  closeCode: number | undefined;
  closeReason: string;
  frames: string[];
  error?: string;
}

/** Sends a case's frames on a fresh socket; ends when the server closes it or falls quiet. */
function runWs(url: string, c: WsCase, maxPayload: number): Promise<WsOutcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, 'graphql-transport-ws', { maxPayload: maxPayload * 4 });
    const frames: string[] = [];
    let done = false;
    let idle: NodeJS.Timeout | undefined;
    const finish = (o: Partial<WsOutcome>) => {
      if (done) return;
      done = true;
      clearTimeout(idle);
      clearTimeout(hard);
      resolve({ closeCode: undefined, closeReason: '', frames, ...o });
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
    };
    // Quiet for a while: the server is done with what we sent (operations answer well within this).
    const quiet = (ms = 400) => {
      clearTimeout(idle);
      idle = setTimeout(() => finish({}), ms);
    };
    const hard = setTimeout(() => finish({ error: 'no outcome within 8 s' }), 8_000);
    const pending = [...c.frames];
    const sendUntilAck = () => {
      while (pending.length) {
        const f = pending.shift()!;
        if (typeof f === 'object' && 'awaitAck' in f) return;
        ws.send(f);
      }
    };
    ws.on('open', () => {
      sendUntilAck();
      quiet();
    });
    ws.on('message', (data) => {
      frames.push(String(data));
      const msg = safeJson(String(data));
      if (msg?.type === 'connection_ack') sendUntilAck();
      // Operations end with `complete` or `error`; then nothing more is due.
      quiet(msg?.type === 'complete' || msg?.type === 'error' ? 50 : 400);
    });
    ws.on('close', (code, reason) => finish({ closeCode: code, closeReason: String(reason) }));
    ws.on('error', (e) => finish({ error: `socket error: ${(e as Error).message}` }));
  });
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function wsProblems(c: WsCase, o: WsOutcome): string[] {
  const out: string[] = [];
  if (o.error && !(o.error.startsWith('socket error') && c.closeCodes?.includes(1009))) out.push(o.error);
  for (const f of [...o.frames, o.closeReason]) out.push(...textProblems(f));
  for (const f of o.frames) {
    const msg = safeJson(f);
    if (!msg) out.push(`non-JSON frame ${JSON.stringify(f.slice(0, 80))}`);
    else if (msg.type === 'error') out.push(...errorProblems(msg.payload));
    else if (msg.type === 'next') out.push(...errorProblems(msg.payload?.errors));
  }
  if ((o.closeCode === 4500 || o.closeCode === 1011) && !c.closeCodes?.includes(o.closeCode)) out.push(`closed with ${o.closeCode} (internal error): ${o.closeReason}`);
  else if (o.closeCode !== undefined && !c.closeCodes?.includes(o.closeCode)) out.push(`closed with ${o.closeCode} ${o.closeReason}, expected ${c.closeCodes ? c.closeCodes.join('/') : 'to stay open'}`);
  else if (o.closeCode === undefined && !o.error && c.closeCodes && !c.mayStayOpen) out.push(`stayed open, expected close ${c.closeCodes.join('/')}`);
  return out;
}

describe('hostile corpus', () => {
  let stack: ResilienceStack;
  let gen: OperationGenerator;
  const counts = { http: 0, ws: 0 };
  const found: Problem[] = [];
  const families = new Map<string, number>();

  const healthy = async (where: string) => {
    const res = await stack.http({ method: 'GET', path: '/health' });
    if (res.status !== 200) throw new Error(`gateway unhealthy after ${where}: HTTP ${res.status}`);
  };

  beforeAll(async () => {
    stack = await startResilienceStack({ env: { VENDOR_TIMEOUT_MS: '2000', VENDOR_RETRIES: '0' } });
    // Real IDs, so generated operations reach resolvers and vendors, not only the validator.
    const ids = await stack.gql<any>('{ agents(first: 100) { nodes { id } } queues { id } contacts(first: 10) { nodes { id } } }');
    const pool: IdPool = {
      agents: ids.body.data.agents.nodes.map((n: { id: string }) => n.id),
      queues: ids.body.data.queues.map((n: { id: string }) => n.id),
      contacts: ids.body.data.contacts?.nodes.map((n: { id: string }) => n.id) ?? [],
    };
    expect(pool.agents.length).toBeGreaterThan(0);
    gen = new OperationGenerator(schema, pool);
  });

  afterAll(async () => {
    const leaks = stack?.leaks() ?? [];
    await stack?.close();
    // The one line a run reports about itself (after close: the stack records console output while open).
    console.info(`hostile corpus: ${counts.http} HTTP cases, ${counts.ws} websocket cases, seed ${SEED}`);
    expect(leaks.slice(0, 10)).toEqual([]);
  });

  it('the generated operations are mostly valid, so the corpus reaches resolvers and vendors', async () => {
    const sample = fc.sample(fc.integer({ min: 0, max: 0x7fffffff }), { seed: SEED, numRuns: 60 });
    let executed = 0;
    for (const s of sample) {
      const o = gen.operation(rngOf(s), 'query', { asVariables: 0.3 });
      const r = await stack.gql(o.query, o.variables);
      if (r.body.data && Object.values(r.body.data).some((v) => v !== null)) executed++;
    }
    expect(executed).toBeGreaterThan(sample.length / 3);
  });

  it('HTTP: thousands of hostile requests, no 5xx, coded errors, nothing internal or secret', async () => {
    const arb = httpCaseArb(gen, { maxBodyBytes: stack.config.limits.maxBodyBytes });
    const started = Date.now();
    for (let b = 0; b * BATCH < HTTP_CASES && Date.now() - started < HTTP_BUDGET_MS; b++) {
      // One sample per batch (seed + batch) keeps memory flat and any case reproducible from (seed, batch, index).
      const cases = fc.sample(arb, { seed: SEED + b, numRuns: Math.min(BATCH, HTTP_CASES - b * BATCH) });
      await pool(cases, HTTP_CONCURRENCY, async (c, i) => {
        families.set(c.family, (families.get(c.family) ?? 0) + 1);
        const t = Date.now();
        let problems: string[];
        let response = '';
        try {
          const res = await stack.http({ method: c.method, path: c.path, headers: c.headers, ...(c.body !== undefined ? { body: c.body } : {}) });
          response = `${res.status} ${res.text.slice(0, 300)}`;
          problems = httpProblems(c, res, Date.now() - t);
        } catch (e) {
          problems = [`request failed: ${(e as Error).message}`];
        }
        counts.http++;
        if (problems.length) found.push({ where: `http batch ${b} case ${i}`, family: c.family, problems, request: describeRequest(c), response });
      });
      await healthy(`HTTP batch ${b}`);
    }
    // What the server logged about masked errors explains them (the client only sees "Unexpected error.").
    const masked = stack.printed.filter((l) => l.includes('unexpected error')).slice(0, 5);
    expect({ problems: found.slice(0, 10), count: found.length, masked }).toEqual({ problems: [], count: 0, masked: [] });
    // Every family ran (the weights make each appear in a full-size run).
    if (counts.http >= 1_000) {
      for (const f of ['valid', 'mutated document', 'wrong variables', 'forged ids', 'huge values', 'deep nesting', 'alias flood', 'directive flood', 'fragments', 'content types', 'methods', 'malformed JSON', 'oversized body', 'batching']) {
        expect(families.get(f) ?? 0, f).toBeGreaterThan(0);
      }
    }
    expect(counts.http).toBeGreaterThanOrEqual(Math.min(HTTP_CASES, 1_000));
  });

  it('graphql-ws: broken and hostile sessions end with documented close codes, never an internal error', async () => {
    const arb = wsCaseArb(gen, { maxBodyBytes: stack.config.limits.maxBodyBytes });
    const url = `${stack.url.replace(/^http/, 'ws')}/graphql`;
    const started = Date.now();
    const WS_BATCH = 50;
    const wsFound: Problem[] = [];
    for (let b = 0; b * WS_BATCH < WS_CASES && Date.now() - started < WS_BUDGET_MS; b++) {
      const cases = fc.sample(arb, { seed: SEED + 7_919 + b, numRuns: Math.min(WS_BATCH, WS_CASES - b * WS_BATCH) });
      await pool(cases, WS_CONCURRENCY, async (c, i) => {
        const o = await runWs(url, c, stack.config.limits.maxBodyBytes);
        for (const f of o.frames) stack.scan('websocket frame', f);
        stack.scan('websocket close reason', o.closeReason);
        counts.ws++;
        const problems = wsProblems(c, o);
        if (problems.length) {
          wsFound.push({
            where: `ws batch ${b} case ${i}`,
            family: c.family,
            problems,
            request: c.frames.map((f) => (typeof f === 'string' ? f.slice(0, 200) : 'awaitAck' in f ? '<await ack>' : `<${f.length} bytes>`)).join(' | '),
          });
        }
      });
      await healthy(`websocket batch ${b}`);
    }
    expect(wsFound.slice(0, 10)).toEqual([]);
    expect(counts.ws).toBeGreaterThanOrEqual(Math.min(WS_CASES, 100));
  });
});
