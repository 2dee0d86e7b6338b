/**
 * Bench child: many websocket subscribers in one process (graphql-transport-ws, written out by hand to keep the
 * client cheap). Each socket sends connection_init, then one subscribe, and counts as connected on its first
 * `next` (the snapshot). `arm` + `collect` timestamp the next message on every socket.
 */
import WebSocket from 'ws';
import { processStats, serve, wallNow } from '../lib/rpc.js';

interface Sub {
  ws: WebSocket;
  arrival: number;
  seq: number;
}
const subs: Sub[] = [];
let armed = false;
let pendingArrivals = 0;
let onAllArrived: (() => void) | null = null;
let sample = '';
let snapshotSample = '';

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
    const sub: Sub = { ws, arrival: Number.NaN, seq: -1 };
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
      if (armed && Number.isNaN(sub.arrival)) {
        sub.arrival = wallNow();
        sub.seq = sequenceOf(data);
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
  arm() {
    sample = '';
    for (const s of subs) {
      s.arrival = Number.NaN;
      s.seq = -1;
    }
    pendingArrivals = subs.length;
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
    return { arrivals: subs.map((s) => (Number.isNaN(s.arrival) ? null : s.arrival)), seqs: subs.map((s) => s.seq), sample };
  },
  count: () => subs.filter((s) => s.ws.readyState === WebSocket.OPEN).length,
  async closeAll() {
    for (const s of subs.splice(0)) s.ws.terminate();
  },
  stats: ({ gc }: { gc?: boolean } = {}) => processStats(gc),
});
