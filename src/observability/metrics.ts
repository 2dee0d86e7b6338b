/**
 * Prometheus metrics: GraphQL operations (yoga's Prometheus plugin) plus ccgraph's own vendor, polling and live
 * series. Labels are templates and enums only — never an id, a URL or a secret.
 */
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
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
  setLiveSubscribers(subscription: string, count: number): void;
  /** Vendor health read at scrape time (circuit state, reachability). */
  watchVendors(read: () => VendorHealth[]): void;
}

const CIRCUIT_VALUE = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 } as const;

export function createMetrics(): Metrics {
  const registry = new Registry();
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

  const plugin = usePrometheus({
    registry,
    endpoint: '/metrics',
    metrics: {
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
    setLiveSubscribers(subscription, count) {
      liveSubscribers.set({ subscription }, count);
    },
    watchVendors(read) {
      readVendors = read;
    },
  };
}
