/** What a VendorHttp is built from and what its calls look like. */
import type { VendorErrorCode } from '../../domain/errors.js';
import type { VendorName } from '../../domain/vendors.js';
import type { Query } from './query.js';
import type { WriteClock } from './sharing.js';
import type { CallGate } from './gate.js';

/** One vendor call attempt, for metrics and logs. `endpoint` is a template, never a URL. */
export interface VendorCallEvent {
  vendor: VendorName;
  endpoint: string;
  method: string;
  status?: number;
  durationMs: number;
  errorCode?: VendorErrorCode;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  /** The vendor's id for a failed request (its request-id header), when it sent one. */
  vendorRequestId?: string;
}
export type VendorCallObserver = (e: VendorCallEvent) => void;

export interface VendorHttpOptions {
  vendor: VendorName;
  /** Base URL, possibly with a path prefix (`http://host:8080/RI/rmi`). */
  baseUrl: string;
  /** Deadline of one attempt (headers and body). */
  timeoutMs: number;
  /** Extra attempts for idempotent GETs. */
  retries: number;
  /** Cap on the total time of a GET with its retries and back-off. Default: timeoutMs × (retries + 1) + backoffMaxMs. */
  maxTotalMs?: number;
  /** Concurrency cap (bulkhead) for this vendor. Default 8. */
  maxConcurrent?: number;
  /** Consecutive failures (timeouts, network errors, 5xx) that open the circuit. Default 5. */
  breakerThreshold?: number;
  /** Delay before an open circuit lets a trial call through. Default 10 s. */
  halfOpenAfterMs?: number;
  /** Back-off: first delay and cap (ms). Defaults 200 / 5000. */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /**
   * How long (ms) a GET's result may be handed to other callers that ask for sharing (`GetRequest.sharedSince`) after
   * it arrived. Default 250; 0 turns sharing of finished results off (in-flight sharing stays).
   */
  resultShareMs?: number;
  /** Longest answer body read (bytes), counted while streaming: beyond it the call fails, never retried. Default 32 MB. */
  maxBodyBytes?: number;
  /** Longest Retry-After honoured across calls (seconds): a vendor asking for more is still paused this long. Default 3600. */
  maxBackoffSeconds?: number;
  /** Per-credential limits held across calls (wolkvox: 2 in flight per token, daily tokens). */
  gate?: CallGate;
  /** Longest wait for a gate slot even when the call's own budget is shorter (covers the gate's pause after a failure). */
  gateWaitMs?: number;
  /** The gateway's write clock (one per gateway, shared by its vendors). Default: a clock of this client's own. */
  writes?: WriteClock;
  /** Headers sent with every call (auth, Accept). */
  headers?: Record<string, string>;
  /** Values that must never appear in an error or log. */
  secrets?: readonly string[];
  onCall?: VendorCallObserver;
  /**
   * A response header where the vendor names the request (Thulium: `x-request-id`): on a failure its value is
   * logged with the call and relayed as `extensions.vendorRequestId`, so the vendor's support can trace it.
   */
  requestIdHeader?: string;
}

export interface GetRequest<T> {
  /** Template for errors and metrics, e.g. `GET /agents/{agentId}/presences`. */
  endpoint: string;
  /** Path under the base URL, ids already encoded. */
  path: string;
  query?: Query;
  /** Maps the parsed JSON body; runs inside the attempt, so a vendor-reported rate limit is retried. */
  parse: (body: unknown) => T;
  /** Return this instead of failing when the vendor answers 404 (given the answer's text). */
  notFound?: (text: string) => T;
  signal?: AbortSignal | undefined;
  /**
   * Epoch ms: the caller accepts an identical GET's result that arrived from the vendor at or after this moment and
   * at most `resultShareMs` ago, never one read before or during a write. 0: any within the window. Without it only
   * calls in flight are shared.
   */
  sharedSince?: number | undefined;
}

export interface WriteRequest<T> {
  endpoint: string;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  query?: Query;
  /** JSON-encoded when present. */
  body?: unknown;
  /** Maps the parsed JSON body (undefined when the answer has no body, e.g. 204). */
  parse?: (body: unknown) => T;
  signal?: AbortSignal | undefined;
}

/** Knobs every connector accepts and passes on to its VendorHttp. */
export interface HttpTuning {
  timeoutMs: number;
  retries: number;
  maxConcurrent?: number;
  breakerThreshold?: number;
  halfOpenAfterMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  maxTotalMs?: number;
  /** See VendorHttpOptions.resultShareMs (default 250 ms; 0: share only calls in flight). */
  resultShareMs?: number;
  maxBodyBytes?: number;
  writes?: WriteClock;
  /** Extra values to keep out of errors (the connector adds its own credentials). */
  secrets?: readonly string[];
  onCall?: VendorCallObserver;
}

/** The defined tuning fields (so optional ones are not passed as explicit undefined). */
export function tuning(o: HttpTuning): Omit<HttpTuning, 'secrets'> {
  const out: Omit<HttpTuning, 'secrets'> = { timeoutMs: o.timeoutMs, retries: o.retries };
  for (const k of ['maxConcurrent', 'breakerThreshold', 'halfOpenAfterMs', 'backoffInitialMs', 'backoffMaxMs', 'maxTotalMs', 'resultShareMs', 'maxBodyBytes', 'writes', 'onCall'] as const) {
    if (o[k] !== undefined) (out as Record<string, unknown>)[k] = o[k];
  }
  return out;
}
