/** Vendor health: what an operator checks first when a field comes back null. */
import type { VendorHealth } from '../domain/model.js';
import { VENDORS, VENDOR_LABELS } from '../domain/vendors.js';
import type { ProbeResult } from '../services/vendorProbe.js';
import { builder } from './builder.js';
import { listOf, VENDOR_COUNT } from './cost.js';
import { CircuitStateEnum, VendorEnum } from './enums.js';

type VendorStatus = VendorHealth & { probe: ProbeResult | null };

const VendorProbeRef = builder.objectRef<ProbeResult>('VendorProbe').implement({
  description:
    "The gateway's background health probe of a vendor: one cheap read when the gateway starts, then every " +
    '`VENDOR_PROBE_MS` (default 30 s; wolkvox at most every `POLL_WOLKVOX_MS`; skipped while real calls reach the vendor). cc_agent (no read API) ' +
    'and wolkvox (every call spends a daily token) are probed by a TCP connection to the API host only: it proves the ' +
    'host accepts connections, not that the key works.',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', description: 'When the last probe finished.', resolve: (p) => p.at }),
    ok: t.exposeBoolean('ok', { description: 'The last probe succeeded.' }),
    latencyMs: t.exposeInt('latencyMs', { description: 'How long the last probe took (ms).' }),
    errorCode: t.exposeString('errorCode', { nullable: true, description: 'Why the last probe failed (a `vendorCode`), if it did.' }),
    lastSuccessAt: t.field({ type: 'DateTime', nullable: true, description: 'When a probe last succeeded.', resolve: (p) => p.lastSuccessAt }),
    lastFailureAt: t.field({ type: 'DateTime', nullable: true, description: 'When a probe last failed.', resolve: (p) => p.lastFailureAt }),
    method: t.exposeString('method', { description: 'What the probe does (e.g. `GET /userstatuses`, `TCP connect`).' }),
  }),
});

const VendorStatusRef = builder.objectRef<VendorStatus>('VendorStatus').implement({
  description: "One vendor's health as this gateway sees it: its own calls and its background probe (no call is made to answer this).",
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, description: 'The vendor.', resolve: (h) => h.vendor }),
    label: t.string({ description: 'Human-readable vendor name.', resolve: (h) => VENDOR_LABELS[h.vendor] }),
    configured: t.exposeBoolean('configured', { description: 'A base URL is configured for it.' }),
    reachable: t.exposeBoolean('reachable', {
      nullable: true,
      description:
        'Whether the latest call or probe got an answer (an error answer counts; a timeout or refused connection ' +
        'does not). Null only for a vendor that is not configured, or before the first probe finished.',
    }),
    lastErrorCode: t.exposeString('lastErrorCode', {
      nullable: true,
      description: 'Code of the last failed call or probe (e.g. `TIMEOUT`, `SERVER_ERROR`), if any.',
    }),
    lastErrorAt: t.field({ type: 'DateTime', nullable: true, description: 'When a call or probe last failed.', resolve: (h) => h.lastErrorAt }),
    lastSuccessAt: t.field({ type: 'DateTime', nullable: true, description: 'When a call or probe last succeeded.', resolve: (h) => h.lastSuccessAt }),
    circuit: t.field({ type: CircuitStateEnum, description: 'Circuit breaker state.', resolve: (h) => h.circuit }),
    probe: t.field({
      type: VendorProbeRef,
      nullable: true,
      description: 'The last background probe; null when the vendor is not configured.',
      resolve: (h) => h.probe,
    }),
  }),
});

const latest = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a > b ? a : b);

/** The connector's record of real calls merged with the probe: whichever happened last decides `reachable`. */
function merge(health: VendorHealth, probe: ProbeResult | null): VendorStatus {
  if (!probe) return { ...health, probe: null };
  const lastCall = latest(health.lastSuccessAt, health.lastErrorAt);
  const probeIsNewer = health.reachable === null || !lastCall || probe.at >= lastCall;
  const errorFromProbe = probe.lastFailureAt && (!health.lastErrorAt || probe.lastFailureAt > health.lastErrorAt);
  return {
    ...health,
    reachable: probeIsNewer ? probe.reachable : health.reachable,
    lastSuccessAt: latest(health.lastSuccessAt, probe.lastSuccessAt),
    lastErrorAt: latest(health.lastErrorAt, probe.lastFailureAt),
    lastErrorCode: errorFromProbe ? probe.lastFailureCode : health.lastErrorCode,
    probe,
  };
}

builder.queryField('vendors', (t) =>
  t.field({
    type: [VendorStatusRef],
    description: 'Every vendor this gateway knows, configured or not, in precedence order.',
    complexity: listOf(VENDOR_COUNT),
    resolve: (_root, _args, ctx) =>
      VENDORS.map((vendor): VendorStatus => {
        const health = ctx.services.connectors[vendor]?.health();
        if (!health) {
          return { vendor, configured: false, reachable: null, lastErrorCode: null, lastErrorAt: null, lastSuccessAt: null, circuit: 'CLOSED', probe: null };
        }
        return merge(health, ctx.services.probe?.result(vendor) ?? null);
      }),
  }),
);
