import { describe, expect, it } from 'vitest';
import {
  formatWallTime,
  fromWallTime,
  inclusiveEnd,
  isTimeZone,
  naiveToZone,
  nextStart,
  offsetMs,
  periodLabel,
  periodStartFromLabel,
  periodsIn,
  startOf,
  startOfToday,
} from '../../src/domain/time.js';

const W = 'Europe/Warsaw';
const iso = (d: Date) => d.toISOString();

describe('time zones (Intl)', () => {
  it('knows IANA zones and refuses others', () => {
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone(W)).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('reads offsets on both sides of DST', () => {
    expect(offsetMs(new Date('2025-01-15T12:00:00Z'), W)).toBe(3_600_000);
    expect(offsetMs(new Date('2025-07-15T12:00:00Z'), W)).toBe(7_200_000);
  });

  it('maps wall times to instants, gaps forward and repeats to the first', () => {
    expect(iso(fromWallTime({ year: 2025, month: 3, day: 30 }, W))).toBe('2025-03-29T23:00:00.000Z');
    expect(iso(fromWallTime({ year: 2025, month: 3, day: 31 }, W))).toBe('2025-03-30T22:00:00.000Z');
    // 02:30 does not exist on 2025-03-30 in Warsaw.
    expect(iso(fromWallTime({ year: 2025, month: 3, day: 30, hour: 2, minute: 30 }, W))).toBe('2025-03-30T01:30:00.000Z');
    // 02:30 happens twice on 2025-10-26.
    expect(iso(fromWallTime({ year: 2025, month: 10, day: 26, hour: 2, minute: 30 }, W))).toBe('2025-10-26T00:30:00.000Z');
  });
});

describe('local days around DST', () => {
  it('a 23-hour day (spring forward) and a 25-hour day (fall back)', () => {
    const spring = startOfToday(new Date('2025-03-30T12:00:00Z'), W);
    expect(nextStart(spring, 'day', W).getTime() - spring.getTime()).toBe(23 * 3_600_000);
    const autumn = startOfToday(new Date('2025-10-26T12:00:00Z'), W);
    expect(iso(autumn)).toBe('2025-10-25T22:00:00.000Z');
    expect(nextStart(autumn, 'day', W).getTime() - autumn.getTime()).toBe(25 * 3_600_000);
    expect(periodsIn({ from: autumn, to: nextStart(autumn, 'day', W) }, 'hour', W)).toHaveLength(25);
    expect(periodsIn({ from: spring, to: nextStart(spring, 'day', W) }, 'hour', W)).toHaveLength(23);
  });

  it('"today" starts at local midnight, also just after it', () => {
    expect(iso(startOfToday(new Date('2025-06-01T22:30:00Z'), W))).toBe('2025-06-01T22:00:00.000Z');
    expect(iso(startOfToday(new Date('2025-06-01T21:59:59Z'), W))).toBe('2025-05-31T22:00:00.000Z');
    expect(iso(startOfToday(new Date('2025-06-01T21:59:59Z'), 'UTC'))).toBe('2025-06-01T00:00:00.000Z');
  });
});

describe('periods', () => {
  it('months, ISO weeks and days in a zone', () => {
    const months = periodsIn({ from: new Date('2024-12-31T23:00:00Z'), to: new Date('2025-03-31T22:00:00Z') }, 'month', W);
    expect(months.map((m) => m.label)).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(iso(months[2]!.from)).toBe('2025-02-28T23:00:00.000Z');
    const weeks = periodsIn({ from: new Date('2024-12-30T00:00:00Z'), to: new Date('2025-01-13T00:00:00Z') }, 'week', 'UTC');
    expect(weeks.map((w) => w.label)).toEqual(['2025-W01', '2025-W02']);
    const days = periodsIn({ from: new Date('2025-01-06T00:00:00Z'), to: new Date('2025-01-13T00:00:00Z') }, 'day', 'UTC');
    expect(days).toHaveLength(7);
    expect(periodLabel(startOf(new Date('2025-01-01T12:00:00Z'), 'week', 'UTC'), 'week', 'UTC')).toBe('2025-W01');
  });

  it('reads labels back to period starts', () => {
    expect(iso(periodStartFromLabel('2025-02', W)!)).toBe('2025-01-31T23:00:00.000Z');
    expect(iso(periodStartFromLabel('2025-W01', 'UTC')!)).toBe('2024-12-30T00:00:00.000Z');
    expect(iso(periodStartFromLabel('2025-03-30 14', W)!)).toBe('2025-03-30T12:00:00.000Z');
    expect(periodStartFromLabel('14', W)).toBeNull();
    // Not a month: never read as January of the next year.
    expect(periodStartFromLabel('2025-13', W)).toBeNull();
    expect(periodStartFromLabel('2025-02-30', W)).toBeNull();
  });
});

describe('vendor conventions', () => {
  it('inclusive ends: the last whole second before `to`', () => {
    expect(iso(inclusiveEnd(new Date('2025-02-01T00:00:00Z')))).toBe('2025-01-31T23:59:59.000Z');
    expect(iso(inclusiveEnd(new Date('2025-02-01T00:00:00.500Z')))).toBe('2025-02-01T00:00:00.000Z');
  });

  it('naive local timestamps and wall formatting', () => {
    expect(iso(naiveToZone(new Date('2025-07-01T10:00:00Z'), W))).toBe('2025-07-01T08:00:00.000Z');
    expect(naiveToZone(null, W)).toBeNull();
    expect(formatWallTime(new Date('2025-07-01T08:00:00Z'), W)).toBe('2025-07-01 10:00:00');
  });
});
