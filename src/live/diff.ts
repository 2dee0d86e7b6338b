/** Diffing, applying and coalescing of keyed entity states. Pure functions: the client side of the tests uses them too. */
import { isDeepStrictEqual } from 'node:util';
import type { EntityChange, LiveUpdate, ResourceMessage, ResourceRecord } from './types.js';

export const deepEqual = (a: unknown, b: unknown) => isDeepStrictEqual(a, b);

/** Field-level changes from `prev` to `next` (entities added, changed, removed). */
export function diffEntities<V extends object>(
  prev: ReadonlyMap<string, V>,
  next: ReadonlyMap<string, V>,
): Array<EntityChange<V>> {
  const changes: Array<EntityChange<V>> = [];
  for (const [id, n] of next) {
    const p = prev.get(id);
    if (!p) {
      changes.push(added(id, n));
      continue;
    }
    const changedFields: Array<keyof V & string> = [];
    const fields: Partial<V> = {};
    for (const k of Object.keys(n) as Array<keyof V & string>) {
      if (!deepEqual(p[k], n[k])) {
        changedFields.push(k);
        fields[k] = n[k];
      }
    }
    if (changedFields.length) changes.push({ kind: 'CHANGED', id, changedFields, fields });
  }
  for (const id of prev.keys()) if (!next.has(id)) changes.push({ kind: 'REMOVED', id, changedFields: [], fields: {} });
  return changes;
}

export function added<V extends object>(id: string, v: V): EntityChange<V> {
  return { kind: 'ADDED', id, changedFields: Object.keys(v) as Array<keyof V & string>, fields: { ...v } };
}

/** Applies one update to a client-side state (what a subscriber does); returns the new state. */
export function applyUpdate<V extends object>(state: Map<string, V>, u: LiveUpdate<V>): Map<string, V> {
  const out = u.kind === 'SNAPSHOT' ? new Map<string, V>() : new Map(state);
  for (const c of u.changes) {
    if (c.kind === 'REMOVED') out.delete(c.id);
    else if (c.kind === 'ADDED') out.set(c.id, { ...c.fields } as V);
    else {
      const cur = out.get(c.id);
      if (!cur) continue;
      const v = { ...cur };
      for (const k of c.changedFields) (v as Record<string, unknown>)[k] = c.fields[k];
      out.set(c.id, v);
    }
  }
  return out;
}

/** Combines two successive changes of one entity into one with the same effect. */
function mergeChange<V extends object>(a: EntityChange<V>, b: EntityChange<V>): EntityChange<V> {
  if (b.kind !== 'CHANGED') return b;
  if (a.kind === 'REMOVED') return b; // cannot happen: an entity the subscriber lost does not change
  const fields = { ...a.fields, ...b.fields };
  if (a.kind === 'ADDED') return { kind: 'ADDED', id: a.id, changedFields: a.changedFields, fields };
  const changedFields = [...new Set([...a.changedFields, ...b.changedFields])];
  return { kind: 'CHANGED', id: a.id, changedFields, fields };
}

/**
 * Coalesces successive updates into one with the same effect on a client (latest state per entity wins).
 * The result is at most one change per entity, which is what bounds a slow subscriber's buffer.
 */
export function mergeUpdates<V extends object>(updates: Array<LiveUpdate<V>>): LiveUpdate<V> {
  const first = updates[0];
  if (!first) throw new Error('mergeUpdates needs at least one update');
  const last = updates[updates.length - 1] ?? first;
  if (first.kind === 'SNAPSHOT') {
    let state = new Map<string, V>();
    for (const u of updates) state = applyUpdate(state, u);
    return { sequence: last.sequence, kind: 'SNAPSHOT', changes: [...state].map(([id, v]) => added(id, v)) };
  }
  const byId = new Map<string, EntityChange<V>>();
  for (const u of updates) {
    for (const c of u.changes) {
      const prev = byId.get(c.id);
      byId.set(c.id, prev ? mergeChange(prev, c) : c);
    }
  }
  return { sequence: last.sequence, kind: 'CHANGE', changes: [...byId.values()] };
}

/** Records that differ between two polls of a resource. */
export function diffRecords(
  prev: ReadonlyMap<string, ResourceRecord>,
  next: ReadonlyMap<string, ResourceRecord>,
): { upserts: Array<[string, ResourceRecord]>; removals: string[] } {
  const upserts: Array<[string, ResourceRecord]> = [];
  for (const [id, r] of next) if (!deepEqual(prev.get(id), r)) upserts.push([id, r]);
  const removals = [...prev.keys()].filter((id) => !next.has(id));
  return { upserts, removals };
}

export function applyResourceMessage(store: Map<string, ResourceRecord>, m: ResourceMessage): void {
  if (m.full) store.clear();
  for (const [id, r] of m.upserts) store.set(id, r);
  for (const id of m.removals) store.delete(id);
}
