/**
 * The one contact-center model behind all five simulated vendor APIs. A fixed-step (1 s) discrete simulation:
 * every duration is whole seconds and every state change happens on a step, so the same seed and the same total
 * advanced time give the same state however advance() is chunked. Timers live in one heap (at most a state timer
 * and a break timer per agent, one per chat slot); a step costs O(events due + waiting contacts + free agents while
 * someone waits), not O(agents²).
 */
import { expInt, guidOf, mulberry32, pick, poisson, randInt, type Rng } from './rng.js';

export const STEP_MS = 1000;
export const DAY_MS = 86_400_000;
const MIN = 60;

export type SimAgentState = 'LoggedOut' | 'Ready' | 'Busy' | 'WrapUp' | 'Pause' | 'NotReady';
export type SimChannel = 'PHONE' | 'CHAT' | 'EMAIL';
export type SimQueueType = 'Phone' | 'Chat' | 'Email';
export type SimContactStatus =
  | 'InQueue'
  | 'InProcess'
  | 'InProcess_WrapUp'
  | 'Handled'
  | 'Handled_AOT'
  | 'NotHandled_FA'
  | 'NotHandled_Ab';

export interface SimPresence {
  id: string;
  name: string;
  reason: string;
  type: 'PRESENCE' | 'ABSENCE' | 'CONFERENCE';
  priority: number;
}

/** Presence profiles, the first four exactly as the Sinch doc's example. */
export const PRESENCES: readonly SimPresence[] = [
  { id: '02770429F80BDF1191AD001CC4D98816', name: 'Available', reason: 'NONE', type: 'PRESENCE', priority: 100 },
  { id: '04770429F80BDF1191AD001CC4D98816', name: 'Lunch', reason: 'NONE', type: 'ABSENCE', priority: 100 },
  { id: '12684EA701114105A1D73F532AB80C28', name: 'Vacation', reason: 'VACATION', type: 'ABSENCE', priority: 100 },
  {
    id: '2EA19675EA7DDF11B644463500000031',
    name: 'Meeting / Deny calls (Def: 1 hour)',
    reason: 'MEETING',
    type: 'ABSENCE',
    priority: 100,
  },
  { id: '3B5E0F2A9C8D4E7F8A1B2C3D4E5F6A7B', name: 'Conference call', reason: 'NONE', type: 'CONFERENCE', priority: 50 },
];

export interface SimReportingGroup {
  id: string;
  name: string;
  /** Thulium agent group id. */
  thuliumGroupId: number;
}

export interface SimQueue {
  index: number;
  id: string;
  /** Numeric queue id used by cc_agent (and Thulium `queues_ids[]`). */
  ccId: number;
  name: string;
  channel: SimChannel;
  type: SimQueueType;
  /** Where contacts are addressed (phone number, chat address, email address). */
  address: string;
  aotSeconds: number;
  faSeconds: number;
  meanHandleSeconds: number;
  meanPatienceSeconds: number;
  /** Arrivals per simulated second. */
  arrivalRate: number;
  strategy: string;
  /** Waiting contacts, oldest first. */
  waiting: SimContact[];
}

export interface SimMembership {
  queue: SimQueue;
  serving: boolean;
  externalServing: boolean;
  canChangeQueueLogin: boolean;
  handledCallIn: number;
  handledCallOut: number;
  handledChatIn: number;
  handledEmailIn: number;
  handlingMs: number;
  wrapUpMs: number;
}

export type SlotState = 'closed' | 'new' | 'open' | 'burning' | 'sleeping';
export interface ChatSlot {
  state: SlotState;
  sinceMs: number;
  version: number;
}

export interface SimAgent {
  index: number;
  /** Identity key (CCGRAPH_IDENTITIES `key`). */
  key: string;
  firstName: string;
  lastName: string;
  /** Sinch id (32 upper-hex). */
  id: string;
  /** Sinch style `Last, First`. */
  name: string;
  email: string;
  number: number;
  mobileNumber: string;
  location: string;
  reportingGroup: SimReportingGroup;
  manageable: boolean;
  chatCapacity: number;
  wrapUpSeconds: number;
  // Accounts at the other vendors (null: no account).
  cobrowserId: string | null;
  cobrowserUsername: string | null;
  thuliumLogin: string | null;
  wolkvoxId: string | null;
  ccUserId: number | null;
  // Live state
  state: SimAgentState;
  stateSinceMs: number;
  /** Since the Sinch `userStatus` (Ready/NotReady/Pause/LoggedOut) last changed. */
  userStatusSinceMs: number;
  /** The state to enter after the current contact/wrap-up (set by writes during work). */
  afterWork: SimAgentState | null;
  pauseId: number;
  presence: SimPresence;
  presenceSinceMs: number;
  contact: SimContact | null;
  memberships: SimMembership[];
  deviceId: number | null;
  timerVersion: number;
  /** The break timer (runs across contacts: a free agent takes a break, a busy one after the contact). */
  breakVersion: number;
  breakPending: boolean;
  /** How long a state entered after work (afterWork) holds, seconds (writes hold; autonomous breaks do not). */
  afterWorkHoldSeconds: number;
  /** When the agent's pending timer fires (ms). */
  timerAtMs: number;
  /** cc_agent checkIn was called; the agent logs in when the simulated dial completes. */
  checkInPending: boolean;
  slots: ChatSlot[];
  lastActiveMs: number;
  stats: AgentStats;
}

export interface AgentStats {
  callIn: number;
  chatIn: number;
  emailIn: number;
  handlingMs: number;
  wrapUpMs: number;
  readyMs: number;
  notReadyMs: number;
  pauseMs: number;
}

export interface SimContact {
  seq: number;
  id: string;
  groupId: string;
  queue: SimQueue;
  channel: SimChannel;
  type: string;
  source: string;
  destination: string;
  subject: string | null;
  record: boolean | null;
  arrivalMs: number;
  arrivalQueueMs: number;
  connectMs: number | null;
  disconnectMs: number | null;
  wrapUpBeginMs: number | null;
  wrapUpEndMs: number | null;
  /** Set when the contact stopped waiting (answered or abandoned). */
  queueEndMs: number | null;
  /** The caller gives up at this time if still waiting. */
  patienceEndMs: number;
  agent: SimAgent | null;
  status: SimContactStatus;
  handleSeconds: number;
  /** Overrides the agent's wrap-up time (cc_agent `wrapup` during a contact). */
  wrapUpSecondsOverride: number | null;
}

/** 15-minute per-queue counters (Sinch `contactSummaries`). Times in ms. */
export interface IntervalCounters {
  changedMs: number;
  arrivedHandled: number;
  arrivedActive: number;
  handled: number;
  answeredOnTime: number;
  abandoned: number;
  falseAttempts: number;
  serviceClosed: number;
  handleTimeTotal: number;
  handleTimeMax: number;
  queueTimeMax: number;
  answeredQueueTimeTotal: number;
  abandonedQueueTimeTotal: number;
  falseAttemptQueueTimeTotal: number;
  outHandled: number;
  outHandleTimeTotal: number;
  outHandleTimeMax: number;
}

export const INTERVAL_MS = 15 * 60_000;

type SimEvent =
  | { at: number; seq: number; kind: 'agent' | 'break'; agent: SimAgent; version: number }
  | { at: number; seq: number; kind: 'slot'; agent: SimAgent; slot: ChatSlot; version: number };

type SimEventInit = SimEvent extends infer E ? (E extends SimEvent ? Omit<E, 'seq'> : never) : never;

/** Binary min-heap ordered by (at, seq): ties resolve in insertion order, so processing is deterministic. */
class EventHeap {
  private items: SimEvent[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): SimEvent | undefined {
    return this.items[0];
  }
  private less(a: SimEvent, b: SimEvent): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
  push(e: SimEvent): void {
    const items = this.items;
    items.push(e);
    let i = items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(items[i]!, items[p]!)) break;
      [items[i], items[p]] = [items[p]!, items[i]!];
      i = p;
    }
  }
  pop(): SimEvent | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.less(items[l]!, items[m]!)) m = l;
        if (r < items.length && this.less(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

const FIRST_NAMES = [
  'John', 'Jane', 'Anna', 'Mikko', 'Laura', 'Peter', 'Maria', 'Jonas', 'Sofia', 'Lucas', 'Emma', 'Oskar', 'Olivia',
  'Noah', 'Eva', 'Adam', 'Julia', 'Leo', 'Ida', 'Max', 'Clara', 'Felix', 'Nora', 'Hugo', 'Elsa', 'Karl', 'Mia',
  'Theo', 'Lena', 'Paul', 'Alma', 'Erik', 'Vera', 'Ivan', 'Zoe', 'Omar', 'Ines', 'Raul', 'Aino', 'Timo',
];
const LAST_NAMES = [
  'Fox', 'Wolf', 'Bear', 'Lind', 'Berg', 'Nowak', 'Kowalski', 'Virtanen', 'Korhonen', 'Garcia', 'Silva', 'Novak',
  'Horvat', 'Meyer', 'Schmidt', 'Jensen', 'Hansen', 'Larsen', 'Rossi', 'Russo', 'Ferrari', 'Moreau', 'Laurent',
  'Dubois', 'Martin', 'Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Walker', 'Wright', 'Hall', 'Green',
  'Baker', 'Mills', 'Stone', 'Reed', 'Frost',
];
const LOCATIONS = ['Espoo', 'Helsinki', 'Tampere', 'Warsaw', 'Madrid'];
const QUEUE_TEMPLATES: Array<{ name: string; channel: SimChannel }> = [
  { name: 'Customer Service', channel: 'PHONE' },
  { name: 'Sales', channel: 'PHONE' },
  { name: 'Support Chat', channel: 'CHAT' },
  { name: 'Customer Service Email', channel: 'EMAIL' },
  { name: 'Sales Chat', channel: 'CHAT' },
  { name: 'Billing', channel: 'PHONE' },
];
const TYPE_OF: Record<SimChannel, SimQueueType> = { PHONE: 'Phone', CHAT: 'Chat', EMAIL: 'Email' };
const SUBJECTS = ['Request for support', 'Invoice question', 'Order status', 'Cannot log in', 'Change of address'];

export interface ModelOptions {
  seed: number;
  agents: number;
  queues: number;
  /** The virtual time the model stands at after construction. */
  startMs: number;
  /** Simulated history before startMs, so the model starts busy (default 15 min). */
  warmupMs?: number;
}

export class SimModel {
  readonly seed: number;
  readonly agents: SimAgent[] = [];
  readonly queues: SimQueue[] = [];
  readonly reportingGroups: SimReportingGroup[];
  /** Free agents (Ready, no contact), longest idle first (a Set keeps insertion order). */
  readonly freeAgents = new Set<SimAgent>();
  /** Contacts of the current UTC day plus every contact still in process, by id. */
  readonly contacts = new Map<string, SimContact>();
  /** Per queue, per interval start (ms): live contactSummaries counters. */
  readonly intervals: Array<Map<number, IntervalCounters>> = [];
  /** Virtual time (ms since epoch) the live model began; earlier history is synthesized. */
  readonly modelStartMs: number;
  /** Retention cap for finished contacts of the day (the oldest are dropped first). */
  maxFinishedContacts = 50_000;

  private readonly rng: Rng;
  private readonly heap = new EventHeap();
  private seq = 0;
  private contactSeq = 0;
  private clockMs: number;
  private stepsMs: number;
  private dayStartMs: number;
  private readonly byId = new Map<string, SimAgent>();
  private readonly byCcId = new Map<number, SimAgent>();
  private readonly byCobrowserId = new Map<string, SimAgent>();
  private readonly byThuliumLogin = new Map<string, SimAgent>();
  readonly devices = new Map<number, SimAgent>();
  private finishedCount = 0;
  private readonly agentsByName: SimAgent[];

  constructor(opts: ModelOptions) {
    this.seed = opts.seed;
    this.rng = mulberry32(opts.seed ^ 0x5eed);
    const warmup = opts.warmupMs ?? 15 * 60_000;
    const start = Math.floor((opts.startMs - warmup) / STEP_MS) * STEP_MS;
    this.modelStartMs = start;
    this.clockMs = start;
    this.stepsMs = start;
    this.dayStartMs = Math.floor(start / DAY_MS) * DAY_MS;

    this.reportingGroups = ['Sales', 'Support', 'Billing'].map((name, i) => ({
      id: guidOf(opts.seed, 'reporting-group', i),
      name,
      thuliumGroupId: i + 1,
    }));
    this.buildQueues(opts.queues);
    this.buildAgents(opts.agents);
    this.agentsByName = [...this.agents].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.index - b.index));
    this.setArrivalRates();
    this.initialStates();
    this.advance(opts.startMs - start);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Construction

  private buildQueues(count: number): void {
    const rng = this.rng;
    for (let i = 0; i < count; i++) {
      const t = QUEUE_TEMPLATES[i % QUEUE_TEMPLATES.length]!;
      const round = Math.floor(i / QUEUE_TEMPLATES.length);
      const name = round === 0 ? t.name : `${t.name} ${round + 1}`;
      const channel = t.channel;
      this.queues.push({
        index: i,
        id: guidOf(this.seed, 'queue', i),
        ccId: 301 + i,
        name,
        channel,
        type: TYPE_OF[channel],
        address:
          channel === 'PHONE'
            ? String(320 + i)
            : `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@${channel === 'CHAT' ? 'chat.' : ''}acme.example`,
        aotSeconds: channel === 'PHONE' ? 20 : channel === 'CHAT' ? 60 : 3600,
        faSeconds: channel === 'EMAIL' ? 0 : 10,
        meanHandleSeconds: channel === 'PHONE' ? 180 : channel === 'CHAT' ? 300 : 240,
        meanPatienceSeconds: channel === 'PHONE' ? 120 : channel === 'CHAT' ? 240 : 6 * 3600,
        arrivalRate: 0,
        strategy: pick(rng, ['longest-idle-agent', 'round-robin', 'fewest-calls']),
        waiting: [],
      });
      this.intervals.push(new Map());
    }
  }

  private buildAgents(count: number): void {
    const rng = this.rng;
    const emails = new Set<string>();
    const logins = new Set<string>();
    let cobrowserCount = 0;
    let mixedCase = 0;
    for (let i = 0; i < count; i++) {
      const firstName = pick(rng, FIRST_NAMES);
      const lastName = pick(rng, LAST_NAMES);
      let local = `${firstName}.${lastName}`.toLowerCase();
      for (let n = 2; emails.has(local); n++) local = `${firstName}.${lastName}${n}`.toLowerCase();
      emails.add(local);
      const email = `${local}@acme.example`;
      let login = `${firstName[0]}${lastName}`.toLowerCase();
      for (let n = 2; logins.has(login); n++) login = `${firstName[0]}${lastName}${n}`.toLowerCase();
      logins.add(login);

      const hasCobrowser = rng() < 0.6;
      const hasThulium = rng() < 0.8;
      const hasWolkvox = rng() < 0.4;
      const hasCc = rng() < 0.9;
      let cobrowserUsername: string | null = null;
      if (hasCobrowser) {
        cobrowserCount++;
        // A few accounts were typed with different casing: linking by email must be case-insensitive.
        if (mixedCase < 3 && cobrowserCount % 4 === 2) {
          mixedCase++;
          const [l, d] = email.split('@') as [string, string];
          cobrowserUsername = `${l.split('.').map(cap).join('.')}@${d.toUpperCase()}`;
        } else cobrowserUsername = email;
      }
      const queueCount = Math.min(this.queues.length, randInt(rng, 1, 3));
      const memberships: SimMembership[] = [];
      const start = randInt(rng, 0, this.queues.length - 1);
      for (let k = 0; k < queueCount; k++) {
        const queue = this.queues[(start + k * 2) % this.queues.length]!;
        if (memberships.some((m) => m.queue === queue)) continue;
        memberships.push(newMembership(queue, rng() < 0.92, rng() < 0.95));
      }
      const agent: SimAgent = {
        index: i,
        key: `person-${String(i + 1).padStart(4, '0')}`,
        firstName,
        lastName,
        id: guidOf(this.seed, 'agent', i),
        name: `${lastName}, ${firstName}`,
        email,
        number: 201 + i,
        mobileNumber: `+358123${String(456201 + i).padStart(6, '0')}`,
        location: pick(rng, LOCATIONS),
        reportingGroup: pick(rng, this.reportingGroups),
        manageable: rng() < 0.9,
        chatCapacity: randInt(rng, 1, 4),
        wrapUpSeconds: randInt(rng, 10, 45),
        cobrowserId: hasCobrowser ? String(1000 + i * 7 + 3) : null,
        cobrowserUsername,
        thuliumLogin: hasThulium ? login : null,
        wolkvoxId: hasWolkvox ? String(1001 + i) : null,
        ccUserId: hasCc ? 17001 + i : null,
        state: 'LoggedOut',
        stateSinceMs: this.clockMs,
        userStatusSinceMs: this.clockMs,
        afterWork: null,
        pauseId: 0,
        presence: PRESENCES[0]!,
        presenceSinceMs: this.clockMs,
        contact: null,
        memberships,
        deviceId: null,
        timerVersion: 0,
        breakVersion: 0,
        breakPending: false,
        afterWorkHoldSeconds: 0,
        timerAtMs: 0,
        checkInPending: false,
        slots: [],
        lastActiveMs: this.clockMs,
        stats: emptyStats(),
      };
      if (agent.cobrowserId) {
        const n = randInt(rng, 2, 4);
        for (let s = 0; s < n; s++) agent.slots.push({ state: 'closed', sinceMs: this.clockMs, version: 0 });
      }
      this.agents.push(agent);
      this.byId.set(agent.id, agent);
      if (agent.ccUserId !== null) this.byCcId.set(agent.ccUserId, agent);
      if (agent.cobrowserId) this.byCobrowserId.set(agent.cobrowserId, agent);
      if (agent.thuliumLogin) this.byThuliumLogin.set(agent.thuliumLogin, agent);
    }
  }

  /** Arrival rates sized so that roughly 85% of logged-in serving capacity is used: queues form, some callers give up. */
  private setArrivalRates(): void {
    const share = new Array<number>(this.queues.length).fill(0);
    for (const a of this.agents) {
      const serving = a.memberships.filter((m) => m.serving);
      for (const m of serving) share[m.queue.index]! += 1 / serving.length;
    }
    for (const q of this.queues) q.arrivalRate = ((share[q.index] ?? 0) * 0.75 * 0.85) / q.meanHandleSeconds;
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
    for (const [id, c] of this.contacts) {
      if (isFinished(c) && (c.disconnectMs ?? c.arrivalMs) < day) {
        this.contacts.delete(id);
        this.finishedCount--;
      }
    }
    for (const m of this.intervals) for (const k of m.keys()) if (k < day - DAY_MS) m.delete(k);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Events

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

  private scheduleAgent(a: SimAgent, seconds: number): void {
    a.timerVersion++;
    a.timerAtMs = this.stepsMs + seconds * STEP_MS;
    this.push({ at: a.timerAtMs, kind: 'agent', agent: a, version: a.timerVersion });
  }

  private handle(e: SimEvent): void {
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

  private setState(a: SimAgent, state: SimAgentState): void {
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

  private arrive(q: SimQueue): void {
    const rng = this.rng;
    const now = this.stepsMs;
    const n = this.contactSeq++;
    const ivr = q.channel === 'PHONE' ? randInt(rng, 1, 3) : 0;
    const c: SimContact = {
      seq: n,
      id: guidOf(this.seed, 'contact', n),
      groupId: guidOf(this.seed, 'contact-group', n),
      queue: q,
      channel: q.channel,
      type: q.channel === 'PHONE' ? 'CallIn' : q.channel === 'CHAT' ? 'ChatIn' : 'EMAILIN',
      source:
        q.channel === 'PHONE'
          ? `+35840${String(randInt(rng, 0, 9_999_999)).padStart(7, '0')}`
          : `customer${randInt(rng, 100, 99_999)}@example.com`,
      destination: q.address,
      subject: q.channel === 'EMAIL' ? pick(rng, SUBJECTS) : null,
      record: q.channel === 'PHONE' ? rng() < 0.8 : null,
      arrivalMs: now - ivr * STEP_MS,
      arrivalQueueMs: now,
      connectMs: null,
      disconnectMs: null,
      wrapUpBeginMs: null,
      wrapUpEndMs: null,
      queueEndMs: null,
      patienceEndMs: now + expInt(rng, q.meanPatienceSeconds) * STEP_MS,
      agent: null,
      status: 'InQueue',
      handleSeconds: expInt(rng, q.meanHandleSeconds),
      wrapUpSecondsOverride: null,
    };
    this.contacts.set(c.id, c);
    q.waiting.push(c);
    const iv = this.interval(q, now);
    iv.arrivedActive++;
    iv.changedMs = now;
  }

  private abandon(c: SimContact): void {
    const now = this.stepsMs;
    const q = c.queue;
    q.waiting.splice(q.waiting.indexOf(c), 1);
    const waited = now - c.arrivalQueueMs;
    const falseAttempt = waited < q.faSeconds * 1000;
    c.status = falseAttempt ? 'NotHandled_FA' : 'NotHandled_Ab';
    c.queueEndMs = now;
    c.disconnectMs = now;
    this.finished(c);
    const iv = this.interval(q, now);
    if (falseAttempt) {
      iv.falseAttempts++;
      iv.falseAttemptQueueTimeTotal += waited;
    } else {
      iv.abandoned++;
      iv.abandonedQueueTimeTotal += waited;
    }
    iv.queueTimeMax = Math.max(iv.queueTimeMax, waited);
    iv.changedMs = now;
    const arrivedIv = this.interval(q, c.arrivalQueueMs);
    arrivedIv.arrivedActive--;
  }

  /**
   * Free agents (longest idle first) take the oldest waiting contact among the queues they serve.
   * O(free agents × their queues), and nothing at all while no one waits.
   */
  private dispatch(): void {
    let waiting = 0;
    for (const q of this.queues) waiting += q.waiting.length;
    if (waiting === 0) return;
    for (const a of this.freeAgents) {
      let best: SimContact | undefined;
      for (const m of a.memberships) {
        const head = m.serving ? m.queue.waiting[0] : undefined;
        if (head && (!best || head.arrivalQueueMs < best.arrivalQueueMs || (head.arrivalQueueMs === best.arrivalQueueMs && head.seq < best.seq))) {
          best = head;
        }
      }
      if (!best) continue;
      this.connect(best, a);
      if (--waiting === 0) return;
    }
  }

  private connect(c: SimContact, a: SimAgent): void {
    const now = this.stepsMs;
    const q = c.queue;
    q.waiting.splice(q.waiting.indexOf(c), 1);
    c.status = 'InProcess';
    c.agent = a;
    c.connectMs = now;
    c.queueEndMs = now;
    this.freeAgents.delete(a);
    a.contact = c;
    this.setState(a, 'Busy');
    this.scheduleAgent(a, c.handleSeconds);
  }

  private endHandling(a: SimAgent): void {
    const c = a.contact;
    if (!c) return this.enter(a, 'Ready');
    const now = this.stepsMs;
    c.disconnectMs = now;
    c.wrapUpBeginMs = now;
    c.status = 'InProcess_WrapUp';
    this.setState(a, 'WrapUp');
    const seconds = c.wrapUpSecondsOverride ?? a.wrapUpSeconds;
    if (seconds <= 0) return this.endWrapUp(a);
    this.scheduleAgent(a, seconds);
  }

  private endWrapUp(a: SimAgent): void {
    const c = a.contact;
    const now = this.stepsMs;
    if (c) {
      c.wrapUpEndMs = now;
      this.completeContact(c, a);
      a.contact = null;
    }
    const next = a.afterWork;
    const hold = a.afterWorkHoldSeconds;
    a.afterWork = null;
    if (next === 'LoggedOut') this.logout(a, hold);
    else if (next === 'Pause') this.enter(a, 'Pause', a.pauseId || 1, hold);
    else if (next === 'NotReady') this.enter(a, 'NotReady', 0, hold);
    else this.enter(a, 'Ready');
  }

  /** Ends the agent's contact and wrap-up at once (check-out during work). */
  private finishWorkNow(a: SimAgent): void {
    const c = a.contact;
    const now = this.stepsMs;
    if (c) {
      c.disconnectMs ??= now;
      c.wrapUpBeginMs ??= now;
      c.wrapUpEndMs = now;
      this.completeContact(c, a);
      a.contact = null;
    }
  }

  private completeContact(c: SimContact, a: SimAgent): void {
    const q = c.queue;
    const queued = (c.connectMs ?? c.arrivalQueueMs) - c.arrivalQueueMs;
    const handling = (c.disconnectMs ?? 0) - (c.connectMs ?? 0);
    const wrap = (c.wrapUpEndMs ?? 0) - (c.wrapUpBeginMs ?? 0);
    const onTime = queued <= q.aotSeconds * 1000;
    c.status = onTime ? 'Handled_AOT' : 'Handled';
    this.finished(c);
    const counts = c.channel === 'PHONE' ? 'callIn' : c.channel === 'CHAT' ? 'chatIn' : 'emailIn';
    a.stats[counts]++;
    a.stats.handlingMs += handling;
    a.stats.wrapUpMs += wrap;
    const m = a.memberships.find((x) => x.queue === q);
    if (m) {
      if (c.channel === 'PHONE') m.handledCallIn++;
      else if (c.channel === 'CHAT') m.handledChatIn++;
      else m.handledEmailIn++;
      m.handlingMs += handling;
      m.wrapUpMs += wrap;
    }
    const now = this.stepsMs;
    const iv = this.interval(q, now);
    iv.handled++;
    if (onTime) iv.answeredOnTime++;
    iv.handleTimeTotal += handling;
    iv.handleTimeMax = Math.max(iv.handleTimeMax, handling);
    iv.answeredQueueTimeTotal += queued;
    iv.queueTimeMax = Math.max(iv.queueTimeMax, queued);
    iv.changedMs = now;
    const arrivedIv = this.interval(q, c.arrivalQueueMs);
    arrivedIv.arrivedActive--;
    arrivedIv.arrivedHandled++;
  }

  private finished(_c: SimContact): void {
    this.finishedCount++;
    if (this.finishedCount > this.maxFinishedContacts) {
      // Map iteration is insertion (arrival) order: drop the oldest finished contacts.
      for (const [id, c] of this.contacts) {
        if (this.finishedCount <= this.maxFinishedContacts * 0.9) break;
        if (isFinished(c)) {
          this.contacts.delete(id);
          this.finishedCount--;
        }
      }
    }
  }

  interval(q: SimQueue, atMs: number): IntervalCounters {
    const key = Math.floor(atMs / INTERVAL_MS) * INTERVAL_MS;
    const map = this.intervals[q.index]!;
    let iv = map.get(key);
    if (!iv) {
      iv = emptyInterval(atMs);
      map.set(key, iv);
    }
    return iv;
  }

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

  // ---------------------------------------------------------------------------------------------------------
  // Lookups (read access for the vendor routes and tests)

  agentById(id: string): SimAgent | undefined {
    return this.byId.get(id.toUpperCase());
  }
  agentByCcId(id: number): SimAgent | undefined {
    return this.byCcId.get(id);
  }
  agentByCobrowserId(id: string): SimAgent | undefined {
    return this.byCobrowserId.get(id);
  }
  agentByThuliumLogin(login: string): SimAgent | undefined {
    return this.byThuliumLogin.get(login);
  }
  queueById(id: string): SimQueue | undefined {
    const u = id.toUpperCase();
    return this.queues.find((q) => q.id === u);
  }
  queueByCcId(id: number): SimQueue | undefined {
    return this.queues.find((q) => q.ccId === id);
  }
  /** Agents sorted by Sinch name (the vendor's default sort). */
  agentsSortedByName(): readonly SimAgent[] {
    return this.agentsByName;
  }
  /** Contacts still in process (waiting, handling, in wrap-up). */
  inProcessContacts(): SimContact[] {
    const out: SimContact[] = [];
    for (const c of this.contacts.values()) if (!isFinished(c)) out.push(c);
    return out;
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

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function newMembership(queue: SimQueue, serving: boolean, canChange: boolean): SimMembership {
  return {
    queue,
    serving,
    externalServing: false,
    canChangeQueueLogin: canChange,
    handledCallIn: 0,
    handledCallOut: 0,
    handledChatIn: 0,
    handledEmailIn: 0,
    handlingMs: 0,
    wrapUpMs: 0,
  };
}

function emptyStats(): AgentStats {
  return { callIn: 0, chatIn: 0, emailIn: 0, handlingMs: 0, wrapUpMs: 0, readyMs: 0, notReadyMs: 0, pauseMs: 0 };
}

export function emptyInterval(changedMs: number): IntervalCounters {
  return {
    changedMs,
    arrivedHandled: 0,
    arrivedActive: 0,
    handled: 0,
    answeredOnTime: 0,
    abandoned: 0,
    falseAttempts: 0,
    serviceClosed: 0,
    handleTimeTotal: 0,
    handleTimeMax: 0,
    queueTimeMax: 0,
    answeredQueueTimeTotal: 0,
    abandonedQueueTimeTotal: 0,
    falseAttemptQueueTimeTotal: 0,
    outHandled: 0,
    outHandleTimeTotal: 0,
    outHandleTimeMax: 0,
  };
}

/** Sinch `userStatus`: Busy and WrapUp are sub-states of Ready. */
export function userStatusOf(state: SimAgentState): 'Ready' | 'NotReady' | 'Pause' | 'LoggedOut' {
  return state === 'Busy' || state === 'WrapUp' ? 'Ready' : state;
}

/** CoBrowser `online`: signed in and taking work. */
export function isChatOnline(state: SimAgentState): boolean {
  return state === 'Ready' || state === 'Busy' || state === 'WrapUp';
}

export function isFinished(c: SimContact): boolean {
  return c.status !== 'InQueue' && c.status !== 'InProcess' && c.status !== 'InProcess_WrapUp';
}
