/**
 * Prometheus metrics: GraphQL operations (yoga's Prometheus plugin) plus ccgraph's own vendor, polling and live
 * series. Labels are templates and enums only — never an id, a URL or a secret.
 */
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { VendorHealth } from '../domain/model.js';

export interface VendorCallEvent {
  vendor: string;
  /** Endpoint template, e.g. `GET /agents/{agentId}/presences`. */
  endpoint: string;
  method: string;
  status?: number;
  durationMs: number;
  errorCode?: string;
  attempt?: number;
}

export interface Metrics {
  registry: Registry;
  plugin: Plugin;
  onVendorCall(e: VendorCallEvent): void;
  onPoll(e: { resource: string; durationMs: number; ok: boolean }): void;
  /** Rows of a vendor answer dropped as unreadable (the rest was served). */
  onDroppedRows(e: { vendor: string; resource: string; count: number }): void;
  setLiveSubscribers(subscription: string, count: number): void;
  /** A query answered from an identical query's execution already under way (src/plugins/shared-execution.ts). */
  onSharedExecution(): void;
  /** Vendor health read at scrape time (circuit state, reachability). */
  watchVendors(read: () => VendorHealth[]): void;
}

const CIRCUIT_VALUE = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 } as const;

/** Distinct operation names kept as label values; later names (and names over 100 characters) count as `other`. */
export const MAX_OPERATION_NAMES = 100;

export function createMetrics(opts: { maxOperationNames?: number } = {}): Metrics {
  const registry = new Registry();
  boundOperationNames(registry, opts.maxOperationNames ?? MAX_OPERATION_NAMES);
  collectDefaultMetrics({ register: registry, prefix: 'ccgraph_process_' });

  const vendorRequests = new Counter({
    name: 'ccgraph_vendor_requests_total',
    help: 'Vendor HTTP requests by vendor, endpoint template, method and outcome (ok or an error code).',
    labelNames: ['vendor', 'endpoint', 'method', 'outcome'] as const,
    registers: [registry],
  });
  const vendorDuration = new Histogram({
    name: 'ccgraph_vendor_request_duration_seconds',
    help: 'Vendor HTTP request latency by vendor and endpoint template.',
    labelNames: ['vendor', 'endpoint'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const pollDuration = new Histogram({
    name: 'ccgraph_poll_duration_seconds',
    help: 'Duration of one poll of a vendor resource by the live path.',
    labelNames: ['resource', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const liveSubscribers = new Gauge({
    name: 'ccgraph_live_subscribers',
    help: 'Active GraphQL subscriptions by subscription field.',
    labelNames: ['subscription'] as const,
    registers: [registry],
  });
  const sharedExecutions = new Counter({
    name: 'ccgraph_shared_executions_total',
    help: 'Queries answered from an identical query execution already in flight instead of executing again.',
    registers: [registry],
  });
  const droppedRows = new Counter({
    name: 'ccgraph_vendor_rows_dropped_total',
    help: 'Rows of vendor answers that could not be read and were left out (the rest served), by vendor and resource.',
    labelNames: ['vendor', 'resource'] as const,
    registers: [registry],
  });
  let readVendors: () => VendorHealth[] = () => [];
  new Gauge({
    name: 'ccgraph_vendor_circuit_state',
    help: 'Circuit breaker state per vendor: 0 closed, 1 half-open, 2 open.',
    labelNames: ['vendor'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const h of readVendors()) this.set({ vendor: h.vendor }, CIRCUIT_VALUE[h.circuit]);
    },
  });
  new Gauge({
    name: 'ccgraph_vendor_up',
    help: '1 when the last call to the vendor succeeded, 0 when it failed, absent before any call.',
    labelNames: ['vendor'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const h of readVendors()) if (h.configured && h.reachable !== null) this.set({ vendor: h.vendor }, h.reachable ? 1 : 0);
    },
  });

  new Gauge({
    name: 'ccgraph_vendor_backoff_seconds',
    help: 'Seconds left of a Retry-After the vendor sent; calls to it fail fast with RATE_LIMITED meanwhile.',
    labelNames: ['vendor'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const h of readVendors()) if (h.configured) this.set({ vendor: h.vendor }, h.backoffSeconds ?? 0);
    },
  });
  new Gauge({
    name: 'ccgraph_vendor_credential_in_flight',
    help: 'Calls holding a slot of the vendor credential (abandoned calls count until the vendor would have ended them).',
    labelNames: ['vendor'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const h of readVendors()) if (h.inFlight !== undefined) this.set({ vendor: h.vendor }, h.inFlight);
    },
  });
  new Gauge({
    name: 'ccgraph_vendor_daily_calls_used',
    help: 'Vendor calls made today (UTC) against the credential’s daily budget (wolkvox tokens).',
    labelNames: ['vendor'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const h of readVendors()) if (h.callsToday !== undefined) this.set({ vendor: h.vendor }, h.callsToday);
    },
  });
  new Gauge({
    name: 'ccgraph_vendor_daily_calls_budget',
    help: 'The credential’s daily call budget (WOLKVOX_DAILY_TOKENS); 0: not limited.',
    labelNames: ['vendor'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const h of readVendors()) if (h.dailyCallBudget !== undefined) this.set({ vendor: h.vendor }, h.dailyCallBudget);
    },
  });

  const operations = usePrometheus({
    registry,
    endpoint: '/metrics',
    metrics: {
      // Counted by useDeprecatedFieldCounter below, once per document rather than a schema walk per request.
      graphql_envelop_deprecated_field: false,
      // Its "duration" is two Date.now() calls in a row (always 0 s): no information, a histogram per request.
      graphql_envelop_phase_context: false,
      graphql_envelop_request: true,
      graphql_envelop_request_duration: true,
      graphql_envelop_error_result: true,
      graphql_envelop_phase_parse: true,
      graphql_envelop_phase_validate: true,
      graphql_envelop_phase_execute: true,
      graphql_envelop_phase_subscribe: true,
      graphql_yoga_http_duration: true,
    },
    // The request URL could carry a client's query string; keep it out of labels.
    labels: { url: false },
  });
  const plugin: Plugin = {
    onPluginInit({ addPlugin }) {
      addPlugin(operations);
      addPlugin(useDeprecatedFieldCounter(registry));
    },
  };

  return {
    registry,
    plugin,
    onVendorCall(e) {
      vendorRequests.inc({ vendor: e.vendor, endpoint: e.endpoint, method: e.method, outcome: e.errorCode ?? 'ok' });
      vendorDuration.observe({ vendor: e.vendor, endpoint: e.endpoint }, e.durationMs / 1000);
    },
    onPoll(e) {
      pollDuration.observe({ resource: e.resource, outcome: e.ok ? 'ok' : 'error' }, e.durationMs / 1000);
    },
    onDroppedRows(e) {
      droppedRows.inc({ vendor: e.vendor, resource: e.resource }, e.count);
    },
    setLiveSubscribers(subscription, count) {
      liveSubscribers.set({ subscription }, count);
    },
    onSharedExecution() {
      sharedExecutions.inc();
    },
    watchVendors(read) {
      readVendors = read;
    },
  };
}

type LabelFn = (first?: unknown, ...rest: unknown[]) => unknown;

/**
 * Caps the distinct `operationName` label values of every metric registered in `registry` (the operation
 * metrics come from plugins whose label functions we do not own): clients choose operation names, and one
 * client sending 5,000 names made every scrape 80 MB.
 */
function boundOperationNames(registry: Registry, max: number): void {
  const known = new Set<string>();
  const cap = (name: unknown) => {
    if (typeof name !== 'string' || known.has(name)) return name;
    if (known.size < max && name.length <= 100) {
      known.add(name);
      return name;
    }
    return 'other';
  };
  const bounded = (labels: unknown) =>
    labels !== null && typeof labels === 'object' && 'operationName' in labels
      ? { ...labels, operationName: cap((labels as { operationName: unknown }).operationName) }
      : labels;
  const register = registry.registerMetric.bind(registry);
  registry.registerMetric = (metric) => {
    register(metric);
    const m = metric as unknown as Record<string, LabelFn> & { labelNames?: string[] };
    if (!m.labelNames?.includes('operationName')) return;
    // After the constructor: prom-client's subclasses assign `observe`/`inc` once registered.
    queueMicrotask(() => {
      for (const method of ['inc', 'observe', 'labels', 'startTimer', 'set', 'remove']) {
        const original = m[method];
        if (typeof original !== 'function') continue;
        m[method] = function (this: unknown, first?: unknown, ...rest: unknown[]) {
          return original.call(this, bounded(first), ...rest);
        };
      }
    });
  };
}

interface DeprecatedUse {
  fieldName: string;
  typeName: string;
}

/** Deprecated fields and arguments a document selects (what @envelop/prometheus reports), for one schema. */
export function deprecatedUsesOf(schema: GraphQLSchema, document: DocumentNode): DeprecatedUse[] {
  const typeInfo = new TypeInfo(schema);
  const found: DeprecatedUse[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument() {
        const argument = typeInfo.getArgument();
        const field = typeInfo.getFieldDef();
        // The argument's "type" is the field it belongs to, as @envelop/prometheus labels it.
        if (field && argument?.deprecationReason != null) found.push({ fieldName: argument.name, typeName: field.name });
      },
      Field() {
        const field = typeInfo.getFieldDef();
        if (field?.deprecationReason != null) found.push({ fieldName: field.name, typeName: typeInfo.getParentType()?.name ?? '' });
      },
    }),
  );
  return found;
}

/**
 * `graphql_envelop_deprecated_field`, same name, labels and meaning as @envelop/prometheus's, but the document is
 * walked once per parsed document (yoga's parse cache hands out one object per query text), not on every request:
 * the plugin's walk was ~3 % of a dashboard's CPU.
 */
function useDeprecatedFieldCounter(registry: Registry): Plugin {
  const counter = new Counter({
    name: 'graphql_envelop_deprecated_field',
    help: 'Counts the amount of deprecated fields used in selection sets',
    labelNames: ['operationType', 'operationName', 'fieldName', 'typeName'] as const,
    registers: [registry],
  });
  let schema: GraphQLSchema | null = null;
  let uses = new WeakMap<DocumentNode, DeprecatedUse[]>();
  return {
    onSchemaChange({ schema: next }) {
      if (next !== schema) uses = new WeakMap();
      schema = next;
    },
    onParse({ context }) {
      return ({ result }) => {
        if (!schema || !result || result instanceof Error) return;
        const document = result as DocumentNode;
        let found = uses.get(document);
        if (!found) uses.set(document, (found = deprecatedUsesOf(schema, document)));
        if (found.length === 0) return;
        // Labels as @envelop/prometheus builds them: the request's operation name, else the first definition's.
        const first = document.definitions[0] as { name?: { value: string }; operation?: string } | undefined;
        const operationName = (context as { params?: { operationName?: string } }).params?.operationName || first?.name?.value || 'Anonymous';
        const operationType = first?.operation ?? 'query';
        for (const use of found) counter.inc({ operationName, operationType, fieldName: use.fieldName, typeName: use.typeName });
      };
    },
  };
}
