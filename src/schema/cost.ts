/**
 * The cost model (demand control): what a query will cost, estimated from its shape before anything runs, in units
 * of one value resolved from memory. Fields declare their cost next to their definition with `complexity:`
 * (@pothos/plugin-complexity): `{ field, multiplier }`, where `field` is the field's own cost and `multiplier` how
 * many times its selection is resolved (the list size). A query costs the sum over its fields of own cost × the
 * multipliers above it. src/security/cost.ts enforces it (CCGRAPH_MAX_COST) and explains refusals; docs/errors.md
 * has a worked example.
 *
 * The weights follow vendor work, not nesting: a field served from a list the request reads once (agents' live
 * rows, queue statuses, chat slots, work rows, KPIs) costs what any value costs; a vendor call costs VENDOR_CALL,
 * and a field that makes one call PER ITEM (no bulk endpoint) costs VENDOR_CALL for every item it is selected on.
 */
import { VENDORS } from '../domain/vendors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './args.js';
import { decodeGlobalID } from './ids.js';

/** One vendor request: weighs like this many values (a round trip, the vendor's rate budget, parsing its answer). */
export const VENDOR_CALL = 1000;
/** A vendor report (Thulium work report, wolkvox cdr_10): slow to build at the vendor and tightly rate limited. */
export const REPORT_CALL = 2 * VENDOR_CALL;
/** A vendor write (mutations): one call, never retried, plus the agent read again after it. */
export const WRITE_CALL = VENDOR_CALL;

/** List sizes the schema cannot read from arguments: generous estimates of a large contact center. */
export const LIST_BOUNDS = {
  /** Queues of the tenant (`queues`, per-queue reports). */
  queues: 50,
  /** Members of one queue. */
  queueMembers: 100,
  /** Queues one agent is a member of. */
  agentQueues: 10,
  /** Presence profiles one agent may choose. */
  presenceProfiles: 10,
  /** Events of one contact's timeline. */
  contactEvents: 20,
  /** Agents of a whole-tenant list without paging (chat slots, live changes, work report logins). */
  agents: 100,
  /** A person's vendor accounts (one per vendor at most). */
  accounts: VENDORS.length,
  /** Pause kinds in one work report row. */
  pauseKinds: 10,
  /** cc_agent queue members echoed by a queue change. */
  ccQueueMembers: 100,
  /** Cobrowsing sessions per day of a report's range. */
  cobrowsingSessionsPerDay: 50,
  /** Queue alerts in one message: every queue × every alert metric. */
  queueAlerts: 50 * 5,
} as const;

/** Lists whose size is the vendors' count (`vendors`). */
export const VENDOR_COUNT = VENDORS.length satisfies number;

/** A field whose selection is resolved `n` times (a list of known size) at a cost of `field` of its own. */
export const listOf = (n: number, field = 1) => ({ field, multiplier: n });

/** A field that makes one vendor call each time it is resolved (per item when under a list). */
export const perItemCall = (items = 1) => ({ field: VENDOR_CALL, multiplier: items });

/** Items of a Relay page: `first` or `last`, else the default page size (both capped like the resolver caps them). */
export function pageSize(args: { first?: number | null; last?: number | null }): number {
  const n = args.first ?? args.last ?? DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(0, n), MAX_PAGE_SIZE);
}

/** A Relay connection: the page's items multiply its selection (pageInfo and totalCount are free, see builder.ts). */
export const connectionCost = (ownCost: number) => (args: { first?: number | null; last?: number | null }) => ({
  field: ownCost,
  multiplier: pageSize(args),
});

const DAY_MS = 86_400_000;
const PERIOD_MS: Record<string, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: DAY_MS,
  week: 7 * DAY_MS,
  month: 30.4 * DAY_MS,
  year: 365 * DAY_MS,
};

/** Rows per login of a work report over [from, to) grouped by `aggregateBy` (hour_of_day: at most 24). */
export function workPeriods(args: { from?: Date | null; to?: Date | null; aggregateBy?: string | null }): number {
  const by = (args.aggregateBy ?? 'month').toLowerCase();
  const span = args.from && args.to ? Math.max(0, args.to.getTime() - args.from.getTime()) : DAY_MS;
  const n = Math.ceil(span / (PERIOD_MS[by] ?? DAY_MS)) + 1;
  return by === 'hour_of_day' ? Math.min(24, n) : Math.min(n, 1_000_000);
}

/** Days of [from, to), at least one (`to` defaults to now, like the resolvers). */
export function rangeDays(args: { from?: Date | null; to?: Date | null }): number {
  const to = args.to ?? new Date();
  const span = args.from ? to.getTime() - args.from.getTime() : DAY_MS;
  return Math.min(Math.max(1, Math.ceil(span / DAY_MS)), 10_000);
}

/** 15-minute intervals of [from, to). */
export const intervalsIn = (args: { from?: Date | null; to?: Date | null }) => rangeDays(args) * 96;

/**
 * `node`/`nodes`: a Contact is fetched with one call each (Sinch has no multi-id lookup); agents and queues come
 * from lists read once. A malformed ID costs nothing here: the resolver refuses it before any call.
 */
export function nodeLookupCost(ids: readonly unknown[]): number {
  let cost = 1;
  for (const id of ids) {
    // The Relay plugin hands over decoded IDs ({ typename, id }); strings when called otherwise.
    let typename: unknown;
    try {
      typename = typeof id === 'string' ? decodeGlobalID(id).typename : (id as { typename?: unknown } | null)?.typename;
    } catch {
      continue; // refused by the resolver
    }
    if (typename === 'Contact') cost += VENDOR_CALL;
  }
  return cost;
}
