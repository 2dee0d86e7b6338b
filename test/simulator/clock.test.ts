/** The simulator's clock is real time (issue 17): contact times must agree with the durations the vendors report. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';

describe('simulator clock', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 3, agents: 20, queues: 3 });
  });
  afterAll(() => sim.close());

  it('starts at the wall clock, not rounded down to the minute, and keeps up with it', async () => {
    // One tick (200 ms) of lag at most, plus scheduling slack on a loaded machine.
    expect(Math.abs(sim.now().getTime() - Date.now())).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(Math.abs(sim.now().getTime() - Date.now())).toBeLessThan(1_000);
  });

  it("reports an active contact's handlingDuration as the time since it was connected", async () => {
    const res = await fetch(`${sim.baseUrls.sinch}/contacts?showAllInProcess=1`, {
      headers: { authorization: `Basic ${Buffer.from(`${sim.credentials.sinch.username}:${sim.credentials.sinch.password}`).toString('base64')}` },
    });
    const body = (await res.json()) as unknown;
    const rows = (Array.isArray(body) ? body : ((body as { data?: unknown[] }).data ?? [])) as Array<Record<string, unknown>>;
    const active = rows.filter((c) => c.status === 'InProcess' && typeof c.connectTime === 'string');
    expect(active.length).toBeGreaterThan(0);
    for (const c of active) {
      const sinceConnected = Date.now() - Date.parse(c.connectTime as string);
      // The vendor counts whole seconds; before the fix this was off by up to 59 s.
      expect(Math.abs(sinceConnected - Number(c.handlingDuration))).toBeLessThan(2_000);
    }
  });
});
