// Issue 14: subscriptions keep every readable row AND say that rows were dropped. A Sinch in front of the
// simulator breaks one agent row (empty id) and one queue status row (a word where a count belongs) while `broken`
// is set; real graphql-ws and SSE subscriptions to a real gateway then carry one VENDOR_DATA_PARTIAL error per
// vendor resource beside every readable row, and none once the vendor sends only readable rows. A CoBrowser in front
// of the simulator does the same to one signed-in agent (a second vendor on the same path).
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { wsClient } from '../helpers/ws.js';

const AGENTS = 'subscription { agentStatusChanged { kind changes { agentId agent { name availability } } } }';
const QUEUES = 'subscription { queueStatusChanged { kind changes { queueId queue { name agentsFree } } } }';

type Result = { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

/** The first result of a graphql-ws subscription, errors included (test/helpers/ws.ts throws on errors). */
function firstResult(client: Client, query: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message within 15 s')), 15_000);
    const dispose = client.subscribe({ query }, {
      next: (r) => {
        clearTimeout(timer);
        dispose();
        resolve(r as Result);
      },
      error: (e) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(JSON.stringify(e)));
      },
      complete: () => {},
    });
  });
}

/** Every result of a graphql-ws subscription, errors included, read one at a time. */
function results(client: Client, query: string) {
  const got: Result[] = [];
  const dispose = client.subscribe({ query }, { next: (r) => void got.push(r as Result), error: () => {}, complete: () => {} });
  let read = 0;
  return {
    async next(ms = 15_000): Promise<Result> {
      const end = performance.now() + ms;
      while (got.length <= read) {
        if (performance.now() > end) throw new Error(`no message within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return got[read++]!;
    },
    dispose,
  };
}

/** The first `next` event of a subscription over SSE (graphql-sse "distinct connections" mode, as yoga serves it). */
async function firstSseResult(url: string, query: string): Promise<Result> {
  const abort = new AbortController();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query }),
    signal: abort.signal,
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended: ${text}`);
      text += decoder.decode(value, { stream: true });
      const m = /event: next\ndata: (.*)\n\n/.exec(text);
      if (m) return JSON.parse(m[1]!) as Result;
    }
  } finally {
    abort.abort();
  }
}

const partialErrors = (r: Result) => (r.errors ?? []).filter((e) => e.extensions?.code === 'VENDOR_DATA_PARTIAL');

describe('subscriptions report rows a vendor sent unreadable (VENDOR_DATA_PARTIAL)', () => {
  let stack: Stack;
  let client: Client;
  let broken = true;
  beforeAll(async () => {
    stack = await startStack({
      sim: { seed: 7, agents: 30, queues: 5 },
      env: { POLL_SINCH_MS: '500' },
      rewrite: {
        vendors: ['SINCH_BASE_URL'],
        body: (path, text) => {
          if (!broken || !(path.includes('/RI/rmi/agents?') || path.includes('/RI/rmi/queueStatuses'))) return text;
          const rows = JSON.parse(text) as Array<Record<string, unknown>>;
          if (rows.length) rows[0] = path.includes('/agents?') ? { ...rows[0], id: '' } : { ...rows[0], agentsFree: 'many' };
          return JSON.stringify(rows);
        },
      },
    });
    client = wsClient(stack.url);
  }, 60_000);
  afterAll(async () => {
    await client?.dispose();
    await stack?.close();
  });

  const withSinch = (r: Result) =>
    new Set((r.data!.agentStatusChanged.changes as Array<{ agentId: string; agent: { availability: string | null } }>)
      .filter((c) => c.agent.availability !== null)
      .map((c) => c.agentId));

  it('graphql-ws: every readable agent and queue, and one VENDOR_DATA_PARTIAL per vendor resource; none once all rows read', async () => {
    broken = true;
    const [agents, queues] = await Promise.all([firstResult(client, AGENTS), firstResult(client, QUEUES)]);
    expect(agents.data!.agentStatusChanged.kind).toBe('SNAPSHOT');
    expect(partialErrors(agents)).toEqual([
      expect.objectContaining({ extensions: { code: 'VENDOR_DATA_PARTIAL', vendor: 'sinch', resource: 'agents', droppedRows: 1 } }),
    ]);
    expect(partialErrors(queues)).toEqual([
      expect.objectContaining({ extensions: { code: 'VENDOR_DATA_PARTIAL', vendor: 'sinch', resource: 'queueStatuses', droppedRows: 1 } }),
    ]);
    // Nothing else went wrong: the partial errors are the only errors.
    expect(agents.errors).toHaveLength(1);
    expect(queues.errors).toHaveLength(1);
    const brokenAgents = withSinch(agents);
    const brokenQueues = queues.data!.queueStatusChanged.changes.length as number;

    // The vendor sends only readable rows again: after the next polls, a new subscription has no error and one more row.
    broken = false;
    await new Promise((r) => setTimeout(r, 1_500));
    const [agents2, queues2] = await Promise.all([firstResult(client, AGENTS), firstResult(client, QUEUES)]);
    expect(agents2.errors ?? []).toEqual([]);
    expect(queues2.errors ?? []).toEqual([]);
    const allAgents = withSinch(agents2);
    expect(allAgents.size).toBe(brokenAgents.size + 1);
    for (const id of brokenAgents) expect(allAgents.has(id)).toBe(true);
    expect(queues2.data!.queueStatusChanged.changes).toHaveLength(brokenQueues + 1);
  }, 30_000);

  it('graphql-ws: a CHANGE event while the rows stay unreadable carries the error too', async () => {
    broken = true;
    await new Promise((r) => setTimeout(r, 1_500));
    const sub = results(client, QUEUES);
    try {
      const snap = await sub.next();
      expect(snap.data!.queueStatusChanged.kind).toBe('SNAPSHOT');
      expect(partialErrors(snap)).toHaveLength(1);
      stack.sim.advance(20 * 60_000); // contacts arrive and are served: queue figures change
      const change = await sub.next();
      expect(change.data!.queueStatusChanged.kind).toBe('CHANGE');
      expect(change.data!.queueStatusChanged.changes.length).toBeGreaterThan(0);
      expect(partialErrors(change)).toEqual([
        expect.objectContaining({ extensions: { code: 'VENDOR_DATA_PARTIAL', vendor: 'sinch', resource: 'queueStatuses', droppedRows: 1 } }),
      ]);
    } finally {
      sub.dispose();
    }
  }, 30_000);

  it('SSE: the snapshot carries the same VENDOR_DATA_PARTIAL while the rows are unreadable', async () => {
    broken = true;
    await new Promise((r) => setTimeout(r, 1_500));
    const r = await firstSseResult(stack.url, QUEUES);
    expect(r.data!.queueStatusChanged.kind).toBe('SNAPSHOT');
    expect(partialErrors(r)).toEqual([
      expect.objectContaining({ extensions: { code: 'VENDOR_DATA_PARTIAL', vendor: 'sinch', resource: 'queueStatuses', droppedRows: 1 } }),
    ]);
    broken = false;
  }, 30_000);
});

describe('a CoBrowser row the gateway cannot read (VENDOR_DATA_PARTIAL on agent subscriptions)', () => {
  let stack: Stack;
  let client: Client;
  beforeAll(async () => {
    // The first signed-in agent comes back as a number instead of an object.
    stack = await startStack({
      sim: { seed: 7, agents: 30, queues: 5 },
      env: { POLL_COBROWSER_MS: '1000' },
      rewrite: {
        vendors: ['COBROWSER_BASE_URL'],
        body: (path, text) => {
          if (!path.includes('c=getOnlineAgents')) return text;
          const o = JSON.parse(text) as { getOnlineAgents: unknown[] | Record<string, unknown> };
          const list = o.getOnlineAgents;
          if (Array.isArray(list)) {
            if (list.length) list[0] = 42;
          } else if (list && typeof list === 'object') {
            const first = Object.keys(list)[0];
            if (first !== undefined) list[first] = 42;
          }
          return JSON.stringify(o);
        },
      },
    });
    client = wsClient(stack.url);
  }, 60_000);
  afterAll(async () => {
    await client?.dispose();
    await stack?.close();
  });

  it('graphql-ws and SSE: every readable agent, and one error naming CoBrowser and the dropped row', async () => {
    const query = 'subscription { agentStatusChanged { kind changes { agentId agent { name chatOnline } } } }';
    for (const r of [await firstResult(client, query), await firstSseResult(stack.url, query)]) {
      expect(r.data!.agentStatusChanged.kind).toBe('SNAPSHOT');
      expect(r.data!.agentStatusChanged.changes.length).toBeGreaterThan(0);
      expect(r.errors).toEqual([
        expect.objectContaining({ extensions: { code: 'VENDOR_DATA_PARTIAL', vendor: 'cobrowser', resource: 'getOnlineAgents', droppedRows: 1 } }),
      ]);
    }
  }, 30_000);
});
