/**
 * The wallboard's state, without the DOM: live tables fed by subscription messages, threshold levels, vendor
 * health and formatting. Pure functions and small classes, so the rules are unit-tested in Node.
 */

// ---------------------------------------------------------------------------------------------------------
// Live tables (agentStatusChanged / queueStatusChanged)

export type ChangeKind = 'ADDED' | 'CHANGED' | 'REMOVED';

export interface LiveChange<F> {
  kind: ChangeKind;
  id: string;
  changedFields: string[];
  fields: F | null;
}

export interface LiveMessage<F> {
  sequence: number;
  kind: 'SNAPSHOT' | 'CHANGE';
  changes: Array<LiveChange<F>>;
}

export interface ApplyResult {
  /** A SNAPSHOT replaced everything. */
  reset: boolean;
  /** Entities added, changed or removed by this message, with the fields set. */
  touched: Map<string, ChangeKind | 'RESET'>;
  /** Field names changed per entity (CHANGED only). */
  changedFields: Map<string, string[]>;
  /** A CHANGE arrived for an entity we never saw, or before any snapshot: resubscribe to get a fresh snapshot. */
  outOfSync: boolean;
}

/**
 * Mirrors one subscription: SNAPSHOT replaces, ADDED sets the entity, CHANGED sets only `changedFields`
 * (null included: it means "now null"), REMOVED drops it.
 */
export class LiveTable<F extends object> {
  readonly rows = new Map<string, F>();
  sequence: number | null = null;
  private synced = false;

  apply(msg: LiveMessage<F>): ApplyResult {
    const result: ApplyResult = { reset: false, touched: new Map(), changedFields: new Map(), outOfSync: false };
    if (msg.kind === 'SNAPSHOT') {
      for (const id of this.rows.keys()) result.touched.set(id, 'RESET');
      this.rows.clear();
      this.synced = true;
      result.reset = true;
    } else if (!this.synced) {
      result.outOfSync = true;
      return result;
    }
    this.sequence = msg.sequence;
    for (const c of msg.changes) {
      switch (c.kind) {
        case 'ADDED':
          if (c.fields) this.rows.set(c.id, { ...c.fields });
          result.touched.set(c.id, 'ADDED');
          break;
        case 'CHANGED': {
          const row = this.rows.get(c.id);
          if (!row || !c.fields) {
            result.outOfSync = true;
            break;
          }
          const target = row as Record<string, unknown>;
          const source = c.fields as Record<string, unknown>;
          for (const f of c.changedFields) target[f] = source[f] ?? null;
          result.touched.set(c.id, 'CHANGED');
          result.changedFields.set(c.id, c.changedFields);
          break;
        }
        case 'REMOVED':
          this.rows.delete(c.id);
          result.touched.set(c.id, 'REMOVED');
          break;
      }
    }
    return result;
  }

  /** Forget everything (e.g. before resubscribing); the next message must be a SNAPSHOT. */
  clear(): void {
    this.rows.clear();
    this.sequence = null;
    this.synced = false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Queue levels against queue-group thresholds (the same rules as the server's queueAlert)

export type Level = 'OK' | 'WARNING' | 'CRITICAL';
export type Direction = 'HIGH' | 'LOW';

export interface ThresholdLevels {
  warning: number | null;
  critical: number | null;
}

export interface QueueThresholds {
  waitingContacts: ThresholdLevels;
  maxWaitMs: ThresholdLevels;
  freeAgents: ThresholdLevels;
  servingAgents: ThresholdLevels;
  serviceLevelPercent: ThresholdLevels;
}

/** HIGH: bad at or above the level (waiting, longest wait); LOW: bad at or below (free, serving, service level). */
export function levelFor(value: number | null | undefined, t: ThresholdLevels | null | undefined, bad: Direction): Level {
  if (value == null || !t) return 'OK';
  const crossed = (limit: number | null) => limit !== null && (bad === 'HIGH' ? value >= limit : value <= limit);
  if (crossed(t.critical)) return 'CRITICAL';
  if (crossed(t.warning)) return 'WARNING';
  return 'OK';
}

export interface QueueFigures {
  waiting?: number | null;
  longestWaitMs?: number | null;
  agentsFree?: number | null;
  agentsServing?: number | null;
  serviceLevelPercent?: number | null;
}

export interface QueueLevels {
  waiting: Level;
  longestWait: Level;
  free: Level;
  serving: Level;
  serviceLevel: Level;
  /** The worst of the above. */
  overall: Level;
}

const RANK: Record<Level, number> = { OK: 0, WARNING: 1, CRITICAL: 2 };

export function worst(levels: Level[]): Level {
  return levels.reduce<Level>((a, b) => (RANK[b] > RANK[a] ? b : a), 'OK');
}

export function queueLevels(q: QueueFigures, t: QueueThresholds | null | undefined): QueueLevels {
  const levels = {
    waiting: levelFor(q.waiting, t?.waitingContacts, 'HIGH'),
    longestWait: levelFor(q.longestWaitMs, t?.maxWaitMs, 'HIGH'),
    free: levelFor(q.agentsFree, t?.freeAgents, 'LOW'),
    serving: levelFor(q.agentsServing, t?.servingAgents, 'LOW'),
    serviceLevel: levelFor(q.serviceLevelPercent, t?.serviceLevelPercent, 'LOW'),
  };
  return { ...levels, overall: worst(Object.values(levels)) };
}

// ---------------------------------------------------------------------------------------------------------
// Vendor health (the `vendors` query)

export interface VendorStatus {
  vendor: string;
  label: string;
  configured: boolean;
  reachable: boolean | null;
  circuit: 'CLOSED' | 'OPEN' | 'HALF_OPEN';
  lastErrorCode: string | null;
  lastErrorAt: string | null;
  lastSuccessAt: string | null;
}

export type VendorHealth = 'UP' | 'DOWN' | 'RECOVERING' | 'IDLE' | 'OFF';

export function vendorHealth(v: VendorStatus): VendorHealth {
  if (!v.configured) return 'OFF';
  if (v.circuit === 'OPEN' || v.reachable === false) return 'DOWN';
  if (v.circuit === 'HALF_OPEN') return 'RECOVERING';
  if (v.reachable === null) return 'IDLE';
  return 'UP';
}

export const VENDOR_HEALTH_TEXT: Record<VendorHealth, string> = {
  UP: 'OK',
  DOWN: 'Down',
  RECOVERING: 'Recovering',
  IDLE: 'No calls yet',
  OFF: 'Not configured',
};

/** The gateway's vendor error codes in words (the code itself stays in brackets, for operators). */
const ERROR_WORDS: Record<string, string> = {
  TIMEOUT: 'no answer in time',
  NETWORK: 'cannot be reached',
  UNAUTHORIZED: "refuses the gateway's credentials",
  RATE_LIMITED: 'is rate limiting the gateway',
  SERVER_ERROR: 'server errors',
  MALFORMED_RESPONSE: 'unreadable answers',
  CIRCUIT_OPEN: 'calls paused after repeated failures',
  NOT_FOUND: 'not found',
  BAD_REQUEST: 'request rejected',
  REJECTED: 'request rejected',
};

/** One sentence per vendor in trouble, for the banner; empty when all is well. */
export function vendorProblems(vendors: VendorStatus[], formatTime: (iso: string) => string): string[] {
  const out: string[] = [];
  for (const v of vendors) {
    const h = vendorHealth(v);
    if (h !== 'DOWN' && h !== 'RECOVERING') continue;
    const code = v.lastErrorCode;
    const why = code ? `: ${ERROR_WORDS[code] ?? 'failing'} (${code})` : '';
    const since = v.lastSuccessAt ? `; last good answer at ${formatTime(v.lastSuccessAt)}` : '; no good answer yet';
    const what = h === 'DOWN' ? 'is down' : 'is recovering';
    out.push(`${v.label} ${what}${why}${since}. Its figures may be stale.`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Agents

export const AGENT_STATES = ['AVAILABLE', 'BUSY', 'WRAP_UP', 'NOT_READY', 'PAUSED', 'LOGGED_OUT'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export const STATE_TEXT: Record<AgentState, string> = {
  AVAILABLE: 'Available',
  BUSY: 'Busy',
  WRAP_UP: 'Wrap-up',
  NOT_READY: 'Not ready',
  PAUSED: 'Paused',
  LOGGED_OUT: 'Logged out',
};

export function stateText(state: string | null | undefined): string {
  return state && state in STATE_TEXT ? STATE_TEXT[state as AgentState] : 'Unknown';
}

/** Counts per state (unknown states under `UNKNOWN`). */
export function countByState(states: Iterable<string | null | undefined>): Record<AgentState | 'UNKNOWN', number> {
  const out = Object.fromEntries([...AGENT_STATES, 'UNKNOWN'].map((s) => [s, 0])) as Record<AgentState | 'UNKNOWN', number>;
  for (const s of states) {
    const key = s && s in STATE_TEXT ? (s as AgentState) : 'UNKNOWN';
    out[key]++;
  }
  return out;
}

/** Logged-in agents first, then by name: a stable order, so rows do not jump on every state change. */
export function compareAgents(a: { name?: string | null; state?: string | null }, b: { name?: string | null; state?: string | null }): number {
  const out = (s: string | null | undefined) => (s === 'LOGGED_OUT' || s == null ? 1 : 0);
  return out(a.state) - out(b.state) || (a.name ?? '').localeCompare(b.name ?? '');
}

// ---------------------------------------------------------------------------------------------------------
// Formatting

/** 0:07, 12:05, 1:02:03. Negative or missing: an em dash. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return '—';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function formatPercent(p: number | null | undefined): string {
  return p == null || !Number.isFinite(p) ? '—' : `${Math.round(p)}%`;
}
