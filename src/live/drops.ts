/**
 * Rows a live poll dropped as unreadable (src/domain/partial.ts), carried as plain JSON beside the records, so the
 * count also crosses Redis and subscription events can report it (VENDOR_DATA_PARTIAL) like queries do.
 */
import { droppedRowsOf, markDropped } from '../domain/partial.js';
import type { LiveDrop, ResourceRecord } from './types.js';

type RecordMap = Map<string, ResourceRecord>;

/** `records` carrying what the vendor lists it was built from dropped (nothing shown when nothing dropped). */
export function withDrops(records: RecordMap, ...sources: unknown[]): RecordMap {
  return markDropped(records as unknown as unknown[], sources.flatMap((s) => droppedRowsOf(s))) as unknown as RecordMap;
}

/** What a fetcher's records dropped, as plain JSON. */
export function dropsOf(records: RecordMap): LiveDrop[] {
  return droppedRowsOf(records).map((d) => ({ vendor: d.vendor, resource: d.resource, count: d.count }));
}

export function sameDrops(a: readonly LiveDrop[], b: readonly LiveDrop[]): boolean {
  return a.length === b.length && a.every((d, i) => d.vendor === b[i]?.vendor && d.resource === b[i]?.resource && d.count === b[i]?.count);
}

/** Per vendor resource, the counts of several live resources (a view reads several; one vendor list may feed two). */
export function mergeDrops(lists: ReadonlyArray<readonly LiveDrop[]>): LiveDrop[] {
  const byKey = new Map<string, LiveDrop>();
  for (const d of lists.flat()) {
    const key = `${d.vendor}\u0000${d.resource}`;
    const had = byKey.get(key);
    // The same vendor list polled for two live resources is one list: report the larger count, not a sum.
    if (!had || d.count > had.count) byKey.set(key, { ...d });
  }
  return [...byKey.values()];
}
