// The tolerant readers of src/vendors/parse.ts: `objectOf` must read exactly what `z.object(shape)` read (same
// output, same issues at the same paths), nested lists included, since vendor errors name the first issue's path.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bool, enumOf, int, objectOf, oneOrMany, readRows, str, strOrNull } from '../../src/vendors/parse.js';
import { parseAgents, parseContactSummaries, parseQueueGroups } from '../../src/vendors/sinch/mapping.js';
import { sinchAgents, sinchContactSummaries, sinchQueueGroups } from './fixtures.js';

const channel = enumOf(['PHONE', 'CHAT'] as const, { voice: 'PHONE' });
const member = { id: str(), type: channel.required(), serving: bool(false), handled: int() };
const shape = { id: str(), name: strOrNull(), queues: oneOrMany(objectOf(member), 'queue') };
const zodShape = { id: str(), name: strOrNull(), queues: oneOrMany(z.object(member), 'queue') };

const pathOf = (schema: z.ZodType, body: unknown) => {
  const r = schema.safeParse(body);
  return r.success ? null : r.error.issues.map((i) => i.path);
};

describe('objectOf', () => {
  const rows = [
    { id: 7, name: ' Ann ', extra: 'dropped', queues: { queue: [{ id: 'Q1', type: 'voice', serving: '1', handled: '3' }] } },
    { id: 'A2', queues: { queue: { id: 'Q2', type: 'chat' } } },
    { id: 'A3', name: '', queues: [] },
  ];

  it('reads what z.object reads: vendor spellings, defaults, wrapped or single lists, unknown keys dropped', () => {
    const fast = oneOrMany(objectOf(shape)).parse(rows);
    expect(fast).toEqual(oneOrMany(z.object(zodShape)).parse(rows));
    expect(fast).toEqual([
      { id: '7', name: 'Ann', queues: [{ id: 'Q1', type: 'PHONE', serving: true, handled: 3 }] },
      { id: 'A2', name: null, queues: [{ id: 'Q2', type: 'CHAT', serving: false, handled: 0 }] },
      { id: 'A3', name: null, queues: [] },
    ]);
  });

  it('reports a field problem at the path z.object reports it', () => {
    const bad = { id: 'A2', name: 5n, queues: [] };
    expect(pathOf(objectOf(shape), bad)).toEqual([['name']]);
    expect(pathOf(objectOf(shape), bad)).toEqual(pathOf(z.object(zodShape), bad));
  });

  it('drops an unreadable row alone, nested items included, and says why without values', () => {
    const broken = [rows[0], { id: 'A2', queues: { queue: [{ id: 'Q2', type: 'fax', handled: 'many' }, { id: 'Q3', type: 'chat' }] } }, 'not an object', { name: 'no id' }];
    const r = readRows(objectOf(shape), broken)!;
    expect(r.rows.map((x) => x.id)).toEqual(['7', 'A2']);
    expect(r.rows[1]!.queues.map((q) => q.id)).toEqual(['Q3']);
    expect(r.received).toBe(4);
    expect(r.dropped).toBe(3);
    expect(r.reasons).toEqual(['queues.type: expected one of PHONE, CHAT', 'expected an object', 'id: expected a non-empty string']);
    expect(r.reasons.join(' ')).not.toMatch(/fax|many|no id/);
  });

  it('maps the object it read, and takes plain zod members too', () => {
    const mapped = objectOf({ id: str(), tags: z.array(z.string()) }, (o) => `${o.id}:${o.tags.join('+')}`);
    expect(mapped.parse({ id: 'X', tags: ['a', 'b'] })).toBe('X:a+b');
    expect(pathOf(mapped, { id: 'X', tags: ['a', 2] })).toEqual([['tags', 1]]);
  });

  it('reads the same where code generation from strings is disabled (node --disallow-code-generation-from-strings)', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const script = `
      const m = await import('./src/vendors/sinch/mapping.ts');
      const f = await import('./test/vendors/fixtures.ts');
      const broken = (() => { try { m.parseAgents([{ ...f.sinchAgents[0], activePhoneContacts: 'many' }]); return 'kept'; } catch (e) { return String(e); } })();
      console.log(JSON.stringify([m.parseAgents(f.sinchAgents), m.parseContactSummaries(f.sinchContactSummaries), m.parseQueueGroups(f.sinchQueueGroups), broken]));`;
    const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    const [agents, summaries, groups, brokenPaths] = JSON.parse(out) as unknown[];
    const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
    expect(agents).toEqual(json(parseAgents(sinchAgents)));
    expect(summaries).toEqual(json(parseContactSummaries(sinchContactSummaries)));
    expect(groups).toEqual(json(parseQueueGroups(sinchQueueGroups)));
    // The unreadable row is dropped alone: the answer is an empty list, not an error.
    expect(brokenPaths).toBe('kept');
  });
});
