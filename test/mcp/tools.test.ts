/**
 * The MCP server at /mcp through the SDK's own client (Streamable HTTP) against the simulator: every tool listed and
 * called, answers checked against the same figures read through /graphql, steering only after confirmation, and
 * bad arguments answered as tool errors.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../helpers/stack.js';
import { agentGid, agentPicker, countOf, startMutationStack } from '../mutations/harness.js';
import { call, mcpClient, tokenOf } from './client.js';

let stack: Stack;
let client: Client;
let pick: ReturnType<typeof agentPicker>;

beforeAll(async () => {
  stack = await startMutationStack();
  pick = agentPicker(stack);
  client = await mcpClient(stack.url);
});
afterAll(async () => {
  await client?.close();
  await stack?.close();
});

const TOOLS = [
  'agent_work_report',
  'agents_by_state',
  'longest_paused_agents',
  'pause_agent',
  'queue_interval_report',
  'queue_overview',
  'service_level_breaches',
  'set_queue_serving',
  'set_ready_state',
];

async function graphAgents() {
  const r = await stack.run(`{ agents(first: 100) { totalCount nodes { key name state stateDurationMs } } }`);
  expect(r.body.errors).toBeUndefined();
  return r.body.data.agents as { totalCount: number; nodes: Array<{ key: string; name: string; state: string; stateDurationMs: number }> };
}

describe('listing', () => {
  it('lists the domain tools with typed input schemas, and the two resources', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get('agent_work_report')?.inputSchema.required?.sort()).toEqual(['agent', 'from', 'to']);
    expect(byName.get('set_ready_state')?.inputSchema.properties?.state).toMatchObject({ enum: ['READY', 'NOT_READY'] });
    for (const name of ['pause_agent', 'set_ready_state', 'set_queue_serving']) {
      expect(byName.get(name)?.inputSchema.properties).toHaveProperty('confirmationToken');
      expect(byName.get(name)?.annotations?.readOnlyHint).toBe(false);
    }
    for (const name of ['queue_overview', 'agents_by_state']) expect(byName.get(name)?.annotations?.readOnlyHint).toBe(true);

    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual(['ccgraph://docs/metrics.md', 'ccgraph://schema.graphql']);
    const schema = await client.readResource({ uri: 'ccgraph://schema.graphql' });
    expect((schema.contents[0] as { text: string }).text).toContain('type Query {');
    expect((schema.contents[0] as { text: string }).text).toContain('setReadyState(');
    const metrics = await client.readResource({ uri: 'ccgraph://docs/metrics.md' });
    expect((metrics.contents[0] as { text: string }).text).toMatch(/service level/i);
  });
});

describe('read tools', () => {
  it('queue_overview: every queue with the live figures /graphql reports and its breaches', async () => {
    const r = await stack.run(`{ queues { id name status { waitingNow agents { serving available } } } }`);
    const queues = r.body.data.queues as Array<{ id: string; name: string; status: { waitingNow: number; agents: { serving: number; available: number } } }>;
    const a = await call(client, 'queue_overview');
    expect(a.isError).toBe(false);
    expect(a.text).toMatch(new RegExp(`^${queues.length} queue\\(s\\), \\d+ breaching`));
    for (const q of queues) {
      const line = a.text.split('\n').find((l) => l.startsWith(`- ${q.name} [`));
      expect(line).toContain(`id=${q.id}`);
      expect(line).toContain(`waiting ${q.status.waitingNow},`);
      expect(line).toContain(`agents serving ${q.status.agents.serving} (free ${q.status.agents.available},`);
    }
    const one = await call(client, 'queue_overview', { queue: queues[0]!.name.toUpperCase() });
    expect(one.text.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(1);
  });

  it('service_level_breaches: exactly the thresholds crossed now (free agents at or below the critical level here)', async () => {
    const r = await stack.run(`{ queues { name status { agents { available } } thresholds { freeAgents { warning critical } } } }`);
    const queues = r.body.data.queues as Array<{ name: string; status: { agents: { available: number } }; thresholds: { freeAgents: { critical: number | null } } | null }>;
    const expected = queues.filter((q) => q.thresholds?.freeAgents.critical != null && q.status.agents.available <= q.thresholds.freeAgents.critical);
    expect(expected.length).toBeGreaterThan(0); // the seeded centre has queues without a free agent
    const a = await call(client, 'service_level_breaches', { level: 'CRITICAL' });
    expect(a.isError).toBe(false);
    for (const q of expected) expect(a.text).toContain(`- CRITICAL ${q.name}: free agents 0`);
    const overview = await call(client, 'queue_overview');
    const breachingQueues = overview.text.split('\n').filter((l) => l.includes('BREACHES:')).length;
    expect(overview.text).toContain(`${breachingQueues} breaching a threshold now`);
  });

  it('agents_by_state: counts per state equal to /graphql, longest in state first', async () => {
    const agents = await graphAgents();
    const counts = new Map<string, number>();
    for (const a of agents.nodes) counts.set(a.state, (counts.get(a.state) ?? 0) + 1);
    const a = await call(client, 'agents_by_state', { limitPerState: 100 });
    expect(a.isError).toBe(false);
    expect(a.text.split('\n')[0]).toContain(`${agents.totalCount} agent(s):`);
    for (const [state, n] of counts) expect(a.text).toContain(`\n${state} (${n}):`);
    const paused = agents.nodes.filter((x) => x.state === 'PAUSED').sort((x, y) => y.stateDurationMs - x.stateDurationMs);
    const section = a.text.split('PAUSED (')[1]!.split('\n').slice(1, paused.length + 1);
    expect(section.map((l) => /^- (.+?) \(key/.exec(l)?.[1])).toEqual(paused.map((p) => p.name));

    const onlyBusy = await call(client, 'agents_by_state', { states: ['BUSY'], limitPerState: 1 });
    expect(onlyBusy.text.split('\n')[0]).toBe(`${counts.get('BUSY')} agent(s): BUSY ${counts.get('BUSY')}.`);
    expect(onlyBusy.text).toContain(`… ${counts.get('BUSY')! - 1} more`);
  });

  it('longest_paused_agents: paused and not-ready agents, longest first', async () => {
    const agents = await graphAgents();
    const expected = agents.nodes
      .filter((x) => x.state === 'PAUSED' || x.state === 'NOT_READY')
      .sort((x, y) => y.stateDurationMs - x.stateDurationMs)
      .slice(0, 3);
    const a = await call(client, 'longest_paused_agents', { limit: 3 });
    expect(a.isError).toBe(false);
    const listed = a.text.split('\n').filter((l) => l.startsWith('- '));
    expect(listed.map((l) => /^- (.+?) \(key/.exec(l)?.[1])).toEqual(expected.map((e) => e.name));
    const none = await call(client, 'longest_paused_agents', { minMinutes: 100_000 });
    expect(none.text).toMatch(/^No agent PAUSED or NOT_READY for 100000 min or more\./);
  });

  it("agent_work_report: one agent's Thulium rows, totals equal to the graph's", async () => {
    const person = stack.sim.model.agents.find((x) => x.thuliumLogin)!;
    const from = '2026-02-01T00:00:00Z';
    const to = '2026-03-02T00:00:00Z';
    const g = await stack.run(`query($id: ID!) { agent(id: $id) { work(from: "${from}", to: "${to}", aggregateBy: WEEK) { inboundCalls } } }`, { id: agentGid(person) });
    const rows = g.body.data.agent.work as Array<{ inboundCalls: number }>;
    const a = await call(client, 'agent_work_report', { agent: person.email, from, to, aggregateBy: 'WEEK' });
    expect(a.isError).toBe(false);
    expect(a.text).toContain(`(key ${person.key}), ${from} → ${to}, ${rows.length} week row(s).`);
    expect(a.text).toContain(`Total: inbound ${rows.reduce((n, r) => n + r.inboundCalls, 0)} (`);
    const noLogin = stack.sim.model.agents.find((x) => !x.thuliumLogin);
    if (noLogin) {
      const b = await call(client, 'agent_work_report', { agent: noLogin.key, from, to });
      expect(b.isError).toBe(true);
      expect(b.text).toMatch(/^No work report for /);
    }
  });

  it("queue_interval_report: a queue's 15-minute rows and KPIs, totals equal to the graph's", async () => {
    const to = stack.sim.now().toISOString();
    const from = new Date(stack.sim.now().getTime() - 3 * 3600_000).toISOString();
    const q = (await stack.run(`{ queues { id name } }`)).body.data.queues[0] as { id: string; name: string };
    const g = await stack.run(`query($q: [ID!]) { queueIntervalReport(from: "${from}", to: "${to}", queueIds: $q) { rowCount totals { handled offered } } }`, { q: [q.id] });
    const rep = g.body.data.queueIntervalReport as { rowCount: number; totals: { handled: number; offered: number } };
    const a = await call(client, 'queue_interval_report', { queue: q.name, from, to, maxRows: 2 });
    expect(a.isError).toBe(false);
    expect(a.text).toContain(`${q.name}, ${from} → ${to}: ${rep.rowCount} row(s).`);
    expect(a.text).toContain(`Totals: offered ${rep.totals.offered}, handled ${rep.totals.handled},`);
    expect(a.text.split('\n').filter((l) => l.startsWith('- ')).length).toBe(Math.min(2, rep.rowCount));
  });
});

describe('steering tools', () => {
  it('set_ready_state previews without changing anything, then acts once with its token', async () => {
    const person = pick.ready();
    stack.sim.counters.reset();
    const preview = await call(client, 'set_ready_state', { agent: person.key, state: 'NOT_READY' });
    expect(preview.isError).toBe(false);
    expect(preview.text).toMatch(/^Preview, nothing changed yet\. .+ is AVAILABLE .*ready flag READY\. Would set it to NOT_READY\./);
    expect(countOf(stack, 'sinch PUT /agents/{agentId}/readyState')).toBe(0);
    expect(person.state).toBe('Ready');

    const token = tokenOf(preview);
    // The token is bound to the exact arguments.
    const other = await call(client, 'set_ready_state', { agent: person.key, state: 'READY', confirmationToken: token });
    expect(other).toEqual({ isError: true, text: expect.stringContaining('was issued for other arguments') });
    expect(countOf(stack, 'sinch PUT /agents/{agentId}/readyState')).toBe(0);

    const done = await call(client, 'set_ready_state', { agent: person.key, state: 'NOT_READY', confirmationToken: token });
    expect(done.isError).toBe(false);
    expect(done.text).toMatch(/^Done\. .+: ready flag NOT_READY; state now NOT_READY\./);
    expect(countOf(stack, 'sinch PUT /agents/{agentId}/readyState')).toBe(1);
    expect(person.state).toBe('NotReady');

    // Single use.
    const again = await call(client, 'set_ready_state', { agent: person.key, state: 'NOT_READY', confirmationToken: token });
    expect(again).toEqual({ isError: true, text: expect.stringContaining('is unknown or was already used') });
    expect(countOf(stack, 'sinch PUT /agents/{agentId}/readyState')).toBe(1);
  });

  it('pause_agent pauses through cc_agent after confirmation', async () => {
    const person = pick.ready();
    const preview = await call(client, 'pause_agent', { agent: agentGid(person), pauseId: 3 });
    expect(preview.text).toContain('Would set cc_agent pause 3.');
    expect(person.state).toBe('Ready');
    const done = await call(client, 'pause_agent', { agent: agentGid(person), pauseId: 3, confirmationToken: tokenOf(preview) });
    expect(done.text).toMatch(/^Done\. .+: pause 3 set; state now PAUSED\./);
    expect(person.state).toBe('Pause');
    expect(person.pauseId).toBe(3);
  });

  it('set_queue_serving logs an agent out of one of their queues after confirmation', async () => {
    const person = pick.ready((x) => x.memberships.some((m) => m.serving));
    const m = person.memberships.find((x) => x.serving)!;
    const preview = await call(client, 'set_queue_serving', { agent: person.key, queue: m.queue.name, serving: false });
    expect(preview.text).toContain(`in ${m.queue.name} they are serving. Would log them out of ${m.queue.name}.`);
    expect(m.serving).toBe(true);
    const done = await call(client, 'set_queue_serving', { agent: person.key, queue: m.queue.name, serving: false, confirmationToken: tokenOf(preview) });
    expect(done.text).toContain(`no longer serves ${m.queue.name}.`);
    expect(person.memberships.find((x) => x.queue.id === m.queue.id)?.serving).toBe(false);

    const notMember = await call(client, 'set_queue_serving', { agent: person.key, queue: 'no such queue', serving: true });
    expect(notMember.isError).toBe(true);
    expect(notMember.text).toMatch(/is not a member of a queue matching "no such queue"\. Their queues: .+\. Nothing was changed\./);
  });

  it('a made-up token changes nothing', async () => {
    const person = pick.ready();
    const r = await call(client, 'set_ready_state', { agent: person.key, state: 'NOT_READY', confirmationToken: 'made-up' });
    expect(r).toEqual({ isError: true, text: expect.stringContaining('is unknown or was already used') });
    expect(person.state).toBe('Ready');
  });
});

describe('bad arguments', () => {
  it('are tool errors that name the argument and what is expected', async () => {
    const badTime = await call(client, 'agent_work_report', { agent: 'x', from: 'yesterday', to: '2026-03-02T00:00:00Z' });
    expect(badTime.isError).toBe(true);
    expect(badTime.text).toContain('from must be an ISO-8601 time');

    const badEnum = await call(client, 'set_ready_state', { agent: 'x', state: 'ASLEEP' });
    expect(badEnum.isError).toBe(true);
    expect(badEnum.text).toMatch(/state/);

    const missing = await call(client, 'pause_agent', { agent: 'x' });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/pauseId/);

    const range = await call(client, 'agent_work_report', { agent: 'x', from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' });
    expect(range).toEqual({ isError: true, text: '`to` must be after `from`.' });
  });

  it('unknown or ambiguous names are explained', async () => {
    const nobody = await call(client, 'pause_agent', { agent: 'Nobody Atall', pauseId: 1 });
    expect(nobody).toEqual({ isError: true, text: expect.stringMatching(/^No agent matches "Nobody Atall"/) });
    const anna = stack.sim.model.agents.filter((a) => a.firstName === 'Anna');
    if (anna.length > 1) {
      const many = await call(client, 'set_ready_state', { agent: 'Anna', state: 'READY' });
      expect(many.text).toMatch(new RegExp(`^"Anna" matches ${anna.length} agents; say which: `));
    }
    const noQueue = await call(client, 'queue_overview', { queue: 'nope' });
    expect(noQueue).toEqual({ isError: true, text: expect.stringMatching(/^No queue matches "nope"\. Known queues: /) });
  });

  it('an over-long range is refused by the graph, and the refusal reaches the model with its code', async () => {
    const r = await call(client, 'queue_interval_report', { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z', maxRows: 0 });
    expect(r).toEqual({ isError: true, text: expect.stringContaining('Could not read the interval report: [BAD_USER_INPUT]') });
    // With its rows, the same range is refused earlier, by the cost limit (which counts every interval row).
    const withRows = await call(client, 'queue_interval_report', { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' });
    expect(withRows).toEqual({ isError: true, text: expect.stringContaining('[MAX_COST_EXCEEDED]') });
  });
});
