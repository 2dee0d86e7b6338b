/**
 * Bench child: many websocket subscribers in one process (graphql-transport-ws, written out by hand to keep the
 * client cheap). Each socket sends connection_init, then one subscribe, and counts as connected on its first
 * `next` (the snapshot). `arm` + `collect` timestamp the next message of every subscription: one per socket, or as
 * many as `subscribeMore` added to it (S7 at more subscribers than one process may hold sockets).
 */
import WebSocket from 'ws';
import { processStats, serve, wallNow } from '../lib/rpc.js';

interface Sub {
  ws: WebSocket;
  /** Subscriptions on this socket (ids "1" … String(count)). */
  count: number;
  /** Per subscription since `arm`, in the order the socket's messages came: arrival time and hub sequence. */
  arrivals: number[];
  seqs: number[];
  /** Snapshots still due for subscriptions added by `subscribeMore`; `onSnapshots` runs when none is left. */
  snapshotsDue: number;
  onSnapshots: (() => void) | null;
}
const subs: Sub[] = [];
let armed = false;
let pendingArrivals = 0;
let onAllArrived: (() => void) | null = null;
let sample = '';
let snapshotSample = '';
/** The first answer other than a snapshot to a `subscribeMore` subscription (an error, a limit). */
let refusedSample = '';

const SEQ_KEY = Buffer.from('"sequence":');

/** The hub sequence in a CHANGE frame, read off the bytes (no string per message: the client stays cheap). */
function sequenceOf(data: Buffer): number {
  const at = data.indexOf(SEQ_KEY);
  if (at < 0) return -1;
  let n = 0;
  let i = at + SEQ_KEY.length;
  for (; i < data.length && data[i]! >= 48 && data[i]! <= 57; i++) n = n * 10 + data[i]! - 48;
  return i > at + SEQ_KEY.length ? n : -1;
}

function open(url: string, subscribe: string, localAddress?: string): Promise<Sub> {
  return new Promise((resolve, reject) => {
    // localAddress: S7 spreads its sockets over 127.0.0.x sources (one address has ~28k ephemeral ports).
    const ws = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false, ...(localAddress ? { localAddress } : {}) });
    const sub: Sub = { ws, count: 1, arrivals: [], seqs: [], snapshotsDue: 0, onSnapshots: null };
    let ready = false;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('subscribe timed out'));
    }, 60_000);
    ws.on('open', () => ws.send('{"type":"connection_init","payload":{}}'));
    ws.on('message', (data: Buffer) => {
      if (!ready) {
        const text = data.toString();
        if (text.includes('"connection_ack"')) {
          ws.send(subscribe);
          return;
        }
        if (text.includes('"next"')) {
          ready = true;
          clearTimeout(timer);
          if (!snapshotSample) snapshotSample = text;
          resolve(sub);
          return;
        }
        clearTimeout(timer);
        ws.terminate();
        reject(new Error(`unexpected message before the snapshot: ${text.slice(0, 200)}`));
        return;
      }
      if (sub.snapshotsDue > 0) {
        if (!data.includes('"next"')) refusedSample ||= data.toString().slice(0, 300);
        else if (--sub.snapshotsDue === 0) sub.onSnapshots?.();
        return;
      }
      if (armed && sub.arrivals.length < sub.count) {
        sub.arrivals.push(wallNow());
        sub.seqs.push(sequenceOf(data));
        if (!sample) sample = data.toString();
        if (--pendingArrivals === 0) onAllArrived?.();
      }
    });
    ws.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    ws.on('close', () => {
      if (!ready) {
        clearTimeout(timer);
        reject(new Error('closed before the snapshot'));
      }
    });
  });
}

serve({
  /** Opens sockets until `n` are connected (in parallel batches); resolves with counts and timing. */
  async connect({ url, n, subscribe, batch = 250, localAddresses = [] }: { url: string; n: number; subscribe: string; batch?: number; localAddresses?: string[] }) {
    const t0 = performance.now();
    let failed = 0;
    let firstError = '';
    while (subs.length < n) {
      const k = Math.min(batch, n - subs.length);
      const base = subs.length;
      const from = (i: number) => (localAddresses.length ? localAddresses[(base + i) % localAddresses.length] : undefined);
      const opened = await Promise.allSettled(Array.from({ length: k }, (_, i) => open(url, subscribe, from(i))));
      for (const o of opened) {
        if (o.status === 'fulfilled') subs.push(o.value);
        else {
          failed++;
          firstError ||= String(o.reason?.message ?? o.reason);
        }
      }
      if (failed > Math.max(10, n * 0.01)) break;
    }
    return { connected: subs.length, failed, firstError, ms: performance.now() - t0, snapshotSample };
  },
  /**
   * Adds subscriptions on the open sockets (ids "2", "3", …, the same document as `subscribe`, whose id is "1")
   * until they hold `total`, spread evenly; resolves once each got its snapshot.
   */
  async subscribeMore({ total, subscribe, timeoutMs = 120_000 }: { total: number; subscribe: string; timeoutMs?: number }) {
    const t0 = performance.now();
    const template = JSON.parse(subscribe) as { id: string };
    const have = subs.reduce((a, s) => a + s.count, 0);
    const waits: Array<Promise<void>> = [];
    subs.forEach((s, i) => {
      const extra = Math.floor((total - have) / subs.length) + (i < (total - have) % subs.length ? 1 : 0);
      if (extra <= 0) return;
      s.snapshotsDue = extra;
      waits.push(new Promise<void>((resolve) => (s.onSnapshots = resolve)));
      for (let k = 0; k < extra; k++) s.ws.send(JSON.stringify({ ...template, id: String(s.count + k + 1) }));
      s.count += extra;
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    const outcome = await Promise.race([Promise.all(waits), timedOut]);
    clearTimeout(timer);
    const due = subs.reduce((a, s) => a + s.snapshotsDue, 0);
    return { subscriptions: subs.reduce((a, s) => a + s.count, 0) - due, due, timedOut: outcome === 'timeout', refused: refusedSample, ms: performance.now() - t0 };
  },
  arm() {
    sample = '';
    for (const s of subs) {
      s.arrivals = [];
      s.seqs = [];
    }
    pendingArrivals = subs.reduce((a, s) => a + s.count, 0);
    armed = true;
  },
  /** Waits until every socket got a message since `arm` (or the timeout); returns arrival times and sequences. */
  async collect({ timeoutMs }: { timeoutMs: number }) {
    if (pendingArrivals > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, timeoutMs);
        onAllArrived = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    armed = false;
    onAllArrived = null;
    const arrivals: Array<number | null> = [];
    const seqs: number[] = [];
    for (const s of subs) {
      for (let k = 0; k < s.count; k++) {
        arrivals.push(s.arrivals[k] ?? null);
        seqs.push(s.seqs[k] ?? -1);
      }
    }
    return { arrivals, seqs, sample };
  },
  count: () => subs.filter((s) => s.ws.readyState === WebSocket.OPEN).length,
  async closeAll() {
    for (const s of subs.splice(0)) s.ws.terminate();
  },
  stats: ({ gc }: { gc?: boolean } = {}) => processStats(gc),
});
