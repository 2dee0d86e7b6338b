/**
 * One vendor resource on the live path: its poller (runs only while something needs the resource, and only on
 * the instance holding its lease) and its local replica (fed from pub/sub on every instance, the poller's own
 * included, so one code path serves one instance or many).
 *
 * Losing Redis degrades an instance to local mode: it polls for itself and feeds its own replica directly, so its
 * subscribers keep getting updates (N instances then poll N times; logged as a warning). Once Redis answers again
 * the instances contend for the lease as usual: one polls for the cluster, the others re-sync from it.
 */
import { isVendorError } from '../domain/errors.js';
import type { Coordination } from './coordination.js';
import { applyResourceMessage, diffRecords } from './diff.js';
import { dropsOf, sameDrops } from './drops.js';
import type { Fetcher, RecordMap } from './normalize.js';
import type { LiveDrop, LiveResource, ResourceMessage, ResourceRecord } from './types.js';

export interface LiveLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const silentLogger: LiveLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** The slice of graphql-yoga's PubSub the live path uses. */
export interface LivePubSub {
  publish(topic: string, payload: unknown): void;
  subscribe(topic: string): TopicStream;
}

/** A pub/sub subscription: iterate it; `return()` ends it. */
export type TopicStream = AsyncIterable<unknown> & { return(value?: unknown): Promise<unknown> };

export interface ChannelOptions {
  resource: LiveResource;
  /** Absent: the vendor is not configured; the resource is then always empty. */
  fetch: Fetcher | undefined;
  intervalMs: number;
  /**
   * Minimum gap between two polls started by demand (subscribe, lease takeover, timer): the poll interval, so
   * subscription churn cannot poll faster than the interval. With Redis the gap is shared by all instances.
   */
  minGapMs: number;
  /** Minimum gap even for a refresh after a write (refreshNow); the vendor's own rule (wolkvox: 5 minutes). */
  vendorGapMs: number;
  leaseTtlMs: number;
  coordination: Coordination;
  pubsub: LivePubSub;
  topicPrefix: string;
  logger: LiveLogger;
  now: () => number;
  /** Observes each poll (metrics). */
  onPoll?: (e: { resource: LiveResource; ok: boolean; durationMs: number }) => void;
  /** Called after the replica changed. */
  onChange: (resource: LiveResource) => void;
}

export interface ChannelStats {
  demand: number;
  /** Holds the Redis lease (polls for the cluster); always true on a single in-memory instance while polling. */
  holding: boolean;
  /** Polls for this instance only, because Redis is unavailable. */
  local: boolean;
  ready: boolean;
  polls: number;
  failures: number;
  seq: number;
  lastPollAt: number | null;
}

export class ResourceChannel {
  readonly resource: LiveResource;
  private demand = 0;
  private generation = 0;
  private store: Map<string, ResourceRecord> | null = null;
  /** Rows the vendor sent in the replica's poll that could not be read (VENDOR_DATA_PARTIAL on subscriptions). */
  private drops: LiveDrop[] = [];
  private seq = 0;
  private holding = false;
  /** Redis is unavailable: this instance polls for itself and ignores pub/sub. */
  private local = false;
  /** Set in local mode: the replica must re-sync from Redis (a full message or the saved state) before diffs apply. */
  private rebase = false;
  /** The generation whose lease check is in flight (checks never overlap, even when Redis hangs). */
  private ticking: number | null = null;
  private lastPublished: RecordMap | null = null;
  private pollTimer: NodeJS.Timeout | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | null = null;
  private followUp: Promise<void> | null = null;
  private followUpUrgent = false;
  /** In memory mode, the replica kept when the last subscriber left, so churn inside the gap reads it. */
  private retained: { store: Map<string, ResourceRecord>; seq: number; drops: LiveDrop[] } | null = null;
  private abort: AbortController | undefined;
  private repeaters: TopicStream[] = [];
  private settledWaiters: Array<() => void> = [];
  private seqWaiters: Array<{ seq: number; resolve: () => void }> = [];
  private settled = false;
  private halting: Promise<void> = Promise.resolve();
  /** performance.now() of the last poll's start: gaps are wall time, whatever clock `now` is (tests: a virtual one). */
  private lastPollStart = -Infinity;
  private polls = 0;
  private failures = 0;
  private lastPollAt: number | null = null;

  constructor(private readonly o: ChannelOptions) {
    this.resource = o.resource;
  }

  private get dataTopic() {
    return `${this.o.topicPrefix}data:${this.resource}`;
  }
  private get refreshTopic() {
    return `${this.o.topicPrefix}refresh:${this.resource}`;
  }

  /** The replica, or null before the first state arrived. */
  records(): ReadonlyMap<string, ResourceRecord> | null {
    return this.store;
  }

  /** Rows the replica's poll dropped as unreadable, per vendor resource (empty: none). */
  dropped(): readonly LiveDrop[] {
    return this.drops;
  }

  stats(): ChannelStats {
    return {
      demand: this.demand,
      holding: this.holding,
      local: this.local,
      ready: this.store !== null,
      polls: this.polls,
      failures: this.failures,
      seq: this.seq,
      lastPollAt: this.lastPollAt,
    };
  }

  isHolding(): boolean {
    return this.holding;
  }

  /** Polls on this instance: it holds the lease, or Redis is down and it polls for itself. */
  private get polling(): boolean {
    return this.holding || this.local;
  }

  addDemand(): void {
    this.demand += 1;
    if (this.demand === 1) this.start();
  }

  async removeDemand(): Promise<void> {
    if (this.demand === 0) return;
    this.demand -= 1;
    if (this.demand === 0) {
      this.halting = this.halt();
      await this.halting;
    }
  }

  /** Resolves once the last stop (lease release included) finished. */
  drained(): Promise<void> {
    return this.halting;
  }

  /** Resolves once the replica has a state, the first poll attempt failed, or the vendor is not configured. */
  whenSettled(): Promise<void> {
    if (this.settled) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private markSettled() {
    if (this.settled) return;
    this.settled = true;
    for (const w of this.settledWaiters.splice(0)) w();
  }

  private start() {
    const gen = ++this.generation;
    if (!this.o.fetch) {
      // Not configured: nothing to wait for, and no records (views show null, not "none").
      this.markSettled();
      return;
    }
    if (this.retained && this.lastPollStart + this.o.minGapMs > performance.now()) {
      // Restarted within the gap: the replica is as fresh as the gap allows; the next poll comes when it ends.
      ({ store: this.store, seq: this.seq, drops: this.drops } = this.retained);
      this.changed();
    }
    this.retained = null;
    const data = this.o.pubsub.subscribe(this.dataTopic);
    const refresh = this.o.pubsub.subscribe(this.refreshTopic);
    this.repeaters.push(data, refresh);
    void (async () => {
      for await (const m of data) {
        if (gen !== this.generation) break;
        await this.onMessage(m as ResourceMessage, gen);
      }
    })().catch((e: unknown) => this.o.logger.error({ resource: this.resource, err: String(e) }, 'live: replica stopped'));
    void (async () => {
      for await (const _ of refresh) {
        if (gen !== this.generation) break;
        if (this.holding) void this.refresh({ urgent: true });
      }
    })().catch(() => {});
    void (async () => {
      if (this.o.coordination.distributed && this.o.coordination.online()) {
        const state = await this.o.coordination.loadState(this.resource).catch(() => null);
        if (gen === this.generation && state && this.store === null) {
          this.store = new Map(state.records);
          this.seq = state.seq;
          this.drops = state.dropped ?? [];
          this.changed();
        }
      }
      await this.leaseTick(gen);
      if (gen === this.generation && this.o.coordination.distributed) {
        this.leaseTimer = setInterval(() => void this.leaseTick(gen), Math.max(10, this.o.leaseTtlMs / 3));
        this.leaseTimer.unref();
      }
    })();
  }

  private async halt() {
    this.generation += 1;
    clearInterval(this.leaseTimer);
    clearTimeout(this.pollTimer);
    this.abort?.abort();
    for (const r of this.repeaters.splice(0)) void r.return();
    const wasHolding = this.holding;
    this.holding = false;
    this.local = false;
    this.rebase = false;
    this.lastPublished = null;
    // Distributed instances reload the saved state on restart instead (Redis may have restarted its sequence).
    this.retained = this.store !== null && !this.o.coordination.distributed ? { store: this.store, seq: this.seq, drops: this.drops } : null;
    this.store = null;
    this.drops = [];
    this.seq = 0;
    this.settled = false;
    for (const w of this.seqWaiters.splice(0)) w.resolve();
    if (wasHolding) {
      await this.o.coordination
        .release(this.resource)
        .catch((e: unknown) => this.o.logger.warn({ resource: this.resource, err: String(e) }, 'live: lease release failed'));
    }
  }

  private async leaseTick(gen: number) {
    if (this.ticking === gen) return;
    this.ticking = gen;
    try {
      if (!this.o.coordination.online()) {
        this.goLocal('redis unavailable');
        return;
      }
      // A lease answer later than the lease itself is worthless: treat it as Redis trouble.
      const deadline = this.o.leaseTtlMs;
      if (this.holding) {
        const still = await withDeadline(this.o.coordination.renew(this.resource, this.o.leaseTtlMs), deadline);
        if (gen !== this.generation) return;
        if (!still) this.loseLease('lease taken over');
      } else {
        const got = await withDeadline(this.o.coordination.acquire(this.resource, this.o.leaseTtlMs), deadline);
        if (gen !== this.generation) {
          if (got) await this.o.coordination.release(this.resource);
          return;
        }
        if (got) {
          const wasLocal = this.local;
          this.local = false;
          this.holding = true;
          this.lastPublished = null; // the first publish of a new holder is the full resource
          if (wasLocal) this.o.logger.info({ resource: this.resource }, 'live: redis is back; polling for the cluster (lease held)');
          else this.o.logger.debug({ resource: this.resource }, 'live: polling (lease held)');
          void this.refresh();
        } else if (this.local) {
          // Redis is back and another instance polls for the cluster: follow it again.
          this.local = false;
          clearTimeout(this.pollTimer);
          this.o.logger.info({ resource: this.resource }, 'live: redis is back; following the lease holder');
        }
      }
    } catch (e) {
      // We cannot prove we hold the lease, and a follower hears nothing: poll for this instance only.
      if (gen === this.generation) this.goLocal(`lease check failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      if (this.ticking === gen) this.ticking = null;
    }
  }

  /** Redis is unavailable: poll for this instance and feed its replica directly until Redis answers again. */
  private goLocal(reason: string) {
    if (this.local) return;
    this.holding = false;
    this.local = true;
    this.rebase = true;
    this.lastPublished = null;
    // A publish in flight will not come back over Redis: do not wait for it.
    for (const w of this.seqWaiters.splice(0)) w.resolve();
    this.o.logger.warn(
      { resource: this.resource, reason },
      'live: redis unavailable; polling locally until it returns (every instance polls meanwhile)',
    );
    void this.refresh();
  }

  private loseLease(reason: string) {
    this.holding = false;
    clearTimeout(this.pollTimer);
    this.o.logger.info({ resource: this.resource, reason }, 'live: stopped polling');
  }

  /**
   * Polls now when this instance holds the lease (else asks the holder to). Resolves after the result reached
   * the local replica. A poll already running is followed by exactly one more.
   */
  refresh({ urgent = false }: { urgent?: boolean } = {}): Promise<void> {
    if (this.demand === 0 || !this.o.fetch) return Promise.resolve();
    if (!this.polling) {
      if (this.o.coordination.distributed) this.o.pubsub.publish(this.refreshTopic, { at: this.o.now() });
      return Promise.resolve();
    }
    if (this.inFlight) {
      this.followUpUrgent ||= urgent;
      this.followUp ??= this.inFlight.then(() => {
        const u = this.followUpUrgent;
        this.followUp = null;
        this.followUpUrgent = false;
        return this.polling ? this.poll(u) : undefined;
      });
      return this.followUp;
    }
    return this.poll(urgent);
  }

  /** `urgent`: a refresh after a write, held only to the vendor's own gap; otherwise to the poll interval. */
  private poll(urgent = false): Promise<void> {
    const wait = this.lastPollStart + (urgent ? this.o.vendorGapMs : this.o.minGapMs) - performance.now();
    if (wait > 0) {
      this.schedule(wait);
      // The gap (wolkvox: 5 min) must not hold a new subscriber's snapshot hostage.
      this.markSettled();
      return Promise.resolve();
    }
    clearTimeout(this.pollTimer);
    const gen = this.generation;
    let retryInMs = 0;
    this.inFlight = (async () => {
      // Across instances the gap lives in Redis: another instance may have polled moments ago and let go.
      if (!urgent && this.o.coordination.distributed && !this.local && this.o.coordination.claimPollSlot) {
        retryInMs = await this.o.coordination.claimPollSlot(this.resource, this.o.minGapMs).catch(() => 0);
        if (retryInMs > 0) {
          this.markSettled();
          return;
        }
      }
      await this.pollOnce(gen);
    })().finally(() => {
      this.inFlight = null;
      if (gen === this.generation && this.polling) this.schedule(retryInMs > 0 ? retryInMs : this.o.intervalMs);
    });
    return this.inFlight;
  }

  private schedule(ms: number) {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.refresh(), ms);
    this.pollTimer.unref();
  }

  private async pollOnce(gen: number): Promise<void> {
    const fetch = this.o.fetch;
    if (!fetch) return;
    this.lastPollStart = performance.now();
    const abort = (this.abort = new AbortController());
    let records: RecordMap;
    const t0 = performance.now();
    try {
      this.polls += 1;
      records = await fetch(abort.signal);
      this.o.onPoll?.({ resource: this.resource, ok: true, durationMs: performance.now() - t0 });
    } catch (e) {
      this.failures += 1;
      this.o.onPoll?.({ resource: this.resource, ok: false, durationMs: performance.now() - t0 });
      // The replica keeps its last state: a failed poll is not "everything was removed".
      this.o.logger.warn(
        { resource: this.resource, code: isVendorError(e) ? e.code : 'ERROR', endpoint: isVendorError(e) ? e.endpoint : undefined },
        'live: poll failed',
      );
      if (gen === this.generation) this.markSettled();
      return;
    }
    if (gen !== this.generation || !this.polling) return;
    this.lastPollAt = this.o.now();
    if (this.local) {
      this.applyLocal(records);
      return;
    }
    const full = this.lastPublished === null;
    const { upserts, removals } = full
      ? { upserts: [...records], removals: [] as string[] }
      : diffRecords(this.lastPublished ?? new Map(), records);
    const dropped = dropsOf(records);
    const sameDropped = sameDrops(dropsOf(this.lastPublished ?? new Map()), dropped);
    this.lastPublished = records;
    // Short-lived and refreshed every poll: a saved state outlives its holder by a few intervals at most.
    const stateTtl = 3 * this.o.intervalMs + this.o.leaseTtlMs;
    if (!full && upserts.length === 0 && removals.length === 0 && sameDropped) {
      // Unchanged: keep the saved state alive for instances that start listening later.
      if (this.o.coordination.distributed) {
        await this.o.coordination.touchState(this.resource, stateTtl).catch(() => {});
      }
      return;
    }
    try {
      const seq = await this.o.coordination.nextSeq(this.resource);
      const message: ResourceMessage = { resource: this.resource, seq, full, upserts, removals, at: this.lastPollAt, dropped };
      if (this.o.coordination.distributed) {
        await this.o.coordination.saveState(this.resource, { seq, records: [...records], at: message.at, dropped }, stateTtl);
      }
      if (gen !== this.generation) return;
      const applied = this.waitForSeq(seq, 2_000);
      this.o.pubsub.publish(this.dataTopic, message);
      await applied;
    } catch (e) {
      // Publishing failed: publish the whole resource next time so replicas cannot drift.
      this.lastPublished = null;
      this.o.logger.error({ resource: this.resource, err: String(e) }, 'live: publish failed');
      if (gen === this.generation && !this.o.coordination.online()) {
        // Redis went away mid-publish: our subscribers still get this poll.
        this.goLocal('redis unavailable while publishing');
        this.applyLocal(records);
      }
    }
  }

  /** Local mode: the poll goes straight into this instance's replica. */
  private applyLocal(records: RecordMap) {
    if (this.store !== null) {
      const { upserts, removals } = diffRecords(this.store, records);
      if (upserts.length === 0 && removals.length === 0 && sameDrops(this.drops, dropsOf(records))) {
        this.markSettled();
        return;
      }
    }
    this.store = new Map(records);
    this.drops = dropsOf(records);
    this.changed();
  }

  private waitForSeq(seq: number, timeoutMs: number): Promise<void> {
    if (this.seq >= seq) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = { seq, resolve };
      this.seqWaiters.push(entry);
      setTimeout(() => {
        this.seqWaiters = this.seqWaiters.filter((w) => w !== entry);
        resolve();
      }, timeoutMs).unref();
    });
  }

  private async onMessage(m: ResourceMessage, gen: number) {
    if (!m || m.resource !== this.resource) return;
    if (this.local) return; // our own polls feed the replica meanwhile
    // After local mode the replica is no base for diffs (and Redis may have restarted its sequence).
    const base = this.rebase ? null : this.store;
    let drops = m.dropped ?? [];
    if (m.full) {
      if (base !== null && m.seq <= this.seq) return;
      this.store = new Map();
      applyResourceMessage(this.store, m);
      this.seq = m.seq;
    } else if (base !== null && m.seq === this.seq + 1) {
      applyResourceMessage(this.store!, m);
      this.seq = m.seq;
    } else if (base !== null && m.seq <= this.seq) {
      return; // already in the replica (e.g. from the saved state)
    } else {
      // A gap (or no base yet): the holder saved the state before publishing, so reload it.
      const state = await this.o.coordination.loadState(this.resource).catch(() => null);
      if (gen !== this.generation || this.local) return;
      if (state && state.seq >= m.seq) {
        this.store = new Map(state.records);
        this.seq = state.seq;
        drops = state.dropped ?? [];
      } else if (state && state.seq === m.seq - 1) {
        this.store = new Map(state.records);
        applyResourceMessage(this.store, m);
        this.seq = m.seq;
      } else {
        this.o.logger.warn({ resource: this.resource, seq: m.seq, have: this.seq }, 'live: missed updates; waiting for state');
        return;
      }
    }
    this.drops = drops;
    this.rebase = false;
    this.changed();
  }

  private changed() {
    this.markSettled();
    for (const w of this.seqWaiters.filter((x) => x.seq <= this.seq)) w.resolve();
    this.seqWaiters = this.seqWaiters.filter((x) => x.seq > this.seq);
    this.o.onChange(this.resource);
  }
}

/** Rejects when `p` has not settled within `ms` (the late answer is ignored). */
function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
