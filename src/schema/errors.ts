/**
 * The one place where failures become GraphQL errors. A vendor failure is reported as
 * `extensions.code = "VENDOR_UNAVAILABLE"` with the vendor and its stable code — never the URL, query string,
 * credentials or the vendor's body, so nothing secret can reach a client.
 */
import { GraphQLError } from 'graphql';
import { isVendorError, VendorError, type VendorErrorCode } from '../domain/errors.js';
import { droppedRowsOf, type DroppedRows } from '../domain/partial.js';
import { VENDOR_LABELS, type VendorName } from '../domain/vendors.js';

export const BAD_USER_INPUT = 'BAD_USER_INPUT';
export const VENDOR_UNAVAILABLE = 'VENDOR_UNAVAILABLE';
/** Some rows a vendor sent could not be read: they are left out, the rest is served. */
export const VENDOR_DATA_PARTIAL = 'VENDOR_DATA_PARTIAL';

const REASONS: Record<VendorErrorCode, string> = {
  TIMEOUT: 'did not answer in time',
  NETWORK: 'could not be reached',
  UNAUTHORIZED: 'refused our credentials',
  RATE_LIMITED: 'is rate limiting us',
  NOT_FOUND: 'did not find the entity',
  BAD_REQUEST: 'rejected the request',
  REJECTED: 'rejected the operation',
  SERVER_ERROR: 'had an internal error',
  MALFORMED_RESPONSE: 'sent an answer we could not read',
  CIRCUIT_OPEN: 'is failing; calls are paused for a moment',
  NOT_CONFIGURED: 'is not configured',
};

/** A client error: bad arguments. */
export function badUserInput(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: BAD_USER_INPUT, ...extra } });
}

export function vendorUnavailable(e: VendorError): GraphQLError {
  return new GraphQLError(`${VENDOR_LABELS[e.vendor]} ${REASONS[e.code] ?? 'failed'} (${e.code}).`, {
    extensions: {
      code: VENDOR_UNAVAILABLE,
      vendor: e.vendor,
      vendorCode: e.code,
      ...(e.status !== undefined ? { httpStatus: e.status } : {}),
      ...(e.retryAfterSeconds !== undefined ? { retryAfterSeconds: e.retryAfterSeconds } : {}),
      ...(e.detail !== undefined ? { vendorDetail: e.detail } : {}),
      ...(e.vendorRequestId !== undefined ? { vendorRequestId: e.vendorRequestId } : {}),
    },
  });
}

/**
 * The vendor failed and its last good data is served instead: the same VENDOR_UNAVAILABLE error, plus
 * `stale: true` and `asOf` (when that data was read). Reported once per vendor per response (deferred).
 */
export function staleVendorData(error: GraphQLError, asOf: Date): GraphQLError {
  return new GraphQLError(`${error.message} Showing its last good data.`, {
    extensions: { ...error.extensions, stale: true, asOf: asOf.toISOString() },
  });
}

/**
 * Rows of one vendor resource were dropped as unreadable: `extensions.vendor`, `resource` and `droppedRows` (how
 * many), never the rows' values. The data beside it is complete except for those rows.
 */
export function vendorDataPartial(d: DroppedRows): GraphQLError {
  return new GraphQLError(
    `${VENDOR_LABELS[d.vendor]} sent ${d.count} ${d.resource} row${d.count === 1 ? '' : 's'} that could not be read; ${d.count === 1 ? 'it is' : 'they are'} left out.`,
    { extensions: { code: VENDOR_DATA_PARTIAL, vendor: d.vendor, resource: d.resource, droppedRows: d.count } },
  );
}

/** A VENDOR_UNAVAILABLE error (a vendor outage, not a bug or bad input). */
export function isVendorUnavailable(e: unknown): e is GraphQLError {
  return e instanceof GraphQLError && e.extensions.code === VENDOR_UNAVAILABLE;
}

export function notConfigured(vendor: VendorName): GraphQLError {
  return vendorUnavailable(new VendorError({ vendor, code: 'NOT_CONFIGURED', endpoint: '-' }));
}

/**
 * VendorError → coded GraphQLError; GraphQLErrors pass through. Anything else is rethrown untouched so the
 * server's error masking hides it (it is a bug, not a vendor outage).
 */
export function toGraphQLError(e: unknown): unknown {
  if (isVendorError(e)) return vendorUnavailable(e);
  return e;
}

/** Runs one vendor call, converting its failure; rows it dropped are reported to `deferred` (VENDOR_DATA_PARTIAL). */
export async function vendorCall<T>(fn: () => Promise<T>, deferred?: DeferredErrors): Promise<T> {
  let value: T;
  try {
    value = await fn();
  } catch (e) {
    throw toGraphQLError(e);
  }
  deferred?.addPartial(value);
  return value;
}

/**
 * Errors that should reach the client without nulling a field (e.g. Sinch was down while building the people
 * list, so the list is incomplete). Collected per request; `useDeferredErrors` appends them to the response.
 */
export class DeferredErrors {
  private readonly byKey = new Map<string, GraphQLError>();

  add(error: GraphQLError): void {
    const ext = error.extensions;
    if (ext.code === VENDOR_DATA_PARTIAL) {
      // One per vendor resource; reading it twice in a request reports the larger count, not a sum.
      const key = `${VENDOR_DATA_PARTIAL}:${String(ext.vendor)}:${String(ext.resource)}`;
      const had = this.byKey.get(key);
      if (!had || Number(ext.droppedRows) > Number(had.extensions.droppedRows)) this.byKey.set(key, error);
      return;
    }
    const key = `${String(ext.code)}:${String(ext.vendor ?? '')}:${error.message}`;
    const had = this.byKey.get(key);
    // Stale data of one vendor is one error; its asOf is the oldest data served.
    if (!had || (typeof ext.asOf === 'string' && typeof had.extensions.asOf === 'string' && ext.asOf < had.extensions.asOf)) {
      this.byKey.set(key, error);
    }
  }

  /** Reports the rows a vendor list dropped (src/domain/partial.ts), if any. */
  addPartial(list: unknown): void {
    for (const d of droppedRowsOf(list)) this.add(vendorDataPartial(d));
  }

  list(): GraphQLError[] {
    return [...this.byKey.values()];
  }
}

/** Finds the DeferredErrors of a request's context (they live on the per-request loaders). */
export function deferredErrorsOf(context: unknown): DeferredErrors | undefined {
  const loaders = (context as { loaders?: { deferred?: unknown } } | undefined)?.loaders;
  return loaders?.deferred instanceof DeferredErrors ? loaders.deferred : undefined;
}
