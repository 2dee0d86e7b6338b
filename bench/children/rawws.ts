/**
 * Bench child: the raw `ws` baseline for S4/S5/S7. Holds sockets, answers connection_init and subscribe with the same
 * bytes ccgraph sent (ack, snapshot, under the subscribe's id), and broadcasts a given message to every
 * subscription the way the ws README does: one frame per subscription, several on a socket that subscribed several
 * ids (S7 beyond the sockets one process may hold). Frames are text frames, as graphql-ws sends (a Buffer would
 * otherwise go out as a binary frame).
 */
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { processStats, serve, wallNow } from '../lib/rpc.js';

const ack = Buffer.from('{"type":"connection_ack"}');
const TEXT = { binary: false } as const;
const ID_PREFIX = /^\{"id":"1"/;

/** A message for id "1" and its copies for other ids, each encoded once (ccgraph keeps frames per id the same way). */
class Frames {
  private readonly byId = new Map<string, Buffer>();
  constructor(private readonly text: string) {
    if (!ID_PREFIX.test(text)) throw new Error(`expected a message for id "1": ${text.slice(0, 80)}`);
  }
  for(id: string): Buffer {
    let f = this.byId.get(id);
    if (!f) this.byId.set(id, (f = Buffer.from(this.text.replace(ID_PREFIX, `{"id":${JSON.stringify(id)}`))));
    return f;
  }
}

let snapshot = new Frames('{"id":"1","type":"next","payload":{"data":{}}}');
/**
 * Sockets with ids beyond the first ("1", which every socket has), in subscribe order. Kept apart so S5's loop over
 * one subscription per socket stays the ws README's loop; ccgraph too sends these after every socket's first.
 */
const more = new Map<WebSocket, string[]>();
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
await new Promise<void>((r) => wss.once('listening', () => r()));
wss.on('connection', (ws) => {
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    if (text.includes('"connection_init"')) ws.send(ack, TEXT);
    else if (text.includes('"subscribe"')) {
      const { id } = JSON.parse(text) as { id: string };
      if (id !== '1') {
        const ids = more.get(ws);
        if (ids) ids.push(id);
        else more.set(ws, [id]);
      }
      ws.send(snapshot.for(id), TEXT);
    }
  });
});

serve({
  info: () => ({ url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/graphql` }),
  setSnapshot: ({ text }: { text: string }) => {
    snapshot = new Frames(text);
  },
  broadcast: ({ text }: { text: string }) => {
    const frames = new Frames(text);
    const first = frames.for('1');
    const t0 = wallNow();
    let sent = 0;
    for (const client of wss.clients) {
      client.send(first, TEXT);
      sent++;
    }
    for (const [client, ids] of more) {
      // Closed sockets leave here rather than by a close listener per socket, which S4 would count as raw's memory.
      if (client.readyState !== client.OPEN) {
        more.delete(client);
        continue;
      }
      for (const id of ids) client.send(frames.for(id), TEXT);
      sent += ids.length;
    }
    return { t0, sent, loopMs: wallNow() - t0 };
  },
  clients: () => wss.clients.size,
  stats: ({ gc, resident }: { gc?: boolean; resident?: boolean } = {}) => processStats(gc, resident),
});
