/**
 * Read graph against small in-memory connectors: exact figures (KPIs, linking) and exact call counts.
 * The simulator-backed tests (graph.test.ts) cover the same fields end to end over real HTTP connectors.
 */
import { describe, expect, it } from 'vitest';
import { computeKpis, sumSummaries } from '../../src/domain/kpi.js';
import { encodeGlobalID } from '../../src/schema/ids.js';
import { chatAgent, fakeConnectors, hex, membership, queueStatus, sinchAgent, summary } from '../helpers/fakes.js';
import { createGraph, errorsWithCode } from '../helpers/graph.js';

const sales = queueStatus(1, 'Sales');
const support = queueStatus(2, 'Support');
const today = new Date();
const midnight = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
const at = (minutes: number) => new Date(midnight.getTime() + minutes * 60_000);

function setup() {
  const agents = [
    sinchAgent(1, { name: 'Ada Lovelace', email: 'Ada@Example.com', queues: [membership(sales)], state: 'BUSY' }),
    sinchAgent(2, { name: 'Bob Stone', queues: [membership(sales, { serving: false }), membership(support)] }),
    sinchAgent(3, { name: 'Cy Young', state: 'PAUSED' }),
  ];
  const fakes = fakeConnectors({
    agents,
    queues: [sales, support],
    summaries: [
      summary(sales, at(0), { handled: 8, answeredOnTime: 6, abandoned: 2, falseAttempts: 5, handleTimeTotalMs: 80_000, answeredQueueTimeTotalMs: 16_000 }),
      summary(sales, at(15), { handled: 2, answeredOnTime: 2, abandoned: 0, handleTimeTotalMs: 20_000, answeredQueueTimeTotalMs: 4_000 }),
      summary(support, at(0), { falseAttempts: 3 }),
    ],
    contacts: [],
    // ada's CoBrowser username differs only in case from her Sinch email: linked by email.
    chatAgents: [chatAgent('c1', 'ada@example.COM'), chatAgent('c2', 'zed@example.com', { online: false })],
  });
  const graph = createGraph({
    connectors: fakes.connectors,
    // Noon of the data's day: "today so far" holds every interval even when the suite runs just after midnight.
    now: () => at(12 * 60),
    identityFile: [{ key: 'bob', name: 'Robert Stone', accounts: { sinch: hex(2), thulium: 'bstone', ccagent: '17' } }],
  });
  return { fakes, graph };
}

describe('KPI formulas (domain)', () => {
  it('excludes false attempts and is null on empty denominators', () => {
    const c = sumSummaries([
      summary(sales, at(0), { handled: 8, answeredOnTime: 6, abandoned: 2, falseAttempts: 5, handleTimeTotalMs: 80_000, answeredQueueTimeTotalMs: 16_000 }),
    ]);
    expect(computeKpis(c)).toEqual({
      offered: 10,
      serviceLevel: 0.6,
      abandonRate: 0.2,
      averageSpeedOfAnswerMs: 2000,
      averageHandleTimeMs: 10_000,
      averageAbandonTimeMs: 0,
      averageOutboundHandleTimeMs: null,
    });
    expect(computeKpis(sumSummaries([summary(sales, at(0), { falseAttempts: 4 })]))).toEqual({
      offered: 0,
      serviceLevel: null,
      abandonRate: null,
      averageSpeedOfAnswerMs: null,
      averageHandleTimeMs: null,
      averageAbandonTimeMs: null,
      averageOutboundHandleTimeMs: null,
    });
  });
});

describe('read graph over fake connectors', () => {
  it('links people by identity file and by case-insensitive email', async () => {
    const { graph } = setup();
    const r = await graph.run(`{ agents(first: 10) { totalCount nodes { key name linkedBy email
      accounts { __typename vendor accountId } } } }`);
    expect(r.errors).toBeUndefined();
    const people = r.data.agents.nodes;
    expect(people.map((p: any) => p.name)).toEqual(['Ada Lovelace', 'Chat c2', 'Cy Young', 'Robert Stone']);
    const ada = people.find((p: any) => p.name === 'Ada Lovelace');
    expect(ada.linkedBy).toBe('EMAIL');
    expect(ada.accounts).toEqual([
      { __typename: 'SinchAccount', vendor: 'SINCH', accountId: hex(1) },
      { __typename: 'CoBrowserAccount', vendor: 'COBROWSER', accountId: 'c1' },
    ]);
    const bob = people.find((p: any) => p.key === 'bob');
    expect(bob.linkedBy).toBe('FILE');
    expect(bob.accounts.map((a: any) => a.__typename)).toEqual(['SinchAccount', 'ThuliumAccount', 'CcAgentAccount']);
  });

  it('computes queue KPIs per queue with one contact-summary call', async () => {
    const { graph, fakes } = setup();
    const r = await graph.run(`{ queues { name kpis { offered handled abandoned falseAttempts serviceLevel abandonRate
      averageSpeedOfAnswerMs averageHandleTimeMs intervals } thresholds { serviceLevelPercent { warning critical } } } }`);
    expect(r.errors).toBeUndefined();
    const [s, p] = r.data.queues;
    expect(s).toMatchObject({
      name: 'Sales',
      kpis: { offered: 12, handled: 10, abandoned: 2, falseAttempts: 5, serviceLevel: 8 / 12, abandonRate: 2 / 12, averageSpeedOfAnswerMs: 2000, averageHandleTimeMs: 10_000, intervals: 2 },
      thresholds: { serviceLevelPercent: { warning: 80, critical: 60 } },
    });
    expect(p.kpis).toMatchObject({ offered: 0, serviceLevel: null, abandonRate: null, averageSpeedOfAnswerMs: null });
    expect(fakes.calls.sinch.filter((c) => c === 'GET /contactSummaries')).toHaveLength(1);
    expect(fakes.calls.sinch.filter((c) => c === 'GET /queueStatuses')).toHaveLength(1);
    expect(fakes.calls.sinch.filter((c) => c === 'GET /queueGroups')).toHaveLength(1);
  });

  it('batches agent fields into one call per vendor list', async () => {
    const { graph, fakes } = setup();
    await graph.run('{ vendors { vendor } }'); // warm nothing: vendors costs no call
    expect(fakes.calls.sinch).toHaveLength(0);
    await graph.run('{ agents(first: 1) { totalCount } }'); // builds the identity directory (cached)
    fakes.calls.sinch.length = 0;
    fakes.calls.cobrowser.length = 0;
    const r = await graph.run(`{ agents(first: 50) { nodes { state presence { name } queues { queue { name } serving }
      chatSlots { freeSlots } handledContacts { total } } } }`);
    expect(r.errors).toBeUndefined();
    expect(fakes.calls.sinch).toEqual(['GET /agents']);
    expect(fakes.calls.cobrowser).toEqual(['getAllAgents']);
  });

  it('filters by state, vendor, queue and text', async () => {
    const { graph } = setup();
    const q = async (filter: object) =>
      (await graph.run('query($f: AgentFilter) { agents(first: 10, filter: $f) { nodes { name } } }', { f: filter })).data
        .agents.nodes.map((n: any) => n.name);
    expect(await q({ states: ['PAUSED'] })).toEqual(['Cy Young']);
    expect(await q({ vendors: ['COBROWSER'] })).toEqual(['Ada Lovelace', 'Chat c2']);
    expect(await q({ queueId: encodeGlobalID('Queue', support.queueId) })).toEqual(['Robert Stone']);
    expect(await q({ text: 'STONE' })).toEqual(['Robert Stone']);
  });

  it('degrades only CoBrowser fields when CoBrowser fails, with a coded error', async () => {
    const { graph, fakes } = setup();
    fakes.fail('cobrowser', 'TIMEOUT');
    const r = await graph.run('{ agents(first: 10) { nodes { name state chatSlots { freeSlots } } } }');
    expect(r.status).toBe(200);
    const ada = r.data.agents.nodes.find((n: any) => n.name === 'Ada Lovelace');
    // Without CoBrowser the directory cannot link by CoBrowser email, but Sinch data is intact.
    expect(ada.state).toBe('BUSY');
    const errs = errorsWithCode(r, 'VENDOR_UNAVAILABLE');
    expect(errs.length).toBeGreaterThan(0);
    expect(errs.every((e) => e.extensions?.vendor === 'cobrowser' && e.extensions?.vendorCode === 'TIMEOUT')).toBe(true);
  });
});
