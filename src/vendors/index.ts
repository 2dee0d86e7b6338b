/**
 * Builds the configured connectors. A vendor without configuration stays absent; nothing outside src/vendors/
 * constructs a client or a vendor URL.
 */
import type { Config } from '../config.js';
import type { VendorName } from '../domain/vendors.js';
import type { Connectors } from './types.js';
import { WriteClock, type VendorCallObserver } from './http/index.js';
import type { DroppedRowsObserver } from './rows.js';
import { SinchClient } from './sinch/index.js';
import { CoBrowserClient } from './cobrowser/index.js';
import { WolkvoxClient } from './wolkvox/index.js';
import { ThuliumClient } from './thulium/index.js';
import { CcAgentClient } from './ccagent/index.js';

export { WriteClock, redactUrl, redactText, type VendorCallEvent, type VendorCallObserver } from './http/index.js';
export type { DroppedRowsObserver } from './rows.js';

export interface ConnectorOptions {
  /** Called after every vendor call attempt (metrics, logs). */
  onCall?: VendorCallObserver;
  /** Called for every vendor answer that had unreadable rows (dropped alone; metrics, logs). */
  onDroppedRows?: DroppedRowsObserver;
  /** Every configured secret (Config.secrets), kept out of errors. */
  secrets?: string[];
  /** Concurrency cap per vendor (wolkvox never exceeds 2 whatever is asked). Default 8. */
  maxConcurrent?: Partial<Record<VendorName, number>>;
  /** Consecutive failures that open a vendor's circuit. Default 5. */
  breakerThreshold?: number;
  /** Delay before an open circuit admits a trial call. Default 10 s. */
  halfOpenAfterMs?: number;
  /**
   * The gateway's write clock: a write through any vendor ends sharing of every vendor's earlier reads. Default: a
   * new clock for this set of connectors, so two gateways in one process share nothing.
   */
  writes?: WriteClock;
}

export function createConnectors(vendors: Config['vendors'], opts: ConnectorOptions = {}): Connectors {
  const writes = opts.writes ?? new WriteClock();
  const common = (v: VendorName) => ({
    writes,
    secrets: opts.secrets ?? [],
    ...(opts.onCall ? { onCall: opts.onCall } : {}),
    ...(opts.onDroppedRows ? { onDroppedRows: opts.onDroppedRows } : {}),
    ...(opts.maxConcurrent?.[v] !== undefined ? { maxConcurrent: opts.maxConcurrent[v] } : {}),
    ...(opts.breakerThreshold !== undefined ? { breakerThreshold: opts.breakerThreshold } : {}),
    ...(opts.halfOpenAfterMs !== undefined ? { halfOpenAfterMs: opts.halfOpenAfterMs } : {}),
  });
  const c: Connectors = {};
  if (vendors.sinch) c.sinch = new SinchClient({ ...vendors.sinch, ...common('sinch') });
  if (vendors.cobrowser) c.cobrowser = new CoBrowserClient({ ...vendors.cobrowser, ...common('cobrowser') });
  if (vendors.wolkvox) c.wolkvox = new WolkvoxClient({ ...vendors.wolkvox, ...common('wolkvox') });
  if (vendors.thulium) c.thulium = new ThuliumClient({ ...vendors.thulium, ...common('thulium') });
  if (vendors.ccagent) c.ccagent = new CcAgentClient({ ...vendors.ccagent, ...common('ccagent') });
  return c;
}

/** Closes every connector's connection pool. */
export async function closeConnectors(c: Connectors): Promise<void> {
  await Promise.all(Object.values(c).map((x) => x?.close()));
}
