/**
 * Live read fields over a real gateway and the simulator: while a vendor is down they serve its last good
 * snapshot, marked stale with its age and one VENDOR_UNAVAILABLE error; they are fresh again on the first request
 * after the vendor returns; with a cold cache or a too-old snapshot they are null with an error, as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

const LIVE = `{
  queues {
    queueId
    status { waitingNow longestWaitMs waitingArrivedHere agents { serving available busy wrapUp notReady paused } asOf stale }
  }
  agents(first: 30) {
    nodes {
      key
      state
      rawStatus
      ready
      stateDurationMs
      stateSince
      presence { name }
      queues { queue { queueId } serving }
      activeContacts { phone chat email }
      handledContacts { total }
      chatSlots { slots freeSlots openChats }
      liveAsOf
      stale
    }
  }
}`;

interface Status {
  waitingNow: number;
  asOf: string;
  stale: boolean;
  [k: string]: unknown;
}
interface AgentNode {
  key: string;
  state: string | null;
  stateSince: string | null;
  chatSlots: { slots: number } | null;
  liveAsOf: string | null;
  stale: boolean;
  [k: string]: unknown;
}
interface LiveData {
  queues: Array<{ queueId: string; status: Status | null }> | null;
  agents: { nodes: AgentNode[] };
}
type Result = Awaited<ReturnType<Stack['run']>> & { body: { data?: LiveData } };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Sinch part of an agent (what a Sinch outage serves from the snapshot). */
const sinchPart = ({ chatSlots: _c, liveAsOf: _l, stale: _s, ...rest }: AgentNode) => rest;
/** Queue figures without the marking. */
const figures = (qs: LiveData['queues']) =>
  qs?.map((q) => ({ queueId: q.queueId, status: q.status && { ...q.status, asOf: undefined, stale: undefined } })) ?? null;

async function live(stack: Stack): Promise<Result> {
  const r = (await stack.run<LiveData>(LIVE)) as Result;
  expect(r.status).toBe(200);
  return r;
}

function expectFresh(r: Result, since: number) {
  expect(r.body.errors).toBeUndefined();
  const d = r.body.data!;
  expect(d.queues!.length).toBeGreaterThan(0);
  for (const q of d.queues!) {
    expect(q.status!.stale).toBe(false);
    expect(Date.parse(q.status!.asOf)).toBeGreaterThanOrEqual(since);
  }
  expect(d.agents.nodes.some((n) => n.state !== null)).toBe(true);
  for (const n of d.agents.nodes) {
    expect(n.stale).toBe(false);
    if (n.liveAsOf !== null) expect(Date.parse(n.liveAsOf)).toBeGreaterThanOrEqual(since);
  }
}

/** The one error of a stale response. */
function expectOneStaleError(r: Result, vendor: string, vendorCode: string, asOf: string) {
  expect(r.body.errors).toHaveLength(1);
  const e = r.body.errors![0]!;
  expect(e.extensions).toMatchObject({ code: 'VENDOR_UNAVAILABLE', vendor, vendorCode, stale: true, asOf });
  expect(e.path).toBeUndefined();
}

/** Every error is a plain (not stale) VENDOR_UNAVAILABLE of the vendor: the behaviour without a usable snapshot. */
function expectUnavailableWithoutData(r: Result, vendor: string) {
  expect(r.body.errors?.length).toBeGreaterThan(0);
  for (const e of r.body.errors!) {
    expect(e.extensions).toMatchObject({ code: 'VENDOR_UNAVAILABLE', vendor });
    expect(e.extensions?.stale).toBeUndefined();
  }
  const d = r.body.data!;
  expect(d.queues).toBeNull();
  expect(d.agents.nodes.length).toBeGreaterThan(0); // people still come from the identity file
  for (const n of d.agents.nodes) {
    expect(n.state).toBeNull();
    expect(n.stale).toBe(false);
  }
}

describe('Sinch or CoBrowser answering errors (503)', () => {
  let stack: Stack;
  beforeAll(async () => {
    // No retries: each request makes one call per list, so a few failures never open the circuit breaker.
    stack = await startStack({ env: { VENDOR_RETRIES: '0' } });
  });
  afterAll(async () => {
    stack.sim.faults.clear();
    await stack.close();
  });

  it('Sinch down: queue status and agent live fields are the last good snapshot, marked stale with its age', async () => {
    const warm = await live(stack);
    expectFresh(warm, 0);
    const warmData = warm.body.data!;
    const warmAsOf = warmData.queues![0]!.status!.asOf;
    // The contact center moves on, so "same as the snapshot" below cannot be a fresh read by accident.
    stack.sim.advance(120_000);

    stack.sim.faults.set('sinch', { status: 503 });
    const askedAt = Date.now();
    let down: Result;
    try {
      down = await live(stack);
    } finally {
      stack.sim.faults.clear();
    }
    const d = down.body.data!;
    expectOneStaleError(down, 'sinch', 'SERVER_ERROR', warmAsOf);
    expect(Date.parse(warmAsOf)).toBeLessThan(askedAt);
    expect(figures(d.queues)).toEqual(figures(warmData.queues));
    for (const q of d.queues!) expect(q.status).toMatchObject({ stale: true, asOf: warmAsOf });
    expect(d.agents.nodes.map(sinchPart)).toEqual(warmData.agents.nodes.map(sinchPart));
    const withState = d.agents.nodes.filter((n) => n.state !== null);
    expect(withState.length).toBeGreaterThan(0);
    for (const n of withState) expect(n).toMatchObject({ stale: true, liveAsOf: warmAsOf });

    // Sinch is back: the very next request is fresh, and shows the moved-on contact center.
    const backAt = Date.now();
    const back = await live(stack);
    expectFresh(back, backAt);
    expect(back.body.data!.agents.nodes.map(sinchPart)).not.toEqual(warmData.agents.nodes.map(sinchPart));
  });

  it('CoBrowser down: chat slots are stale, Sinch fields stay fresh', async () => {
    const warm = await live(stack);
    expectFresh(warm, 0);
    const warmNodes = warm.body.data!.agents.nodes;
    const chatAsOf = warmNodes.find((n) => n.chatSlots !== null)!.liveAsOf!;

    stack.sim.faults.set('cobrowser', { status: 503 });
    let down: Result;
    try {
      down = await live(stack);
    } finally {
      stack.sim.faults.clear();
    }
    expectOneStaleError(down, 'cobrowser', 'SERVER_ERROR', chatAsOf);
    const d = down.body.data!;
    for (const q of d.queues!) expect(q.status!.stale).toBe(false);
    for (const [i, n] of d.agents.nodes.entries()) {
      const before = warmNodes[i]!;
      expect(n.key).toBe(before.key);
      expect(n.chatSlots).toEqual(before.chatSlots);
      // Stale exactly when the agent shows CoBrowser data; its age is then the CoBrowser snapshot's.
      expect(n.stale).toBe(before.chatSlots !== null);
      if (n.stale) expect(n.liveAsOf).toBe(chatAsOf);
    }
    expectFresh(await live(stack), 0);
  });
});

describe('Sinch not answering (timeout)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { VENDOR_TIMEOUT_MS: '300', VENDOR_RETRIES: '0' } });
  });
  afterAll(async () => {
    stack.sim.faults.clear();
    await stack.close();
  });

  it('serves the last good snapshot with a TIMEOUT error, and recovers on the next request', async () => {
    const warm = await live(stack);
    expectFresh(warm, 0);
    const warmAsOf = warm.body.data!.queues![0]!.status!.asOf;

    stack.sim.faults.set('sinch', { timeout: true });
    let down: Result;
    try {
      down = await live(stack);
    } finally {
      stack.sim.faults.clear();
    }
    expectOneStaleError(down, 'sinch', 'TIMEOUT', warmAsOf);
    expect(figures(down.body.data!.queues)).toEqual(figures(warm.body.data!.queues));
    for (const q of down.body.data!.queues!) expect(q.status).toMatchObject({ stale: true, asOf: warmAsOf });
    expect(down.body.data!.agents.nodes.filter((n) => n.stale).length).toBeGreaterThan(0);

    const backAt = Date.now();
    expectFresh(await live(stack), backAt);
  });
});

describe('without a usable snapshot', () => {
  let stack: Stack;
  const MAX_AGE_MS = 50;
  beforeAll(async () => {
    stack = await startStack({ env: { VENDOR_RETRIES: '0', CCGRAPH_STALE_MAX_AGE_MS: String(MAX_AGE_MS) } });
  });
  afterAll(async () => {
    stack.sim.faults.clear();
    await stack.close();
  });

  it('cold cache and Sinch down: null with a VENDOR_UNAVAILABLE error, as before', async () => {
    stack.sim.faults.set('sinch', { status: 503 });
    try {
      expectUnavailableWithoutData(await live(stack), 'sinch');
    } finally {
      stack.sim.faults.clear();
    }
  });

  it('a snapshot older than CCGRAPH_STALE_MAX_AGE_MS is not served', async () => {
    expectFresh(await live(stack), 0);
    await sleep(MAX_AGE_MS * 3);
    stack.sim.faults.set('sinch', { status: 503 });
    try {
      expectUnavailableWithoutData(await live(stack), 'sinch');
    } finally {
      stack.sim.faults.clear();
    }
    expectFresh(await live(stack), 0);
  });
});
