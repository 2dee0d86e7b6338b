/**
 * Failure interpretation: an HTTP status and body, a mapper's complaint or a transport error → one VendorError
 * that never carries a URL, query string, credential or raw body.
 */
import { ZodError } from 'zod';
import { VendorError, type VendorErrorCode } from '../../domain/errors.js';
import type { VendorName } from '../../domain/vendors.js';
import { redactText } from './redact.js';

/**
 * Thrown by a mapper when the body is a well-formed *vendor-reported* failure (an error object instead of the
 * result, `success: false`, a non-200 `code`). The HTTP layer turns it into a VendorError with the text redacted.
 */
export class VendorReportedError extends Error {
  constructor(
    readonly code: VendorErrorCode,
    readonly vendorText?: string,
  ) {
    super(`vendor reported ${code}`);
  }
}

/** Thrown by a mapper when the body does not have the documented shape. */
export class MalformedBodyError extends Error {}

/** Codes that say the vendor (or the way to it) is unwell: they count for the breaker and are retried. */
export const TRANSIENT: ReadonlySet<VendorErrorCode> = new Set(['TIMEOUT', 'NETWORK', 'SERVER_ERROR']);
export const RETRYABLE: ReadonlySet<VendorErrorCode> = new Set(['TIMEOUT', 'NETWORK', 'SERVER_ERROR', 'RATE_LIMITED']);

/** Marks errors caused by our caller giving up: not the vendor's fault, so neither retried nor counted. */
const CANCELLED = Symbol('cancelledByCaller');
export const isCancelledByCaller = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { [CANCELLED]?: boolean })[CANCELLED] === true;

/** Marks errors raised without a vendor request (back-off, budget, busy token): neither retried nor counted. */
const LOCAL = Symbol('refusedLocally');
export const isLocalRefusal = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { [LOCAL]?: boolean })[LOCAL] === true;

/** A RATE_LIMITED refusal made here, with the wait left, instead of a vendor request. */
export function localRefusal(vendor: VendorName, endpoint: string, detail: string, waitMs: number, why: string): VendorError {
  const e = new VendorError({
    vendor,
    code: 'RATE_LIMITED',
    endpoint,
    detail,
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
    message: `${vendor} ${endpoint} not attempted: ${why}`,
  });
  Object.defineProperty(e, LOCAL, { value: true, enumerable: false });
  return e;
}

/** Failures another attempt cannot fix: a body too large, a body that stalled, a redirect we do not follow. */
const NO_RETRY_DETAILS: ReadonlySet<string> = new Set(['BODY_TOO_LARGE', 'BODY_TIMEOUT', 'UNEXPECTED_REDIRECT']);
export const isRetryable = (e: unknown): e is VendorError =>
  e instanceof VendorError &&
  RETRYABLE.has(e.code) &&
  !isCancelledByCaller(e) &&
  !isLocalRefusal(e) &&
  !(e.detail !== undefined && NO_RETRY_DETAILS.has(e.detail));

/** What opens the circuit: the vendor (or the way to it) unwell, rate limiting us, or answering nonsense at length. */
export const countsForBreaker = (e: unknown): boolean =>
  e instanceof VendorError &&
  !isCancelledByCaller(e) &&
  !isLocalRefusal(e) &&
  (TRANSIENT.has(e.code) || e.code === 'RATE_LIMITED' || e.detail === 'BODY_TOO_LARGE');

/** The body was longer than we read: cut off while streaming. */
export function bodyTooLarge(ctx: FailureContext, status: number, maxBytes: number): VendorError {
  return new VendorError({
    vendor: ctx.vendor,
    code: 'MALFORMED_RESPONSE',
    endpoint: ctx.endpoint,
    status,
    detail: 'BODY_TOO_LARGE',
    message: `${ctx.vendor} ${ctx.endpoint} failed: the answer exceeded ${Math.round(maxBytes / 1048576)} MB and was cut off`,
  });
}

export function cancelledError(vendor: VendorName, endpoint: string, write: boolean): VendorError {
  const e = new VendorError({
    vendor,
    code: 'TIMEOUT',
    endpoint,
    message: write
      ? `${vendor} ${endpoint} was cancelled before the vendor answered; the outcome is unknown`
      : `${vendor} ${endpoint} was cancelled before the vendor answered`,
  });
  Object.defineProperty(e, CANCELLED, { value: true, enumerable: false });
  return e;
}

export interface FailureContext {
  vendor: VendorName;
  endpoint: string;
  write: boolean;
  secrets: readonly string[];
}

/** A non-2xx answer → VendorError. Only a 4xx explanation is kept (e.g. "Invalid GUID"); 5xx pages are noise. */
export function statusError(
  ctx: FailureContext,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
): VendorError {
  if (status >= 300 && status < 400) {
    // We never follow a vendor's redirect (credentials would travel to wherever it points).
    return new VendorError({
      vendor: ctx.vendor,
      code: 'SERVER_ERROR',
      endpoint: ctx.endpoint,
      status,
      detail: 'UNEXPECTED_REDIRECT',
      message: `${ctx.vendor} ${ctx.endpoint} failed: an unexpected redirect (HTTP ${status})`,
    });
  }
  const code: VendorErrorCode =
    status === 401 || status === 403
      ? 'UNAUTHORIZED'
      : status === 404
        ? 'NOT_FOUND'
        : status === 429
          ? 'RATE_LIMITED'
          : status >= 500
            ? 'SERVER_ERROR'
            : 'BAD_REQUEST';
  const retryAfter = code === 'RATE_LIMITED' || code === 'SERVER_ERROR' ? parseRetryAfter(headers['retry-after']) : undefined;
  const vendorText = code === 'BAD_REQUEST' && text.trim() ? redactText(text, ctx.secrets) : undefined;
  return new VendorError({
    vendor: ctx.vendor,
    code,
    endpoint: ctx.endpoint,
    status,
    ...(vendorText ? { vendorMessage: vendorText } : {}),
    ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
  });
}

/** Anything thrown during an attempt → VendorError. */
export function toVendorError(
  ctx: FailureContext,
  e: unknown,
  status: number | undefined,
  caller: AbortSignal | undefined,
  /** The attempt's deadline: `aborted` once it passed. */
  timeout: { readonly aborted: boolean },
): VendorError {
  if (e instanceof VendorError) return e;
  const base = { vendor: ctx.vendor, endpoint: ctx.endpoint, ...(status !== undefined ? { status } : {}) };
  if (e instanceof VendorReportedError) {
    const vendorMessage = e.vendorText ? redactText(e.vendorText, ctx.secrets) : undefined;
    return new VendorError({
      ...base,
      code: e.code,
      ...(vendorMessage ? { vendorMessage } : {}),
      message: `${ctx.vendor} ${ctx.endpoint} failed: ${e.code}${vendorMessage ? ` (vendor said: ${vendorMessage})` : ''}`,
    });
  }
  if (e instanceof ZodError || e instanceof MalformedBodyError || e instanceof SyntaxError) {
    const where =
      e instanceof ZodError && e.issues[0]
        ? ` at ${e.issues[0].path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') || '(root)'}`
        : '';
    return new VendorError({
      ...base,
      code: 'MALFORMED_RESPONSE',
      message: `${ctx.vendor} ${ctx.endpoint} failed: MALFORMED_RESPONSE (the body does not match the documented shape${where})`,
    });
  }
  if (caller?.aborted) return cancelledError(ctx.vendor, ctx.endpoint, ctx.write);
  const errCode = (e as { code?: unknown } | null)?.code;
  const notSent = typeof errCode === 'string' && NOT_SENT.has(errCode);
  if (ctx.write && !notSent) {
    // The request may have reached the vendor: only a failure before it left the process is "nothing changed".
    const timedOut = timeout.aborted || errCode === 'UND_ERR_HEADERS_TIMEOUT' || errCode === 'UND_ERR_BODY_TIMEOUT';
    return new VendorError({
      ...base,
      code: 'TIMEOUT',
      ...(timedOut ? {} : { detail: 'OUTCOME_UNKNOWN' }),
      message: `${ctx.vendor} ${ctx.endpoint} ${timedOut ? 'timed out' : 'lost its connection after the request was sent'}; the outcome is unknown (the change may or may not have been applied)`,
    });
  }
  if (status !== undefined && (timeout.aborted || errCode === 'UND_ERR_BODY_TIMEOUT')) {
    // The answer began but its body stalled: another attempt would download it again.
    return new VendorError({ ...base, code: 'TIMEOUT', detail: 'BODY_TIMEOUT', message: `${ctx.vendor} ${ctx.endpoint} failed: TIMEOUT (the answer's body stalled)` });
  }
  const timedOut =
    timeout.aborted ||
    errCode === 'UND_ERR_HEADERS_TIMEOUT' ||
    errCode === 'UND_ERR_BODY_TIMEOUT' ||
    errCode === 'UND_ERR_CONNECT_TIMEOUT';
  if (timedOut) {
    return new VendorError({
      ...base,
      code: 'TIMEOUT',
      message: ctx.write
        ? `${ctx.vendor} ${ctx.endpoint} timed out; the outcome is unknown (the change may or may not have been applied)`
        : `${ctx.vendor} ${ctx.endpoint} failed: TIMEOUT (no answer in time)`,
    });
  }
  return new VendorError({ ...base, code: 'NETWORK' });
}

/** Transport errors raised before a request could leave the process (no connection was made). */
const NOT_SENT: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CONNECT',
]);

/** JSON.parse, falling back to dropping trailing commas (the vendors' own examples carry them). */
export function parseJsonLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (first) {
    try {
      return JSON.parse(text.replace(/,(\s*[}\]])/g, '$1'));
    } catch {
      throw first;
    }
  }
}

/** Retry-After as seconds (delta-seconds or HTTP-date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** An id-shaped request id from `headers[name]` (first value; at most 128 of `A-Za-z0-9._:-`), else undefined. */
export function requestIdFrom(headers: Record<string, string | string[] | undefined> | undefined, name: string | undefined): string | undefined {
  if (!headers || !name) return undefined;
  const raw = headers[name.toLowerCase()];
  const v = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return v && /^[A-Za-z0-9._:-]{1,128}$/.test(v) ? v : undefined;
}

/** `e` carrying the vendor's request id (the same error object: its markers and stack stay). */
export function withRequestId(e: VendorError, id: string | undefined): VendorError {
  if (id === undefined || e.vendorRequestId !== undefined) return e;
  Object.defineProperty(e, 'vendorRequestId', { value: id, enumerable: true, configurable: true, writable: false });
  return e;
}
