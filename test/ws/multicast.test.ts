// Shared websocket subscriptions (src/ws/multicast.ts) over a fake feed and fake sockets: ordering of a late
// joiner's snapshot, slow sockets resynchronised with a fresh snapshot, failures and endings.
import { describe, expect, it } from 'vitest';
import { Encoded, FAN_OUT_TURN_MIN, KEPT_FRAME_IDS, SharedSubscriptions, type SequencedContext, type OpenedPipeline, type ResultLike, type SubscriberTarget } from '../../src/ws/multicast.js';

interface Msg {
  kind: 'SNAPSHOT' | 'CHANGE';
  sequence: number;
  /** The whole state is one counter: a SNAPSHOT carries it, a CHANGE carries the new value. */
  value: number;
}

/** A hub in miniature: every stream gets a SNAPSHOT of now, then every CHANGE; sequences as the hub numbers them. */
class FakeFeed {
  sequence = 0;
  value = 0;
  opened = 0;
  private readonly streams = new Set<{ push(m: Msg): void; finish(): void }>();

  get streamCount() {
    return this.streams.size;
  }

  open(fail?: ResultLike): OpenedPipeline {
    this.opened += 1;
    const context: SequencedContext = { liveSequences: null };
    if (fail) return { result: fail, context };
    const pending: Msg[] = [{ kind: 'SNAPSHOT', sequence: this.sequence, value: this.value }];
    let wake: (() => void) | null = null;
    let done = false;
    const stream = {
      push: (m: Msg) => {
        pending.push(m);
        wake?.();
      },
      finish: () => {
        done = true;
        this.streams.delete(stream);
        wake?.();
      },
    };
    this.streams.add(stream);
    const it: AsyncIterableIterator<ResultLike> = {
      next: async () => {
        while (pending.length === 0 && !done) await new Promise<void>((r) => (wake = r));
        const m = pending.shift();
        if (!m) return { value: undefined, done: true };
        context.liveSequences?.push(m.sequence);
        return { value: { data: { feed: m } }, done: false };
      },
      return: async () => {
        done = true;
        this.streams.delete(stream);
        wake?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => it,
    };
    return { result: it, context };
  }

  publish() {
    this.sequence += 1;
    this.value += 1;
    for (const s of this.streams) s.push({ kind: 'CHANGE', sequence: this.sequence, value: this.value });
  }

  /** Ends every stream (as the hub does when it stops). */
  endAll() {
    for (const s of [...this.streams]) s.finish();
  }
}

class FakeSocket {
  readyState = 1;
  bufferedAmount = 0;
  readonly frames: Array<{ id: string; type: string; payload: { data: { feed: Msg } } }> = [];
  binary: boolean[] = [];
  send(data: Buffer, options: { binary: boolean }) {
    this.frames.push(JSON.parse(data.toString()));
    this.binary.push(options.binary);
  }
  get messages(): Msg[] {
    return this.frames.map((f) => f.payload.data.feed);
  }
}

function target(feed: FakeFeed, id = '1', fail?: ResultLike): SubscriberTarget & { socket: FakeSocket; gone: boolean } {
  const t = {
    id,
    socket: new FakeSocket(),
    gone: false,
    active: () => !t.gone,
    open: async () => feed.open(fail),
  };
  return t;
}

const tick = () => new Promise<void>((r) => setImmediate(r));
async function settle(n = 5) {
  for (let i = 0; i < n; i++) await tick();
}

/** What a client holds after applying its messages in order. */
const held = (ms: Msg[]) => ms.reduce<number | null>((_, m) => m.value, null);

/** Two subscribers of one shape (a founded the stream), each with the iterator graphql-ws would hold. */
async function twoSubscribers() {
  const feed = new FakeFeed();
  const shared = new SharedSubscriptions();
  const a = target(feed);
  const b = target(feed);
  const itA = (await shared.subscribe('k', a)) as AsyncIterableIterator<never>;
  const itB = (await shared.subscribe('k', b)) as AsyncIterableIterator<never>;
  return { feed, shared, a, b, itA, itB };
}

describe('shared subscriptions (fake feed)', () => {
  it('runs one stream for identical subscribers and writes the same bytes to each, as text frames', async () => {
    const feed = new FakeFeed();
    const shared = new SharedSubscriptions();
    const subs = [target(feed), target(feed), target(feed)];
    const its = await Promise.all(subs.map((t) => shared.subscribe('k', t)));
    await settle();
    feed.publish();
    feed.publish();
    await settle();
    for (const t of subs) {
      expect(t.socket.messages.map((m) => [m.kind, m.sequence])).toEqual([['SNAPSHOT', 0], ['CHANGE', 1], ['CHANGE', 2]]);
      expect(t.socket.binary.every((b) => b === false)).toBe(true);
    }
    expect(feed.opened).toBe(1);
    expect(shared.stats()).toMatchObject({ groups: 1, subscribers: 3, sharedResults: 3, framesSent: 9 });
    for (const it of its) await (it as AsyncIterator<never>).return?.();
    expect(shared.stats().groups).toBe(0);
    expect(feed.streamCount).toBe(0);
  });

  it('gives a late joiner its own snapshot, then exactly the changes after it (none lost, none repeated)', async () => {
    const feed = new FakeFeed();
    const shared = new SharedSubscriptions();
    const a = target(feed);
    await shared.subscribe('k', a);
    await settle();
    feed.publish();
    await settle();
    const b = target(feed);
    const joining = shared.subscribe('k', b);
    // Changes while the joiner's snapshot is being taken: before it (inside the snapshot) and after it.
    feed.publish();
    await joining;
    await settle();
    feed.publish();
    await settle();
    expect(b.socket.messages[0]).toMatchObject({ kind: 'SNAPSHOT', sequence: 2, value: 2 });
    expect(b.socket.messages.slice(1).map((m) => m.sequence)).toEqual([3]);
    expect(held(b.socket.messages)).toBe(held(a.socket.messages));
    expect(a.socket.messages.map((m) => m.sequence)).toEqual([0, 1, 2, 3]);
    // The joiner's snapshot stream was closed once it delivered: only the shared stream is left.
    expect(feed.streamCount).toBe(1);
  });

  it('joiners arriving together share one snapshot', async () => {
    const feed = new FakeFeed();
    const shared = new SharedSubscriptions();
    await shared.subscribe('k', target(feed));
    await settle();
    const late = Array.from({ length: 5 }, () => target(feed));
    await Promise.all(late.map((t) => shared.subscribe('k', t)));
    await settle();
    expect(feed.opened).toBe(2);
    for (const t of late) expect(t.socket.messages).toEqual([{ kind: 'SNAPSHOT', sequence: 0, value: 0 }]);
  });

  it('a slow socket skips updates (nothing piles up) and gets a fresh snapshot once drained', async () => {
    const feed = new FakeFeed();
    const shared = new SharedSubscriptions({ maxBufferedBytes: 1000, drainCheckMs: 5 });
    const fast = target(feed);
    const slow = target(feed);
    await shared.subscribe('k', fast);
    await shared.subscribe('k', slow);
    await settle();
    slow.socket.bufferedAmount = 5000;
    for (let i = 0; i < 50; i++) feed.publish();
    await settle();
    expect(fast.socket.messages).toHaveLength(51);
    expect(slow.socket.messages).toHaveLength(1); // only the snapshot: the rest was skipped, not queued
    slow.socket.bufferedAmount = 0;
    await new Promise((r) => setTimeout(r, 30));
    await settle();
    expect(slow.socket.messages[1]).toMatchObject({ kind: 'SNAPSHOT', sequence: 50, value: 50 });
    feed.publish();
    await settle();
    expect(slow.socket.messages.slice(2).map((m) => [m.kind, m.sequence])).toEqual([['CHANGE', 51]]);
    expect(held(slow.socket.messages)).toBe(held(fast.socket.messages));
    expect(shared.stats().resyncs).toBe(1);
  });

  it('unsubscribing one (even the founder) leaves the others on the stream', async () => {
    const { feed, shared, a, b, itA, itB } = await twoSubscribers();
    const ended = itB.next();
    await settle();
    a.gone = true;
    await itA.return?.();
    feed.publish();
    await settle();
    expect(b.socket.messages.map((m) => m.sequence)).toEqual([0, 1]);
    expect(a.socket.messages.map((m) => m.sequence)).toEqual([0]);
    expect(shared.stats()).toMatchObject({ groups: 1, subscribers: 1 });
    await itB.return?.();
    expect(await ended).toEqual({ value: undefined, done: true });
    expect(feed.streamCount).toBe(0);
  });

  it('an operation completed before graphql-ws took its iterator gets no frame; once taken, completing goes through return()', async () => {
    const { feed, a, b, itA, itB } = await twoSubscribers();
    void itB.next(); // graphql-ws holds b (its for-await asked for the first value); a is not held yet
    await settle();
    // The client completed a in the window before graphql-ws took its iterator: graphql-ws no longer lists it.
    a.gone = true;
    feed.publish();
    await settle();
    expect(a.socket.messages.map((m) => m.sequence)).toEqual([0]);
    expect(b.socket.messages.map((m) => m.sequence)).toEqual([0, 1]);
    // A held operation is completed by graphql-ws calling return(): nothing is sent after it.
    await itB.return?.();
    feed.publish();
    await settle();
    expect(b.socket.messages.map((m) => m.sequence)).toEqual([0, 1]);
    await itA.return?.();
    expect(feed.streamCount).toBe(0);
  });

  it('different keys do not share', async () => {
    const feed = new FakeFeed();
    const shared = new SharedSubscriptions();
    await shared.subscribe('viewer', target(feed));
    await shared.subscribe('admin', target(feed));
    expect(feed.opened).toBe(2);
    expect(shared.stats().groups).toBe(2);
  });

  it('a failed subscribe is answered with its result to every subscriber of the shape, and not kept', async () => {
    const feed = new FakeFeed();
    const shared = new SharedSubscriptions();
    const failure = { errors: [{ message: 'bad filter' }] };
    const [r1, r2] = await Promise.all([shared.subscribe('k', target(feed, '1', failure)), shared.subscribe('k', target(feed, '1', failure))]);
    expect(r1).toBe(failure);
    expect(r2).toBe(failure);
    expect(shared.stats().groups).toBe(0);
  });

  it('when the stream ends, every subscriber completes', async () => {
    const feed = new FakeFeed();
    const shared = new SharedSubscriptions();
    const its = [(await shared.subscribe('k', target(feed))) as AsyncIterableIterator<never>, (await shared.subscribe('k', target(feed))) as AsyncIterableIterator<never>];
    await settle();
    const done = its.map((it) => it.next());
    feed.endAll();
    expect(await Promise.all(done)).toEqual([
      { value: undefined, done: true },
      { value: undefined, done: true },
    ]);
    expect(shared.stats().groups).toBe(0);
  });
});

describe('fan-out turns', () => {
  /** Three shapes of FAN_OUT_TURN_MIN subscribers each (and one small shape), all on their first value. */
  async function threeLargeShapes() {
    const feed = new FakeFeed();
    const shared = new SharedSubscriptions();
    const groups = [0, 1, 2].map((i) => Array.from({ length: FAN_OUT_TURN_MIN }, () => target(feed, String(i))));
    for (const [i, g] of groups.entries()) for (const t of g) await shared.subscribe(`k${i}`, t);
    const small = target(feed, 'small');
    await shared.subscribe('small', small);
    await settle();
    // Turns taken by the snapshots have passed.
    await settle(10);
    return { feed, shared, groups, small };
  }
  const reached = (groups: Array<Array<{ socket: FakeSocket }>>, n: number) => groups.map((g) => g.filter((t) => t.socket.frames.length >= n).length);

  it('large shapes changed together fan out one per event-loop turn, each whole, and every subscriber gets the change once', async () => {
    const { feed, groups, small } = await threeLargeShapes();
    for (const t of [...groups.flat(), small]) expect(t.socket.messages).toEqual([{ kind: 'SNAPSHOT', sequence: 0, value: 0 }]);
    feed.publish();
    for (let i = 0; i < 20; i++) await Promise.resolve();
    // Within the turn of the change: the first large shape and the small one, not the others.
    expect(reached(groups, 2)).toEqual([FAN_OUT_TURN_MIN, 0, 0]);
    expect(small.socket.frames).toHaveLength(2);
    // What each later turn of the event loop saw: never a shape part-way, never the last two in one turn.
    const seen: number[][] = [];
    await new Promise<void>((done) => {
      const look = () => {
        const r = reached(groups, 2);
        seen.push(r);
        if (r.every((n) => n === FAN_OUT_TURN_MIN)) done();
        else setImmediate(look);
      };
      setImmediate(look);
    });
    for (const r of seen) for (const n of r) expect([0, FAN_OUT_TURN_MIN]).toContain(n);
    expect(seen).toContainEqual([FAN_OUT_TURN_MIN, FAN_OUT_TURN_MIN, 0]);
    for (const t of groups.flat()) expect(t.socket.messages.map((m) => m.sequence)).toEqual([0, 1]);
  });

  it('a subscriber joining a shape while it waits for its turn gets its snapshot, then nothing twice', async () => {
    const { feed, shared, groups } = await threeLargeShapes();
    feed.publish();
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(reached(groups, 2)[2]).toBe(0);
    const late = target(feed, 'late');
    await shared.subscribe('k2', late);
    await settle(20);
    expect(reached(groups, 2)).toEqual([FAN_OUT_TURN_MIN, FAN_OUT_TURN_MIN, FAN_OUT_TURN_MIN]);
    // Its snapshot holds the change (sequence 1), so the shared result for sequence 1 is not sent again.
    expect(late.socket.messages).toEqual([{ kind: 'SNAPSHOT', sequence: 1, value: 1 }]);
    feed.publish();
    await settle(20);
    expect(late.socket.messages.map((m) => m.sequence)).toEqual([1, 2]);
    for (const t of groups.flat()) expect(t.socket.messages.map((m) => m.sequence)).toEqual([0, 1, 2]);
  });
});

describe('frames per operation id', () => {
  it('subscribers with an id each (UUIDs, as graphql-ws\'s client makes them) get their own id in every frame', async () => {
    const feed = new FakeFeed();
    const shared = new SharedSubscriptions();
    const subs = Array.from({ length: 3 * KEPT_FRAME_IDS }, (_, i) => target(feed, i === 5 ? 'q"\u00e9\u{1F600}' : crypto.randomUUID()));
    await Promise.all(subs.map((t) => shared.subscribe('k', t)));
    await settle();
    feed.publish();
    await settle();
    for (const t of subs) {
      expect(t.socket.frames.map((f) => [f.id, f.type])).toEqual([
        [t.id, 'next'],
        [t.id, 'next'],
      ]);
      expect(t.socket.messages.map((m) => m.sequence)).toEqual([0, 1]);
    }
  });

  it('a result keeps frames for a few ids only: beyond them, frames are built per send and not kept', () => {
    const e = new Encoded({ data: { feed: { kind: 'CHANGE', sequence: 1, value: 'é' } } }, 1);
    const ids = Array.from({ length: 1000 }, () => crypto.randomUUID());
    for (const id of ids) {
      const f = e.frame(id);
      expect(JSON.parse(f.toString('utf8'))).toEqual({ id, type: 'next', payload: { data: { feed: { kind: 'CHANGE', sequence: 1, value: 'é' } } } });
      expect(e.frame(id).equals(f)).toBe(true);
    }
    expect(e.keptIds).toBe(KEPT_FRAME_IDS);
    // The common case, one id for all (often "1"), stays one shared frame.
    const one = new Encoded({ data: { x: 1 } }, 1);
    expect(one.frame('1')).toBe(one.frame('1'));
    expect(one.keptIds).toBe(1);
  });
});
