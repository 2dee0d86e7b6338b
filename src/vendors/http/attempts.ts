/** Per-attempt pieces of a vendor call: its deadline, and the retry policy a failed read gets. */
import { DelegateBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import { VendorError } from '../../domain/errors.js';
import { isRetryable } from './failures.js';

/**
 * One attempt's signal: aborted when its deadline passes (then `aborted` is true: a timeout) or when the caller
 * leaves. A timer and a listener, cleared when the attempt ends: cheaper per call than AbortSignal.timeout + any.
 */
export class AttemptDeadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  /** The deadline passed (not the caller leaving). */
  aborted = false;

  constructor(
    ms: number,
    private readonly caller: AbortSignal | undefined,
  ) {
    this.timer = setTimeout(() => {
      this.aborted = true;
      this.controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }, ms).unref();
    if (caller?.aborted) this.controller.abort(caller.reason);
    else caller?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private readonly onCallerAbort = (): void => this.controller.abort(this.caller?.reason);

  clear(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this.onCallerAbort);
  }
}

export interface RetryOptions {
  retries: number;
  timeoutMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
}

/**
 * Retries for an idempotent read: on retryable failures while the caller stays, with "equal jitter" exponential
 * back-off, never shorter than the vendor's Retry-After, and only while `remaining()` leaves room for a useful attempt.
 */
export function retryPolicy(opts: RetryOptions, remaining: () => number, signal: AbortSignal): RetryPolicy {
  const useful = Math.min(250, opts.timeoutMs);
  return retry(
    handleWhen((e) => {
      if (!isRetryable(e) || signal.aborted) return false;
      const wait = e.retryAfterSeconds !== undefined ? e.retryAfterSeconds * 1000 : 0;
      return remaining() - wait >= useful;
    }),
    {
      maxAttempts: opts.retries,
      backoff: new DelegateBackoff<{ attempt: number; result: unknown }>((ctx) => {
        const cap = Math.min(opts.backoffMaxMs, opts.backoffInitialMs * 2 ** (ctx.attempt - 1));
        let delay = cap / 2 + Math.random() * (cap / 2); // spread retries, keep a floor
        const r = ctx.result as { error?: unknown };
        if (r.error instanceof VendorError && r.error.retryAfterSeconds !== undefined) {
          delay = Math.max(delay, r.error.retryAfterSeconds * 1000);
        }
        return Math.max(0, Math.min(delay, remaining() - useful));
      }),
    },
  );
}
