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
  timeout: AbortSignal,
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
