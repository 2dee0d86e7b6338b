// /metrics after real traffic: GraphQL operation series, vendor series by endpoint template, polls, live
// subscribers, circuit states — and never an id, a URL or a secret in a label.
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpsStack, type OpsStack } from './harness.js';
import { wsClient } from '../helpers/ws.js';

const DASHBOARD = /* GraphQL */ `
  query OpsDashboard {
    agents(first: 50) { totalCount nodes { id key name state chatSlots { freeSlots } } }
    queues { id queueId name status { waitingNow } }
  }
`;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

async function until<T>(fn: () => Promise<T | undefined> | T | undefined, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('/metrics after real traffic', () => {
  let stack: OpsStack;
  let client: Client;
  let dashboard: any;
  let samples: Sample[];
  let text: string;

  beforeAll(async () => {
    stack = await startOpsStack({ env: { POLL_SINCH_MS: '500', POLL_COBROWSER_MS: '1000' } });
    const res = await stack.post({ query: DASHBOARD, operationName: 'OpsDashboard' });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    dashboard = res.body.data;

    // A vendor failure, so an error outcome and a reachability change show up too.
    stack.sim.faults.set('thulium', { status: 503 });
    const failed = await stack.post({
      query: '{ agentWorkReport(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z", logins: ["x"]) { title } }',
    });
    expect(failed.body.errors?.[0]?.extensions?.code).toBe('VENDOR_UNAVAILABLE');

    // A live subscriber, so pollers run and the subscriber gauge moves.
    client = wsClient(stack.url);
    const got: unknown[] = [];
    client.subscribe({ query: 'subscription OpsLive { agentStatusChanged { kind sequence } }' }, {
      next: (m) => void got.push(m),
      error: () => undefined,
      complete: () => undefined,
    });
    await until(() => got.length > 0 || undefined);

    text = await until(async () => {
      const t = await (await fetch(`${stack.url}/metrics`)).text();
      return /ccgraph_poll_duration_seconds_count\{resource="sinch\.agents"/.test(t) ? t : undefined;
    });
    samples = parseMetrics(text);
  });
  afterAll(async () => {
    await client?.dispose();
    await stack?.close();
  });

  it('counts vendor requests and latency by vendor and endpoint template', () => {
    const agents = find(samples, 'ccgraph_vendor_requests_total', { vendor: 'sinch', endpoint: 'GET /agents', method: 'GET', outcome: 'ok' });
    expect(agents[0]?.value).toBeGreaterThanOrEqual(1);
    expect(find(samples, 'ccgraph_vendor_requests_total', { vendor: 'sinch', endpoint: 'GET /queueStatuses', outcome: 'ok' })[0]?.value).toBeGreaterThanOrEqual(1);
    const cobrowser = find(samples, 'ccgraph_vendor_requests_total', { vendor: 'cobrowser', outcome: 'ok' });
    expect(cobrowser.length).toBeGreaterThan(0);
    const failed = find(samples, 'ccgraph_vendor_requests_total', { vendor: 'thulium', outcome: 'SERVER_ERROR' });
    expect(failed[0]?.value).toBeGreaterThanOrEqual(1);
    expect(find(samples, 'ccgraph_vendor_request_duration_seconds_count', { vendor: 'sinch', endpoint: 'GET /agents' })[0]?.value).toBeGreaterThanOrEqual(1);
    expect(find(samples, 'ccgraph_vendor_request_duration_seconds_bucket', { vendor: 'sinch', endpoint: 'GET /agents', le: '+Inf' }).length).toBe(1);
  });

  it('shows GraphQL operation series by operation name', () => {
    const ops = find(samples, 'graphql_envelop_request_duration_count', { operationName: 'OpsDashboard', operationType: 'query' });
    expect(ops[0]?.value).toBe(1);
    expect(find(samples, 'graphql_yoga_http_duration_count').length).toBeGreaterThan(0);
  });

  it('shows poll durations, live subscribers, circuit states and reachability', () => {
    expect(find(samples, 'ccgraph_poll_duration_seconds_count', { resource: 'sinch.agents', outcome: 'ok' })[0]?.value).toBeGreaterThanOrEqual(1);
    expect(find(samples, 'ccgraph_live_subscribers', { subscription: 'agentStatusChanged' })[0]?.value).toBe(1);
    for (const vendor of ['sinch', 'cobrowser', 'wolkvox', 'thulium', 'ccagent']) {
      expect(find(samples, 'ccgraph_vendor_circuit_state', { vendor })[0]?.value).toBe(0);
    }
    expect(find(samples, 'ccgraph_vendor_up', { vendor: 'sinch' })[0]?.value).toBe(1);
    expect(find(samples, 'ccgraph_vendor_up', { vendor: 'thulium' })[0]?.value).toBe(0);
  });

  it('never puts an id, a URL or a secret in a label', () => {
    const people = dashboard.agents.nodes as Array<{ id: string; key: string }>;
    const queues = dashboard.queues as Array<{ id: string; queueId: string }>;
    const forbidden = [
      ...people.flatMap((p) => [p.id, p.key]),
      ...queues.flatMap((q) => [q.id, q.queueId]),
      ...stack.sim.identities().flatMap((i) => Object.values(i.accounts).map(String)),
      ...stack.config.secrets,
      stack.sim.url,
    ].filter((v) => v.length >= 3);
    expect(forbidden.length).toBeGreaterThan(20);
    const values = new Set(samples.flatMap((s) => Object.values(s.labels)));
    expect(values.size).toBeGreaterThan(10);
    for (const v of values) {
      for (const f of forbidden) expect(v.includes(f), `label value ${JSON.stringify(v)} contains ${JSON.stringify(f)}`).toBe(false);
      expect(v).not.toMatch(/[0-9a-f]{32}/i);
      expect(v).not.toMatch(/https?:|[?&]\w+=/);
    }
  });
});
