/**
 * Bench child: the raw `ws` baseline for S4/S5. Holds sockets, answers connection_init and subscribe with the same
 * bytes ccgraph sent (ack, snapshot), and broadcasts a given message to every client the way the ws README does.
 * Frames are text frames, as graphql-ws sends (a Buffer would otherwise go out as a binary frame).
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { processStats, serve, wallNow } from '../lib/rpc.js';

let snapshot = Buffer.from('{"id":"1","type":"next","payload":{"data":{}}}');
const ack = Buffer.from('{"type":"connection_ack"}');
const TEXT = { binary: false } as const;
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
await new Promise<void>((r) => wss.once('listening', () => r()));
wss.on('connection', (ws) => {
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    if (text.includes('"connection_init"')) ws.send(ack, TEXT);
    else if (text.includes('"subscribe"')) ws.send(snapshot, TEXT);
  });
});

serve({
  info: () => ({ url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/graphql` }),
  setSnapshot: ({ text }: { text: string }) => {
    snapshot = Buffer.from(text);
  },
  broadcast: ({ text }: { text: string }) => {
    const data = Buffer.from(text);
    const t0 = wallNow();
    let sent = 0;
    for (const client of wss.clients) {
      client.send(data, TEXT);
      sent++;
    }
    return { t0, sent, loopMs: wallNow() - t0 };
  },
  clients: () => wss.clients.size,
  stats: ({ gc, resident }: { gc?: boolean; resident?: boolean } = {}) => processStats(gc, resident),
});
