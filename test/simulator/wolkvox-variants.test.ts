// The wolkvox variant simulator (SIM_VARIANTS, issue 14 item 7): seeded, and it really sends the variants (flags,
// codes, times, wrappers, empty-window wordings), each still read by the mapping as the strict answer.
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { isEmptyWindowText, parseSessions } from '../../src/vendors/wolkvox/mapping.js';

const START = new Date('2026-03-02T10:00:00.000Z');
const pad = (n: number) => String(n).padStart(2, '0');
const wv = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
};

async function answers(variants: boolean, seed = 11) {
  const sim = await startSimulator({ seed, agents: 20, autoTick: false, startTime: START, ...(variants ? { variants: 'wolkvox' } : {}) });
  sim.advance(3 * 3600_000);
  const out: Array<{ status: number; text: string; past: boolean }> = [];
  try {
    for (let i = 0; i < 40; i++) {
      // Even: a past day with sessions; odd: a window after the simulated clock (no records).
      const past = i % 2 === 0;
      const from = past ? START.getTime() - (i / 2 + 1) * 86_400_000 : START.getTime() + (i + 1) * 86_400_000;
      const r = await fetch(`${sim.baseUrls.wolkvox}/api/v2/reports_manager.php?api=cdr_10&date_ini=${wv(from)}&date_end=${wv(from + 86_399_000)}`, {
        headers: { 'wolkvox-token': sim.credentials.wolkvox.token },
      });
      out.push({ status: r.status, text: await r.text(), past });
    }
  } finally {
    await sim.close();
  }
  return out;
}

describe('wolkvox variants', () => {
  it('are seeded, vary flags, codes, times, wrappers and empty-window wordings, and read as the strict answers', async () => {
    const [strict, a, b] = [await answers(false), await answers(true), await answers(true)];
    expect(a).toEqual(b);
    const bodies = a.filter((x) => x.status === 200 && x.past).map((x) => JSON.parse(x.text) as Record<string, unknown>);
    expect(new Set(bodies.map((x) => JSON.stringify(x.code))).size).toBeGreaterThan(1);
    expect(bodies.some((x) => x.error === 'false' || x.error === '0' || x.error === '')).toBe(true);
    expect(bodies.some((x) => x.data !== null && typeof x.data === 'object' && !Array.isArray(x.data))).toBe(true);
    expect(a.some((x) => /"time":"\d+"|,0"|\.000"/.test(x.text))).toBe(true);
    const empties = a.filter((x) => !x.past);
    expect(new Set(empties.map((x) => `${x.status}|${x.text.slice(0, 30)}`)).size).toBeGreaterThanOrEqual(3);
    for (const [i, x] of a.entries()) {
      const s = strict[i]!;
      if (x.status === 404) {
        expect(isEmptyWindowText(x.text)).toBe(true);
        continue;
      }
      const read = parseSessions(JSON.parse(x.text));
      const want = s.status === 200 ? parseSessions(JSON.parse(s.text)) : [];
      expect(read.map((r) => [r.agentId, r.startedAt, r.endedAt, r.durationSeconds, r.hungUpBy?.toLowerCase()])).toEqual(
        want.map((r) => [r.agentId, r.startedAt, r.endedAt, r.durationSeconds, r.hungUpBy?.toLowerCase()]),
      );
    }
  });
});
