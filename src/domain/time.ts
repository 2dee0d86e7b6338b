/**
 * Time zones and windows, with Intl only (no HTTP, no GraphQL). Every range in ccgraph is half-open [from, to);
 * vendors whose end is inclusive get the last whole second before `to` (`inclusiveEnd`). Local calendar units
 * (day, week, month, year) follow an IANA zone, so a day can last 23 or 25 hours.
 */

export const DEFAULT_TIME_ZONE = 'UTC';

export interface Range {
  from: Date;
  to: Date;
}

/** Calendar units of report buckets. Weeks are ISO weeks (Monday first). */
export const PERIOD_UNITS = ['minute', 'hour', 'day', 'week', 'month', 'year'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

export interface WallTime {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Formatters are costly to build; one per zone, immutable once built (a cache of pure values, not shared state).
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True for a zone Intl knows (IANA names such as `Europe/Warsaw`, and `UTC`). */
export function isTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.trim() === '') return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading of an instant in a zone. */
export function wallTime(instant: Date, zone: string): WallTime {
  const w: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(zone).formatToParts(instant)) {
    if (p.type in w) w[p.type as keyof WallTime] = Number(p.value);
  }
  // Some engines write midnight as 24 even with h23.
  if (w.hour === 24) w.hour = 0;
  return w;
}

const wallAsUtc = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** How far the zone's clock is ahead of UTC at the instant (ms). */
export function offsetMs(instant: Date, zone: string): number {
  const ms = instant.getTime();
  return wallAsUtc(wallTime(instant, zone)) - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The instant a wall-clock time names in a zone. A time skipped by a DST jump resolves to the same distance
 * after the jump; a repeated time resolves to its first occurrence.
 */
export function fromWallTime(w: Partial<WallTime> & Pick<WallTime, 'year' | 'month' | 'day'>, zone: string): Date {
  const full: WallTime = { hour: 0, minute: 0, second: 0, ...w };
  const naive = wallAsUtc(full);
  const early = naive - offsetMs(new Date(naive - 86_400_000), zone);
  const late = naive - offsetMs(new Date(naive + 86_400_000), zone);
  // Both candidates that read back as the wall time are valid: take the first.
  for (const t of [Math.min(early, late), Math.max(early, late)]) {
    if (wallAsUtc(wallTime(new Date(t), zone)) === naive) return new Date(t);
  }
  // In a gap: shift by the offset before the jump.
  return new Date(early);
}

/** Start of the local calendar unit containing the instant. */
export function startOf(instant: Date, unit: PeriodUnit, zone: string): Date {
  const w = wallTime(instant, zone);
  switch (unit) {
    case 'minute':
      return new Date(Math.floor(instant.getTime() / 1000) * 1000 - w.second * 1000);
    case 'hour':
      return new Date(Math.floor(instant.getTime() / 1000) * 1000 - w.second * 1000 - w.minute * 60_000);
    case 'day':
      return fromWallTime({ year: w.year, month: w.month, day: w.day }, zone);
    case 'week': {
      const dow = (new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() + 6) % 7; // Monday = 0
      const monday = new Date(Date.UTC(w.year, w.month - 1, w.day - dow));
      return fromWallTime({ year: monday.getUTCFullYear(), month: monday.getUTCMonth() + 1, day: monday.getUTCDate() }, zone);
    }
    case 'month':
      return fromWallTime({ year: w.year, month: w.month, day: 1 }, zone);
    case 'year':
      return fromWallTime({ year: w.year, month: 1, day: 1 }, zone);
  }
}

/** Start of the next local calendar unit after the one starting at `start`. */
export function nextStart(start: Date, unit: PeriodUnit, zone: string): Date {
  if (unit === 'minute') return new Date(start.getTime() + 60_000);
  if (unit === 'hour') return new Date(start.getTime() + 3_600_000);
  const w = wallTime(start, zone);
  // Date.UTC normalizes day/month overflow (e.g. Jan 32 → Feb 1).
  const d = new Date(
    Date.UTC(w.year + (unit === 'year' ? 1 : 0), w.month - 1 + (unit === 'month' ? 1 : 0), w.day + (unit === 'day' ? 1 : unit === 'week' ? 7 : 0)),
  );
  return fromWallTime({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }, zone);
}

// The last local day found per zone, [start, end): asked on every dashboard (and per live row), while each fresh
// computation costs four Intl formatToParts calls. Pure values keyed by their input, like `formatters`.
const lastDay = new Map<string, { start: number; end: number }>();

/** Local midnight that starts the day of `now`: "today" for Sinch statistics, KPIs and live daily counters. */
export function startOfToday(now: Date, zone: string): Date {
  const ms = now.getTime();
  const d = lastDay.get(zone);
  if (d && ms >= d.start && ms < d.end) return new Date(d.start);
  const start = startOf(now, 'day', zone);
  if (lastDay.size > 64) lastDay.clear();
  lastDay.set(zone, { start: start.getTime(), end: nextStart(start, 'day', zone).getTime() });
  return start;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO week-numbering year and week of a local date. */
function isoWeek(w: WallTime): { year: number; week: number } {
  const date = new Date(Date.UTC(w.year, w.month - 1, w.day));
  const dow = (date.getUTCDay() + 6) % 7;
  const thursday = new Date(date.getTime() + (3 - dow) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return { year, week };
}

/** The local label of the period starting at `start`: `2025-03`, `2025-03-30`, `2025-W13`, `2025-03-30 14`. */
export function periodLabel(start: Date, unit: PeriodUnit, zone: string): string {
  const w = wallTime(start, zone);
  const day = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
  switch (unit) {
    case 'minute':
      return `${day} ${pad(w.hour)}:${pad(w.minute)}`;
    case 'hour':
      return `${day} ${pad(w.hour)}`;
    case 'day':
      return day;
    case 'week': {
      const iso = isoWeek(w);
      return `${pad(iso.year, 4)}-W${pad(iso.week)}`;
    }
    case 'month':
      return day.slice(0, 7);
    case 'year':
      return day.slice(0, 4);
  }
}

/** The local periods overlapping [from, to), each clipped to the range. */
export function periodsIn(range: Range, unit: PeriodUnit, zone: string, max = 100_000): Array<Range & { label: string }> {
  const out: Array<Range & { label: string }> = [];
  for (let s = startOf(range.from, unit, zone); s < range.to && out.length < max; ) {
    const e = nextStart(s, unit, zone);
    const from = new Date(Math.max(s.getTime(), range.from.getTime()));
    out.push({ from, to: new Date(Math.min(e.getTime(), range.to.getTime())), label: periodLabel(s, unit, zone) });
    s = e;
  }
  return out;
}

/** `YYYY-MM-DD HH:MM:SS` on the zone's wall clock (Thulium's naive local timestamps). */
export function formatWallTime(instant: Date, zone: string): string {
  const w = wallTime(instant, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/**
 * The inclusive end a whole-second vendor needs for [from, to): the last whole second before `to`
 * (`to` = 00:00:00 → 23:59:59 of the day before).
 */
export function inclusiveEnd(to: Date): Date {
  return new Date(Math.ceil(to.getTime() / 1000) * 1000 - 1000);
}

/**
 * A vendor's naive local timestamp read as if it were UTC (what the parsers produce), re-read in the vendor's
 * zone: `2025-03-30 10:00:00` parsed as 10:00Z becomes 08:00Z for Europe/Warsaw in summer.
 */
export function naiveToZone(parsedAsUtc: Date, zone: string): Date;
export function naiveToZone(parsedAsUtc: Date | null, zone: string): Date | null;
export function naiveToZone(parsedAsUtc: Date | null, zone: string): Date | null {
  if (parsedAsUtc === null || Number.isNaN(parsedAsUtc.getTime()) || zone === 'UTC') return parsedAsUtc;
  const d = parsedAsUtc;
  const ms = d.getUTCMilliseconds();
  const t = fromWallTime(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    },
    zone,
  );
  return new Date(t.getTime() + ms);
}

/** True when the instant lies in [from, to). */
export const inRange = (t: Date | null, r: Range): boolean =>
  t !== null && t.getTime() >= r.from.getTime() && t.getTime() < r.to.getTime();

/**
 * The start of a period from its local label (`2025`, `2025-03`, `2025-03-30`, `2025-W13`, `2025-03-30 14`,
 * `2025-03-30 14:05`); null for labels of another shape (e.g. hour-of-day rows).
 */
export function periodStartFromLabel(label: string, zone: string): Date | null {
  const t = label.trim();
  let m = /^(\d{4})-W(\d{2})$/.exec(t);
  if (m) {
    const year = Number(m[1]);
    // ISO week 1 holds January 4th.
    const jan4 = new Date(Date.UTC(year, 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000 + (Number(m[2]) - 1) * 7 * 86_400_000);
    return fromWallTime({ year: monday.getUTCFullYear(), month: monday.getUTCMonth() + 1, day: monday.getUTCDate() }, zone);
  }
  m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[ T](\d{2})(?::(\d{2}))?)?)?)?$/.exec(t);
  if (!m) return null;
  const w = { year: Number(m[1]), month: Number(m[2] ?? 1), day: Number(m[3] ?? 1), hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0) };
  // A label of another shape (e.g. a week as `2025-13`) must not be read as a date it is not.
  const check = new Date(Date.UTC(w.year, w.month - 1, w.day));
  if (check.getUTCMonth() !== w.month - 1 || check.getUTCDate() !== w.day || w.hour > 23 || w.minute > 59) return null;
  return fromWallTime(w, zone);
}
