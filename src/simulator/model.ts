/**
 * The one contact-center model behind all five simulated vendor APIs. A fixed-step (1 s) discrete simulation:
 * every duration is whole seconds and every state change happens on a step, so the same seed and the same total
 * advanced time give the same state however advance() is chunked. Timers live in one heap (at most a state timer
 * and a break timer per agent, one per chat slot); a step costs O(events due + waiting contacts + free agents while
 * someone waits), not O(agents²).
 *
 * Built in layers, one file each: `types.ts` (the data), `roster.ts` (who exists), `events.ts` (the timer heap),
 * `agents.ts` (agent states and timers), `contacts.ts` (contacts and interval counters), and here the clock, the
 * lookups and the writes the vendor routes make.
 */
import { ContactFlow } from './contacts.js';
import { mulberry32, poisson, randInt } from './rng.js';
import { Roster } from './roster.js';
import {
  DAY_MS,
  MIN,
  STEP_MS,
  emptyStats,
  isFinished,
  newMembership,
  userStatusOf,
  type AgentStats,
  type SimAgent,
  type SimPresence,
  type SimQueue,
} from './types.js';

export * from './types.js';

const HOUR_MS = 3_600_000;
/** Sinch's RMI keeps contacts "about 36 hours" (field notes), not only since midnight. */
const RETENTION_MS = 36 * HOUR_MS;

export interface ModelOptions {
  seed: number;
  agents: number;
  queues: number;
  /** The virtual time the model stands at after construction. */
  startMs: number;
  /** Simulated history before startMs, so the model starts busy (default 15 min). */
  warmupMs?: number;
}

export class SimModel extends ContactFlow {
  /** Virtual time (ms since epoch) the live model began; earlier history is synthesized. */
  readonly modelStartMs: number;
  private clockMs: number;

  constructor(opts: ModelOptions) {
    const rng = mulberry32(opts.seed ^ 0x5eed);
    const warmup = opts.warmupMs ?? 15 * 60_000;
    const start = Math.floor((opts.startMs - warmup) / STEP_MS) * STEP_MS;
    const roster = new Roster(opts.seed, rng, { agents: opts.agents, queues: opts.queues }, start);
    super(opts.seed, rng, roster, start, Math.floor(start / DAY_MS) * DAY_MS);
    this.modelStartMs = start;
    this.clockMs = start;
    this.initialStates();
    this.advance(opts.startMs - start);
  }

  private initialStates(): void {
    const rng = this.rng;
    for (const a of this.agents) {
      const r = rng();
      if (r < 0.15) this.scheduleAgent(a, randInt(rng, 5, 90) * MIN);
      else {
        this.login(a, 'Ready');
        if (r < 0.23) this.enter(a, 'Pause', randInt(rng, 1, 4));
        else if (r < 0.28) this.enter(a, 'NotReady');
        // Nobody logged in at the same instant: backdate the current status (never before midnight).
        const since = Math.max(this.dayStartMs, this.stepsMs - randInt(rng, 0, 90) * MIN * STEP_MS);
        a.userStatusSinceMs = a.stateSinceMs = a.presenceSinceMs = a.lastActiveMs = since;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Clock

  /** Current virtual time (ms since epoch). */
  nowMs(): number {
    return this.clockMs;
  }

  now(): Date {
    return new Date(this.clockMs);
  }

  startOfDayMs(): number {
    return this.dayStartMs;
  }

  /** Advances the virtual clock; the model changes on every whole simulated second crossed. */
  advance(ms: number): void {
    if (!(ms > 0)) return;
    const target = this.clockMs + ms;
    while (this.stepsMs + STEP_MS <= target) {
      this.stepsMs += STEP_MS;
      this.clockMs = this.stepsMs;
      this.step();
    }
    this.clockMs = target;
  }

  private step(): void {
    const now = this.stepsMs;
    const day = Math.floor(now / DAY_MS) * DAY_MS;
    if (day !== this.dayStartMs) this.rollover(day);
    if (now % HOUR_MS === 0) this.forget(now - RETENTION_MS);
    for (let e = this.heap.peek(); e && e.at <= now; e = this.heap.peek()) {
      this.heap.pop();
      this.handle(e);
    }
    for (const q of this.queues) {
      if (q.waiting.length) {
        const gone = q.waiting.filter((c) => c.patienceEndMs <= now);
        for (const c of gone) this.abandon(c);
      }
      const n = poisson(this.rng, q.arrivalRate);
      for (let i = 0; i < n; i++) this.arrive(q);
    }
    this.dispatch();
  }

  private rollover(day: number): void {
    this.dayStartMs = day;
    for (const a of this.agents) {
      a.stats = emptyStats();
      for (const m of a.memberships) {
        m.handledCallIn = m.handledCallOut = m.handledChatIn = m.handledEmailIn = 0;
        m.handlingMs = m.wrapUpMs = 0;
      }
    }
    for (const m of this.intervals) for (const k of m.keys()) if (k < day - DAY_MS) m.delete(k);
  }

  /** Drops finished contacts that arrived before `cutoffMs` (the map is in arrival order). */
  private forget(cutoffMs: number): void {
    for (const [id, c] of this.contacts) {
      if (c.arrivalMs >= cutoffMs) break;
      if (isFinished(c)) {
        this.contacts.delete(id);
        this.finishedCount--;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Lookups (read access for the vendor routes and tests)

  agentById(id: string): SimAgent | undefined {
    return this.roster.agentById(id);
  }
  agentByCcId(id: number): SimAgent | undefined {
    return this.roster.agentByCcId(id);
  }
  agentByCobrowserId(id: string): SimAgent | undefined {
    return this.roster.agentByCobrowserId(id);
  }
  agentByThuliumLogin(login: string): SimAgent | undefined {
    return this.roster.agentByThuliumLogin(login);
  }
  queueById(id: string): SimQueue | undefined {
    return this.roster.queueById(id);
  }
  queueByCcId(id: number): SimQueue | undefined {
    return this.roster.queueByCcId(id);
  }
  /** Agents sorted by Sinch name (the vendor's default sort). */
  agentsSortedByName(): readonly SimAgent[] {
    return this.roster.agentsByName;
  }
  /** Agent counters including the time spent in the current status so far today. */
  statsNow(a: SimAgent): AgentStats {
    const s = { ...a.stats };
    const ms = this.stepsMs - Math.max(a.userStatusSinceMs, this.dayStartMs);
    if (ms > 0) {
      const u = userStatusOf(a.state);
      if (u === 'Ready') s.readyMs += ms;
      else if (u === 'NotReady') s.notReadyMs += ms;
      else if (u === 'Pause') s.pauseMs += ms;
    }
    return s;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Writes (Sinch PUTs and cc_agent actions). Writes hold their state for a while before the agent acts alone again.

  setReady(a: SimAgent, ready: boolean): void {
    if (a.state === 'LoggedOut') return;
    if (a.state === 'Busy' || a.state === 'WrapUp') {
      a.afterWork = ready ? null : 'NotReady';
      a.afterWorkHoldSeconds = 15 * MIN;
      return;
    }
    if (ready) {
      if (a.state !== 'Ready') this.enter(a, 'Ready', 0, 15 * MIN);
    } else this.enter(a, 'NotReady', 0, 15 * MIN);
  }

  setPause(a: SimAgent, pauseId: number): void {
    if (pauseId <= 0) return this.setReady(a, true);
    if (a.state === 'Busy' || a.state === 'WrapUp') {
      a.afterWork = 'Pause';
      a.pauseId = pauseId;
      a.afterWorkHoldSeconds = 15 * MIN;
      return;
    }
    this.enter(a, 'Pause', pauseId, 15 * MIN);
  }

  /** cc_agent checkIn: the agent must dial the code; the simulated agent does so after a few seconds. */
  checkIn(a: SimAgent): string {
    if (a.state === 'LoggedOut') {
      a.checkInPending = true;
      this.scheduleAgent(a, 3);
    }
    return `**9${String(a.ccUserId ?? a.index).slice(-3)}`;
  }

  /** cc_agent checkInDevice: logged in at once on the given device; false when another user holds it. */
  checkInDevice(a: SimAgent, deviceId: number, force: boolean): boolean {
    const holder = this.devices.get(deviceId);
    if (holder && holder !== a) {
      if (!force) return false;
      this.logout(holder, 30 * MIN);
    }
    if (a.deviceId !== null && a.deviceId !== deviceId && this.devices.get(a.deviceId) === a) {
      this.devices.delete(a.deviceId);
    }
    a.deviceId = deviceId;
    this.devices.set(deviceId, a);
    if (a.state === 'LoggedOut') this.login(a, 'Ready', 15 * MIN);
    return true;
  }

  checkOut(a: SimAgent): void {
    if (a.state !== 'LoggedOut') this.logout(a, 30 * MIN);
  }

  /** cc_agent wrapup: wrap-up timer `seconds` from now (default: add the user's wrap-up time). */
  wrapUp(a: SimAgent, seconds: number | undefined): void {
    if (a.state === 'Busy' && a.contact) {
      a.contact.wrapUpSecondsOverride = seconds ?? a.wrapUpSeconds;
      return;
    }
    if (a.state === 'WrapUp') {
      if (seconds === undefined) {
        const remaining = Math.max(0, Math.ceil((a.timerAtMs - this.stepsMs) / STEP_MS));
        this.scheduleAgent(a, remaining + a.wrapUpSeconds);
      } else if (seconds <= 0) this.endWrapUp(a);
      else this.scheduleAgent(a, seconds);
      return;
    }
    if (a.state === 'Ready') {
      const s = seconds ?? a.wrapUpSeconds;
      if (s <= 0) return;
      this.setState(a, 'WrapUp');
      this.scheduleAgent(a, s);
    }
  }

  /** cc_agent setQueues: the agent's queues become exactly `queues` (statistics of kept queues survive). */
  setQueues(a: SimAgent, queues: SimQueue[]): void {
    const kept = new Map(a.memberships.map((m) => [m.queue, m]));
    a.memberships = queues.map((q) => {
      const m = kept.get(q);
      if (m) {
        m.serving = true;
        return m;
      }
      return newMembership(q, true, true);
    });
  }

  setServing(a: SimAgent, q: SimQueue, serving: boolean, externalServing: boolean): boolean {
    const m = a.memberships.find((x) => x.queue === q);
    if (!m) return false;
    m.serving = serving;
    m.externalServing = externalServing;
    return true;
  }

  setPresence(a: SimAgent, p: SimPresence): void {
    if (a.presence.id !== p.id) {
      a.presence = p;
      a.presenceSinceMs = this.stepsMs;
    }
  }
}
