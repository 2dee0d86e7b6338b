import { describe, expect, it } from 'vitest';
import {
  compareAgents,
  countByState,
  formatDuration,
  formatPercent,
  levelFor,
  LiveTable,
  queueLevels,
  vendorHealth,
  vendorProblems,
  type QueueThresholds,
  type VendorStatus,
} from '../../src/wallboard/page/model.js';

interface Row {
  name: string | null;
  state: string | null;
  waiting?: number | null;
}

describe('LiveTable (mirrors a snapshot-then-diff subscription)', () => {
  it('replaces on SNAPSHOT, sets only changedFields on CHANGED (null included), drops on REMOVED', () => {
    const t = new LiveTable<Row>();
    t.apply({
      sequence: 1,
      kind: 'SNAPSHOT',
      changes: [
        { kind: 'ADDED', id: 'a', changedFields: ['name', 'state'], fields: { name: 'Ann', state: 'AVAILABLE' } },
        { kind: 'ADDED', id: 'b', changedFields: ['name', 'state'], fields: { name: 'Bob', state: 'BUSY' } },
      ],
    });
    const r = t.apply({
      sequence: 2,
      kind: 'CHANGE',
      changes: [
        // Unlisted fields come as null and mean "unchanged"; listed ones are applied even when null.
        { kind: 'CHANGED', id: 'a', changedFields: ['state'], fields: { name: null, state: 'PAUSED' } },
        { kind: 'CHANGED', id: 'b', changedFields: ['state'], fields: { name: null, state: null } },
        { kind: 'ADDED', id: 'c', changedFields: ['name', 'state'], fields: { name: 'Cy', state: 'WRAP_UP' } },
      ],
    });
    expect(r.outOfSync).toBe(false);
    expect(r.changedFields.get('a')).toEqual(['state']);
    expect(t.rows.get('a')).toEqual({ name: 'Ann', state: 'PAUSED' });
    expect(t.rows.get('b')).toEqual({ name: 'Bob', state: null });
    expect(t.rows.get('c')).toEqual({ name: 'Cy', state: 'WRAP_UP' });
    t.apply({ sequence: 3, kind: 'CHANGE', changes: [{ kind: 'REMOVED', id: 'b', changedFields: [], fields: null }] });
    expect([...t.rows.keys()]).toEqual(['a', 'c']);
    expect(t.sequence).toBe(3);

    // A new snapshot (e.g. after a reconnect to a restarted server, sequences start over) replaces everything.
    const reset = t.apply({
      sequence: 1,
      kind: 'SNAPSHOT',
      changes: [{ kind: 'ADDED', id: 'z', changedFields: ['name', 'state'], fields: { name: 'Zoe', state: 'NOT_READY' } }],
    });
    expect(reset.reset).toBe(true);
    expect(reset.touched.get('a')).toBe('RESET');
    expect([...t.rows.entries()]).toEqual([['z', { name: 'Zoe', state: 'NOT_READY' }]]);
  });

  it('reports out of sync for a CHANGE before any snapshot or for an unknown entity', () => {
    const t = new LiveTable<Row>();
    expect(t.apply({ sequence: 5, kind: 'CHANGE', changes: [] }).outOfSync).toBe(true);
    t.apply({ sequence: 6, kind: 'SNAPSHOT', changes: [] });
    const r = t.apply({
      sequence: 7,
      kind: 'CHANGE',
      changes: [{ kind: 'CHANGED', id: 'ghost', changedFields: ['state'], fields: { name: null, state: 'BUSY' } }],
    });
    expect(r.outOfSync).toBe(true);
    expect(t.rows.size).toBe(0);
    t.clear();
    expect(t.apply({ sequence: 8, kind: 'CHANGE', changes: [] }).outOfSync).toBe(true);
  });
});

describe('queue levels (same rules as the server queueAlert)', () => {
  const t: QueueThresholds = {
    waitingContacts: { warning: 3, critical: 6 },
    maxWaitMs: { warning: 60_000, critical: 120_000 },
    freeAgents: { warning: 1, critical: 0 },
    servingAgents: { warning: 4, critical: null },
    serviceLevelPercent: { warning: 80, critical: 60 },
  };

  it('HIGH metrics alert at or above the level, LOW ones at or below', () => {
    expect(levelFor(2, t.waitingContacts, 'HIGH')).toBe('OK');
    expect(levelFor(3, t.waitingContacts, 'HIGH')).toBe('WARNING');
    expect(levelFor(6, t.waitingContacts, 'HIGH')).toBe('CRITICAL');
    expect(levelFor(2, t.freeAgents, 'LOW')).toBe('OK');
    expect(levelFor(1, t.freeAgents, 'LOW')).toBe('WARNING');
    expect(levelFor(0, t.freeAgents, 'LOW')).toBe('CRITICAL');
    expect(levelFor(null, t.freeAgents, 'LOW')).toBe('OK');
    expect(levelFor(0, null, 'LOW')).toBe('OK');
    expect(levelFor(0, { warning: null, critical: null }, 'LOW')).toBe('OK');
  });

  it('computes every figure and the worst overall', () => {
    const l = queueLevels({ waiting: 4, longestWaitMs: 130_000, agentsFree: 2, agentsServing: 4, serviceLevelPercent: 85 }, t);
    expect(l).toEqual({ waiting: 'WARNING', longestWait: 'CRITICAL', free: 'OK', serving: 'WARNING', serviceLevel: 'OK', overall: 'CRITICAL' });
    expect(queueLevels({ waiting: 10 }, null).overall).toBe('OK');
    // Service level not measurable yet (null) is not an alert.
    expect(queueLevels({ serviceLevelPercent: null }, t).serviceLevel).toBe('OK');
  });
});

describe('vendor health', () => {
  const base: VendorStatus = {
    vendor: 'SINCH',
    label: 'Sinch Contact Center (RMI)',
    configured: true,
    reachable: true,
    circuit: 'CLOSED',
    lastErrorCode: null,
    lastErrorAt: null,
    lastSuccessAt: '2026-01-01T10:00:00.000Z',
  };

  it('classifies configured, reachable and circuit state', () => {
    expect(vendorHealth(base)).toBe('UP');
    expect(vendorHealth({ ...base, reachable: false })).toBe('DOWN');
    expect(vendorHealth({ ...base, circuit: 'OPEN' })).toBe('DOWN');
    expect(vendorHealth({ ...base, circuit: 'HALF_OPEN' })).toBe('RECOVERING');
    expect(vendorHealth({ ...base, reachable: null })).toBe('IDLE');
    expect(vendorHealth({ ...base, configured: false, reachable: false })).toBe('OFF');
  });

  it('says which vendor is in trouble, why, and since when', () => {
    const problems = vendorProblems(
      [base, { ...base, vendor: 'COBROWSER', label: 'CoBrowser.net', reachable: false, lastErrorCode: 'SERVER_ERROR' }],
      (iso) => `at(${iso.slice(11, 19)})`,
    );
    expect(problems).toEqual(['CoBrowser.net is down: server errors (SERVER_ERROR); last good answer at at(10:00:00). Its figures may be stale.']);
    expect(vendorProblems([{ ...base, reachable: false, lastSuccessAt: null }], String)[0]).toContain('no good answer yet');
  });
});

describe('agents and formatting', () => {
  it('counts by state and orders logged-in agents first, then by name', () => {
    expect(countByState(['BUSY', 'BUSY', 'PAUSED', null, 'WHATEVER'])).toMatchObject({ BUSY: 2, PAUSED: 1, AVAILABLE: 0, UNKNOWN: 2 });
    const sorted = [
      { name: 'Zed', state: 'BUSY' },
      { name: 'Amy', state: 'LOGGED_OUT' },
      { name: 'Bea', state: 'AVAILABLE' },
    ].sort(compareAgents);
    expect(sorted.map((a) => a.name)).toEqual(['Bea', 'Zed', 'Amy']);
  });

  it('formats durations and percentages for a wallboard', () => {
    expect(formatDuration(7_400)).toBe('0:07');
    expect(formatDuration(725_000)).toBe('12:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
    expect(formatPercent(87.4)).toBe('87%');
    expect(formatPercent(null)).toBe('—');
  });
});
