/**
 * Shared live subscriptions over websockets. Subscribers with the same subscription shape (document, operation name,
 * variables and the caller's roles: everything a result depends on) share ONE GraphQL execution stream; each result
 * is serialized once, and the same bytes go to every socket (graphql-transport-ws `next` frames).
 *
 * Every subscriber still starts from its own SNAPSHOT: the first subscribers of a shape take the shared stream from
 * its first message; later ones run a pipeline of their own for its first message only (a fresh snapshot from the
 * hub; joiners arriving together share one), then follow the shared stream from that snapshot's sequence on (the
 * hub's sequences order every message).
 *
 * Slow sockets: a subscriber whose socket holds more than `maxBufferedBytes` unsent skips updates and, once the
 * socket drained, gets a fresh SNAPSHOT (what a client holds is replaced, so it converges). No per-subscriber
 * buffer grows without bound.
 *
 * No GraphQL or ws import: results, sockets and the graphql-ws context are structural.
 */

/** What a GraphQL execution yields (graphql-js ExecutionResult, structurally). */
export interface ResultLike {
  data?: unknown;
  errors?: ReadonlyArray<unknown>;
  extensions?: unknown;
}

/** One opened pipeline: its stream of results (or one result when subscribing failed), and its context value. */
export interface OpenedPipeline {
  result: AsyncIterable<ResultLike> | ResultLike;
  /** The GraphQL context the resolvers see: the subscription resolvers record hub sequences in it. */
  context: SequencedContext;
}

/** A ws WebSocket, structurally. */
export interface FrameSocket {
  readonly readyState: number;
  /** Bytes queued but not yet handed to the kernel. */
  readonly bufferedAmount: number;
  send(data: Buffer, options: { binary: boolean }): void;
}

/** One client operation. A class instance in practice: nothing per subscriber is a closure. */
export interface SubscriberTarget {
  /** The operation id the client chose; frames carry it. */
  readonly id: string;
  readonly socket: FrameSocket;
  /** False once the client completed the operation or the socket closed (graphql-ws: `id in ctx.subscriptions`). */
  active(): boolean;
  /** Builds this subscriber's own pipeline (context, hooks, hub stream). */
  open(): Promise<OpenedPipeline>;
}

export interface SharedSubscriptionsOptions {
  /** Unsent bytes on a socket beyond which its subscriber skips updates and is resynchronised (default 256 KiB). */
  maxBufferedBytes?: number;
  /** How often sockets of skipped subscribers are checked for having drained (default 100 ms). */
  drainCheckMs?: number;
  /**
   * Subscribers per label beyond the one each shared stream holds at the hub (the hub counts that one), so
   * "active subscriptions" can still count clients. Called on every change.
   */
  onFollowers?: (label: string, followers: number) => void;
}

export interface SharedSubscriptionsStats {
  /** Distinct shapes with an open shared stream. */
  groups: number;
  /** Subscribers following a shared stream. */
  subscribers: number;
  /** Pipelines opened: one per shared stream, plus one per late joiner's or resynchronised subscriber's snapshot. */
  pipelinesOpened: number;
  /** Results taken from shared streams (each executed and serialized once, whatever the subscriber count). */
  sharedResults: number;
  /** `next` frames written to sockets. */
  framesSent: number;
  /** Times a slow subscriber was resynchronised with a fresh snapshot. */
  resyncs: number;
}

// ---------------------------------------------------------------------------------------------------------
// Sequence tap: the subscription resolvers record the hub sequence of every message they hand to GraphQL in the
// context's `liveSequences` (GraphQLContext). Results come out one per message, in order, so the n-th result has the
// n-th sequence.

/** The context field the tap uses (declared on GraphQLContext; null until a shared stream taps it). */
export interface SequencedContext {
  liveSequences: number[] | null;
}

function startTap(context: SequencedContext): number[] {
  return (context.liveSequences ??= []);
}

// ---------------------------------------------------------------------------------------------------------

const OPEN = 1;
const TEXT = { binary: false } as const;

const isAsyncIterable = (v: unknown): v is AsyncIterable<ResultLike> =>
  typeof v === 'object' && v !== null && typeof (v as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';

/** The `next` payload exactly as graphql-ws builds it (errors last, each through toJSON). */
function payloadJson(result: ResultLike): string {
  const { errors, ...rest } = result;
  if (!errors) return JSON.stringify(rest);
  return JSON.stringify({
    ...rest,
    errors: errors.map((e) => (typeof (e as { toJSON?: unknown }).toJSON === 'function' ? (e as { toJSON(): unknown }).toJSON() : e)),
  });
}

/** Operation ids whose frames a result keeps; frames for further ids are built per send and not kept. */
export const KEPT_FRAME_IDS = 8;

/** Groups this large take turns to fan out (see `SharedSubscriptions.fanOutTurn`); a smaller one goes at once. */
export const FAN_OUT_TURN_MIN = 256;

/**
 * One result and its frames. Clients that use the same operation id (often "1") share one frame; a client library
 * that makes an id per operation (graphql-ws's own client: a UUID) makes every frame distinct, and keeping those
 * kept a copy of the payload per subscriber for as long as the result was the latest. Every frame is the id's bytes
 * joined to the payload's, encoded once; frames are kept for KEPT_FRAME_IDS ids, built per send beyond.
 * @internal exported for tests
 */
export class Encoded {
  /** `,"type":"next","payload":…}`: the frame after its id. */
  private tail: Buffer | undefined;
  private lastId: string | undefined;
  private lastFrame: Buffer | undefined;
  private others: Map<string, Buffer> | undefined;

  constructor(
    readonly result: ResultLike,
    /** Hub sequence of the message behind the result; +Infinity when unknown (delivered to everyone). */
    readonly sequence: number,
  ) {}

  frame(id: string): Buffer {
    if (id === this.lastId) return this.lastFrame!;
    const kept = this.others?.get(id);
    if (kept) return kept;
    this.tail ??= Buffer.from(`,"type":"next","payload":${payloadJson(this.result)}}`);
    const f = Buffer.concat([Buffer.from(`{"id":${JSON.stringify(id)}`), this.tail]);
    if (this.lastId === undefined) {
      this.lastId = id;
      this.lastFrame = f;
    } else if (this.keptIds < KEPT_FRAME_IDS) (this.others ??= new Map()).set(id, f);
    return f;
  }

  /** Operation ids with a kept frame. */
  get keptIds(): number {
    return (this.lastId === undefined ? 0 : 1) + (this.others?.size ?? 0);
  }
}

export class SharedSubscriptions {
  private readonly groups = new Map<string, Group>();
  readonly maxBufferedBytes: number;
  /** Shared results kept for subscribers while their snapshot is on the way (beyond: they take another). */
  readonly maxPendingResults = 32;
  private readonly drainCheckMs: number;
  /** Subscribers that skipped updates, waiting for their socket to drain. */
  private readonly stale = new Set<Member>();
  private drainTimer: NodeJS.Timeout | null = null;
  private readonly followers = new Map<string, number>();
  private readonly onFollowers: ((label: string, followers: number) => void) | undefined;
  /** Large fan-outs waiting for their event-loop turn (see `fanOutTurn`). */
  private readonly waitingTurns: Array<() => void> = [];
  private turnTaken = false;
  /** @internal counters (see stats()). */
  counters = { pipelinesOpened: 0, sharedResults: 0, framesSent: 0, resyncs: 0 };

  constructor(opts: SharedSubscriptionsOptions = {}) {
    this.maxBufferedBytes = Math.max(0, opts.maxBufferedBytes ?? 256 * 1024);
    this.drainCheckMs = Math.max(1, opts.drainCheckMs ?? 100);
    this.onFollowers = opts.onFollowers;
  }

  /**
   * Subscribes one client operation. `key` identifies the shape: subscriptions with equal keys must produce equal
   * results for equal hub messages. `target.open()` builds this subscriber's own pipeline (its context, its hub
   * stream); it is called for the shared stream when this subscriber founds it, and for its snapshot otherwise.
   *
   * Resolves to the subscriber (followed by the websocket transport, or iterated: it yields nothing, frames go
   * straight to the socket, and it ends when the stream ends), or to a single result when subscribing failed (the
   * transport sends it, then `complete`).
   */
  async subscribe(key: string, target: SubscriberTarget, label = ''): Promise<Member | ResultLike> {
    let group = this.groups.get(key);
    if (!group || group.ended) {
      group = new Group(this, key, label, target);
      this.groups.set(key, group);
    }
    return group.join(target);
  }

  stats(): SharedSubscriptionsStats {
    let subscribers = 0;
    for (const g of this.groups.values()) subscribers += g.size;
    return { groups: this.groups.size, subscribers, ...this.counters };
  }

  /** @internal A member joined (+1) or left (−1) a group that has others. */
  countFollower(label: string, delta: 1 | -1): void {
    const n = (this.followers.get(label) ?? 0) + delta;
    this.followers.set(label, n);
    this.onFollowers?.(label, n);
  }

  /** @internal */
  forget(group: Group): void {
    if (this.groups.get(group.key) === group) this.groups.delete(group.key);
  }

  /** @internal */
  async openPipeline(target: SubscriberTarget): Promise<OpenedPipeline> {
    this.counters.pipelinesOpened += 1;
    return target.open();
  }

  /** @internal A subscriber skipped an update; resync it once its socket drained. */
  markStale(m: Member): void {
    this.stale.add(m);
    this.drainTimer ??= setInterval(() => this.checkDrained(), this.drainCheckMs).unref();
  }

  /** @internal */
  unmarkStale(m: Member): void {
    this.stale.delete(m);
    if (this.stale.size === 0 && this.drainTimer) {
      clearInterval(this.drainTimer);
      this.drainTimer = null;
    }
  }

  private checkDrained(): void {
    for (const m of [...this.stale]) m.checkDrained();
  }

  /**
   * @internal A large group's turn to fan out: null when it may go now (the first in this event-loop turn), else a
   * promise that resolves a turn later. One hub change reaches every shape at once; fanned out back to back, 10,000
   * subscribers over several shapes held the loop for the sum of them, and queries waited behind it.
   */
  fanOutTurn(): Promise<void> | null {
    if (!this.turnTaken) {
      this.turnTaken = true;
      // Twice: the first runs in this turn's check phase; the next turn's I/O comes before the second.
      setImmediate(() => setImmediate(this.nextTurn));
      return null;
    }
    return new Promise((resolve) => this.waitingTurns.push(resolve));
  }

  private readonly nextTurn = (): void => {
    const next = this.waitingTurns.shift();
    if (!next) {
      this.turnTaken = false;
      return;
    }
    next();
    // Called from a check phase: runs after the next turn's I/O.
    setImmediate(this.nextTurn);
  };
}

/**
 * Subscribers waiting for a snapshot. Those arriving while one is being taken share it: a snapshot of a moment
 * before they came, followed by every shared result after it, is as good as their own (same final state).
 */
class Batch {
  readonly members = new Set<Member>();
  /** Shared results since the batch began (the ones after the snapshot's sequence follow it). */
  buffer: Encoded[] = [];
  overflowed = false;
  stream: AsyncIterator<ResultLike> | null = null;
}

/** One shape's shared stream and the subscribers following it. */
class Group {
  private readonly members = new Set<Member>();
  private upstream: AsyncIterator<ResultLike> | null = null;
  private readonly opening: Promise<ResultLike | null>;
  /** A result was fanned out: later members need a snapshot of their own. */
  private started = false;
  /** The snapshot being taken (at most one at a time). */
  private batch: Batch | null = null;
  ended = false;

  constructor(
    readonly owner: SharedSubscriptions,
    readonly key: string,
    private readonly label: string,
    founder: SubscriberTarget,
  ) {
    this.opening = this.open(founder);
  }

  get size(): number {
    return this.members.size;
  }

  private async open(founder: SubscriberTarget): Promise<ResultLike | null> {
    let opened: OpenedPipeline;
    try {
      opened = await this.owner.openPipeline(founder);
    } catch (e) {
      this.end();
      throw e;
    }
    if (!isAsyncIterable(opened.result)) {
      // Subscribing failed (e.g. a bad filter): the same for every subscriber of this shape, so all get it.
      this.end();
      return opened.result;
    }
    const it = opened.result[Symbol.asyncIterator]();
    this.upstream = it;
    if (this.members.size === 0) {
      this.end();
      void it.return?.()?.catch(() => undefined);
      return null;
    }
    void this.pump(it, startTap(opened.context));
    return null;
  }

  async join(target: SubscriberTarget): Promise<Member | ResultLike> {
    const m = new Member(this, target);
    this.add(m);
    // Before the first result went out, a member takes the shared stream from its snapshot; after, it needs one.
    if (this.started) m.resync();
    let failed: ResultLike | null;
    try {
      failed = await this.opening;
    } catch (e) {
      this.remove(m);
      throw e;
    }
    if (failed) {
      this.remove(m);
      return failed;
    }
    return m;
  }

  private add(m: Member): void {
    this.members.add(m);
    if (this.members.size > 1) this.owner.countFollower(this.label, 1);
  }

  private remove(m: Member): boolean {
    if (!this.members.delete(m)) return false;
    if (this.members.size > 0) this.owner.countFollower(this.label, -1);
    return true;
  }

  leave(m: Member): void {
    const b = this.batch;
    if (b?.members.delete(m) && b.members.size === 0) void b.stream?.return?.()?.catch(() => undefined);
    if (!this.remove(m) || this.members.size > 0) return;
    // Last one out: end the shared stream (its hub subscription).
    this.end();
    const it = this.upstream;
    this.upstream = null;
    void it?.return?.()?.catch(() => undefined);
  }

  private end(): void {
    this.ended = true;
    this.owner.forget(this);
  }

  private async pump(it: AsyncIterator<ResultLike>, tap: number[]): Promise<void> {
    let failure: unknown = null;
    try {
      for (;;) {
        const r = await it.next();
        if (r.done) break;
        // Before anything is buffered or sent: a snapshot finishing meanwhile is followed by this result as usual.
        const turn = this.members.size >= FAN_OUT_TURN_MIN ? this.owner.fanOutTurn() : null;
        if (turn) await turn;
        this.started = true;
        this.owner.counters.sharedResults += 1;
        const e = new Encoded(r.value, tap.shift() ?? Number.POSITIVE_INFINITY);
        const b = this.batch;
        if (b && !b.overflowed) {
          b.buffer.push(e);
          if (b.buffer.length > this.owner.maxPendingResults) {
            b.buffer = [];
            b.overflowed = true;
          }
        }
        for (const m of this.members) m.offer(e);
      }
    } catch (err) {
      failure = err;
    }
    this.end();
    this.upstream = null;
    for (const m of [...this.members]) m.finish(failure);
  }

  /** Puts a member in the current snapshot batch, or starts one with this member's own pipeline. */
  requestSnapshot(m: Member, target: SubscriberTarget): void {
    let b = this.batch;
    if (!b) {
      b = new Batch();
      this.batch = b;
      void this.takeSnapshot(b, target);
    }
    b.members.add(m);
  }

  private async takeSnapshot(b: Batch, target: SubscriberTarget): Promise<void> {
    const done = () => {
      if (this.batch === b) this.batch = null;
    };
    // Let the subscribe messages already read from other sockets join this batch first (a burst of reconnects
    // then costs a few pipelines, not one each).
    await new Promise<void>((resolve) => setImmediate(resolve));
    let opened: OpenedPipeline;
    try {
      opened = await this.owner.openPipeline(target);
    } catch (e) {
      done();
      for (const m of b.members) m.finish(e);
      return;
    }
    if (!isAsyncIterable(opened.result)) {
      done();
      const e = new Encoded(opened.result, Number.POSITIVE_INFINITY);
      for (const m of b.members) m.failWith(e);
      return;
    }
    const tap = startTap(opened.context);
    const it = opened.result[Symbol.asyncIterator]();
    b.stream = it;
    let first: IteratorResult<ResultLike>;
    try {
      first = b.members.size === 0 ? { value: undefined, done: true } : await it.next();
    } catch (e) {
      done();
      for (const m of b.members) m.finish(e);
      return;
    } finally {
      b.stream = null;
      void it.return?.()?.catch(() => undefined);
    }
    done();
    if (first.done) {
      for (const m of b.members) m.finish(null);
      return;
    }
    const snapshot = new Encoded(first.value, tap.shift() ?? Number.NEGATIVE_INFINITY);
    const after = b.overflowed ? null : b.buffer.filter((e) => e.sequence > snapshot.sequence);
    for (const m of b.members) m.synced(snapshot, after);
  }
}

type Outcome = { error: unknown } | null;

/**
 * One subscriber. The websocket transport follows it (`follow`); anything else may iterate it (it never yields;
 * frames go to the socket directly) and sees it end.
 */
export class Member implements AsyncIterableIterator<never> {
  /** live: following the shared stream; syncing: waiting for a snapshot (its batch keeps what comes meanwhile). */
  private state: 'live' | 'syncing' | 'closed' = 'live';
  /** Shared results with a sequence at or below this are already in what the client holds. */
  private after = Number.NEGATIVE_INFINITY;
  /** Skipped an update: needs a fresh snapshot once its socket drained. */
  private stale = false;
  private waiter: ((r: IteratorResult<never>) => void) | null = null;
  private failWaiter: ((e: unknown) => void) | null = null;
  /** Set by `follow` (the websocket transport): told the outcome instead of a waiting `next()`. */
  private onEnd: { ended(error: unknown): void } | null = null;
  private outcome: Outcome | undefined;
  /**
   * The transport holds this member (it follows it, or asked for the first value): from then on an operation the
   * client completed goes through `return()` before anything else runs, so sends need not ask whether it is active.
   */
  private held = false;
  // The target's socket and id, kept here: the fan-out loop reads them for every member, and each object less to
  // visit per member is time saved across 10,000 of them.
  private readonly socket: FrameSocket;
  private readonly id: string;

  constructor(
    private readonly group: Group,
    private readonly target: SubscriberTarget,
  ) {
    this.socket = target.socket;
    this.id = target.id;
  }

  offer(e: Encoded): void {
    if (this.state !== 'live' || e.sequence <= this.after || this.stale) return;
    if (this.socket.bufferedAmount > this.group.owner.maxBufferedBytes) {
      this.stale = true;
      this.group.owner.markStale(this);
      return;
    }
    this.send(e.frame(this.id));
  }

  /** Called while stale: once the socket took everything queued, a fresh snapshot replaces what was skipped. */
  checkDrained(): void {
    const { socket } = this;
    if (this.state === 'closed' || socket.readyState !== OPEN || !this.target.active()) {
      this.group.owner.unmarkStale(this);
      return;
    }
    if (socket.bufferedAmount > 0) return;
    this.group.owner.unmarkStale(this);
    this.group.owner.counters.resyncs += 1;
    this.resync();
  }

  private send(frame: Buffer): void {
    const { socket } = this;
    if (socket.readyState !== OPEN || (!this.held && !this.target.active())) return;
    try {
      socket.send(frame, TEXT);
      this.group.owner.counters.framesSent += 1;
    } catch {
      // A socket failing mid-close: graphql-ws ends this subscriber when the close event comes.
    }
  }

  /** Waits for a snapshot (shared with others waiting), then follows the shared stream after it. */
  resync(): void {
    if (this.state === 'closed') return;
    this.state = 'syncing';
    this.stale = false;
    this.group.requestSnapshot(this, this.target);
  }

  /** The snapshot arrived; `later` are the shared results after it (null: too many, take another snapshot). */
  synced(snapshot: Encoded, later: Encoded[] | null): void {
    if (this.state !== 'syncing') return;
    this.state = 'live';
    this.after = snapshot.sequence;
    this.send(snapshot.frame(this.id));
    if (later === null) {
      this.stale = true;
      this.group.owner.markStale(this);
      return;
    }
    for (const e of later) this.offer(e);
  }

  /** Subscribing failed for this subscriber's snapshot: send the error result, then complete. */
  failWith(e: Encoded): void {
    if (this.state === 'closed') return;
    this.send(e.frame(this.id));
    this.finish(null);
  }

  /** The stream ended (error: it failed): graphql-ws sends `error` or `complete`. */
  finish(error: unknown): void {
    if (this.state === 'closed') return;
    this.close();
    this.outcome = error === null || error === undefined ? null : { error };
    this.settle();
  }

  private close(): void {
    this.state = 'closed';
    if (this.stale) this.group.owner.unmarkStale(this);
    this.group.leave(this);
  }

  private settle(): void {
    if (this.outcome === undefined) return;
    const end = this.onEnd;
    if (end) {
      this.onEnd = null;
      end.ended(this.outcome ? this.outcome.error : null);
      return;
    }
    if (!this.waiter) return;
    const w = this.waiter;
    const f = this.failWaiter;
    this.waiter = null;
    this.failWaiter = null;
    if (this.outcome) f?.(this.outcome.error);
    else w({ value: undefined, done: true });
  }

  /**
   * The transport holds this member without iterating it (src/ws/direct.ts, FollowedStream): `sink.ended` is called
   * once, with null when the stream ends or with its failure. Nothing per subscriber waits on a promise meanwhile.
   */
  follow(sink: { ended(error: unknown): void }): void {
    this.held = true;
    this.onEnd = sink;
    this.settle();
  }

  next(): Promise<IteratorResult<never>> {
    this.held = true;
    if (this.outcome === null) return Promise.resolve({ value: undefined, done: true });
    if (this.outcome) return Promise.reject(this.outcome.error);
    return new Promise((resolve, reject) => {
      this.waiter = resolve;
      this.failWaiter = reject;
    });
  }

  return(): Promise<IteratorResult<never>> {
    if (this.state !== 'closed') this.close();
    this.outcome ??= null;
    this.settle();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(err?: unknown): Promise<IteratorResult<never>> {
    void this.return();
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<never> {
    return this;
  }
}
