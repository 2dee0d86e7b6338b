/**
 * The agents' side of the model: states and their timers, autonomous breaks, devices and CoBrowser chat slots.
 * The bottom layer of SimModel (agents → contacts → model): it holds the state every layer shares, and leaves the
 * end of a contact's handling to the contacts layer.
 */
import { EventHeap, type SimEvent, type SimEventInit } from './events.js';
import { expInt, randInt, type Rng } from './rng.js';
import type { Roster } from './roster.js';
import {
  MIN,
  PRESENCES,
  STEP_MS,
  isChatOnline,
  userStatusOf,
  type ChatSlot,
  type SimAgent,
  type SimAgentState,
  type SimQueue,
  type SimReportingGroup,
  type SlotState,
} from './types.js';

export abstract class AgentLifecycle {
  readonly agents: SimAgent[];
  readonly queues: SimQueue[];
  readonly reportingGroups: SimReportingGroup[];
  /** Free agents (Ready, no contact), longest idle first (a Set keeps insertion order). */
  readonly freeAgents = new Set<SimAgent>();
  /** Device id → the agent logged in on it (cc_agent). */
  readonly devices = new Map<number, SimAgent>();

  protected readonly heap = new EventHeap();
  private seq = 0;
  /** The last whole step processed (ms); every state change happens at a step. */
  protected stepsMs: number;
  protected dayStartMs: number;

  constructor(
    readonly seed: number,
    protected readonly rng: Rng,
    protected readonly roster: Roster,
    startMs: number,
    dayStartMs: number,
  ) {
    this.agents = roster.agents;
    this.queues = roster.queues;
    this.reportingGroups = roster.reportingGroups;
    this.stepsMs = startMs;
    this.dayStartMs = dayStartMs;
  }

  /** The contacts layer: the agent's contact ends, its wrap-up ends, or both end at once (check-out during work). */
  protected abstract endHandling(a: SimAgent): void;
  protected abstract endWrapUp(a: SimAgent): void;
  protected abstract finishWorkNow(a: SimAgent): void;

  private push(e: SimEventInit): void {
    (e as SimEvent).seq = this.seq++;
    this.heap.push(e as SimEvent);
  }

  private scheduleBreak(a: SimAgent, seconds: number): void {
    a.breakVersion++;
    a.breakPending = true;
    this.push({ at: this.stepsMs + seconds * STEP_MS, kind: 'break', agent: a, version: a.breakVersion });
  }

  private cancelBreak(a: SimAgent): void {
    a.breakVersion++;
    a.breakPending = false;
  }

  /** An autonomous break: now if the agent is free, else right after the current contact. */
  private takeBreak(a: SimAgent): void {
    a.breakPending = false;
    const rng = this.rng;
    const r = rng();
    const next: SimAgentState = r < 0.6 ? 'Pause' : r < 0.9 ? 'NotReady' : 'LoggedOut';
    if (a.state === 'Ready') {
      if (next === 'LoggedOut') this.logout(a);
      else this.enter(a, next, randInt(rng, 1, 4));
    } else if ((a.state === 'Busy' || a.state === 'WrapUp') && a.afterWork === null) {
      a.afterWork = next;
      a.pauseId = next === 'Pause' ? randInt(rng, 1, 4) : 0;
      a.afterWorkHoldSeconds = 0;
    }
  }

  protected scheduleAgent(a: SimAgent, seconds: number): void {
    a.timerVersion++;
    a.timerAtMs = this.stepsMs + seconds * STEP_MS;
    this.push({ at: a.timerAtMs, kind: 'agent', agent: a, version: a.timerVersion });
  }

  protected handle(e: SimEvent): void {
    if (e.kind === 'break') {
      if (e.version === e.agent.breakVersion) this.takeBreak(e.agent);
      return;
    }
    if (e.kind === 'slot') {
      if (e.slot.version === e.version) this.slotTimer(e.agent, e.slot);
      return;
    }
    const a = e.agent;
    if (e.version !== a.timerVersion) return;
    const rng = this.rng;
    switch (a.state) {
      case 'LoggedOut':
        if (a.checkInPending) {
          a.checkInPending = false;
          this.login(a, 'Ready', 15 * MIN);
        } else this.login(a, rng() < 0.85 ? 'Ready' : 'NotReady');
        break;
      case 'Busy':
        this.endHandling(a);
        break;
      case 'WrapUp':
        this.endWrapUp(a);
        break;
      case 'Pause':
      case 'NotReady':
        this.enter(a, 'Ready');
        break;
      case 'Ready':
        break;
    }
  }

  /** Moves an agent into a state (not Busy/WrapUp, which contacts drive) and schedules its next autonomous change. */
  enter(a: SimAgent, state: 'Ready' | 'Pause' | 'NotReady', pauseId = 0, holdSeconds?: number): void {
    const rng = this.rng;
    this.setState(a, state);
    a.pauseId = state === 'Pause' ? pauseId || 1 : 0;
    a.afterWork = null;
    if (state === 'Ready') {
      a.timerVersion++; // no state timer while Ready: contacts and the break timer move the agent
      if (!a.breakPending || holdSeconds) this.scheduleBreak(a, Math.max(expInt(rng, 40 * MIN), holdSeconds ?? 0));
      return;
    }
    this.cancelBreak(a);
    const auto = state === 'Pause' ? randInt(rng, 2, 15) * MIN : randInt(rng, 1, 8) * MIN;
    this.scheduleAgent(a, Math.max(auto, holdSeconds ?? 0));
  }

  login(a: SimAgent, state: 'Ready' | 'NotReady', holdSeconds?: number): void {
    if (a.deviceId === null) {
      const device = 8000 + a.index;
      const holder = this.devices.get(device);
      if (!holder || holder === a) {
        a.deviceId = device;
        this.devices.set(device, a);
      }
    }
    a.presence = PRESENCES[0]!;
    a.presenceSinceMs = this.stepsMs;
    this.enter(a, state, 0, holdSeconds);
  }

  logout(a: SimAgent, holdSeconds?: number): void {
    if (a.state === 'Busy' || a.state === 'WrapUp') this.finishWorkNow(a);
    this.setState(a, 'LoggedOut');
    this.cancelBreak(a);
    a.checkInPending = false;
    a.pauseId = 0;
    a.afterWork = null;
    if (a.deviceId !== null && this.devices.get(a.deviceId) === a) this.devices.delete(a.deviceId);
    a.deviceId = null;
    this.scheduleAgent(a, Math.max(randInt(this.rng, 10, 60) * MIN, holdSeconds ?? 0));
  }

  protected setState(a: SimAgent, state: SimAgentState): void {
    const now = this.stepsMs;
    const before = userStatusOf(a.state);
    const after = userStatusOf(state);
    if (before !== after) {
      this.accrueUserStatus(a, now);
      a.userStatusSinceMs = now;
    }
    if (a.state === 'Ready' && !a.contact) this.freeAgents.delete(a);
    const wasOnline = isChatOnline(a.state);
    a.state = state;
    a.stateSinceMs = now;
    a.lastActiveMs = now;
    if (state === 'Ready' && !a.contact) this.freeAgents.add(a);
    if (a.slots.length && wasOnline !== isChatOnline(state)) this.resetSlots(a);
  }

  private accrueUserStatus(a: SimAgent, now: number): void {
    const ms = now - Math.max(a.userStatusSinceMs, this.dayStartMs);
    if (ms <= 0) return;
    const s = userStatusOf(a.state);
    if (s === 'Ready') a.stats.readyMs += ms;
    else if (s === 'NotReady') a.stats.notReadyMs += ms;
    else if (s === 'Pause') a.stats.pauseMs += ms;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Contacts

  // ---------------------------------------------------------------------------------------------------------
  // CoBrowser chat slots

  private resetSlots(a: SimAgent): void {
    const now = this.stepsMs;
    const online = isChatOnline(a.state);
    const signedIn = a.state !== 'LoggedOut';
    for (const s of a.slots) {
      s.version++;
      s.state = online ? 'closed' : signedIn ? 'sleeping' : 'closed';
      s.sinceMs = now;
      if (online) this.scheduleSlot(a, s, expInt(this.rng, 4 * MIN));
    }
  }

  private scheduleSlot(a: SimAgent, s: ChatSlot, seconds: number): void {
    s.version++;
    this.push({ at: this.stepsMs + seconds * STEP_MS, kind: 'slot', agent: a, slot: s, version: s.version });
  }

  private slotTimer(a: SimAgent, s: ChatSlot): void {
    const rng = this.rng;
    const now = this.stepsMs;
    const to = (state: SlotState, seconds: number) => {
      s.state = state;
      s.sinceMs = now;
      a.lastActiveMs = now;
      this.scheduleSlot(a, s, seconds);
    };
    switch (s.state) {
      case 'closed':
        return to('new', randInt(rng, 5, 25));
      case 'new':
        return to('open', randInt(rng, 30, 120));
      case 'burning':
        return to('open', randInt(rng, 30, 120));
      case 'open': {
        const r = rng();
        if (r < 0.3) return to('closed', expInt(rng, 4 * MIN));
        return to('burning', randInt(rng, 10, 60));
      }
      case 'sleeping':
        return;
    }
  }
}
