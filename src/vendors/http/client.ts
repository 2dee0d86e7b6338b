/**
 * The core vendor client: one undici Pool per vendor, a deadline on every call, cockatiel policies (retry for
 * idempotent GETs only, a circuit breaker and a bulkhead per vendor). Sharing of reads lives in sharing.ts, the
 * mapping of failures to VendorError in failures.ts.
 */
import { Pool } from 'undici';
import {
  BrokenCircuitError,
  BulkheadPolicy,
  CircuitBreakerPolicy,
  CircuitState as CockatielCircuitState,
  ConsecutiveBreaker,
  IsolatedCircuitError,
  TaskCancelledError,
  bulkhead,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import { VendorError, type VendorErrorCode } from '../../domain/errors.js';
import type { CircuitState, VendorHealth } from '../../domain/model.js';
import type { VendorName } from '../../domain/vendors.js';
import { AttemptDeadline, retryPolicy } from './attempts.js';
import {
  TRANSIENT,
  bodyTooLarge,
  cancelledError,
  countsForBreaker,
  isCancelledByCaller,
  isLocalRefusal,
  isRetryable,
  localRefusal,
  parseJsonLenient,
  statusError,
  toVendorError,
  requestIdFrom,
  withRequestId,
  type FailureContext,
} from './failures.js';
import type { GetRequest, VendorHttpOptions, WriteRequest } from './options.js';
import { buildQuery } from './query.js';
import { ReadSharing, WriteClock, copyTop, untilAborted } from './sharing.js';
import { GateRefusal, type CallLease, type LeaseOutcome } from './gate.js';
import { readCappedBody } from './body.js';

/** The total time a call may take, shared by its attempts. */
interface Budget {
  deadline: number;
}

interface AttemptSpec<T> {
  endpoint: string;
  method: string;
  pathAndQuery: string;
  body?: string;
  extraHeaders?: Record<string, string>;
  parse: (body: unknown) => T;
  notFound?: (text: string) => T;
  write: boolean;
}

// A retry timed to the end of a Retry-After can wake a few ms before it by the wall clock (libuv's loop time is
// taken once per turn, and a busy turn makes it stale): within this, the wait is over.
const BACKOFF_SLACK_MS = 50;

export class VendorHttp {
  readonly vendor: VendorName;
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly bulkhead: BulkheadPolicy;
  private readonly sharing: ReadSharing;
  private readonly secrets: readonly string[];
  private readonly maxConcurrent: number;
  private readonly opts: Required<
    Pick<VendorHttpOptions, 'timeoutMs' | 'retries' | 'maxTotalMs' | 'halfOpenAfterMs' | 'backoffInitialMs' | 'backoffMaxMs'>
  >;
  private openedAt: number | null = null;
  /** Until when the vendor asked us (Retry-After) not to call: shared by every caller, pollers and queries alike. */
  private backoffUntil = 0;
  private readonly maxBodyBytes: number;
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
    this.sharing = new ReadSharing(options.writes ?? new WriteClock(), Math.max(0, options.resultShareMs ?? 250));
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
    this.maxBodyBytes = Math.max(1, options.maxBodyBytes ?? 32 * 1024 * 1024);
    this.pool = new Pool(base.origin, {
      connections: maxConcurrent,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    this.bulkhead = bulkhead(maxConcurrent, Number.MAX_SAFE_INTEGER);
    this.breaker = circuitBreaker(
      handleWhen(countsForBreaker),
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
    const gate = this.options.gate?.stats();
    const backoffSeconds = this.backoffSeconds();
    return {
      vendor: this.vendor,
      configured: true,
      ...this.status,
      circuit: this.circuit(),
      ...(backoffSeconds > 0 ? { backoffSeconds } : {}),
      ...(gate ? { inFlight: gate.inFlight, callsToday: gate.usedToday, dailyCallBudget: gate.dailyCalls } : {}),
    };
  }

  /** Seconds left of the vendor's Retry-After (0 when none is running, or only the slack calls ignore is left). */
  backoffSeconds(): number {
    return Math.ceil(this.backoffLeftMs() / 1000);
  }

  /** Milliseconds left of the vendor's Retry-After; 0 within the slack (`BACKOFF_SLACK_MS`): calls and health agree. */
  private backoffLeftMs(): number {
    const left = this.backoffUntil - Date.now();
    return left > BACKOFF_SLACK_MS ? left : 0;
  }

  /** Calls currently holding a concurrency slot (tests, metrics). */
  get activeCalls(): number {
    return this.maxConcurrent - this.bulkhead.executionSlots;
  }

  async close(): Promise<void> {
    this.sharing.close();
    await this.options.gate?.close();
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
    if (!req.signal?.aborted) {
      const hit = this.sharing.recentFor(key, req.sharedSince);
      if (hit) return copyTop(hit.value) as T;
    }
    const spec: AttemptSpec<T> = {
      endpoint: req.endpoint,
      method: 'GET',
      pathAndQuery,
      parse: req.parse,
      ...(req.notFound ? { notFound: req.notFound } : {}),
      write: false,
    };
    const entry = this.sharing.join(key, (signal) => this.runWithRetry(spec, signal));
    const result = (await this.waitFor(entry.promise, req.signal, req.endpoint, false, () => this.sharing.leave(key, entry))) as T;
    return copyTop(result) as T;
  }

  /** A state-changing call: never retried, never shared. A timeout means the outcome is unknown. */
  async write<T = void>(req: WriteRequest<T>): Promise<T> {
    this.sharing.invalidate();
    try {
      return await this.writeOnce(req);
    } finally {
      // Reads that finished while the write ran may predate it too.
      this.sharing.invalidate();
    }
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

  /** Waits for `promise` unless the caller leaves first (then `onAbort` runs and the call is reported cancelled). */
  private waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined, endpoint: string, write: boolean, onAbort: () => void): Promise<T> {
    return untilAborted(promise, signal, onAbort, () => cancelledError(this.vendor, endpoint, write));
  }

  private async runWithRetry<T>(spec: AttemptSpec<T>, signal: AbortSignal): Promise<T> {
    // Set when the first attempt holds a concurrency slot: time queued behind our own calls is not vendor time.
    const budget: Budget = { deadline: 0 };
    let first: unknown;
    try {
      return await this.runGuarded(spec, 1, budget, signal);
    } catch (e) {
      if (this.opts.retries === 0 || !isRetryable(e) || signal.aborted) throw e;
      first = e;
    }
    // Most calls succeed first time: the retry policy is built only for a call that failed, and replays that
    // failure as its own first attempt, so its checks and back-off are the ones every attempt gets.
    const remaining = () => (budget.deadline === 0 ? this.opts.maxTotalMs : budget.deadline - Date.now());
    const policy = retryPolicy(this.opts, remaining, signal);
    return policy.execute(({ attempt }) => (attempt === 0 ? Promise.reject(first) : this.runGuarded(spec, attempt + 1, budget, signal)), signal);
  }

  /** One attempt through the bulkhead and the breaker, with every failure mapped to VendorError. */
  private async runGuarded<T>(spec: AttemptSpec<T>, attempt: number, budget: Budget, signal: AbortSignal | undefined): Promise<T> {
    const wait = this.backoffLeftMs();
    if (wait > 0) {
      throw localRefusal(this.vendor, spec.endpoint, 'VENDOR_BACKOFF', wait, `the vendor asked us to wait (Retry-After), ${Math.ceil(wait / 1000)} s left`);
    }
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
      if (e instanceof TaskCancelledError) throw cancelledError(this.vendor, spec.endpoint, spec.write);
      throw new VendorError({ vendor: this.vendor, code: 'NETWORK', endpoint: spec.endpoint });
    }
  }

  private failureContext(spec: AttemptSpec<unknown>): FailureContext {
    return { vendor: this.vendor, endpoint: spec.endpoint, write: spec.write, secrets: this.secrets };
  }

  private async attemptOnce<T>(spec: AttemptSpec<T>, attempt: number, total: Budget, caller: AbortSignal | undefined): Promise<T> {
    const lease = await this.acquireGate(spec, total, caller);
    const started = Date.now();
    if (total.deadline === 0) total.deadline = started + this.opts.maxTotalMs;
    const budget = Math.max(1, Math.min(this.opts.timeoutMs, total.deadline - started));
    const timeout = new AttemptDeadline(budget, caller);
    const signal = timeout.signal;
    let status: number | undefined;
    let headers: Record<string, string | string[] | undefined> | undefined;
    let outcome: LeaseOutcome = 'abandoned';
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
      headers = res.headers;
      const text = await readCappedBody(res, this.maxBodyBytes, () => bodyTooLarge(this.failureContext(spec), res.statusCode, this.maxBodyBytes));
      // Only distress (429, 5xx) earns the credential a pause; a 4xx is an answer like any other.
      outcome = res.statusCode === 429 || res.statusCode >= 500 ? 'failed' : 'answered';
      const value = this.interpret(spec, res.statusCode, res.headers, text);
      this.recordSuccess();
      this.emit(spec, attempt, Date.now() - started, status, undefined);
      return value;
    } catch (e) {
      const err = withRequestId(toVendorError(this.failureContext(spec), e, status, caller, timeout), requestIdFrom(headers, this.options.requestIdHeader));
      if (err.detail === 'BODY_TOO_LARGE') outcome = 'failed';
      if (err.retryAfterSeconds !== undefined && (err.code === 'RATE_LIMITED' || err.code === 'SERVER_ERROR')) {
        const seconds = Math.min(err.retryAfterSeconds, this.options.maxBackoffSeconds ?? 3600);
        this.backoffUntil = Math.max(this.backoffUntil, Date.now() + seconds * 1000);
      }
      if (!isCancelledByCaller(err)) this.recordFailure(err);
      this.emit(spec, attempt, Date.now() - started, status, err.code, err.vendorRequestId);
      throw err;
    } finally {
      timeout.clear();
      // A call that ended without its answer may still run at the vendor: the gate keeps counting it.
      lease?.release(outcome);
    }
  }

  /** A slot on the credential's gate, waited for within the call's budget; a refusal is not a vendor request. */
  private async acquireGate(spec: AttemptSpec<unknown>, total: Budget, caller: AbortSignal | undefined): Promise<CallLease | undefined> {
    const gate = this.options.gate;
    if (!gate) return undefined;
    // Waiting for the credential is not vendor time (like the bulkhead queue), but it is bounded.
    const left = total.deadline === 0 ? this.opts.maxTotalMs : total.deadline - Date.now();
    const wait = Math.max(Number.isFinite(left) ? left : this.opts.timeoutMs, this.options.gateWaitMs ?? 0);
    const limit = AbortSignal.timeout(Math.max(1, wait));
    try {
      return await gate.acquire(caller ? AbortSignal.any([caller, limit]) : limit);
    } catch (e) {
      if (caller?.aborted) throw cancelledError(this.vendor, spec.endpoint, spec.write);
      if (e instanceof GateRefusal) {
        throw localRefusal(
          this.vendor,
          spec.endpoint,
          e.reason,
          e.retryAfterMs,
          e.reason === 'DAILY_TOKEN_BUDGET' ? 'the daily call budget for this credential is spent' : 'the credential’s concurrent calls stayed busy',
        );
      }
      throw e;
    }
  }

  private interpret<T>(spec: AttemptSpec<T>, status: number, headers: Record<string, string | string[] | undefined>, text: string): T {
    if (status === 404 && spec.notFound) return spec.notFound(text);
    if (status >= 200 && status < 300) {
      if (text.trim() === '') return spec.parse(undefined);
      return spec.parse(parseJsonLenient(text));
    }
    throw statusError(this.failureContext(spec), status, headers, text);
  }

  private recordSuccess(): void {
    this.status = { ...this.status, reachable: true, lastSuccessAt: new Date() };
  }

  private recordFailure(e: VendorError): void {
    // An answered 4xx still proves the vendor is reachable.
    if (isLocalRefusal(e)) return;
    const reachable = !(TRANSIENT.has(e.code) || e.code === 'CIRCUIT_OPEN');
    this.status = { ...this.status, reachable, lastErrorCode: e.code, lastErrorAt: new Date() };
  }

  private emit(
    spec: AttemptSpec<unknown>,
    attempt: number,
    durationMs: number,
    status: number | undefined,
    errorCode: VendorErrorCode | undefined,
    vendorRequestId?: string,
  ): void {
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
        ...(vendorRequestId !== undefined ? { vendorRequestId } : {}),
      });
    } catch {
      // An observer must never break a vendor call.
    }
  }
}
