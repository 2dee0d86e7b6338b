/**
 * Carrying read rows through the shared HTTP layer. VendorHttp hands every caller a copy of a shared list (so one
 * caller's sort cannot reach another), which would lose the dropped-row mark; a parser's rows therefore travel
 * boxed, and drops are reported once per vendor answer (not once per caller sharing it).
 */
import { droppedRowsOf, type DroppedRows } from '../domain/partial.js';

/** Told about every answer that had rows dropped (metrics, the once-per-reason log). */
export type DroppedRowsObserver = (d: DroppedRows) => void;

export interface Boxed<T> {
  rows: T[];
}

/** Wraps a list parser for VendorHttp.get: boxed rows, drops reported to `observe`. */
export function boxed<T>(parse: (body: unknown) => T[], observe?: DroppedRowsObserver): (body: unknown) => Boxed<T> {
  return (body) => {
    const rows = parse(body);
    if (observe) {
      for (const d of droppedRowsOf(rows)) {
        try {
          observe(d);
        } catch {
          // An observer never breaks a vendor call.
        }
      }
    }
    return { rows };
  };
}
