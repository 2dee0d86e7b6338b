// Tracing into an in-memory exporter: a SERVER span per GraphQL operation, a CLIENT span per vendor call as its
// child, with vendor/endpoint template/status attributes and no URL, id or key anywhere.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createTracing, VendorSpanAttribute } from '../../src/observability/tracing.js';
import { startOpsStack, type OpsStack } from './harness.js';

const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

describe('OpenTelemetry tracing', () => {
  const exporter = new InMemorySpanExporter();
  let stack: OpsStack;
  beforeAll(async () => {
    const tracing = createTracing({ exporter: 'off', otlpEndpoint: undefined, serviceName: 'ccgraph-test' }, { exporter });
    stack = await startOpsStack({ tracing });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('records the operation and, under it, each vendor call with its template and status', async () => {
    exporter.reset();
    const res = await stack.post({
      query: 'query TracedBoard { agents(first: 5) { nodes { name state chatSlots { freeSlots } } } queues { name } }',
    });
    expect(res.body.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    const op = spans.find((s) => s.name === 'query.TracedBoard');
    expect(op?.kind).toBe(SpanKind.SERVER);
    expect(op?.attributes['graphql.execute.operationName']).toBe('TracedBoard');
    const vendor = spans.filter((s) => s.kind === SpanKind.CLIENT);
    const names = vendor.map((s) => s.name);
    expect(names).toContain('sinch GET /agents');
    expect(names).toContain('sinch GET /queueStatuses');
    expect(names.some((n) => n.startsWith('cobrowser '))).toBe(true);
    for (const s of vendor) {
      expect(s.spanContext().traceId).toBe(op!.spanContext().traceId);
      expect(parentOf(s)).toBe(op!.spanContext().spanId);
      expect(s.attributes[VendorSpanAttribute.VENDOR]).toMatch(/^(sinch|cobrowser)$/);
      expect(String(s.attributes[VendorSpanAttribute.ENDPOINT])).toMatch(/^GET \//);
      expect(s.attributes[VendorSpanAttribute.STATUS]).toBe(200);
      expect(s.status.code).not.toBe(SpanStatusCode.ERROR);
    }
  });

  it("joins the caller's trace when a W3C traceparent is sent", async () => {
    exporter.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parent = '00f067aa0ba902b7';
    await stack.post({ query: 'query Joined { vendors { vendor } }' }, { traceparent: `00-${traceId}-${parent}-01` });
    const op = exporter.getFinishedSpans().find((s) => s.name === 'query.Joined');
    expect(op?.spanContext().traceId).toBe(traceId);
    expect(parentOf(op!)).toBe(parent);
  });

  it('marks a failed vendor call as an error span with the error code', async () => {
    exporter.reset();
    stack.sim.faults.set('thulium', { status: 503 });
    try {
      await stack.post({ query: 'query TracedReport { agentWorkReport(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z", logins: ["x"]) { title } }' });
    } finally {
      stack.sim.faults.clear('thulium');
    }
    const failed = exporter.getFinishedSpans().find((s) => s.attributes[VendorSpanAttribute.VENDOR] === 'thulium');
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.attributes[VendorSpanAttribute.ERROR_CODE]).toBe('SERVER_ERROR');
    expect(failed?.attributes[VendorSpanAttribute.STATUS]).toBe(503);
  });

  it('keeps URLs, variables, ids and secrets out of every span', async () => {
    exporter.reset();
    const first = await stack.post({ query: '{ agents(first: 1) { nodes { id } } }' });
    const id = first.body.data.agents.nodes[0].id as string;
    await stack.post({ query: 'query One($id: ID!) { agent(id: $id) { name } }', variables: { id } });
    await stack.post({ query: `query Inline { agent(id: "${id}") { name } }` });
    const dump = JSON.stringify(exporter.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })));
    expect(dump).toContain('query.One');
    expect(dump).not.toContain(id);
    expect(dump).not.toContain(stack.sim.url);
    expect(dump).not.toMatch(/https?:\/\//);
    for (const s of stack.config.secrets) expect(dump).not.toContain(s);
  });

  it('is off unless configured; otlp needs an endpoint', () => {
    expect(loadConfig({}).tracing.exporter).toBe('off');
    expect(createTracing(loadConfig({}).tracing)).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toMatchObject({ exporter: 'otlp', otlpEndpoint: 'http://collector:4318' });
    expect(loadConfig({ CCGRAPH_TRACING: 'console' }).tracing.exporter).toBe('console');
    expect(() => loadConfig({ CCGRAPH_TRACING: 'otlp' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
