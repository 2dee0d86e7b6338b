/**
 * The read graph end to end: simulator (all five vendor APIs over HTTP) → real connectors → schema, through
 * yoga.fetch. One simulator for the file; a fresh graph (services + connectors) where a test needs a cold cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityFileEntry } from '../../src/domain/model.js';
import { encodeGlobalID } from '../../src/schema/ids.js';
import { createGraph, errorsWithCode, graphOverSim, startSim, type GqlResult, type Sim, type SimGraph } from '../helpers/graph.js';

let sim: Sim;
let graph: SimGraph;
let people: IdentityFileEntry[];
const graphs: SimGraph[] = [];

const fresh = (env?: Record<string, string>) => {
  const g = graphOverSim(sim, env);
  graphs.push(g);
  return g;
};

beforeAll(async () => {
  sim = await startSim({ agents: 40, queues: 4 });
  // Let the contact center run for a while: logins, contacts, wrap-ups.
  for (let i = 0; i < 30; i++) sim.advance(60_000);
  graph = fresh();
  people = sim.identities();
});

afterAll(async () => {
  await Promise.all(graphs.map((g) => g.close()));
  await sim.close();
});

const ok = <T = any>(r: GqlResult<T>) => {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data as any;
};
const codes = (r: GqlResult) => (r.errors ?? []).map((e) => e.extensions?.code);
const hours = (h: number) => new Date(sim.now().getTime() + h * 3_600_000).toISOString();

/** A person with an account at every vendor. */
const fullPerson = () => people.find((p) => Object.keys(p.accounts).length === 5)!;

describe('agents', () => {
  it('pages through everyone with cursors, 100 at most per page', async () => {
    const first = ok(await graph.run('{ agents(first: 15) { totalCount pageInfo { hasNextPage endCursor } nodes { id name } } }'));
    expect(first.agents.totalCount).toBe(people.length);
    expect(first.agents.nodes).toHaveLength(15);
    expect(first.agents.pageInfo.hasNextPage).toBe(true);
    const rest = ok(
      await graph.run('query($a: String) { agents(first: 100, after: $a) { pageInfo { hasNextPage } nodes { id name } } }', {
        a: first.agents.pageInfo.endCursor,
      }),
    );
    expect(rest.agents.pageInfo.hasNextPage).toBe(false);
    const all = [...first.agents.nodes, ...rest.agents.nodes];
    expect(new Set(all.map((n: any) => n.id)).size).toBe(people.length);
    const names = all.map((n: any) => n.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const last = ok(await graph.run('{ agents(last: 2) { pageInfo { hasPreviousPage } nodes { name } } }'));
    expect(last.agents.nodes.map((n: any) => n.name)).toEqual(names.slice(-2));
    expect(last.agents.pageInfo.hasPreviousPage).toBe(true);
  });

  it('rejects oversized pages and foreign cursors with BAD_USER_INPUT', async () => {
    for (const q of [
      '{ agents(first: 101) { totalCount } }',
      '{ agents(last: 500) { totalCount } }',
      '{ agents(first: -1) { totalCount } }',
      '{ agents(first: 5, after: "bm90LWEtY3Vyc29y") { totalCount } }',
      '{ contacts(first: 1000) { totalCount } }',
    ]) {
      const r = await graph.run(q);
      expect(r.status).toBe(200);
      expect(codes(r), q).toEqual(['BAD_USER_INPUT']);
    }
    const r = await graph.run('{ agents(first: 101) { totalCount } }');
    expect(r.errors![0]!.message).toMatch(/at most 100/);
  });

  it('reads one agent across every vendor, by id and by node', async () => {
    const p = fullPerson();
    const id = encodeGlobalID('Agent', p.key);
    const from = hours(-24 * 7);
    const to = hours(1);
    const r = ok(
      await graph.run(
        `query($id: ID!, $from: DateTime!, $to: DateTime!) {
          agent(id: $id) { id key name email linkedBy state rawStatus stateSince stateDurationMs
            presence { id name current } presenceProfiles { id name type current }
            queues { queue { id queueId name } serving handledCallsIn }
            handledContacts { total } activeContacts { chatCapacity }
            chatSlots { chatAgentId slots freeSlots agent { key } }
            accounts { __typename vendor accountId ... on ThuliumAccount { login } ... on SinchAccount { extension } }
            work(from: $from, to: $to, aggregateBy: DAY) { login period inboundCalls agent { key } } }
          node(id: $id) { id ... on Agent { key } }
          nodes(ids: [$id]) { id }
        }`,
        { id, from, to },
      ),
    );
    const a = r.agent;
    expect(a).toMatchObject({ id, key: p.key, name: p.name, linkedBy: 'FILE' });
    expect(['LOGGED_OUT', 'AVAILABLE', 'BUSY', 'WRAP_UP', 'PAUSED', 'NOT_READY']).toContain(a.state);
    expect(typeof a.rawStatus).toBe('string');
    expect(new Date(a.stateSince).getTime()).toBeLessThanOrEqual(Date.now());
    expect(a.presenceProfiles.length).toBeGreaterThan(0);
    expect(a.presenceProfiles.filter((x: any) => x.current).length).toBeLessThanOrEqual(1);
    expect(a.queues.length).toBeGreaterThan(0);
    expect(a.chatSlots).toMatchObject({ chatAgentId: p.accounts.cobrowser, agent: { key: p.key } });
    expect(a.accounts).toEqual([
      expect.objectContaining({ __typename: 'SinchAccount', vendor: 'SINCH', accountId: p.accounts.sinch }),
      expect.objectContaining({ __typename: 'CoBrowserAccount', vendor: 'COBROWSER', accountId: p.accounts.cobrowser }),
      expect.objectContaining({ __typename: 'ThuliumAccount', login: p.accounts.thulium }),
      expect.objectContaining({ __typename: 'WolkvoxAccount', accountId: p.accounts.wolkvox }),
      expect.objectContaining({ __typename: 'CcAgentAccount', accountId: p.accounts.ccagent }),
    ]);
    expect(a.work.length).toBeGreaterThan(0);
    expect(a.work.every((w: any) => w.login === p.accounts.thulium && w.agent.key === p.key)).toBe(true);
    expect(r.node).toEqual({ id, key: p.key });
    expect(r.nodes).toEqual([{ id }]);
  });

  it('filters by state, vendor, queue and text', async () => {
    const all = ok(await graph.run('{ agents(first: 100) { nodes { name state accounts { vendor } queues { queue { id } } } } }'))
      .agents.nodes as any[];
    const run = async (filter: object) =>
      ok(await graph.run('query($f: AgentFilter) { agents(first: 100, filter: $f) { nodes { name } } }', { f: filter })).agents.nodes.map(
        (n: any) => n.name,
      );
    const state = all[0].state;
    expect(await run({ states: [state] })).toEqual(all.filter((a) => a.state === state).map((a) => a.name));
    expect(await run({ vendors: ['WOLKVOX'] })).toEqual(
      all.filter((a) => a.accounts.some((x: any) => x.vendor === 'WOLKVOX')).map((a) => a.name),
    );
    const queueId = all[0].queues[0].queue.id;
    expect(await run({ queueId })).toEqual(
      all.filter((a) => a.queues.some((m: any) => m.queue.id === queueId)).map((a) => a.name),
    );
    const target = all[3].name as string;
    expect(await run({ text: target.toUpperCase() })).toContain(target);
  });

  it('links by email, case-insensitively, when no identity file links the accounts', async () => {
    const g = fresh();
    const bare = createGraph({ connectors: g.connectors, identityFile: [] });
    const r = ok(await bare.run('{ agents(first: 100) { totalCount nodes { name linkedBy email accounts { vendor accountId } } } }'));
    const withCob = people.filter((p) => p.accounts.cobrowser);
    // Every Sinch agent; CoBrowser accounts merge into them by email, so no extra people appear.
    expect(r.agents.totalCount).toBe(people.length);
    const linked = r.agents.nodes.filter((n: any) => n.linkedBy === 'EMAIL');
    expect(linked).toHaveLength(withCob.length);
    // The simulator types a few CoBrowser usernames in different case; they link all the same.
    const mixed = sim.model.agents.filter((a) => a.cobrowserUsername && a.cobrowserUsername !== a.email);
    expect(mixed.length).toBeGreaterThan(0);
    for (const a of mixed) {
      const n = r.agents.nodes.find((x: any) => x.accounts.some((acc: any) => acc.vendor === 'SINCH' && acc.accountId === a.id));
      expect(n.linkedBy).toBe('EMAIL');
      expect(n.accounts.find((acc: any) => acc.vendor === 'COBROWSER').accountId).toBe(a.cobrowserId);
    }
  });

  it('answers bad and unknown ids precisely', async () => {
    const unknown = encodeGlobalID('Agent', 'nobody-here');
    const r1 = await graph.run('query($id: ID!) { agent(id: $id) { name } node(id: $id) { id } }', { id: unknown });
    expect(r1.errors).toBeUndefined();
    expect(r1.data).toEqual({ agent: null, node: null });
    for (const id of ['garbage!!', encodeGlobalID('Spaceship', '1'), encodeGlobalID('Queue', 'not-hex'), '']) {
      const r = await graph.run('query($id: ID!) { agent(id: $id) { name } }', { id });
      expect(codes(r), id).toEqual(['BAD_USER_INPUT']);
      const n = await graph.run('query($id: ID!) { node(id: $id) { id } }', { id });
      expect(codes(n), id).toEqual(['BAD_USER_INPUT']);
    }
  });
});

describe('queues', () => {
  it('lists queues with live status, thresholds, members and KPIs; refetches by id', async () => {
    const r = ok(
      await graph.run(`query($from: DateTime!, $to: DateTime!) { queues { id queueId name channel
        status { waitingNow longestWaitMs agents { serving available busy wrapUp notReady paused } asOf }
        thresholds { groupName serviceLevelPercent { warning critical } maxWaitMs { warning } }
        members { key }
        kpis(from: $from, to: $to) { from to offered handled abandoned answeredOnTime serviceLevel abandonRate averageSpeedOfAnswerMs averageHandleTimeMs } } }`,
        { from: hours(-3), to: hours(1) }),
    );
    expect(r.queues).toHaveLength(sim.model.queues.length);
    for (const q of r.queues) {
      expect(q.queueId).toMatch(/^[0-9A-F]{32}$/);
      expect(q.status.agents.serving).toBeGreaterThanOrEqual(0);
      expect(q.members.length).toBeGreaterThan(0);
      const k = q.kpis;
      expect(k.offered).toBe(k.handled + k.abandoned);
      if (k.offered > 0) {
        expect(k.serviceLevel).toBeCloseTo(k.answeredOnTime / k.offered, 10);
        expect(k.abandonRate).toBeCloseTo(k.abandoned / k.offered, 10);
      } else {
        expect(k.serviceLevel).toBeNull();
      }
    }
    expect(r.queues.some((q: any) => q.kpis.handled > 0)).toBe(true);
    const one = ok(await graph.run('query($id: ID!) { queue(id: $id) { name } node(id: $id) { ... on Queue { queueId } } }', { id: r.queues[0].id }));
    expect(one).toEqual({ queue: { name: r.queues[0].name }, node: { queueId: r.queues[0].queueId } });
    const missing = await graph.run('query($id: ID!) { queue(id: $id) { name } }', { id: encodeGlobalID('Queue', 'F'.repeat(32)) });
    expect(missing.errors).toBeUndefined();
    expect(missing.data).toEqual({ queue: null });
  });

  it('validates KPI ranges', async () => {
    for (const [from, to] of [
      [hours(0), hours(-1)],
      [hours(-24 * 40), hours(0)],
      ['1900-01-01T00:00:00Z', '1900-01-02T00:00:00Z'],
    ]) {
      const r = await graph.run('query($f: DateTime, $t: DateTime) { queues { kpis(from: $f, to: $t) { offered } } }', { f: from, t: to });
      expect(new Set(codes(r))).toEqual(new Set(['BAD_USER_INPUT']));
    }
  });
});

describe('contacts', () => {
  it('lists, filters and refetches contacts with their timeline', async () => {
    const r = ok(
      await graph.run(`query($from: DateTime!) { contacts(first: 20, filter: { from: $from }) { totalCount
        nodes { id contactId channel status arrivalTime queuingMs handlingMs agent { key } queue { queueId } } } }`, {
        from: hours(-2),
      }),
    );
    expect(r.contacts.totalCount).toBeGreaterThan(0);
    const times = r.contacts.nodes.map((c: any) => Date.parse(c.arrivalTime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const c = r.contacts.nodes.find((x: any) => x.agent) ?? r.contacts.nodes[0];
    const one = ok(await graph.run('query($id: ID!) { contact(id: $id) { contactId events { event time } } }', { id: c.id }));
    expect(one.contact.contactId).toBe(c.contactId);
    expect(one.contact.events.length).toBeGreaterThan(0);
    const active = ok(await graph.run('{ contacts(first: 100, filter: { inProcess: true }) { nodes { status } } }'));
    expect(active.contacts.nodes.length).toBeGreaterThan(0);
    for (const x of active.contacts.nodes) expect(x.status).toMatch(/^IN_/);
    const chats = ok(await graph.run('query($from: DateTime!) { contacts(first: 100, filter: { from: $from, channels: [CHAT] }) { nodes { channel } } }', { from: hours(-2) }));
    expect(chats.contacts.nodes.length).toBeGreaterThan(0);
    for (const x of chats.contacts.nodes) expect(x.channel).toBe('CHAT');
  });

  it('rejects bad ranges and answers unknown contacts with null', async () => {
    for (const filter of [
      { from: hours(0), to: hours(-1) },
      { from: hours(-24 * 60), to: hours(0) },
      { from: '3000-01-01T00:00:00Z', to: '3000-01-02T00:00:00Z' },
    ]) {
      const r = await graph.run('query($f: ContactFilter) { contacts(first: 5, filter: $f) { totalCount } }', { f: filter });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    }
    const r = await graph.run('query($id: ID!) { contact(id: $id) { contactId } }', { id: encodeGlobalID('Contact', '0'.repeat(32)) });
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ contact: null });
  });
});

describe('reports and vendors', () => {
  it('builds every report', async () => {
    const from = hours(-24 * 3);
    const to = hours(1);
    const r = ok(
      await graph.run(
        `query($from: DateTime!, $to: DateTime!, $today: DateTime!) {
          agentWorkReport(from: $from, to: $to, aggregateBy: DAY) { __typename title from to generatedAt rowCount rows { login agent { key } inboundCalls } }
          cobrowsingReport(from: $from, to: $to) { title rowCount totalDurationSeconds rows { agentId durationSeconds agent { key } } }
          queueIntervalReport(from: $today) { rowCount rows { queue { name } intervalStart handled } totals { offered handled serviceLevel } }
          chatSlotReport { rowCount totalSlots freeSlots rows { chatAgentId slots agent { key } } }
          reports: agentWorkReport(from: $from, to: $to, logins: ["nobody"]) { ... on Report { rowCount } }
        }`,
        { from, to, today: hours(-3) },
      ),
    );
    expect(r.agentWorkReport.__typename).toBe('AgentWorkReport');
    expect(r.agentWorkReport.rowCount).toBeGreaterThan(0);
    expect(r.agentWorkReport.rows.every((x: any) => x.agent?.key)).toBe(true);
    expect(r.cobrowsingReport.rowCount).toBeGreaterThan(0);
    expect(r.cobrowsingReport.rows.every((x: any) => x.agent?.key)).toBe(true);
    expect(r.queueIntervalReport.rowCount).toBeGreaterThan(0);
    expect(r.queueIntervalReport.totals.handled).toBe(r.queueIntervalReport.rows.reduce((s: number, x: any) => s + x.handled, 0));
    expect(r.chatSlotReport.rowCount).toBe(people.filter((p) => p.accounts.cobrowser).length);
    expect(r.reports.rowCount).toBe(0);
  });

  it('validates report ranges', async () => {
    const r = await graph.run(
      `query($a: DateTime!, $b: DateTime!) { agentWorkReport(from: $a, to: $b) { rowCount } cobrowsingReport(from: $a, to: $b) { rowCount }
        queueIntervalReport(from: $a, to: $b) { rowCount } }`,
      { a: hours(0), b: hours(-5) },
    );
    expect(codes(r)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(r.data).toEqual({ agentWorkReport: null, cobrowsingReport: null, queueIntervalReport: null });
    const long = await graph.run('query($a: DateTime!, $b: DateTime!) { cobrowsingReport(from: $a, to: $b) { rowCount } }', {
      a: hours(-24 * 400),
      b: hours(0),
    });
    expect(codes(long)).toEqual(['BAD_USER_INPUT']);
  });

  it('reports vendor health', async () => {
    const r = ok(await graph.run('{ vendors { vendor label configured reachable lastErrorCode circuit } }'));
    expect(r.vendors.map((v: any) => v.vendor)).toEqual(['SINCH', 'COBROWSER', 'THULIUM', 'WOLKVOX', 'CCAGENT']);
    expect(r.vendors.every((v: any) => v.configured)).toBe(true);
    expect(r.vendors.find((v: any) => v.vendor === 'SINCH')).toMatchObject({ reachable: true, circuit: 'CLOSED' });
  });
});

describe('partial failure', () => {
  const everything = `query($from: DateTime!, $to: DateTime!) {
    agents(first: 100) { nodes { key name state chatSlots { slots } work(from: $from, to: $to) { login } accounts { vendor accountId } } }
    queues { name status { waitingNow } }
    agentWorkReport(from: $from, to: $to) { rowCount }
    cobrowsingReport(from: $from, to: $to) { rowCount }
    chatSlotReport { rowCount }
  }`;

  const runWithFault = async (vendor: 'sinch' | 'cobrowser' | 'thulium' | 'wolkvox' | 'ccagent') => {
    const g = fresh();
    sim.faults.set(vendor, { status: 503 });
    try {
      return await g.run(everything, { from: hours(-48), to: hours(1) });
    } finally {
      sim.faults.clear();
    }
  };

  const expectVendorError = (r: GqlResult, vendor: string) => {
    expect(r.status).toBe(200);
    const errs = errorsWithCode(r, 'VENDOR_UNAVAILABLE');
    expect(errs.length).toBeGreaterThan(0);
    for (const e of errs) expect(e.extensions).toMatchObject({ vendor, vendorCode: 'SERVER_ERROR' });
    expect(r.errors!.every((e) => e.extensions?.code === 'VENDOR_UNAVAILABLE')).toBe(true);
    // Nothing secret or internal in what the client sees.
    const text = JSON.stringify(r);
    for (const s of [...graph.config.secrets, sim.url, '127.0.0.1']) expect(text).not.toContain(s);
  };

  it('Sinch down: people, chat slots and reports still answer', async () => {
    const r = await runWithFault('sinch');
    expectVendorError(r, 'sinch');
    const d = r.data as any;
    expect(d.queues).toBeNull();
    // People come from the identity file and CoBrowser; only Sinch fields are null.
    expect(d.agents.nodes).toHaveLength(people.length);
    expect(d.agents.nodes.every((n: any) => n.state === null)).toBe(true);
    expect(d.agents.nodes.some((n: any) => n.chatSlots?.slots > 0)).toBe(true);
    expect(d.agentWorkReport.rowCount).toBeGreaterThan(0);
    expect(d.chatSlotReport.rowCount).toBeGreaterThan(0);
  });

  it('CoBrowser down: only chat slots degrade', async () => {
    const r = await runWithFault('cobrowser');
    expectVendorError(r, 'cobrowser');
    const d = r.data as any;
    expect(d.chatSlotReport).toBeNull();
    expect(d.agents.nodes.every((n: any) => n.chatSlots === null)).toBe(true);
    expect(d.agents.nodes.every((n: any) => n.state !== null)).toBe(true);
    expect(d.queues.length).toBeGreaterThan(0);
  });

  it('Thulium down: only work figures degrade', async () => {
    const r = await runWithFault('thulium');
    expectVendorError(r, 'thulium');
    const d = r.data as any;
    expect(d.agentWorkReport).toBeNull();
    expect(d.agents.nodes.every((n: any) => n.work === null)).toBe(true);
    expect(d.agents.nodes.every((n: any) => n.state !== null)).toBe(true);
    expect(d.cobrowsingReport.rowCount).toBeGreaterThan(0);
  });

  it('wolkvox down: only the cobrowsing report degrades', async () => {
    const r = await runWithFault('wolkvox');
    expectVendorError(r, 'wolkvox');
    const d = r.data as any;
    expect(d.cobrowsingReport).toBeNull();
    expect(d.agentWorkReport.rowCount).toBeGreaterThan(0);
    expect(d.queues.length).toBeGreaterThan(0);
  });

  it('cc_agent down: reads are untouched (it has no read API); its accounts still show', async () => {
    const r = await runWithFault('ccagent');
    expect(r.errors).toBeUndefined();
    const d = r.data as any;
    expect(d.agents.nodes.some((n: any) => n.accounts.some((a: any) => a.vendor === 'CCAGENT'))).toBe(true);
  });

  it('reports a vendor that failed while listing people, without failing the list', async () => {
    const g = fresh();
    sim.faults.set('sinch', { malformed: true });
    try {
      const r = await g.run('{ agents(first: 5) { totalCount } }');
      expect((r.data as any).agents.totalCount).toBe(people.length);
      expect(errorsWithCode(r, 'VENDOR_UNAVAILABLE')).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ vendor: 'sinch', vendorCode: 'MALFORMED_RESPONSE' }) }),
      ]);
    } finally {
      sim.faults.clear();
    }
  });
});
