/**
 * Bench child for S8 (soak): websocket subscribers that keep state. Each socket holds one live subscription (one
 * of a set of subscription documents) and applies every message the way the schema describes it: SNAPSHOT
 * replaces, ADDED sets the entity, CHANGED sets the `changedFields` it selected, REMOVED drops. Churn replaces
 * subscriptions (complete + subscribe on the same socket) and whole sockets. `verify` compares every subscriber's
 * state with a fresh subscription's snapshot of the same document.
 */
import { isDeepStrictEqual } from 'node:util';
import WebSocket from 'ws';
import { processStats, serve } from '../lib/rpc.js';

/** A subscription document and the root field it subscribes to. */
export interface SoakQuery {
  field: 'queueStatusChanged' | 'agentStatusChanged';
  query: string;
}

type Entity = Record<string, unknown>;
interface Sub {
  ws: WebSocket;
  op: string;
  query: number;
  state: Map<string, Entity> | null;
  sequence: number;
  subscribedAt: number;
  /** Closed on purpose (churn, verify, end): not counted as an unexpected close. */
  closing: boolean;
}

const ID_KEY = { queueStatusChanged: 'queueId', agentStatusChanged: 'agentId' } as const;
const ENTITY_KEY = { queueStatusChanged: 'queue', agentStatusChanged: 'agent' } as const;

let url = '';
let queries: SoakQuery[] = [];
const subs: Sub[] = [];
let nextOp = 1;
let churnTimer: NodeJS.Timeout | null = null;
const counts = {
  messages: 0,
  snapshots: 0,
  resyncs: 0,
  subscribes: 0,
  unsubscribes: 0,
  socketsReplaced: 0,
  /** CHANGE before the operation's SNAPSHOT. */
  changeBeforeSnapshot: 0,
  /** CHANGED for an entity the subscriber does not hold (an ADDED it never got). */
  changedUnknown: 0,
  /** REMOVED for an entity the subscriber does not hold. */
  removedUnknown: 0,
  /** Sequence not above the previous message's. */
  outOfOrder: 0,
  errors: 0,
  unexpectedCloses: 0,
  firstError: '',
};

/** Applies one `next` payload to the subscriber's state. */
function apply(sub: Sub, update: { sequence: number; kind: string; changes: Array<Record<string, any>> }): void {
  const q = queries[sub.query]!;
  const idKey = ID_KEY[q.field];
  const entityKey = ENTITY_KEY[q.field];
  if (update.kind === 'SNAPSHOT') {
    if (sub.state) counts.resyncs++;
    counts.snapshots++;
    sub.state = new Map();
    for (const c of update.changes) sub.state.set(c[idKey], { ...c[entityKey] });
    sub.sequence = update.sequence;
    return;
  }
  if (!sub.state) {
    counts.changeBeforeSnapshot++;
    return;
  }
  if (update.sequence <= sub.sequence) counts.outOfOrder++;
  sub.sequence = update.sequence;
  for (const c of update.changes) {
    const id = c[idKey] as string;
    if (c.kind === 'REMOVED') {
      if (!sub.state.delete(id)) counts.removedUnknown++;
    } else if (c.kind === 'ADDED') sub.state.set(id, { ...c[entityKey] });
    else {
      const cur = sub.state.get(id);
      if (!cur) {
        counts.changedUnknown++;
        continue;
      }
      const fields = c[entityKey] as Entity;
      // Only fields this document selected are in the entity; the others in changedFields are not ours.
      for (const f of c.changedFields as string[]) if (f in fields) cur[f] = fields[f];
    }
  }
}

function subscribe(sub: Sub, query: number): void {
  sub.op = `s${nextOp++}`;
  sub.query = query;
  sub.state = null;
  sub.sequence = -1;
  sub.subscribedAt = Date.now();
  counts.subscribes++;
  sub.ws.send(JSON.stringify({ id: sub.op, type: 'subscribe', payload: { query: queries[query]!.query } }));
}

function open(query: number): Promise<Sub> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    const sub: Sub = { ws, op: '', query, state: null, sequence: -1, subscribedAt: 0, closing: false };
    let acked = false;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('no snapshot within 60 s'));
    }, 60_000);
    ws.on('open', () => ws.send('{"type":"connection_init","payload":{}}'));
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString()) as { id?: string; type: string; payload?: any };
      if (m.type === 'connection_ack') {
        acked = true;
        subscribe(sub, query);
        return;
      }
      if (m.type === 'ping') return void ws.send('{"type":"pong"}');
      if (m.type === 'pong') return;
      // Messages of an operation already completed by churn may still be in flight: not this subscription's.
      if (m.id !== sub.op) return;
      if (m.type === 'next') {
        counts.messages++;
        const field = queries[sub.query]!.field;
        const update = m.payload?.data?.[field];
        if (!update) {
          counts.errors++;
          counts.firstError ||= JSON.stringify(m.payload).slice(0, 300);
          return;
        }
        const first = sub.state === null;
        apply(sub, update);
        if (first && sub.state) {
          clearTimeout(timer);
          resolve(sub);
        }
      } else if (m.type === 'error' || m.type === 'complete') {
        counts.errors++;
        counts.firstError ||= `${m.type}: ${JSON.stringify(m.payload ?? null).slice(0, 300)}`;
      }
    });
    ws.on('error', (e) => {
      counts.firstError ||= `socket: ${e.message}`;
      if (!acked) {
        clearTimeout(timer);
        reject(e);
      }
    });
    ws.on('close', () => {
      if (!sub.closing) counts.unexpectedCloses++;
    });
  });
}

const pick = (n: number) => Math.floor(Math.random() * n);

/** One churn step: half replace a subscription on its socket, half replace the socket itself. */
let churnFlip = false;
async function churnOne(): Promise<void> {
  if (subs.length === 0) return;
  const i = pick(subs.length);
  const sub = subs[i]!;
  churnFlip = !churnFlip;
  counts.unsubscribes++;
  if (churnFlip) {
    sub.ws.send(JSON.stringify({ id: sub.op, type: 'complete' }));
    subscribe(sub, pick(queries.length));
    return;
  }
  sub.closing = true;
  sub.ws.close(1000);
  counts.socketsReplaced++;
  try {
    subs[i] = await open(pick(queries.length));
  } catch (e) {
    counts.errors++;
    counts.firstError ||= `reopen: ${e instanceof Error ? e.message : String(e)}`;
    subs.splice(subs.indexOf(sub), 1);
  }
}

serve({
  /** Opens `n` sockets, each with one subscription (documents round-robin). */
  async connect(args: { url: string; n: number; queries: SoakQuery[]; batch?: number }) {
    url = args.url;
    queries = args.queries;
    const t0 = performance.now();
    let failed = 0;
    while (subs.length < args.n && failed < 20) {
      const k = Math.min(args.batch ?? 200, args.n - subs.length);
      const opened = await Promise.allSettled(Array.from({ length: k }, (_, j) => open((subs.length + j) % queries.length)));
      for (const o of opened) {
        if (o.status === 'fulfilled') subs.push(o.value);
        else {
          failed++;
          counts.firstError ||= String(o.reason?.message ?? o.reason);
        }
      }
    }
    return { connected: subs.length, failed, ms: performance.now() - t0, firstError: counts.firstError };
  },
  /** Churn at `perSecond` unsubscribes + subscribes, in 10 slices a second. */
  startChurn({ perSecond }: { perSecond: number }) {
    let owed = 0;
    churnTimer = setInterval(() => {
      owed += perSecond / 10;
      for (; owed >= 1; owed--) void churnOne();
    }, 100);
  },
  stopChurn() {
    if (churnTimer) clearInterval(churnTimer);
    churnTimer = null;
  },
  counts: () => ({ ...counts, subscribers: subs.length, waitingForSnapshot: subs.filter((s) => s.state === null).length }),
  /**
   * Every subscriber's state against a fresh subscription's snapshot of its document: the number that differ, that
   * never got their snapshot, and a sample difference.
   */
  async verify() {
    const fresh: Array<Map<string, Entity>> = [];
    for (let q = 0; q < queries.length; q++) {
      const s = await open(q);
      fresh.push(s.state!);
      s.closing = true;
      s.ws.close(1000);
    }
    let divergent = 0;
    let noSnapshot = 0;
    let sample = '';
    for (const s of subs) {
      if (!s.state) {
        noSnapshot++;
        continue;
      }
      const want = fresh[s.query]!;
      if (!isDeepStrictEqual(s.state, want)) {
        divergent++;
        if (!sample) {
          for (const [id, v] of want) {
            if (!isDeepStrictEqual(s.state.get(id), v)) {
              sample = `${queries[s.query]!.field} #${s.query} ${id}: have ${JSON.stringify(s.state.get(id) ?? null)}, fresh ${JSON.stringify(v)}`;
              break;
            }
          }
          sample ||= `${queries[s.query]!.field} #${s.query}: ${s.state.size} entities held, ${want.size} fresh`;
        }
      }
    }
    return { subscribers: subs.length, divergent, noSnapshot, sample, freshSizes: fresh.map((m) => m.size) };
  },
  async closeAll() {
    for (const s of subs.splice(0)) {
      s.closing = true;
      s.ws.terminate();
    }
  },
  stats: ({ gc }: { gc?: boolean } = {}) => processStats(gc),
});
