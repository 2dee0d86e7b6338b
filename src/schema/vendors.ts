/** Vendor health: what an operator checks first when a field comes back null. */
import type { VendorHealth } from '../domain/model.js';
import { VENDORS, VENDOR_LABELS } from '../domain/vendors.js';
import { builder } from './builder.js';
import { listOf, VENDOR_COUNT } from './cost.js';
import { CircuitStateEnum, VendorEnum } from './enums.js';

const VendorStatusRef = builder.objectRef<VendorHealth>('VendorStatus').implement({
  description: "One vendor's health as this gateway sees it (no call is made to answer this).",
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, description: 'The vendor.', resolve: (h) => h.vendor }),
    label: t.string({ description: 'Human-readable vendor name.', resolve: (h) => VENDOR_LABELS[h.vendor] }),
    configured: t.exposeBoolean('configured', { description: 'A base URL is configured for it.' }),
    reachable: t.exposeBoolean('reachable', {
      nullable: true,
      description: 'Whether its last call got an answer; null until a call was made.',
    }),
    lastErrorCode: t.exposeString('lastErrorCode', {
      nullable: true,
      description: 'Code of the last failed call (e.g. `TIMEOUT`, `SERVER_ERROR`), if any.',
    }),
    lastErrorAt: t.field({ type: 'DateTime', nullable: true, description: 'When a call last failed.', resolve: (h) => h.lastErrorAt }),
    lastSuccessAt: t.field({ type: 'DateTime', nullable: true, description: 'When a call last succeeded.', resolve: (h) => h.lastSuccessAt }),
    circuit: t.field({ type: CircuitStateEnum, description: 'Circuit breaker state.', resolve: (h) => h.circuit }),
  }),
});

builder.queryField('vendors', (t) =>
  t.field({
    type: [VendorStatusRef],
    description: 'Every vendor this gateway knows, configured or not, in precedence order.',
    complexity: listOf(VENDOR_COUNT),
    resolve: (_root, _args, ctx) =>
      VENDORS.map(
        (vendor): VendorHealth =>
          ctx.services.connectors[vendor]?.health() ?? {
            vendor,
            configured: false,
            reachable: null,
            lastErrorCode: null,
            lastErrorAt: null,
            lastSuccessAt: null,
            circuit: 'CLOSED',
          },
      ),
  }),
);
