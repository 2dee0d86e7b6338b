/**
 * Calibration of the default cost limit (CCGRAPH_MAX_COST) and budget (CCGRAPH_COST_BUDGET_PER_MINUTE): every
 * documented example, every wallboard and persisted operation and the calibration set pass; queries that fan out are
 * refused. Measured with the real schema's declarations; the walk that explains refusals agrees with
 * @pothos/plugin-complexity's own `complexityFromQuery` on every document.
 */
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { schema } from '../../src/schema/index.js';
import { measureCost } from '../../src/security/cost.js';
import { DEFAULT_COST_BUDGET_PER_MINUTE, DEFAULT_MAX_COST } from '../../src/security/config.js';
import {
  calibrationDocuments,
  docsDocuments,
  everyDocument,
  operationsOf,
  parseDocument,
  persistedDocuments,
  sampleVariables,
  wallboardDocuments,
} from './documents.js';

const { maxCost, costBudgetPerMinute } = loadConfig({}).limits;

const costOf = (text: string, operationName?: string) => {
  const doc = parseDocument({ source: 'inline', text });
  const op = operationsOf(doc).find((o) => operationName === undefined || o.name === operationName)!;
  const m = measureCost(schema, op.document, op.name, sampleVariables(schema, op.operation));
  if (!m) throw new Error(`not measurable: ${text.slice(0, 60)}`);
  return m;
};

describe('the default cost limit', () => {
  it('is the documented default', () => {
    expect(maxCost).toBe(DEFAULT_MAX_COST);
    expect(costBudgetPerMinute).toBe(DEFAULT_COST_BUDGET_PER_MINUTE);
  });

  it('finds every source of documents', () => {
    expect(calibrationDocuments().map((d) => d.source)).toEqual([
      'test/cost/agents-every-field.graphql',
      'test/cost/agents-queues-members.graphql',
      'test/cost/contacts-every-field.graphql',
    ]);
    expect(docsDocuments().filter((d) => d.source.startsWith('README.md')).length).toBeGreaterThanOrEqual(3);
    expect(wallboardDocuments().length).toBeGreaterThanOrEqual(8);
    expect(persistedDocuments().length).toBeGreaterThanOrEqual(8);
  });

  const documents = everyDocument();
  it.each(documents.map((d) => [d.source, d] as const))('lets %s through', (_source, d) => {
    const doc = parseDocument(d);
    expect(validate(schema, doc)).toEqual([]);
    for (const op of operationsOf(doc)) {
      const variables = sampleVariables(schema, op.operation);
      const m = measureCost(schema, op.document, op.name, variables);
      expect(m, `${d.source} ${op.name ?? ''}`).not.toBeNull();
      expect(m!.cost, `${d.source} ${op.name ?? ''}: ${JSON.stringify(m!.paths.slice(0, 3))}`).toBeLessThanOrEqual(maxCost);
      // The same number as the plugin's own calculation.
      expect(m!.cost).toBe(complexityFromQuery(op.document, { schema, variables }).complexity);
      // Paths add up to the whole.
      expect(m!.paths.reduce((s, p) => s + p.cost, 0)).toBe(m!.cost);
    }
  });

  it('has room for the calibration set, which is the heaviest of them', () => {
    const costs = Object.fromEntries(calibrationDocuments().map((d) => [d.source.replace(/^test\/cost\//, ''), costOf(d.text).cost]));
    // Quoted in docs/errors.md and docs/operations.md.
    expect(costs).toEqual({
      'agents-every-field.graphql': 142_701,
      'agents-queues-members.graphql': 25_251,
      'contacts-every-field.graphql': 114_700,
    });
    expect(costOf(docsDocuments()[0]!.text).cost).toBe(3_422); // the README dashboard
  });
});

describe('the worked example of docs/errors.md', () => {
  it('costs what the table says', () => {
    const example = docsDocuments().find((d) => d.source.startsWith('docs/errors.md') && d.text.includes('presenceProfiles'))!;
    const m = costOf(example.text);
    expect(m.cost).toBe(10_431);
    expect(m.paths.map((p) => [p.path, p.cost])).toEqual([
      ['agents.nodes.presenceProfiles', 10_100],
      ['agents.nodes.queues.queue', 200],
      ['agents.nodes.queues', 110],
      ['agents.nodes', 20],
      ['agents', 1],
    ]);
    const hundred = example.text.replace('first: 10', 'first: 100');
    expect(costOf(hundred).cost).toBe(104_301);
    const inner = hundred.slice(hundred.indexOf('agents'), hundred.lastIndexOf('}'));
    expect(costOf(`{ a: ${inner} b: ${inner} }`).cost).toBeGreaterThan(Math.max(200_000, maxCost));
  });
});

describe('queries that fan out are refused', () => {
  const refused = (text: string) => {
    const m = costOf(text);
    expect(m.cost).toBeGreaterThan(maxCost);
    return m;
  };

  it('members of members of members over 100 agents', () => {
    const m = refused('{ agents(first: 100) { nodes { queues { queue { members { queues { queue { members { name } } } } } } } } }');
    expect(m.paths[0]!.path).toBe('agents.nodes.queues.queue.members.queues.queue.members');
  });

  it('hundreds of per-item vendor calls: 200 agents’ presence profiles, 200 contacts’ timelines', () => {
    const twoPages = refused(
      '{ a: agents(first: 100) { nodes { presenceProfiles { name } } } b: agents(first: 100, after: "b2Zmc2V0Ojk5") { nodes { presenceProfiles { name } } } }',
    );
    expect(twoPages.paths.slice(0, 2).map((p) => `${p.path}: ${p.percent}%`)).toEqual([
      'a.nodes.presenceProfiles: 50%',
      'b.nodes.presenceProfiles: 50%',
    ]);
    refused('{ a: contacts(first: 100) { nodes { events { event } } } b: contacts(first: 100) { nodes { events { event } } } }');
    // One page of each is fine: a hundred calls.
    expect(costOf('{ agents(first: 100) { nodes { presenceProfiles { name } } } }').cost).toBeLessThan(maxCost);
  });

  it('aliases multiplying lists', () => {
    const every = calibrationDocuments()[0]!.text.replace(/^#.*$/gm, '');
    const selection = every.slice(every.indexOf('agents(first: 100)'), every.lastIndexOf('}'));
    refused(`{ a: ${selection} b: ${selection.replace('agents(first: 100)', 'agents(first: 100, after: "b2Zmc2V0Ojk5")')} }`);
    refused(`{ ${Array.from({ length: 15 }, (_, i) => `q${i}: queues { members { queues { handledCallsIn } } }`).join(' ')} }`);
  });

  it('reports over long ranges at fine grain', () => {
    // Hourly rows for every agent over two months: 146,000 rows from one Thulium call.
    refused('{ agentWorkReport(from: "2026-10-01T00:00:00Z", to: "2026-12-01T00:00:00Z", aggregateBy: HOUR) { rows { login inboundCalls } } }');
    // Monthly rows over a year are fine.
    expect(
      costOf('{ agentWorkReport(from: "2026-01-01T00:00:00Z", to: "2026-12-31T00:00:00Z") { rows { login inboundCalls } } }').cost,
    ).toBeLessThan(maxCost);
    // Every queue's 15-minute rows over a month: 144,000 rows.
    refused('{ queueIntervalReport(from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z") { rows { handled abandoned } } }');
    // A month of one queue is fine.
    expect(
      costOf('{ queueIntervalReport(from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z", queueIds: ["x"]) { rows { handled } } }').cost,
    ).toBeLessThan(maxCost);
  });
});

describe('the default per-client budget', () => {
  it('covers a wallboard refreshing every 2 s plus someone exploring in GraphiQL, for a minute', () => {
    const wallboard = Object.fromEntries(wallboardDocuments().map((d) => [d.source.replace('wallboard ', ''), costOf(d.text).cost]));
    const readmeDashboard = costOf(docsDocuments()[0]!.text).cost;
    const heaviest = Math.max(...calibrationDocuments().map((d) => costOf(d.text).cost));
    const minute =
      30 * readmeDashboard + // a dashboard polled every 2 s
      // the wallboard page: its three subscriptions and first reads, vendors every 3 s, thresholds every minute
      wallboard['WallboardAgents']! +
      wallboard['WallboardQueues']! +
      wallboard['WallboardAlerts']! +
      wallboard['WallboardStateSince']! +
      20 * wallboard['WallboardVendors']! +
      wallboard['WallboardThresholds']! +
      10 * heaviest; // ten of the heaviest calibration queries typed in GraphiQL
    expect(minute).toBeLessThan(costBudgetPerMinute);
    // …and one client cannot spend more than about a dozen maximal queries a minute.
    expect(costBudgetPerMinute / maxCost).toBeLessThan(12);
  });
});
