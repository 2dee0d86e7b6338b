/**
 * The shared vendor HTTP layer: one undici Pool per vendor, a deadline on every call, cockatiel policies
 * (retry for idempotent GETs only, a circuit breaker and a bulkhead per vendor), in-flight de-duplication of
 * identical GETs, a very short-lived shared result window for them (see `GetRequest.sharedSince`), and the mapping of every failure to a `VendorError` that never carries a URL, query string,
 * credential or raw body.
 */
import { Pool } from 'undici';
import {
  BrokenCircuitError,
  BulkheadPolicy,
  CircuitBreakerPolicy,
  CircuitState as CockatielCircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  IsolatedCircuitError,
  TaskCancelledError,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
} from 'cockatiel';
import { ZodError } from 'zod';
import { VendorError, type VendorErrorCode } from '../domain/errors.js';
import type { CircuitState, VendorHealth } from '../domain/model.js';
import type { VendorName } from '../domain/vendors.js';

// ---------------------------------------------------------------------------------------------------------
// Public helpers

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
}
export type VendorCallObserver = (e: VendorCallEvent) => void;

const SECRET_PARAM = /(key|token|pass|secret|auth|sig)/i;
const REDACTED = '[redacted]';

/** Masks a secret everywhere it appears (also URL-encoded). Short secrets are masked too: they are still secrets. */
function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    for (const form of new Set([s, encodeURIComponent(s), encodeURIComponent(s).replace(/%20/g, '+')])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

/** A URL safe to log: credential-like query parameters, userinfo and any configured secret are masked. */
export function redactUrl(url: string, secrets: readonly string[] = []): string {
  let text = url;
  try {
    const u = new URL(url);
    if (u.username) u.username = REDACTED;
    if (u.password) u.password = REDACTED;
    for (const key of [...u.searchParams.keys()]) {
      if (SECRET_PARAM.test(key)) u.searchParams.set(key, REDACTED);
    }
    text = u.toString();
  } catch {
    // Not absolute: mask name=value pairs by hand.
    text = url.replace(/([?&])([^=&#]*)=([^&#]*)/g, (m, sep: string, k: string) =>
      SECRET_PARAM.test(decodeURIComponent(k)) ? `${sep}${k}=${REDACTED}` : m,
    );
  }
  return maskSecrets(text, secrets);
}

/** A vendor's failure text made safe for an error: secrets masked, control characters dropped, truncated. */
export function redactText(text: string, secrets: readonly string[] = [], max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = maskSecrets(text, secrets).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

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

// ---------------------------------------------------------------------------------------------------------
// Query strings

export type QueryValue = string | number | boolean | undefined | null | ReadonlyArray<string | number>;
export type Query = Record<string, QueryValue>;

/** Serializes a query. Array keys keep a literal `[]` (PHP style, e.g. `agent_logins[]=a&agent_logins[]=b`). */
export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  const enc = (k: string) => encodeURIComponent(k).replace(/%5B%5D$/, '[]');
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v as ReadonlyArray<string | number>) parts.push(`${enc(k)}=${encodeURIComponent(String(item))}`);
    } else {
      parts.push(`${enc(k)}=${encodeURIComponent(String(v))}`);
    }
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

// ---------------------------------------------------------------------------------------------------------
// The client

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
  /** Headers sent with every call (auth, Accept). */
  headers?: Record<string, string>;
  /** Values that must never appear in an error or log. */
  secrets?: readonly string[];
  onCall?: VendorCallObserver;
}

export interface GetRequest<T> {
  /** Template for errors and metrics, e.g. `GET /agents/{agentId}/presences`. */
  endpoint: string;
  /** Path under the base URL, ids already encoded. */
  path: string;
  query?: Query;
  /** Maps the parsed JSON body; runs inside the attempt, so a vendor-reported rate limit is retried. */
  parse: (body: unknown) => T;
  /** Return this instead of failing when the vendor answers 404. */
  notFound?: () => T;
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

/** The total time a call may take, shared by its attempts. */
interface Budget {
  deadline: number;
}

interface InFlight {
  promise: Promise<unknown>;
  controller: AbortController;
  waiters: number;
  /** The write generation it started in: a GET issued after a write never joins one started before it. */
  generation: number;
}

/** A finished GET's result, shareable for `resultShareMs` with callers whose request is not newer than it. */
interface Recent {
  value: unknown;
  /** When the read was sent: a connection only reuses reads sent after its previous answer. */
  startedAt: number;
  receivedAt: number;
  generation: number;
}

interface AttemptSpec<T> {
  endpoint: string;
  method: string;
  pathAndQuery: string;
  body?: string;
  extraHeaders?: Record<string, string>;
  parse: (body: unknown) => T;
  notFound?: () => T;
  write: boolean;
}

/**
 * Bumped when any write starts and when it ends: reads from before or during a write are never shared after it. One
 * counter for every vendor, because one contact center's vendors see each other's changes (a cc_agent action shows
 * in Sinch's agent rows).
 */
let writeGeneration = 0;

/** Codes that say the vendor (or the way to it) is unwell: they count for the breaker and are retried. */
const TRANSIENT: ReadonlySet<VendorErrorCode> = new Set(['TIMEOUT', 'NETWORK', 'SERVER_ERROR']);
const RETRYABLE: ReadonlySet<VendorErrorCode> = new Set(['TIMEOUT', 'NETWORK', 'SERVER_ERROR', 'RATE_LIMITED']);
/** Errors caused by our caller giving up: not the vendor's fault, so neither retried nor counted. */
const cancelledByCaller = new WeakSet<Error>();

export class VendorHttp {
  readonly vendor: VendorName;
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly bulkhead: BulkheadPolicy;
  private readonly inflight = new Map<string, InFlight>();
  private readonly recent = new Map<string, Recent>();
  private readonly resultShareMs: number;
  private lastSweep = 0;
  private readonly secrets: readonly string[];
  private readonly maxConcurrent: number;
  private readonly opts: Required<
    Pick<VendorHttpOptions, 'timeoutMs' | 'retries' | 'maxTotalMs' | 'halfOpenAfterMs' | 'backoffInitialMs' | 'backoffMaxMs'>
  >;
  private openedAt: number | null = null;
  private status: Pick<VendorHealth, 'reachable' | 'lastErrorCode' | 'lastErrorAt' | 'lastSuccessAt'> = {
    reachable: null,
    lastErrorCode: null,
    lastErrorAt: null,
    lastSuccessAt: null,
  };

  constructor(private readonly options: VendorHttpOptions) {
    this.vendor = options.vendor;
    const base = new URL(options.baseUrl);
    this.basePath = base.pathname.replace(/\/+$/, '');
    const maxConcurrent = Math.max(1, options.maxConcurrent ?? 8);
    this.maxConcurrent = maxConcurrent;
    this.resultShareMs = Math.max(0, options.resultShareMs ?? 250);
    this.opts = {
      timeoutMs: options.timeoutMs,
      retries: Math.max(0, options.retries),
      halfOpenAfterMs: options.halfOpenAfterMs ?? 10_000,
      backoffInitialMs: options.backoffInitialMs ?? 200,
      backoffMaxMs: options.backoffMaxMs ?? 5_000,
      maxTotalMs: 0,
    };
    // Room for every attempt to use its whole deadline, plus back-off between them.
    this.opts.maxTotalMs =
      options.maxTotalMs ?? options.timeoutMs * (this.opts.retries + 1) + this.opts.backoffMaxMs * Math.min(1, this.opts.retries);
    this.secrets = (options.secrets ?? []).filter((s) => s.length > 0);
    this.pool = new Pool(base.origin, {
      connections: maxConcurrent,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    this.bulkhead = bulkhead(maxConcurrent, Number.MAX_SAFE_INTEGER);
    this.breaker = circuitBreaker(
      handleWhen((e) => e instanceof VendorError && TRANSIENT.has(e.code) && !cancelledByCaller.has(e)),
      { halfOpenAfter: this.opts.halfOpenAfterMs, breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5) },
    );
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
    });
    this.breaker.onReset(() => {
      this.openedAt = null;
    });
  }

  /** Circuit state for health(): an open circuit whose delay has passed admits a trial call, i.e. is half-open. */
  circuit(): CircuitState {
    const s = this.breaker.state;
    if (s === CockatielCircuitState.Closed) return 'CLOSED';
    if (s === CockatielCircuitState.HalfOpen) return 'HALF_OPEN';
    if (s === CockatielCircuitState.Open && this.openedAt !== null && Date.now() - this.openedAt >= this.opts.halfOpenAfterMs) {
      return 'HALF_OPEN';
    }
    return 'OPEN';
  }

  health(): VendorHealth {
    return { vendor: this.vendor, configured: true, ...this.status, circuit: this.circuit() };
  }

  /** Calls currently holding a concurrency slot (tests, metrics). */
  get activeCalls(): number {
    return this.maxConcurrent - this.bulkhead.executionSlots;
  }

  async close(): Promise<void> {
    for (const entry of this.inflight.values()) entry.controller.abort();
    this.inflight.clear();
    this.recent.clear();
    await this.pool.close().catch(() => this.pool.destroy());
  }

  /**
   * An idempotent read: retried with back-off on timeouts, network errors, 5xx and 429 (honouring Retry-After,
   * within `maxTotalMs`), and shared with identical GETs already in flight (and, when the caller says `sharedSince`,
   * with one that finished after that moment, within `resultShareMs`).
   */
  async get<T>(req: GetRequest<T>): Promise<T> {
    const pathAndQuery = `${this.basePath}${req.path}${buildQuery(req.query)}`;
    // The endpoint template is part of the key so one parser result is never handed to another parser's caller.
    const key = `${req.endpoint}\n${pathAndQuery}`;
    if (req.sharedSince !== undefined && this.resultShareMs > 0 && !req.signal?.aborted) {
      const done = this.recent.get(key);
      if (done && done.generation === writeGeneration && Date.now() - done.receivedAt <= this.resultShareMs) {
        // Sent strictly after the connection's previous answer, so it never carries older data than that answer.
        if (done.startedAt > req.sharedSince) return copyTop(done.value) as T;
      }
    }
    let entry = this.inflight.get(key);
    if (entry && entry.generation !== writeGeneration) entry = undefined;
    if (!entry) {
      const controller = new AbortController();
      const generation = writeGeneration;
      const startedAt = Date.now();
      const created: InFlight = {
        controller,
        waiters: 0,
        generation,
        promise: this.runWithRetry(
          { endpoint: req.endpoint, method: 'GET', pathAndQuery, parse: req.parse, ...(req.notFound ? { notFound: req.notFound } : {}), write: false },
          controller.signal,
        ).then(
          (value) => {
            if (this.inflight.get(key) === created) this.inflight.delete(key);
            // Successes only, and only when no write started meanwhile.
            if (this.resultShareMs > 0 && generation === writeGeneration) this.remember(key, value, startedAt);
            return value;
          },
          (e: unknown) => {
            if (this.inflight.get(key) === created) this.inflight.delete(key);
            throw e;
          },
        ),
      };
      created.promise.catch(() => undefined); // every waiter may have left; the rejection is still observed by them
      this.inflight.set(key, created);
      entry = created;
    }
    const shared = entry;
    shared.waiters++;
    const result = (await this.waitFor(shared.promise, req.signal, req.endpoint, false, () => {
      shared.waiters--;
      if (shared.waiters === 0) {
        if (this.inflight.get(key) === shared) this.inflight.delete(key);
        shared.controller.abort();
      }
    })) as T;
    // Callers share one parsed result; a fresh top-level array keeps one caller's sort/push from reaching another.
    return copyTop(result) as T;
  }

  private remember(key: string, value: unknown, startedAt: number): void {
    const now = Date.now();
    if (now - this.lastSweep > this.resultShareMs) {
      this.lastSweep = now;
      for (const [k, r] of this.recent) if (now - r.receivedAt > this.resultShareMs) this.recent.delete(k);
    }
    this.recent.set(key, { value, startedAt, receivedAt: now, generation: writeGeneration });
  }

  /** A state-changing call: never retried, never shared. A timeout means the outcome is unknown. */
  async write<T = void>(req: WriteRequest<T>): Promise<T> {
    this.invalidate();
    try {
      return await this.writeOnce(req);
    } finally {
      // Reads that finished while the write ran may predate it too.
      this.invalidate();
    }
  }

  /** Forgets every shareable result: the vendor's data may have changed. */
  private invalidate(): void {
    writeGeneration++;
    this.recent.clear();
  }

  private writeOnce<T>(req: WriteRequest<T>): Promise<T> {
    const pathAndQuery = `${this.basePath}${req.path}${buildQuery(req.query)}`;
    const spec: AttemptSpec<T> = {
      endpoint: req.endpoint,
      method: req.method,
      pathAndQuery,
      parse: req.parse ?? (() => undefined as T),
      write: true,
      ...(req.body !== undefined
        ? { body: JSON.stringify(req.body), extraHeaders: { 'content-type': 'application/json' } }
        : {}),
    };
    // No total budget beyond the attempt's own deadline, which starts once a concurrency slot is held.
    return this.runGuarded(spec, 1, { deadline: Number.POSITIVE_INFINITY }, req.signal);
  }

  // -------------------------------------------------------------------------------------------------------

  private waitFor<T>(
    promise: Promise<T>,
    signal: AbortSignal | undefined,
    endpoint: string,
    write: boolean,
    onAbort: () => void,
  ): Promise<T> {
    if (!signal) return promise;
    if (signal.aborted) {
      onAbort();
      return Promise.reject(this.cancelledError(endpoint, write));
    }
    return new Promise<T>((resolve, reject) => {
      const abort = () => {
        onAbort();
        reject(this.cancelledError(endpoint, write));
      };
      signal.addEventListener('abort', abort, { once: true });
      promise.then(
        (v) => {
          signal.removeEventListener('abort', abort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', abort);
          reject(e);
        },
      );
    });
  }

  private cancelledError(endpoint: string, write: boolean): VendorError {
    const e = new VendorError({
      vendor: this.vendor,
      code: 'TIMEOUT',
      endpoint,
      message: write
        ? `${this.vendor} ${endpoint} was cancelled before the vendor answered; the outcome is unknown`
        : `${this.vendor} ${endpoint} was cancelled before the vendor answered`,
    });
    cancelledByCaller.add(e);
    return e;
  }

  private async runWithRetry<T>(spec: AttemptSpec<T>, signal: AbortSignal): Promise<T> {
    // Set when the first attempt holds a concurrency slot: time queued behind our own calls is not vendor time.
    const budget: Budget = { deadline: 0 };
    const remaining = () => (budget.deadline === 0 ? this.opts.maxTotalMs : budget.deadline - Date.now());
    const policy = retry(
      handleWhen((e) => {
        if (!(e instanceof VendorError) || !RETRYABLE.has(e.code) || cancelledByCaller.has(e) || signal.aborted) return false;
        const wait = e.retryAfterSeconds !== undefined ? e.retryAfterSeconds * 1000 : 0;
        // Another attempt only when the vendor's requested wait plus a useful attempt still fits the budget.
        return remaining() - wait >= Math.min(250, this.opts.timeoutMs);
      }),
      {
        maxAttempts: this.opts.retries,
        backoff: new DelegateBackoff<{ attempt: number; result: unknown }>((ctx) => {
          const cap = Math.min(this.opts.backoffMaxMs, this.opts.backoffInitialMs * 2 ** (ctx.attempt - 1));
          let delay = cap / 2 + Math.random() * (cap / 2); // "equal jitter": spread retries, keep a floor
          const r = ctx.result as { error?: unknown };
          if (r.error instanceof VendorError && r.error.retryAfterSeconds !== undefined) {
            delay = Math.max(delay, r.error.retryAfterSeconds * 1000);
          }
          return Math.max(0, Math.min(delay, remaining() - Math.min(250, this.opts.timeoutMs)));
        }),
      },
    );
    return policy.execute(({ attempt }) => this.runGuarded(spec, attempt + 1, budget, signal), signal);
  }

  /** One attempt through the bulkhead and the breaker, with every failure mapped to VendorError. */
  private async runGuarded<T>(spec: AttemptSpec<T>, attempt: number, budget: Budget, signal: AbortSignal | undefined): Promise<T> {
    try {
      const run = this.bulkhead.execute(
        () => this.breaker.execute(() => this.attemptOnce(spec, attempt, budget, signal)),
        signal,
      );
      // A call queued for a slot must still notice its caller leaving.
      return await this.waitFor(run, signal, spec.endpoint, spec.write, () => undefined);
    } catch (e) {
      if (e instanceof VendorError) throw e;
      if (e instanceof BrokenCircuitError || e instanceof IsolatedCircuitError) {
        const err = new VendorError({
          vendor: this.vendor,
          code: 'CIRCUIT_OPEN',
          endpoint: spec.endpoint,
          message: `${this.vendor} ${spec.endpoint} not attempted: the circuit is open after repeated failures`,
        });
        this.recordFailure(err);
        this.emit(spec, attempt, 0, undefined, 'CIRCUIT_OPEN');
        throw err;
      }
      if (e instanceof TaskCancelledError) throw this.cancelledError(spec.endpoint, spec.write);
      throw new VendorError({ vendor: this.vendor, code: 'NETWORK', endpoint: spec.endpoint });
    }
  }

  private async attemptOnce<T>(spec: AttemptSpec<T>, attempt: number, total: Budget, caller: AbortSignal | undefined): Promise<T> {
    const started = Date.now();
    if (total.deadline === 0) total.deadline = started + this.opts.maxTotalMs;
    const budget = Math.max(1, Math.min(this.opts.timeoutMs, total.deadline - started));
    const timeout = AbortSignal.timeout(budget);
    const signal = caller ? AbortSignal.any([caller, timeout]) : timeout;
    let status: number | undefined;
    try {
      const res = await this.pool.request({
        path: spec.pathAndQuery,
        method: spec.method as 'GET',
        headers: { ...this.options.headers, ...spec.extraHeaders },
        ...(spec.body !== undefined ? { body: spec.body } : {}),
        signal,
        headersTimeout: budget,
        bodyTimeout: budget,
      });
      status = res.statusCode;
      const text = await res.body.text();
      const value = this.interpret(spec, res.statusCode, res.headers, text);
      this.recordSuccess();
      this.emit(spec, attempt, Date.now() - started, status, undefined);
      return value;
    } catch (e) {
      const err = this.toVendorError(e, spec, status, caller, timeout);
      if (!cancelledByCaller.has(err)) this.recordFailure(err);
      this.emit(spec, attempt, Date.now() - started, status, err.code);
      throw err;
    }
  }

  private interpret<T>(spec: AttemptSpec<T>, status: number, headers: Record<string, string | string[] | undefined>, text: string): T {
    if (status === 404 && spec.notFound) return spec.notFound();
    if (status >= 200 && status < 300) {
      if (text.trim() === '') return spec.parse(undefined);
      return spec.parse(parseJsonLenient(text));
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
    // Only a 4xx explanation is worth keeping (e.g. "Invalid GUID"); 5xx pages are noise.
    const vendorText = code === 'BAD_REQUEST' && text.trim() ? redactText(text, this.secrets) : undefined;
    throw new VendorError({
      vendor: this.vendor,
      code,
      endpoint: spec.endpoint,
      status,
      ...(vendorText ? { vendorMessage: vendorText } : {}),
      ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
    });
  }

  private toVendorError(
    e: unknown,
    spec: AttemptSpec<unknown>,
    status: number | undefined,
    caller: AbortSignal | undefined,
    timeout: AbortSignal,
  ): VendorError {
    if (e instanceof VendorError) return e;
    const base = { vendor: this.vendor, endpoint: spec.endpoint, ...(status !== undefined ? { status } : {}) };
    if (e instanceof VendorReportedError) {
      const vendorMessage = e.vendorText ? redactText(e.vendorText, this.secrets) : undefined;
      return new VendorError({
        ...base,
        code: e.code,
        ...(vendorMessage ? { vendorMessage } : {}),
        message: `${this.vendor} ${spec.endpoint} failed: ${e.code}${vendorMessage ? ` (vendor said: ${vendorMessage})` : ''}`,
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
        message: `${this.vendor} ${spec.endpoint} failed: MALFORMED_RESPONSE (the body does not match the documented shape${where})`,
      });
    }
    if (caller?.aborted) return this.cancelledError(spec.endpoint, spec.write);
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
        message: spec.write
          ? `${this.vendor} ${spec.endpoint} timed out; the outcome is unknown (the change may or may not have been applied)`
          : `${this.vendor} ${spec.endpoint} failed: TIMEOUT (no answer in time)`,
      });
    }
    return new VendorError({ ...base, code: 'NETWORK' });
  }

  private recordSuccess(): void {
    this.status = { ...this.status, reachable: true, lastSuccessAt: new Date() };
  }

  private recordFailure(e: VendorError): void {
    // An answered 4xx still proves the vendor is reachable.
    const reachable = !(TRANSIENT.has(e.code) || e.code === 'CIRCUIT_OPEN');
    this.status = { ...this.status, reachable, lastErrorCode: e.code, lastErrorAt: new Date() };
  }

  private emit(spec: AttemptSpec<unknown>, attempt: number, durationMs: number, status: number | undefined, errorCode: VendorErrorCode | undefined): void {
    if (!this.options.onCall) return;
    try {
      this.options.onCall({
        vendor: this.vendor,
        endpoint: spec.endpoint,
        method: spec.method,
        ...(status !== undefined ? { status } : {}),
        durationMs,
        ...(errorCode ? { errorCode } : {}),
        attempt,
      });
    } catch {
      // An observer must never break a vendor call.
    }
  }
}

/** Callers share one parsed result; a fresh top-level array keeps one caller's sort/push from reaching another. */
const copyTop = (value: unknown): unknown => (Array.isArray(value) ? [...value] : value);

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

/** Basic auth header value. */
export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** Splits values into comma-joined chunks no longer than `maxChars` (keeps URLs well under vendor limits). */
export function chunkJoined(values: readonly string[], maxChars = 5000): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const v of values) {
    const add = encodeURIComponent(v).length + 3;
    if (current.length > 0 && length + add > maxChars) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    current.push(v);
    length += add;
  }
  if (current.length) chunks.push(current);
  return chunks;
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
  /** Extra values to keep out of errors (the connector adds its own credentials). */
  secrets?: readonly string[];
  onCall?: VendorCallObserver;
}

/** The defined tuning fields (so optional ones are not passed as explicit undefined). */
export function tuning(o: HttpTuning): Omit<HttpTuning, 'secrets'> {
  const out: Omit<HttpTuning, 'secrets'> = { timeoutMs: o.timeoutMs, retries: o.retries };
  for (const k of ['maxConcurrent', 'breakerThreshold', 'halfOpenAfterMs', 'backoffInitialMs', 'backoffMaxMs', 'maxTotalMs', 'resultShareMs', 'onCall'] as const) {
    if (o[k] !== undefined) (out as Record<string, unknown>)[k] = o[k];
  }
  return out;
}
