/**
 * View engines: compose live views from resource replicas, diff them once per change, and fan the diff out to
 * feeds (one per distinct filter, so identical subscriptions share one computed message object).
 */
import { alertCrossings, alertKey, mergeAlertUpdates, type AlertEntry } from './alerts.js';
import type { ResourceChannel, LiveLogger } from './channel.js';
import { added, diffEntities, mergeUpdates } from './diff.js';
import { Subscriber } from './subscriber.js';
import type { AlertFilter, AlertUpdate, EntityChange, LiveUpdate, QueueAlert } from './types.js';

export interface EngineOptions {
  deps: ResourceChannel[];
  maxPending: number;
  /** Longest wait for the resources' first state before the snapshot goes out with what there is. */
  snapshotTimeoutMs: number;
  logger: LiveLogger;
  onCoalesce: () => void;
}

/** Demand, readiness, serialized recomputation and the per-filter feeds shared by the engines. */
abstract class Engine<Msg, Filter, F extends { subs: Set<Subscriber<Msg>> }> {
  /** One feed per distinct filter: its subscribers share each computed message. */
  protected readonly feeds = new Map<string, F>();
  private readonly feedOf = new Map<Subscriber<Msg>, string>();
  private subscriberCount = 0;
  private readyPromise: Promise<void> | null = null;
  private active = false;
  private running: Promise<void> | null = null;
  private dirty = false;
  private epoch = 0;
  protected sequence = 0;

  constructor(protected readonly o: EngineOptions) {}

  get subscribers(): number {
    return this.subscriberCount;
  }

  /** A resource replica changed. */
  onResourceChange(): void {
    if (!this.active) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when no recomputation is running or pending. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop() {
    do {
      this.dirty = false;
      const epoch = this.epoch;
      try {
        await this.recompute(() => epoch === this.epoch && this.active);
      } catch (e) {
        this.o.logger.error({ err: String(e) }, 'live: view recompute failed');
      }
    } while (this.dirty && this.active);
  }

  protected abstract recompute(stillCurrent: () => boolean): Promise<void>;
  protected abstract attach(sub: Subscriber<Msg>, filter: Filter): void;
  protected abstract merge(items: Msg[]): Msg;
  protected abstract reset(): void;

  subscribe(filter: Filter): Subscriber<Msg> {
    const sub: Subscriber<Msg> = new Subscriber<Msg>({
      maxPending: this.o.maxPending,
      merge: (items) => this.merge(items),
      onCoalesce: this.o.onCoalesce,
      onClose: () => {
        this.detach(sub);
        this.subscriberCount -= 1;
        if (this.subscriberCount === 0) {
          this.active = false;
          this.readyPromise = null;
          this.epoch += 1;
          this.reset();
          for (const d of this.o.deps) void d.removeDemand();
        }
      },
    });
    this.subscriberCount += 1;
    if (this.subscriberCount === 1) {
      for (const d of this.o.deps) d.addDemand();
      const epoch = this.epoch;
      this.readyPromise = this.waitSettled().then(async () => {
        if (epoch !== this.epoch) return;
        this.active = true;
        this.onResourceChange();
        await this.idle();
      });
    }
    const ready = this.readyPromise ?? Promise.resolve();
    void ready.then(() => {
      if (!sub.isClosed) this.attach(sub, filter);
    });
    return sub;
  }

  private async waitSettled() {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.o.snapshotTimeoutMs);
      timer.unref();
    });
    await Promise.race([Promise.all(this.o.deps.map((d) => d.whenSettled())), timeout]);
    clearTimeout(timer);
  }

  protected nextSequence(): number {
    this.sequence += 1;
    return this.sequence;
  }

  /** The feed of filter `key`, created by `create` on first use. */
  protected feedFor(key: string, create: () => F): F {
    let feed = this.feeds.get(key);
    if (!feed) this.feeds.set(key, (feed = create()));
    return feed;
  }

  /** `sub` (its snapshot already pushed) receives the feed's messages from now on. */
  protected join(sub: Subscriber<Msg>, key: string, feed: F): void {
    feed.subs.add(sub);
    this.feedOf.set(sub, key);
  }

  private detach(sub: Subscriber<Msg>) {
    const key = this.feedOf.get(sub);
    if (key === undefined) return;
    this.feedOf.delete(sub);
    const feed = this.feeds.get(key);
    feed?.subs.delete(sub);
    if (feed && feed.subs.size === 0) this.feeds.delete(key);
  }
}

interface Feed<V> {
  match: (id: string, v: V) => boolean;
  visible: Set<string>;
  subs: Set<Subscriber<LiveUpdate<V>>>;
}

/** Keyed entities (agents, queues) diffed field by field. */
export class EntityEngine<V extends object, Filter> extends Engine<LiveUpdate<V>, Filter, Feed<V>> {
  private state: Map<string, V> = new Map();

  constructor(
    o: EngineOptions,
    private readonly compose: () => Promise<Map<string, V>>,
    private readonly matcher: (filter: Filter) => (id: string, v: V) => boolean,
    private readonly filterKey: (filter: Filter) => string,
  ) {
    super(o);
  }

  /** The current composed views (what a subscriber that applied every update holds, before its filter). */
  current(): ReadonlyMap<string, V> {
    return this.state;
  }

  protected async recompute(stillCurrent: () => boolean) {
    const next = await this.compose();
    if (!stillCurrent()) return;
    const changes = diffEntities(this.state, next);
    this.state = next;
    if (changes.length === 0) return;
    const sequence = this.nextSequence();
    for (const feed of this.feeds.values()) {
      const out: Array<EntityChange<V>> = [];
      for (const c of changes) {
        const was = feed.visible.has(c.id);
        const v = next.get(c.id);
        if (c.kind === 'REMOVED' || !v) {
          if (feed.visible.delete(c.id)) out.push(c);
          continue;
        }
        const now = feed.match(c.id, v);
        if (now && was) out.push(c);
        else if (now) {
          feed.visible.add(c.id);
          out.push(added(c.id, v));
        } else if (was) {
          feed.visible.delete(c.id);
          out.push({ kind: 'REMOVED', id: c.id, changedFields: [], fields: {} });
        }
      }
      if (out.length === 0) continue;
      const message: LiveUpdate<V> = { sequence, kind: 'CHANGE', changes: out };
      for (const s of feed.subs) s.push(message);
    }
  }

  protected attach(sub: Subscriber<LiveUpdate<V>>, filter: Filter) {
    const key = this.filterKey(filter);
    const feed = this.feedFor(key, () => {
      const match = this.matcher(filter);
      return { match, visible: new Set([...this.state].filter(([id, v]) => match(id, v)).map(([id]) => id)), subs: new Set() };
    });
    const changes = [...feed.visible].map((id) => added(id, this.state.get(id) as V));
    sub.push({ sequence: this.sequence, kind: 'SNAPSHOT', changes });
    this.join(sub, key, feed);
  }

  protected merge(items: Array<LiveUpdate<V>>) {
    return mergeUpdates(items);
  }

  protected reset() {
    this.state = new Map();
  }

  /** Distinct filters in use (each computes its messages once for all its subscribers). */
  get feedCount(): number {
    return this.feeds.size;
  }
}

interface AlertFeed {
  match: (a: { queueId: string; level: string; previousLevel: string | null }) => boolean;
  subs: Set<Subscriber<AlertUpdate>>;
}

/** Queue alerts: events when a (queue, metric) crosses its warning or critical threshold, and when it recovers. */
export class AlertEngine extends Engine<AlertUpdate, AlertFilter, AlertFeed> {
  private levels = new Map<string, AlertEntry>();

  constructor(
    o: EngineOptions,
    private readonly evaluate: () => Promise<Map<string, AlertEntry>>,
    private readonly now: () => number,
  ) {
    super(o);
  }

  protected async recompute(stillCurrent: () => boolean) {
    const next = await this.evaluate();
    if (!stillCurrent()) return;
    const crossings = alertCrossings(this.levels, next, this.now());
    this.levels = next;
    if (crossings.length === 0) return;
    const sequence = this.nextSequence();
    for (const feed of this.feeds.values()) {
      const alerts = crossings.filter((a) => feed.match(a));
      if (alerts.length === 0) continue;
      const message: AlertUpdate = { sequence, kind: 'CHANGE', alerts };
      for (const s of feed.subs) s.push(message);
    }
  }

  protected attach(sub: Subscriber<AlertUpdate>, filter: AlertFilter) {
    const key = alertFilterKey(filter);
    const feed = this.feedFor(key, () => ({ match: alertMatcher(filter), subs: new Set() }));
    const at = this.now();
    const active: QueueAlert[] = [...this.levels.values()]
      .filter((e) => e.level !== 'OK')
      .map((e) => ({ ...e, previousLevel: null, at }))
      .filter((a) => feed.match(a));
    sub.push({ sequence: this.sequence, kind: 'SNAPSHOT', alerts: active });
    this.join(sub, key, feed);
  }

  protected merge(items: AlertUpdate[]) {
    return mergeAlertUpdates(items);
  }

  protected reset() {
    this.levels = new Map();
  }

  /** Current levels (for tests and diagnostics). */
  current(): ReadonlyMap<string, AlertEntry> {
    return this.levels;
  }
}

const sortedOrNull = (xs: readonly string[] | null | undefined) => (xs && xs.length ? [...new Set(xs)].sort() : null);

export function alertFilterKey(f: AlertFilter): string {
  return JSON.stringify([sortedOrNull(f.queueIds), sortedOrNull(f.levels)]);
}

export function alertMatcher(f: AlertFilter) {
  const queues = f.queueIds?.length ? new Set(f.queueIds) : null;
  const levels = f.levels?.length ? new Set<string>(f.levels) : null;
  return (a: { queueId: string; level: string; previousLevel: string | null }) =>
    (!queues || queues.has(a.queueId)) &&
    (!levels || levels.has(a.level) || (a.previousLevel !== null && levels.has(a.previousLevel)));
}

export { alertKey, sortedOrNull };
