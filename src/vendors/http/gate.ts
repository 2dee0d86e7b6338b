/**
 * A call gate: the limits a vendor puts on one credential, held across calls (and, with Redis, across gateway
 * instances sharing the credential). At most `maxInFlight` calls at once, counting a call we abandoned (timed out,
 * cancelled) until the vendor's own limit for it is over; a pause after a failed call before the next one starts;
 * an optional daily budget of calls.
 */

export type LeaseOutcome = 'answered' | 'failed' | 'abandoned';

export interface CallLease {
  release(outcome: LeaseOutcome): void;
}

export interface GateRules {
  maxInFlight: number;
  /** From a call's start, how long the vendor may keep working on it: an abandoned call holds its slot until then. */
  abandonedHoldMs: number;
  /** Pause after a failed call before the next call on the credential starts. */
  failureGapMs: number;
  /** Calls per UTC day; 0: no budget. */
  dailyCalls: number;
}

export interface GateStats {
  inFlight: number;
  usedToday: number;
  dailyCalls: number;
}

/** The gate refused: the day's budget is spent (wait until the next UTC day), or no slot came in time. */
export class GateRefusal extends Error {
  constructor(
    readonly reason: 'DAILY_TOKEN_BUDGET' | 'TOKEN_BUSY',
    readonly retryAfterMs: number,
  ) {
    super(reason === 'DAILY_TOKEN_BUDGET' ? 'the daily call budget is spent' : 'no call slot became free in time');
  }
}

export interface CallGate {
  /** Waits for a slot until `signal` aborts (then GateRefusal TOKEN_BUSY); GateRefusal DAILY_TOKEN_BUDGET at once. */
  acquire(signal: AbortSignal): Promise<CallLease>;
  stats(): GateStats;
  close(): Promise<void>;
}

/**
 * Added to an abandoned call's hold: the vendor's clock for a call starts when the request reaches it, a little
 * after we took the slot, so the hold must outlast that lag.
 */
export const HOLD_MARGIN_MS = 1_000;

export const msToNextUtcDay = (now: number): number => 86_400_000 - (now % 86_400_000);
export const utcDay = (now: number): string => new Date(now).toISOString().slice(0, 10);

/** One process's gate (no Redis). */
export class LocalGate implements CallGate {
  /** Slots held: until when (Infinity while the call runs). */
  private readonly holds = new Set<{ until: number }>();
  private nextStartAt = 0;
  private day = '';
  private used = 0;
  private readonly wakers = new Set<() => void>();

  constructor(private readonly rules: GateRules) {}

  stats(): GateStats {
    this.rollDay(Date.now());
    return { inFlight: this.inFlight(Date.now()), usedToday: this.used, dailyCalls: this.rules.dailyCalls };
  }

  async close(): Promise<void> {
    for (const w of this.wakers) w();
  }

  async acquire(signal: AbortSignal): Promise<CallLease> {
    for (;;) {
      const now = Date.now();
      this.rollDay(now);
      if (this.rules.dailyCalls > 0 && this.used >= this.rules.dailyCalls) {
        throw new GateRefusal('DAILY_TOKEN_BUDGET', msToNextUtcDay(now));
      }
      if (signal.aborted) throw new GateRefusal('TOKEN_BUSY', 1000);
      const held = this.inFlight(now);
      if (held < this.rules.maxInFlight && now >= this.nextStartAt) {
        const hold = { until: Number.POSITIVE_INFINITY };
        this.holds.add(hold);
        this.used++;
        return this.lease(hold, now);
      }
      // Wake on a release, on the earliest expiring hold or the end of the pause, or on abort.
      let wakeAt = now >= this.nextStartAt ? Number.POSITIVE_INFINITY : this.nextStartAt;
      if (held >= this.rules.maxInFlight) {
        for (const h of this.holds) wakeAt = Math.min(wakeAt, Math.max(h.until, this.nextStartAt));
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.wakers.delete(done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = Number.isFinite(wakeAt) ? setTimeout(done, Math.max(1, wakeAt - now)) : undefined;
        this.wakers.add(done);
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  private lease(hold: { until: number }, startedAt: number): CallLease {
    let released = false;
    return {
      release: (outcome) => {
        if (released) return;
        released = true;
        const now = Date.now();
        const until = startedAt + this.rules.abandonedHoldMs + HOLD_MARGIN_MS;
        if (outcome === 'abandoned' && until > now) {
          hold.until = until;
        } else {
          this.holds.delete(hold);
        }
        if (outcome !== 'answered') this.nextStartAt = Math.max(this.nextStartAt, now + this.rules.failureGapMs);
        for (const w of [...this.wakers]) w();
      },
    };
  }

  private inFlight(now: number): number {
    let n = 0;
    for (const h of this.holds) {
      if (h.until <= now) this.holds.delete(h);
      else n++;
    }
    return n;
  }

  private rollDay(now: number): void {
    const d = utcDay(now);
    if (d !== this.day) {
      this.day = d;
      this.used = 0;
    }
  }
}
