/**
 * One vendor resource on the live path: its poller (runs only while something needs the resource, and only on
 * the instance holding its lease) and its local replica (fed from pub/sub on every instance, the poller's own
 * included, so one code path serves one instance or many).
 */
import { isVendorError } from '../domain/errors.js';
import type { Coordination } from './coordination.js';
import { applyResourceMessage, diffRecords } from './diff.js';
import type { Fetcher, RecordMap } from './normalize.js';
import type { LiveResource, ResourceMessage, ResourceRecord } from './types.js';

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
  /** Minimum gap between two polls, even when refreshNow asks (wolkvox: 5 minutes). */
  minGapMs: number;
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
  holding: boolean;
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
  private seq = 0;
  private holding = false;
  private lastPublished: RecordMap | null = null;
  private pollTimer: NodeJS.Timeout | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | null = null;
  private followUp: Promise<void> | null = null;
  private abort: AbortController | undefined;
  private repeaters: TopicStream[] = [];
  private settledWaiters: Array<() => void> = [];
  private seqWaiters: Array<{ seq: number; resolve: () => void }> = [];
  private settled = false;
  private halting: Promise<void> = Promise.resolve();
  private lastPollStart = 0;
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

  stats(): ChannelStats {
    return {
      demand: this.demand,
      holding: this.holding,
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
        if (this.holding) void this.refresh();
      }
    })().catch(() => {});
    void (async () => {
      if (this.o.coordination.distributed) {
        const state = await this.o.coordination.loadState(this.resource).catch(() => null);
        if (gen === this.generation && state && this.store === null) {
          this.store = new Map(state.records);
          this.seq = state.seq;
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
    this.lastPublished = null;
    this.store = null;
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
    try {
      if (this.holding) {
        const still = await this.o.coordination.renew(this.resource, this.o.leaseTtlMs);
        if (gen !== this.generation) return;
        if (!still) this.loseLease('lease taken over');
      } else {
        const got = await this.o.coordination.acquire(this.resource, this.o.leaseTtlMs);
        if (gen !== this.generation) {
          if (got) await this.o.coordination.release(this.resource);
          return;
        }
        if (got) {
          this.holding = true;
          this.lastPublished = null; // the first publish of a new holder is the full resource
          this.o.logger.debug({ resource: this.resource }, 'live: polling (lease held)');
          void this.refresh();
        }
      }
    } catch (e) {
      // Without Redis we cannot prove we hold the lease: stop polling rather than risk two pollers.
      if (this.holding) this.loseLease(`lease check failed: ${String(e)}`);
    }
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
  refresh(): Promise<void> {
    if (this.demand === 0 || !this.o.fetch) return Promise.resolve();
    if (!this.holding) {
      if (this.o.coordination.distributed) this.o.pubsub.publish(this.refreshTopic, { at: this.o.now() });
      return Promise.resolve();
    }
    if (this.inFlight) {
      this.followUp ??= this.inFlight.then(() => {
        this.followUp = null;
        return this.holding ? this.poll() : undefined;
      });
      return this.followUp;
    }
    return this.poll();
  }

  private poll(): Promise<void> {
    const wait = this.lastPollStart + this.o.minGapMs - this.o.now();
    if (wait > 0) {
      this.schedule(wait);
      // A vendor's minimum gap (wolkvox: 5 min) must not hold a new subscriber's snapshot hostage.
      this.markSettled();
      return Promise.resolve();
    }
    clearTimeout(this.pollTimer);
    const gen = this.generation;
    this.inFlight = this.pollOnce(gen).finally(() => {
      this.inFlight = null;
      if (gen === this.generation && this.holding) this.schedule(this.o.intervalMs);
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
    this.lastPollStart = this.o.now();
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
    if (gen !== this.generation || !this.holding) return;
    this.lastPollAt = this.o.now();
    const full = this.lastPublished === null;
    const { upserts, removals } = full
      ? { upserts: [...records], removals: [] as string[] }
      : diffRecords(this.lastPublished ?? new Map(), records);
    this.lastPublished = records;
    // Short-lived and refreshed every poll: a saved state outlives its holder by a few intervals at most.
    const stateTtl = 3 * this.o.intervalMs + this.o.leaseTtlMs;
    if (!full && upserts.length === 0 && removals.length === 0) {
      // Unchanged: keep the saved state alive for instances that start listening later.
      if (this.o.coordination.distributed) {
        await this.o.coordination.touchState(this.resource, stateTtl).catch(() => {});
      }
      return;
    }
    try {
      const seq = await this.o.coordination.nextSeq(this.resource);
      const message: ResourceMessage = { resource: this.resource, seq, full, upserts, removals, at: this.lastPollAt };
      if (this.o.coordination.distributed) {
        await this.o.coordination.saveState(this.resource, { seq, records: [...records], at: message.at }, stateTtl);
      }
      if (gen !== this.generation) return;
      const applied = this.waitForSeq(seq, 2_000);
      this.o.pubsub.publish(this.dataTopic, message);
      await applied;
    } catch (e) {
      // Publishing failed: publish the whole resource next time so replicas cannot drift.
      this.lastPublished = null;
      this.o.logger.error({ resource: this.resource, err: String(e) }, 'live: publish failed');
    }
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
    if (m.full) {
      if (this.store !== null && m.seq <= this.seq) return;
      this.store = new Map();
      applyResourceMessage(this.store, m);
      this.seq = m.seq;
    } else if (this.store !== null && m.seq === this.seq + 1) {
      applyResourceMessage(this.store, m);
      this.seq = m.seq;
    } else if (this.store !== null && m.seq <= this.seq) {
      return; // already in the replica (e.g. from the saved state)
    } else {
      // A gap (or no base yet): the holder saved the state before publishing, so reload it.
      const state = await this.o.coordination.loadState(this.resource).catch(() => null);
      if (gen !== this.generation) return;
      if (state && state.seq >= m.seq) {
        this.store = new Map(state.records);
        this.seq = state.seq;
      } else if (state && state.seq === m.seq - 1) {
        this.store = new Map(state.records);
        applyResourceMessage(this.store, m);
        this.seq = m.seq;
      } else {
        this.o.logger.warn({ resource: this.resource, seq: m.seq, have: this.seq }, 'live: missed updates; waiting for state');
        return;
      }
    }
    this.changed();
  }

  private changed() {
    this.markSettled();
    for (const w of this.seqWaiters.filter((x) => x.seq <= this.seq)) w.resolve();
    this.seqWaiters = this.seqWaiters.filter((x) => x.seq > this.seq);
    this.o.onChange(this.resource);
  }
}
