/**
 * Who exists: the queues, the agents with their accounts at each vendor, and the lookups the vendor routes use.
 * Built once from the seed; the roster never changes afterwards (agents' live state does, in the model).
 */
import { guidOf, pick, randInt, type Rng } from './rng.js';
import {
  PRESENCES,
  emptyStats,
  newMembership,
  type SimAgent,
  type SimChannel,
  type SimMembership,
  type SimQueue,
  type SimQueueType,
  type SimReportingGroup,
} from './types.js';

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

export class Roster {
  readonly agents: SimAgent[] = [];
  readonly queues: SimQueue[] = [];
  readonly reportingGroups: SimReportingGroup[];
  /** Agents sorted by Sinch name (the vendor's default sort). */
  readonly agentsByName: SimAgent[];
  private readonly byId = new Map<string, SimAgent>();
  private readonly byCcId = new Map<number, SimAgent>();
  private readonly byCobrowserId = new Map<string, SimAgent>();
  private readonly byThuliumLogin = new Map<string, SimAgent>();

  /** `rng` is the model's generator: queues, then agents draw from it in that order. `startMs`: the model's first instant. */
  constructor(
    private readonly seed: number,
    private readonly rng: Rng,
    counts: { agents: number; queues: number },
    private readonly startMs: number,
  ) {
    this.reportingGroups = ['Sales', 'Support', 'Billing'].map((name, i) => ({
      id: guidOf(seed, 'reporting-group', i),
      name,
      thuliumGroupId: i + 1,
    }));
    this.buildQueues(counts.queues);
    this.buildAgents(counts.agents);
    this.agentsByName = [...this.agents].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.index - b.index));
    this.setArrivalRates();
  }

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
        stateSinceMs: this.startMs,
        userStatusSinceMs: this.startMs,
        afterWork: null,
        pauseId: 0,
        presence: PRESENCES[0]!,
        presenceSinceMs: this.startMs,
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
        lastActiveMs: this.startMs,
        stats: emptyStats(),
      };
      if (agent.cobrowserId) {
        const n = randInt(rng, 2, 4);
        for (let s = 0; s < n; s++) agent.slots.push({ state: 'closed', sinceMs: this.startMs, version: 0 });
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
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
