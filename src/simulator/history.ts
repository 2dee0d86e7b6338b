/**
 * History the live model did not simulate, synthesized on demand and deterministically from a hash of
 * (seed, agent, day): Thulium work, wolkvox cobrowsing sessions and earlier Sinch contactSummaries. Nothing is
 * precomputed, so years of history for 5,000 agents cost only what a query touches.
 */
import { DAY_MS, INTERVAL_MS, emptyInterval, type IntervalCounters, type SimModel, type SimQueue } from './model.js';
import { expInt, randInt, rngFor } from './rng.js';

const HOUR_MS = 3_600_000;

export interface WorkCall {
  atMs: number;
  seconds: number;
  waitSeconds: number;
  answered: boolean;
  transferred: boolean;
  queueId: number;
}
export interface WorkPause {
  /** Numeric pause reason, or `free` (a break without a reason). */
  id: number | 'free';
  atMs: number;
  seconds: number;
}
export interface WorkDay {
  loginMs: number;
  logoutMs: number;
  inbound: WorkCall[];
  outbound: Array<{ atMs: number; seconds: number }>;
  chats: Array<{ atMs: number; closed: boolean }>;
  tickets: Array<{ atMs: number; closed: boolean }>;
  pauses: WorkPause[];
}

const isWeekend = (dayMs: number) => {
  const d = new Date(dayMs).getUTCDay();
  return d === 0 || d === 6;
};

/** One Thulium agent's working day (null: day off). `dayMs` is UTC midnight. */
export function workDay(seed: number, login: string, dayMs: number, queueIds: readonly number[]): WorkDay | null {
  const rng = rngFor(seed, 'thulium', login, dayMs);
  if (rng() > (isWeekend(dayMs) ? 0.15 : 0.9)) return null;
  const loginMs = dayMs + randInt(rng, 7 * 60, 10 * 60) * 60_000 + randInt(rng, 0, 59) * 1000;
  const logoutMs = loginMs + randInt(rng, 6 * 60, 9 * 60) * 60_000 + randInt(rng, 0, 59) * 1000;
  const within = () => loginMs + Math.floor(rng() * (logoutMs - loginMs));
  const day: WorkDay = { loginMs, logoutMs, inbound: [], outbound: [], chats: [], tickets: [], pauses: [] };
  const calls = randInt(rng, 15, 60);
  for (let i = 0; i < calls; i++) {
    const answered = rng() < 0.9;
    day.inbound.push({
      atMs: within(),
      seconds: answered ? expInt(rng, 200) : 0,
      waitSeconds: randInt(rng, 1, 90),
      answered,
      transferred: answered && rng() < 0.05,
      queueId: queueIds.length ? queueIds[Math.floor(rng() * queueIds.length)]! : 0,
    });
  }
  const out = randInt(rng, 0, 12);
  for (let i = 0; i < out; i++) day.outbound.push({ atMs: within(), seconds: randInt(rng, 5, 600) });
  const chats = randInt(rng, 0, 15);
  for (let i = 0; i < chats; i++) day.chats.push({ atMs: within(), closed: rng() < 0.8 });
  const tickets = randInt(rng, 0, 10);
  for (let i = 0; i < tickets; i++) day.tickets.push({ atMs: within(), closed: rng() < 0.6 });
  const pauses = randInt(rng, 1, 5);
  for (let i = 0; i < pauses; i++) {
    const r = randInt(rng, 0, 5);
    day.pauses.push({ id: r === 5 ? 'free' : r, atMs: within(), seconds: randInt(rng, 3, 40) * 60 });
  }
  for (const list of [day.inbound, day.outbound, day.chats, day.tickets, day.pauses]) {
    (list as Array<{ atMs: number }>).sort((a, b) => a.atMs - b.atMs);
  }
  return day;
}

export interface CobrowsingSession {
  startMs: number;
  endMs: number;
  hungUp: 'agent' | 'client';
}

/** One wolkvox agent's cobrowsing sessions on a UTC day. */
export function cobrowsingDay(seed: number, agentId: string, dayMs: number): CobrowsingSession[] {
  const rng = rngFor(seed, 'wolkvox', agentId, dayMs);
  if (rng() > (isWeekend(dayMs) ? 0.1 : 0.7)) return [];
  const n = randInt(rng, 1, 4);
  const out: CobrowsingSession[] = [];
  for (let i = 0; i < n; i++) {
    const startMs = dayMs + randInt(rng, 8 * 3600, 18 * 3600) * 1000;
    out.push({ startMs, endMs: startMs + randInt(rng, 60, 25 * 60) * 1000, hungUp: rng() < 0.45 ? 'agent' : 'client' });
  }
  return out.sort((a, b) => a.startMs - b.startMs);
}

/** Contact-summary counters of a queue for an interval before the live model started. */
export function pastInterval(seed: number, q: SimQueue, startMs: number): IntervalCounters {
  const rng = rngFor(seed, 'summary', q.index, startMs);
  const hour = new Date(startMs).getUTCHours();
  const busy = hour >= 7 && hour < 19 ? 1 : 0.1;
  const arrived = Math.round(q.arrivalRate * 900 * busy * (0.6 + rng() * 0.8));
  const abandoned = Math.round(arrived * rng() * 0.12);
  const falseAttempts = Math.round(arrived * rng() * 0.04);
  const handled = Math.max(0, arrived - abandoned - falseAttempts);
  const answeredOnTime = Math.round(handled * (0.6 + rng() * 0.4));
  const avgHandle = q.meanHandleSeconds * 1000;
  return {
    changedMs: startMs + INTERVAL_MS - randInt(rng, 1, 60_000),
    arrivedHandled: handled,
    arrivedActive: 0,
    handled,
    answeredOnTime,
    abandoned,
    falseAttempts,
    serviceClosed: 0,
    handleTimeTotal: handled * Math.round(avgHandle * (0.8 + rng() * 0.4)),
    handleTimeMax: handled ? Math.round(avgHandle * (2 + rng() * 2)) : 0,
    queueTimeMax: arrived ? randInt(rng, 5, 300) * 1000 : 0,
    answeredQueueTimeTotal: handled * randInt(rng, 3, 40) * 1000,
    abandonedQueueTimeTotal: abandoned * randInt(rng, 20, 120) * 1000,
    falseAttemptQueueTimeTotal: falseAttempts * randInt(rng, 1, 9) * 1000,
    outHandled: 0,
    outHandleTimeTotal: 0,
    outHandleTimeMax: 0,
  };
}

/** A queue's counters for the interval starting at `startMs`: live from the model, synthesized before it began. */
export function intervalCounters(model: SimModel, q: SimQueue, startMs: number): IntervalCounters {
  const liveFrom = Math.floor(model.modelStartMs / INTERVAL_MS) * INTERVAL_MS;
  if (startMs < liveFrom) return pastInterval(model.seed, q, startMs);
  const live = model.intervals[q.index]!.get(startMs);
  return live ?? emptyInterval(startMs);
}

export { DAY_MS, HOUR_MS };
