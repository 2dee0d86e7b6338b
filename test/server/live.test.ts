// The live path through the real gateway: graphql-ws on /graphql, a snapshot first, then only what changed.
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

const AGENTS = /* GraphQL */ `
  subscription Agents {
    agentStatusChanged {
      sequence
      kind
      changes { kind agentId changedFields agent { state rawStatus } }
    }
  }
`;

function subscribe(client: Client, query: string) {
  const messages: any[] = [];
  const errors: unknown[] = [];
  const dispose = client.subscribe({ query }, {
    next: (m) => void messages.push(m),
    error: (e) => void errors.push(e),
    complete: () => undefined,
  });
  return { messages, errors, dispose };
}

async function until<T>(fn: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('live status over graphql-ws through the gateway', () => {
  let stack: Stack;
  let client: Client;
  beforeAll(async () => {
    stack = await startStack({ sim: { agents: 20, queues: 4 }, env: { POLL_SINCH_MS: '500' } });
    client = createClient({ url: stack.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });
  });
  afterAll(async () => {
    await client?.dispose();
    await stack?.close();
  });

  it('sends a snapshot of every agent, then only changed fields with rising sequence numbers', async () => {
    const sub = subscribe(client, AGENTS);
    const snapshot = await until(() => sub.messages[0]);
    expect(snapshot.errors).toBeUndefined();
    const first = snapshot.data.agentStatusChanged;
    expect(first.kind).toBe('SNAPSHOT');
    expect(first.changes.length).toBe(20);
    expect(first.changes.every((c: any) => c.kind === 'ADDED' && c.agent.state)).toBe(true);

    // Let the simulated contact center move; the poller picks it up on its next interval.
    stack.sim.advance(120_000);
    const change = await until(() => sub.messages.find((m) => m.data?.agentStatusChanged.kind === 'CHANGE'));
    const update = change.data.agentStatusChanged;
    expect(update.sequence).toBeGreaterThan(first.sequence);
    for (const c of update.changes) {
      expect(c.changedFields.length).toBeGreaterThan(0);
      // Only changed fields are set: `rawStatus` travels only when it is among them.
      if (!c.changedFields.includes('rawStatus')) expect(c.agent.rawStatus).toBeNull();
    }
    sub.dispose();
  });

  it('polls Sinch once per interval however many subscribers there are', async () => {
    const subs = Array.from({ length: 20 }, () => subscribe(client, AGENTS));
    await until(() => subs.every((s) => s.messages.length > 0));
    expect(subs.flatMap((s) => s.errors)).toEqual([]);
    stack.sim.counters.reset();
    await new Promise((r) => setTimeout(r, 1600));
    const polls = stack.sim.counters.get()['sinch GET /agents'] ?? 0;
    // 1.6 s at a 500 ms interval: about 3 polls, never 20 × 3.
    expect(polls).toBeGreaterThanOrEqual(2);
    expect(polls).toBeLessThanOrEqual(5);
    for (const s of subs) s.dispose();
  });

  it('serves the same subscription over SSE (text/event-stream)', async () => {
    const abort = new AbortController();
    const res = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { queueStatusChanged { sequence kind changes { queueId kind } } }' }),
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('SNAPSHOT')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    abort.abort();
    const event = JSON.parse(/data: (\{.*\})/.exec(text)![1]!);
    expect(event.data.queueStatusChanged.kind).toBe('SNAPSHOT');
    expect(event.data.queueStatusChanged.changes).toHaveLength(4);
  });
});
