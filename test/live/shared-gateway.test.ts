// Shared live subscriptions through the real gateway and graphql-ws: one execution per subscription shape, a late
// joiner's snapshot, filters and roles kept apart, unsubscribing one leaving the others.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../security/harness.js';
import { startStack, type Stack } from '../helpers/stack.js';

const QUEUES = /* GraphQL */ `
  subscription Queues($filter: QueueStatusFilter) {
    queueStatusChanged(filter: $filter) {
      sequence
      kind
      changes { queueId kind changedFields queue { name waiting longestWaitMs agentsServing agentsFree agentsBusy } }
    }
  }
`;

interface Update {
  sequence: number;
  kind: 'SNAPSHOT' | 'CHANGE';
  changes: Array<{ queueId: string; kind: string; changedFields: string[]; queue: Record<string, unknown> | null }>;
}

interface Frame {
  raw: string;
  binary: boolean;
  msg: { id?: string; type: string; payload?: any };
}

const open: WebSocket[] = [];

/** A graphql-transport-ws client written out, so the test sees the frames as sent. */
async function connect(url: string, initPayload: Record<string, unknown> = {}) {
  const ws = new WebSocket(url, 'graphql-transport-ws');
  open.push(ws);
  const frames: Frame[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data, binary) => {
    const raw = String(data);
    frames.push({ raw, binary, msg: JSON.parse(raw) });
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'connection_init', payload: initPayload }));
  const until = async <T>(find: () => T | undefined, ms = 5000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const v = find();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`timed out; frames: ${frames.map((f) => f.raw.slice(0, 120)).join(' | ')}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  await until(() => frames.find((f) => f.msg.type === 'connection_ack'));
  const updates = (id: string): Update[] =>
    frames.filter((f) => f.msg.id === id && f.msg.type === 'next').map((f) => f.msg.payload.data.queueStatusChanged as Update);
  return {
    ws,
    frames,
    until,
    updates,
    subscribe(id: string, variables?: Record<string, unknown>) {
      ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query: QUEUES, operationName: 'Queues', ...(variables ? { variables } : {}) } }));
      return until(() => updates(id)[0]);
    },
    complete(id: string) {
      ws.send(JSON.stringify({ id, type: 'complete' }));
    },
    /** The next update after the first `n`. */
    nth(id: string, n: number) {
      return until(() => updates(id)[n]);
    },
  };
}

/** What a client holds after applying its updates (SNAPSHOT replaces; CHANGED sets only changedFields). */
function held(updates: Update[]) {
  const state = new Map<string, Record<string, unknown>>();
  for (const u of updates) {
    if (u.kind === 'SNAPSHOT') state.clear();
    for (const c of u.changes) {
      if (c.kind === 'REMOVED') state.delete(c.queueId);
      else if (c.kind === 'ADDED') state.set(c.queueId, { ...c.queue });
      else {
        const cur = { ...state.get(c.queueId) };
        for (const f of c.changedFields) cur[f] = c.queue?.[f];
        state.set(c.queueId, cur);
      }
    }
  }
  return Object.fromEntries([...state].sort(([a], [b]) => a.localeCompare(b)));
}

/** Moves the simulated contact center until a poll of queue statuses changes something shared. */
async function change(stack: Stack) {
  const before = stack.gateway.sharedSubscriptions.stats().sharedResults;
  for (let i = 0; i < 20; i++) {
    stack.sim.advance(30_000);
    await stack.gateway.services.live!.refreshNow('sinch.queueStatuses');
    // The shared stream executes asynchronously after the hub handed it the message.
    for (let k = 0; k < 20 && stack.gateway.sharedSubscriptions.stats().sharedResults === before; k++) await new Promise((r) => setTimeout(r, 5));
    if (stack.gateway.sharedSubscriptions.stats().sharedResults > before) return;
  }
  throw new Error('the simulator produced no queue change');
}

const hubQueueSubscribers = (stack: Stack) => stack.gateway.services.live!.stats().subscribers.queues;

async function liveGauge(stack: Stack, subscription: string) {
  const metric = stack.gateway.metrics.registry.getSingleMetric('ccgraph_live_subscribers');
  const { values } = await metric!.get();
  return values.find((v) => v.labels.subscription === subscription)?.value;
}

async function closeAll() {
  for (const ws of open.splice(0)) ws.terminate();
}

describe('shared live subscriptions through the gateway', () => {
  let stack: Stack;
  let url: string;
  beforeAll(async () => {
    // A long interval: only refreshNow (in `change`) polls, so every message is one the test caused.
    stack = await startStack({ sim: { agents: 20, queues: 4 }, env: { POLL_SINCH_MS: '600000' } });
    url = stack.url.replace('http', 'ws') + '/graphql';
  });
  afterAll(async () => {
    await closeAll();
    await stack?.close();
  });

  it('identical subscriptions share one execution; each result goes out as the same bytes', async () => {
    const clients = await Promise.all([connect(url), connect(url), connect(url)]);
    for (const c of clients) expect((await c.subscribe('1')).kind).toBe('SNAPSHOT');
    expect(stack.gateway.sharedSubscriptions.stats()).toMatchObject({ groups: 1, subscribers: 3 });
    // One hub subscription for all three: the joiners' own snapshot pipelines are closed again.
    expect(hubQueueSubscribers(stack)).toBe(1);
    // The metric still counts client subscriptions.
    expect(await liveGauge(stack, 'queueStatusChanged')).toBe(3);

    const before = stack.gateway.sharedSubscriptions.stats();
    await change(stack);
    const [u0, u1, u2] = await Promise.all(clients.map((c) => c.nth('1', 1)));
    const after = stack.gateway.sharedSubscriptions.stats();
    expect(after.sharedResults - before.sharedResults).toBe(1); // executed once …
    expect(after.framesSent - before.framesSent).toBe(3); // … delivered three times
    expect(u0!.kind).toBe('CHANGE');
    expect(u1).toEqual(u0);
    expect(u2).toEqual(u0);
    const raws = clients.map((c) => c.frames.filter((f) => f.msg.type === 'next')[1]!);
    expect(new Set(raws.map((f) => f.raw)).size).toBe(1);
    expect(raws.every((f) => f.binary === false)).toBe(true);
    await closeAll();
  });

  it('a late joiner gets a SNAPSHOT of now, then the same changes as everyone', async () => {
    const a = await connect(url);
    await a.subscribe('s');
    await change(stack);
    const aChange = await a.nth('s', 1);
    const b = await connect(url);
    const bSnap = await b.subscribe('s');
    expect(bSnap.kind).toBe('SNAPSHOT');
    expect(bSnap.sequence).toBeGreaterThanOrEqual(aChange.sequence);
    expect(held(b.updates('s'))).toEqual(held(a.updates('s')));

    await change(stack);
    const [a2, b2] = await Promise.all([a.nth('s', 2), b.nth('s', 1)]);
    expect(b2).toEqual(a2);
    expect(b2.kind).toBe('CHANGE');
    expect(held(b.updates('s'))).toEqual(held(a.updates('s')));
    expect(stack.gateway.sharedSubscriptions.stats().groups).toBe(1);
    expect(hubQueueSubscribers(stack)).toBe(1);
    await closeAll();
  });

  it('different filters do not share, and each sees only its queues', async () => {
    const all = await connect(url);
    const snapAll = await all.subscribe('q');
    const oneQueue = snapAll.changes[0]!.queueId;
    const one = await connect(url);
    const snapOne = await one.subscribe('q', { filter: { queueIds: [oneQueue] } });
    expect(snapAll.changes.length).toBe(4);
    expect(snapOne.changes.map((c) => c.queueId)).toEqual([oneQueue]);
    expect(stack.gateway.sharedSubscriptions.stats().groups).toBe(2);
    await change(stack);
    await all.nth('q', 1);
    // Give the filtered one the same chance to receive something, then check it saw only its queue.
    await new Promise((r) => setTimeout(r, 100));
    for (const u of one.updates('q')) for (const c of u.changes) expect(c.queueId).toBe(oneQueue);
    await closeAll();
  });

  it('unsubscribing one, even the first, leaves the others; the last one out stops the hub subscription', async () => {
    const a = await connect(url);
    const b = await connect(url);
    await a.subscribe('x');
    await b.subscribe('x');
    a.complete('x');
    await a.until(() => (stack.gateway.sharedSubscriptions.stats().subscribers === 1 ? true : undefined));
    await change(stack);
    expect((await b.nth('x', 1)).kind).toBe('CHANGE');
    expect(a.updates('x')).toHaveLength(1);
    b.complete('x');
    await b.until(() => (stack.gateway.sharedSubscriptions.stats().groups === 0 && hubQueueSubscribers(stack) === 0 ? true : undefined));
    expect(await liveGauge(stack, 'queueStatusChanged')).toBe(0);
    await closeAll();
  });

  it('a bad filter is answered with its error to each subscriber, and nothing stays open', async () => {
    const c = await connect(url);
    c.ws.send(JSON.stringify({ id: 'bad', type: 'subscribe', payload: { query: QUEUES, variables: { filter: { queueIds: ['not-a-global-id'] } } } }));
    const err = await c.until(() => c.frames.find((f) => f.msg.id === 'bad' && f.msg.type === 'next'));
    expect(err.msg.payload.errors?.[0]?.message).toBeTruthy();
    await c.until(() => c.frames.find((f) => f.msg.id === 'bad' && f.msg.type === 'complete'));
    expect(stack.gateway.sharedSubscriptions.stats().groups).toBe(0);
    await closeAll();
  });
});

describe('shared live subscriptions keep callers with different roles apart', () => {
  const VIEWER_KEY = 'viewer-key-0123456789abcdef';
  const OTHER_VIEWER_KEY = 'viewer-key-fedcba9876543210';
  const ADMIN_KEY = 'admin-key-0123456789abcdef';
  let stack: Stack;
  let url: string;
  beforeAll(async () => {
    stack = await startStack({
      sim: { agents: 10, queues: 3 },
      env: {
        POLL_SINCH_MS: '600000',
        CCGRAPH_API_KEYS: `viewer:${sha256Hex(VIEWER_KEY)},viewer:${sha256Hex(OTHER_VIEWER_KEY)},admin:${sha256Hex(ADMIN_KEY)}`,
      },
    });
    url = stack.url.replace('http', 'ws') + '/graphql';
  });
  afterAll(async () => {
    await closeAll();
    await stack?.close();
  });

  it('shares among callers with the same roles, not across roles', async () => {
    const viewer = await connect(url, { authorization: `Bearer ${VIEWER_KEY}` });
    const otherViewer = await connect(url, { 'x-api-key': OTHER_VIEWER_KEY });
    const admin = await connect(url, { authorization: `Bearer ${ADMIN_KEY}` });
    await viewer.subscribe('1');
    await otherViewer.subscribe('1');
    await admin.subscribe('1');
    expect(stack.gateway.sharedSubscriptions.stats()).toMatchObject({ groups: 2, subscribers: 3 });
    expect(hubQueueSubscribers(stack)).toBe(2);
    await change(stack);
    const [v, o, ad] = await Promise.all([viewer.nth('1', 1), otherViewer.nth('1', 1), admin.nth('1', 1)]);
    expect(o).toEqual(v);
    expect(ad).toEqual(v);
  });
});
