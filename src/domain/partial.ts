/**
 * Rows a vendor sent that could not be read. A connector drops such a row alone and serves the rest; how many it
 * dropped travels with the list itself, as a symbol-keyed property, because vendor results are shared between
 * requests (in-flight sharing, the short share window, live snapshots) and only the list reaches each of them.
 */
import type { VendorName } from './vendors.js';

export interface DroppedRows {
  vendor: VendorName;
  /** The vendor resource, e.g. `agents`, `queueStatuses`, `agents_work_report`. */
  resource: string;
  count: number;
  /** Why, without values: `field: expected a number` (for the log, once per resource and reason). */
  reasons?: readonly string[];
}

const DROPPED: unique symbol = Symbol('ccgraph.droppedRows');

type Marked = { [DROPPED]?: readonly DroppedRows[] };

/** What was dropped to build `list` (empty when nothing). */
export function droppedRowsOf(list: unknown): readonly DroppedRows[] {
  return (list !== null && typeof list === 'object' && (list as Marked)[DROPPED]) || [];
}

/** Adds counts (same vendor and resource summed) to `list` and returns it. Not enumerable: JSON and spreads skip it. */
export function markDropped<T>(list: T[], dropped: readonly DroppedRows[]): T[] {
  const merged = new Map<string, DroppedRows>();
  for (const d of [...droppedRowsOf(list), ...dropped]) {
    if (d.count <= 0) continue;
    const key = `${d.vendor}\u0000${d.resource}`;
    const had = merged.get(key);
    const reasons = [...new Set([...(had?.reasons ?? []), ...(d.reasons ?? [])])];
    merged.set(key, { vendor: d.vendor, resource: d.resource, count: (had?.count ?? 0) + d.count, ...(reasons.length ? { reasons } : {}) });
  }
  if (merged.size === 0 && !(DROPPED in list)) return list;
  Object.defineProperty(list, DROPPED, { value: [...merged.values()], configurable: true, enumerable: false, writable: true });
  return list;
}

/** A new list of `rows` carrying what every one of `sources` dropped (for filters, merges and copies). */
export function keepDropped<T>(rows: T[], ...sources: unknown[]): T[] {
  return markDropped(rows, sources.flatMap((s) => droppedRowsOf(s)));
}
