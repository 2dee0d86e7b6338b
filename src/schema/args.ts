/** Argument validation shared by fields: page sizes, cursors and date ranges. Failures are BAD_USER_INPUT. */
import { DEFAULT_TIME_ZONE, isTimeZone, startOfToday } from '../domain/time.js';
import { badUserInput } from './errors.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface Page<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

const CURSOR_PREFIX = 'offset:';
/** Cursors of the first offsets, built once: every page builds one per edge, selected or not. */
const cursors: string[] = [];
const CACHED_CURSORS = 10_000;
const encodeCursor = (offset: number): string => {
  if (offset < CACHED_CURSORS) return (cursors[offset] ??= Buffer.from(`${CURSOR_PREFIX}${offset}`, 'utf8').toString('base64'));
  return Buffer.from(`${CURSOR_PREFIX}${offset}`, 'utf8').toString('base64');
};

function decodeCursor(cursor: string, argument: string): number {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const n = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(n) || n < 0 || encodeCursor(n) !== cursor) {
    throw badUserInput(`Invalid cursor in \`${argument}\`: use a cursor returned by this connection.`, { argument });
  }
  return n;
}

function checkSize(value: number | null | undefined, argument: string): void {
  if (value === null || value === undefined) return;
  if (value < 0) throw badUserInput(`\`${argument}\` must not be negative.`, { argument });
  if (value > MAX_PAGE_SIZE) {
    throw badUserInput(`\`${argument}\` must be at most ${MAX_PAGE_SIZE} (got ${value}); page with \`after\`.`, {
      argument,
      maxPageSize: MAX_PAGE_SIZE,
    });
  }
}

/** Validates connection arguments before any vendor call is made. */
export function validateConnectionArgs(args: ConnectionArgs): void {
  checkSize(args.first, 'first');
  checkSize(args.last, 'last');
  if (args.first != null && args.last != null) {
    throw badUserInput('Pass `first` or `last`, not both.', { argument: 'last' });
  }
  if (args.after != null) decodeCursor(args.after, 'after');
  if (args.before != null) decodeCursor(args.before, 'before');
}

/** Slices an in-memory list into a Relay connection page (offset cursors). */
export function pageOf<T>(items: readonly T[], args: ConnectionArgs): Page<T> {
  validateConnectionArgs(args);
  let start = args.after != null ? decodeCursor(args.after, 'after') + 1 : 0;
  let end = args.before != null ? Math.min(decodeCursor(args.before, 'before'), items.length) : items.length;
  start = Math.min(start, end);
  if (args.first != null) end = Math.min(end, start + args.first);
  else if (args.last != null) start = Math.max(start, end - args.last);
  else end = Math.min(end, start + DEFAULT_PAGE_SIZE);
  const edges = items.slice(start, end).map((node, i) => ({ cursor: encodeCursor(start + i), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: items.length,
  };
}

export const DAY_MS = 86_400_000;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/**
 * A date range a vendor can answer: from < to, both within years 2000–2100, span at most `maxDays`.
 * `to` defaults to now.
 */
export function validateRange(
  from: Date,
  to: Date | null | undefined,
  opts: { maxDays: number; now?: Date; fromArg?: string; toArg?: string },
): { from: Date; to: Date } {
  const fromArg = opts.fromArg ?? 'from';
  const toArg = opts.toArg ?? 'to';
  const end = to ?? opts.now ?? new Date();
  for (const [d, argument] of [
    [from, fromArg],
    [end, toArg],
  ] as const) {
    const y = d.getUTCFullYear();
    if (y < MIN_YEAR || y > MAX_YEAR) {
      throw badUserInput(`\`${argument}\` must be between the years ${MIN_YEAR} and ${MAX_YEAR}.`, { argument });
    }
  }
  if (from.getTime() >= end.getTime()) {
    throw badUserInput(`\`${fromArg}\` must be before \`${toArg}\`.`, { argument: fromArg });
  }
  if (end.getTime() - from.getTime() > opts.maxDays * DAY_MS) {
    throw badUserInput(`The range from \`${fromArg}\` to \`${toArg}\` must span at most ${opts.maxDays} days.`, {
      argument: toArg,
      maxDays: opts.maxDays,
    });
  }
  return { from, to: end };
}

/** Midnight UTC of the given instant. */
export const utcMidnight = (now: Date): Date =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

/** The zone a field works in: its `timeZone` argument (validated), else CCGRAPH_TIMEZONE. */
export function zoneOf(arg: string | null | undefined, services: { timeZone?: string }, argument = 'timeZone'): string {
  if (arg == null) return services.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(arg)) {
    throw badUserInput(`\`${argument}\` must be an IANA time zone such as Europe/Warsaw or UTC.`, { argument });
  }
  return arg;
}

/** Start of "today" in the contact center's zone (CCGRAPH_TIMEZONE, or the field's override). */
export const todayStart = (now: Date, zone: string): Date => startOfToday(now, zone);
