// Property test: generated variants of each documented row (numbers/booleans as strings, decimal commas, empty or
// keyed wrappers, null sections, undocumented enum words, extra fields) are read by each mapping: the row is kept,
// with the same id, and never throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { droppedRowsOf } from '../../src/domain/partial.js';
import { parseAgents as parseChatAgents } from '../../src/vendors/cobrowser/mapping.js';
import { durationToSeconds } from '../../src/vendors/parse.js';
import { parseAgents, parseContacts, parseQueueStatuses } from '../../src/vendors/sinch/mapping.js';
import { parseWorkReport } from '../../src/vendors/thulium/mapping.js';
import { sinchAgents, sinchContacts, sinchQueueStatuses, thuliumReport } from './fixtures.js';

type Row = Record<string, unknown>;

/** A value rewritten the way vendors do, keeping its meaning. */
const variantOf = (v: unknown): fc.Arbitrary<unknown> => {
  if (typeof v === 'number') {
    return fc.constantFrom(v, String(v), Number.isInteger(v) ? ` ${v} ` : String(v).replace('.', ','));
  }
  if (typeof v === 'boolean') return fc.constantFrom(v, String(v), v ? 1 : 0, v ? '1' : '0');
  return fc.constant(v);
};

/** Every top-level field varied independently, plus junk fields, minus nothing required. */
const rowVariant = (row: Row, extra: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<Row> =>
  fc.record({
    ...Object.fromEntries(Object.entries(row).map(([k, v]) => [k, variantOf(v)])),
    ...extra,
    zzUnknownField: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
  }) as fc.Arbitrary<Row>;

const word = fc.oneof(fc.constantFrom('AfterCallWork', 'Blocked', 'ready', 'BUSY', ''), fc.string({ maxLength: 12 }));

describe('mappings read generated variants of the documented rows', () => {
  it('Sinch agents: any status words, any queues wrapper', () => {
    const queues = fc.constantFrom<unknown>({}, { queue: [] }, null, [], { queue: (sinchAgents[0] as Row).queues && ((sinchAgents[0] as Row).queues as Row).queue });
    fc.assert(
      fc.property(rowVariant(sinchAgents[0] as Row, { userStatus: word, availability: word, contactHandlingStatus: word, profileType: word, queues }), (row) => {
        const out = parseAgents([row]);
        expect(out.map((a) => a.id)).toEqual([(sinchAgents[0] as Row).id]);
        expect(droppedRowsOf(out)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('Sinch queue statuses and contacts: any type or status word', () => {
    fc.assert(
      fc.property(rowVariant(sinchQueueStatuses[0] as Row, { type: word }), rowVariant(sinchContacts[0] as Row, { status: word, channel: word }), (q, c) => {
        expect(parseQueueStatuses(q).map((x) => x.queueId)).toEqual([(sinchQueueStatuses[0] as Row).id]);
        expect(parseContacts([c]).map((x) => x.id)).toEqual([(sinchContacts[0] as Row).id]);
      }),
      { numRuns: 200 },
    );
  });

  it('Thulium rows: null or empty sections, keyed pauses, wrapped lists', () => {
    const base = thuliumReport[0] as Row;
    const pauses = base.pauses as Row[];
    const section = (v: unknown) => fc.constantFrom(v, null, [], undefined);
    fc.assert(
      fc.property(
        rowVariant(base, {
          chat: section(base.chat),
          ticket: section(base.ticket),
          outbound_below_threshold: section(base.outbound_below_threshold),
          pauses: fc.constantFrom<unknown>(pauses, Object.fromEntries(pauses.map(({ id, ...p }) => [String(id), p])), null, {}),
        }),
        fc.constantFrom('bare', 'data', 'items', 'result'),
        (row, wrap) => {
          const out = parseWorkReport(wrap === 'bare' ? [row] : { [wrap]: [row] });
          expect(out.map((r) => r.login)).toEqual(['jkowalski']);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('CoBrowser agents: list, keyed object or lone object; any status word', () => {
    const agent = { id: 17, name: 'K', firstname: 'A', username: 'a', status: 'online', lastactive: 1714990000, slot_num: 3, hasFree: 1, numFree: 2, numOpen: 1, numClosed: 0 };
    fc.assert(
      fc.property(rowVariant(agent, { status: word }), fc.constantFrom('list', 'keyed', 'lone'), (row, shape) => {
        const result = shape === 'list' ? [row] : shape === 'keyed' ? { 17: row } : row;
        expect(parseChatAgents('getOnlineAgents', { getOnlineAgents: result }).map((a) => a.id)).toEqual(['17']);
      }),
      { numRuns: 200 },
    );
  });

  it('durations: HH:MM:SS with fractions or day prefixes equal their seconds', () => {
    fc.assert(
      fc.property(fc.nat(30), fc.nat(23), fc.nat(59), fc.nat(59), fc.nat(999), (d, h, m, s, ms) => {
        const hms = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
        expect(durationToSeconds(hms)).toBe(h * 3600 + m * 60 + s);
        expect(durationToSeconds(`${d} ${hms}.${String(ms).padStart(3, '0')}`)).toBe(Math.round(d * 86400 + h * 3600 + m * 60 + s + ms / 1000));
        expect(durationToSeconds(`${d}d ${hms}`)).toBe(d * 86400 + h * 3600 + m * 60 + s);
      }),
    );
  });
});
