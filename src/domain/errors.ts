import type { VendorName } from './vendors.js';

/**
 * Why a vendor call failed. Stable values: they surface as `extensions.vendorCode` and in metrics.
 * - TIMEOUT: no answer within the call's deadline (for a write, the outcome is unknown).
 * - NETWORK: connection refused/reset before an HTTP answer.
 * - UNAUTHORIZED: 401/403 from the vendor (bad credentials).
 * - RATE_LIMITED: 429, or a vendor concurrency limit refused the call.
 * - NOT_FOUND: 404 for an entity lookup.
 * - BAD_REQUEST: 400 — the vendor rejected our parameters.
 * - REJECTED: a write call answered with a documented failure body (e.g. cc_agent `success: false`).
 * - SERVER_ERROR: 5xx.
 * - MALFORMED_RESPONSE: the body did not parse or did not match the documented shape.
 * - CIRCUIT_OPEN: the call was not made because the vendor's circuit breaker is open.
 * - NOT_CONFIGURED: the vendor has no base URL configured.
 */
export type VendorErrorCode =
  | 'TIMEOUT'
  | 'NETWORK'
  | 'UNAUTHORIZED'
  | 'RATE_LIMITED'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'REJECTED'
  | 'SERVER_ERROR'
  | 'MALFORMED_RESPONSE'
  | 'CIRCUIT_OPEN'
  | 'NOT_CONFIGURED';

/**
 * A failed vendor call. Carries the vendor, the HTTP status (when there was one), a stable code and the
 * endpoint *template* (e.g. `GET /agents/{agentId}`) — never a full URL, query string, credential or body.
 */
export class VendorError extends Error {
  override readonly name = 'VendorError';
  readonly vendor: VendorName;
  readonly code: VendorErrorCode;
  readonly status: number | undefined;
  readonly endpoint: string;
  /** A vendor's own failure message, already made safe (no secrets, truncated). */
  readonly vendorMessage: string | undefined;
  /** Seconds the vendor asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds: number | undefined;
  /**
   * A stable refinement of `code`, when there is one: `VENDOR_BACKOFF` (not sent: the vendor's Retry-After is
   * still running), `DAILY_TOKEN_BUDGET` (not sent: the day's vendor token budget is spent), `TOKEN_BUSY`,
   * `BODY_TOO_LARGE`, `BODY_TIMEOUT`, `UNEXPECTED_REDIRECT`, `OUTCOME_UNKNOWN` (the connection dropped after a
   * write was sent).
   */
  readonly detail: string | undefined;
  /**
   * The vendor's own id for the failed request (Thulium's `X-Request-Id`), for its support to trace the call. Set
   * by the HTTP layer from the answer's headers; only an id-shaped value (letters, digits, `.-_:`) is kept.
   */
  readonly vendorRequestId: string | undefined;

  constructor(init: {
    vendor: VendorName;
    code: VendorErrorCode;
    endpoint: string;
    status?: number;
    vendorMessage?: string;
    retryAfterSeconds?: number;
    detail?: string;
    vendorRequestId?: string;
    message?: string;
  }) {
    super(
      init.message ??
        `${init.vendor} ${init.endpoint} failed: ${init.code}${init.status ? ` (HTTP ${init.status})` : ''}`,
    );
    this.vendor = init.vendor;
    this.code = init.code;
    this.status = init.status;
    this.endpoint = init.endpoint;
    this.vendorMessage = init.vendorMessage;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.detail = init.detail;
    this.vendorRequestId = init.vendorRequestId;
  }
}

export function isVendorError(e: unknown): e is VendorError {
  return e instanceof VendorError;
}
