// The people directory: rebuilt once per TTL, but never makes a request wait once a usable directory exists.
import { describe, expect, it } from 'vitest';
import { VendorError } from '../../src/domain/errors.js';
import type { SinchAgent } from '../../src/domain/model.js';
import { IdentityService } from '../../src/services/identity.js';
import type { SinchConnector } from '../../src/vendors/types.js';
import { sinchAgent } from '../helpers/fakes.js';

/** A Sinch connector whose `listAgents` answers only when the test says so. */
function gatedSinch() {
  const pending: Array<{ resolve: (a: SinchAgent[]) => void; reject: (e: unknown) => void }> = [];
  let calls = 0;
  const sinch = {
    vendor: 'sinch',
    listAgents: () => {
      calls++;
      return new Promise<SinchAgent[]>((resolve, reject) => pending.push({ resolve, reject }));
    },
  } as unknown as SinchConnector;
  return {
    sinch,
    calls: () => calls,
    answer: (agents: SinchAgent[]) => pending.shift()!.resolve(agents),
    fail: () =>
      pending.shift()!.reject(new VendorError({ vendor: 'sinch', code: 'SERVER_ERROR', endpoint: 'GET /agents', status: 503 })),
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('IdentityService', () => {
  it('serves the expired directory while the rebuild runs, then the new one', async () => {
    let now = 0;
    const vendor = gatedSinch();
    const identity = new IdentityService({ sinch: vendor.sinch }, [], 1_000, () => now);

    const first = identity.snapshot();
    vendor.answer([sinchAgent(1)]);
    expect((await first).directory.people).toHaveLength(1);

    now = 1_500; // past the TTL
    const during = await identity.snapshot(); // answers at once: nobody waits for the account list
    expect(during.directory.people).toHaveLength(1);
    expect(vendor.calls()).toBe(2);
    expect((await identity.snapshot()).directory.people).toHaveLength(1); // the same rebuild, not another call
    expect(vendor.calls()).toBe(2);

    vendor.answer([sinchAgent(1), sinchAgent(2)]);
    await flush();
    expect((await identity.snapshot()).directory.people).toHaveLength(2);
  });

  it('keeps the last good directory when a rebuild fails, and rebuilds on the next call', async () => {
    let now = 0;
    const vendor = gatedSinch();
    const identity = new IdentityService({ sinch: vendor.sinch }, [], 1_000, () => now);
    const first = identity.snapshot();
    vendor.answer([sinchAgent(1), sinchAgent(2)]);
    await first;

    now = 2_000;
    expect((await identity.snapshot()).directory.people).toHaveLength(2);
    vendor.fail();
    await flush();
    const after = await identity.snapshot(); // still the good one, and another rebuild was started
    expect(after.directory.people).toHaveLength(2);
    expect(after.failures).toEqual([]);
    expect(vendor.calls()).toBe(3);
  });

  it('makes callers wait for a fresh build once the directory is older than the stale limit', async () => {
    let now = 0;
    const vendor = gatedSinch();
    const identity = new IdentityService({ sinch: vendor.sinch }, [], 1_000, () => now, 10_000);
    const first = identity.snapshot();
    vendor.answer([sinchAgent(1)]);
    await first;

    now = 20_000;
    let settled = false;
    const waiting = identity.snapshot().then((s) => ((settled = true), s));
    await flush();
    expect(settled).toBe(false);
    vendor.answer([sinchAgent(1), sinchAgent(2), sinchAgent(3)]);
    expect((await waiting).directory.people).toHaveLength(3);
  });
});
