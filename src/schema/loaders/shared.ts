/**
 * What every vendor's loaders share: the request's moment and sharing floor, its deferred errors, its last-good
 * snapshots, and `read`, the one road from a loader to a connector (configured check + failure conversion).
 */
import { DEFAULT_TIME_ZONE } from '../../domain/time.js';
import type { Connectors } from '../../vendors/types.js';
import type { Services } from '../../services/index.js';
import type { Snapshot, SnapshotCollection } from '../../services/snapshots.js';
import { DeferredErrors, isVendorUnavailable, notConfigured, staleVendorData, vendorCall } from '../errors.js';

/** A live value as served: read in this request, or the last good snapshot while the vendor is down. */
export interface Served<T> {
  value: T;
  /** When the value was read from the vendor (the request time when fresh). */
  asOf: Date;
  /** True when the vendor failed and this is its last good snapshot. */
  stale: boolean;
}

export interface LoaderOptions {
  /**
   * Sinch list reads may reuse an identical read the vendor answered at or after this moment (epoch ms), within the
   * connector's short share window (CallOptions.sharedSince). Absent: only reads in flight are shared.
   */
  sharedSince?: number | undefined;
}

export const memo = <T>(fn: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
};

/** Built on first call, then the same value. */
export const lazy = <T>(make: () => T): (() => T) => {
  let v: T | undefined;
  return () => (v ??= make());
};

export const byId = <T>(items: readonly T[], idOf: (item: T) => string) => new Map(items.map((i) => [idOf(i), i]));

/** The per-request state every vendor's loaders build on. */
export function loaderBase(services: Services, now: Date, opts: LoaderOptions) {
  const { connectors, snapshots } = services;
  const deferred = new DeferredErrors();
  /**
   * Every vendor read of a request goes through here: NOT_CONFIGURED when the vendor is not set up, and a failure
   * converted to a coded GraphQL error (errors.ts), so resolvers only see coded errors; dropped rows are reported.
   */
  const read = <V extends keyof Connectors, T>(vendor: V, fn: (connector: NonNullable<Connectors[V]>) => Promise<T>): Promise<T> => {
    const connector = connectors[vendor];
    if (!connector) return Promise.reject(notConfigured(vendor));
    // Rows the vendor sent but we could not read are reported once per resource (VENDOR_DATA_PARTIAL).
    return vendorCall(() => fn(connector as NonNullable<Connectors[V]>), deferred);
  };

  /** The fresh value, else the last good snapshot (reported stale), else the vendor's error. */
  const served = async <T, S>(
    load: () => Promise<T>,
    lastGood: () => Snapshot<S> | null | undefined,
    fromSnapshot: (value: S) => T,
  ): Promise<Served<T>> => {
    try {
      return { value: await load(), asOf: now, stale: false };
    } catch (e) {
      if (!isVendorUnavailable(e) || e.extensions.vendorCode === 'NOT_CONFIGURED') throw e;
      const snap = lastGood();
      if (!snap) throw e;
      deferred.add(staleVendorData(e, snap.asOf));
      return { value: fromSnapshot(snap.value), asOf: snap.asOf, stale: true };
    }
  };

  const remember = <T>(collection: SnapshotCollection<T>, items: readonly T[], requestedIds?: readonly string[]) => {
    // Recorded as of the request time, so a stale value carries the asOf it was first served with.
    if (requestedIds) collection.update(items, requestedIds, now);
    else collection.replaceAll(items, now);
  };

  return {
    now,
    /** CCGRAPH_TIMEZONE: where "today" starts for Sinch statistics. */
    timeZone: services.timeZone ?? DEFAULT_TIME_ZONE,
    /** Passed to list reads that may share a very recent identical answer (src/vendors/http.ts). */
    call: opts.sharedSince !== undefined ? { sharedSince: opts.sharedSince } : undefined,
    deferred,
    snapshots,
    read,
    served,
    remember,
  };
}

export type LoaderBase = ReturnType<typeof loaderBase>;
