/**
 * Clients sending messages only a server may send (issue 21, item 10): `next` before `connection_init` used to
 * close with 4500 and print a stack trace per connection (3,000 connections wrote 2.6 MB to stderr). graphql-ws
 * specifies 4400 for invalid messages; the gateway logs through pino, at most a few lines per minute.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNALS, startResilienceStack, type ResilienceStack } from './harness.js';

/** Opens a socket, sends `messages` in order, resolves with the close code. */
function closeCodeAfter(url: string, messages: unknown[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    let i = 0;
    const send = () => {
      if (i < messages.length) ws.send(JSON.stringify(messages[i++]));
    };
    ws.once('open', send);
    ws.on('message', (d) => {
      if (JSON.parse(String(d)).type === 'connection_ack') send();
    });
    ws.once('close', (code) => resolve(code));
    ws.once('error', reject);
  });
}

describe('graphql-ws protocol violations', () => {
  let stack: ResilienceStack;
  beforeAll(async () => {
    stack = await startResilienceStack();
  });
  afterAll(async () => {
    const leaks = stack.leaks();
    await stack.close();
    expect(leaks).toEqual([]);
  });

  const init = { type: 'connection_init' };
  const serverOnly = [
    { id: '1', type: 'next', payload: { data: { hello: 'x' } } },
    { id: '1', type: 'error', payload: [{ message: 'x' }] },
    { type: 'connection_ack' },
  ];

  it('server-only messages before or after init close with 4400, never 4500', async () => {
    for (const m of serverOnly) {
      expect(await closeCodeAfter(stack.url, [m])).toBe(4400);
      expect(await closeCodeAfter(stack.url, [init, m])).toBe(4400);
    }
  });

  it('hundreds of violating connections print a bounded number of short log lines, no stack traces', async () => {
    const before = stack.printed.length;
    const codes: number[] = [];
    for (let batch = 0; batch < 10; batch++) {
      codes.push(...(await Promise.all(Array.from({ length: 30 }, (_, i) => closeCodeAfter(stack.url, [serverOnly[i % serverOnly.length]!])))));
    }
    expect(new Set(codes)).toEqual(new Set([4400]));
    const lines = stack.printed.slice(before).filter((l) => /graphql-ws|Unexpected message|Internal error/.test(l));
    expect(lines.length).toBeLessThanOrEqual(11);
    for (const line of lines) {
      for (const re of INTERNALS) expect(line).not.toMatch(re);
      expect(JSON.parse(line)).toMatchObject({ msg: expect.stringContaining('graphql-ws') }); // pino JSON
    }
    const bytes = stack.printed.slice(before).reduce((n, l) => n + l.length, 0);
    expect(bytes).toBeLessThan(10_000);
  });

  it('the server still serves after the violations', async () => {
    const r = await stack.gql('{ vendors { vendor } }');
    expect(r.status).toBe(200);
  });
});
