/** The last-good snapshot cache on its own, with a hand-driven clock: max age, bounded memory, ordering. */
import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { DeferredErrors, staleVendorData, vendorUnavailable } from '../../src/schema/errors.js';
import { SnapshotCache, SnapshotCollection } from '../../src/services/snapshots.js';
import { VendorError } from '../../src/domain/errors.js';

interface Item {
  id: string;
  n: number;
}

const clockAt = (t: number) => {
  const clock = { t, now: () => clock.t };
  return clock;
};

describe('SnapshotCollection', () => {
  it('serves a complete listing until it is max-age old, then nothing', () => {
    const clock = clockAt(1_000);
    const c = new SnapshotCollection<Item>((i) => i.id, 500, clock.now);
    expect(c.all()).toBeNull();
    c.replaceAll([{ id: 'a', n: 1 }, { id: 'b', n: 2 }]);
    expect(c.all()).toEqual({ value: [{ id: 'a', n: 1 }, { id: 'b', n: 2 }], asOf: new Date(1_000) });
    expect(c.get('b')).toEqual({ value: { id: 'b', n: 2 }, asOf: new Date(1_000) });
    clock.t = 1_499;
    expect(c.all()?.asOf).toEqual(new Date(1_000));
    clock.t = 1_500;
    expect(c.all()).toBeNull();
    expect(c.get('a')).toBeNull();
  });

  it('keeps one entry per entity: a complete listing forgets what the vendor no longer lists', () => {
    const clock = clockAt(0);
    const c = new SnapshotCollection<Item>((i) => i.id, 10_000, clock.now);
    for (let round = 0; round < 50; round++) {
      clock.t += 10;
      c.replaceAll([{ id: `x${round}`, n: round }, { id: 'stay', n: round }]);
    }
    expect(c.size).toBe(2);
    expect(c.get('x48')).toBeNull();
    expect(c.get('stay')?.value.n).toBe(49);
  });

  it('an id-filtered listing updates what it returned and forgets what it was asked for and lacked', () => {
    const clock = clockAt(100);
    const c = new SnapshotCollection<Item>((i) => i.id, 10_000, clock.now);
    c.replaceAll([{ id: 'a', n: 1 }, { id: 'b', n: 1 }, { id: 'c', n: 1 }], new Date(100));
    c.update([{ id: 'a', n: 2 }], ['a', 'b'], new Date(200));
    expect(c.get('a')).toEqual({ value: { id: 'a', n: 2 }, asOf: new Date(200) });
    expect(c.get('b')).toBeNull();
    expect(c.get('c')).toEqual({ value: { id: 'c', n: 1 }, asOf: new Date(100) });
    // The whole list is as old as its last complete listing.
    expect(c.all()?.asOf).toEqual(new Date(100));
  });

  it('ignores data older than what it holds (a slow request finishing late)', () => {
    const c = new SnapshotCollection<Item>((i) => i.id, 10_000, () => 1_000);
    c.replaceAll([{ id: 'a', n: 2 }], new Date(900));
    c.replaceAll([{ id: 'a', n: 1 }], new Date(800));
    c.update([{ id: 'a', n: 0 }], ['a'], new Date(700));
    expect(c.get('a')?.value.n).toBe(2);
  });

  it('max age 0 keeps nothing', () => {
    const cache = new SnapshotCache({ maxAgeMs: 0 });
    cache.queueStatuses.replaceAll([]);
    expect(cache.queueStatuses.all()).toBeNull();
    expect(cache.sinchAgents.size).toBe(0);
  });
});

describe('stale VENDOR_UNAVAILABLE errors', () => {
  const down = vendorUnavailable(new VendorError({ vendor: 'sinch', code: 'SERVER_ERROR', endpoint: 'GET /agents', status: 503 }));

  it('keep the vendor and its code, and add stale and asOf', () => {
    const e = staleVendorData(down, new Date('2024-05-01T10:00:00.000Z'));
    expect(e.extensions).toEqual({
      code: 'VENDOR_UNAVAILABLE',
      vendor: 'sinch',
      vendorCode: 'SERVER_ERROR',
      httpStatus: 503,
      stale: true,
      asOf: '2024-05-01T10:00:00.000Z',
    });
    expect(e.message).toMatch(/last good data/);
  });

  it('are reported once per vendor, with the oldest asOf served', () => {
    const d = new DeferredErrors();
    d.add(staleVendorData(down, new Date('2024-05-01T10:00:05.000Z')));
    d.add(staleVendorData(down, new Date('2024-05-01T10:00:01.000Z')));
    d.add(staleVendorData(down, new Date('2024-05-01T10:00:09.000Z')));
    expect(d.list()).toHaveLength(1);
    expect(d.list()[0]!.extensions.asOf).toBe('2024-05-01T10:00:01.000Z');
    d.add(new GraphQLError('other', { extensions: { code: 'VENDOR_UNAVAILABLE', vendor: 'cobrowser' } }));
    expect(d.list()).toHaveLength(2);
  });
});
