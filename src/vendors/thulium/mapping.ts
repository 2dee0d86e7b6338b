/**
 * Thulium `agents_work_report` JSON → domain. Durations are `HH:MM:SS` (also `H:MM:SS`, `HHH:MM:SS`, fractions,
 * day prefixes) or plain seconds; counts may be strings; pause ids mix `"all"`, `"free"` and integers; `average`
 * may be missing; any section may be `null` (or an empty PHP array); `pauses` may be keyed by pause id; the login
 * may be `agent_login`. A row that still cannot be read is dropped alone (src/vendors/parse.ts `rowsOf`).
 */
import { z } from 'zod';
import type { AgentWorkRecord, PauseFigure } from '../../domain/model.js';
import { MalformedBodyError, VendorReportedError } from '../http/index.js';
import { dropNulls, duration, durationOrNull, int, num, objectOf, oneOrMany, rowsOf, sqlDateTimeOrNull, str, strOrNull, text } from '../parse.js';

/** A section the vendor may send as `null`, leave out, or send as an empty PHP array (`[]`): read as absent. */
const section = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => ((Array.isArray(v) && v.length === 0) || v === '' || v === false || v === null ? undefined : v), schema.optional());

const avg = (total: number, count: number) => (count > 0 ? Math.round(total / count) : 0);

const outboundSchema = section(z.object({ count: int(), sum: duration(), average: durationOrNull() }))
  .transform((o) => {
    const count = o?.count ?? 0;
    const totalSeconds = o?.sum ?? 0;
    return { count, totalSeconds, averageSeconds: o?.average ?? avg(totalSeconds, count) };
  });

const pauseSchema = z
  .object({ id: str(), count: int(), sum: duration(), average: durationOrNull() })
  .transform((p): PauseFigure => ({ pauseId: p.id.toLowerCase() === 'all' || p.id.toLowerCase() === 'free' ? p.id.toLowerCase() : p.id, count: p.count, totalSeconds: p.sum, averageSeconds: p.average }));

const recordSchema = objectOf(
  {
    agent: section(z.object({ login: strOrNull(), agent_login: strOrNull(), name: text(), surname: text() })),
    agent_login: strOrNull(),
    period: text(),
    inbound: section(
      z.object({
        count: int(),
        answered_count: int(),
        not_answered_count: int(),
        transferred_count: int(),
        sum: duration(),
        average: durationOrNull(),
        wait_sum: duration(),
        wait_average: durationOrNull(),
        calls_per_hour: num(),
      }),
    ),
    chat: section(z.object({ closed: int(), responded: int() })),
    ticket: section(z.object({ closed: int(), responded: int(), total_responded: int() })),
    outbound_above_threshold: outboundSchema,
    outbound_below_threshold: outboundSchema,
    login_date: sqlDateTimeOrNull(),
    logout_date: sqlDateTimeOrNull(),
    pauses: oneOrMany(pauseSchema, undefined, { keyAs: 'id' }),
  },
  (r): AgentWorkRecord | null => {
    const login = r.agent?.login ?? r.agent?.agent_login ?? r.agent_login;
    if (!login) return null;
    const inb = r.inbound;
    const count = inb?.count ?? 0;
    const answered = inb?.answered_count ?? 0;
    const totalSeconds = inb?.sum ?? 0;
    const waitTotalSeconds = inb?.wait_sum ?? 0;
    return {
      login,
      name: r.agent?.name ?? '',
      surname: r.agent?.surname ?? '',
      period: r.period,
      inbound: {
        count,
        answered,
        notAnswered: inb?.not_answered_count ?? 0,
        transferred: inb?.transferred_count ?? 0,
        totalSeconds,
        // A missing average is derived from the sum: talk time per answered call, wait per offered call.
        averageSeconds: inb?.average ?? avg(totalSeconds, answered),
        waitTotalSeconds,
        waitAverageSeconds: inb?.wait_average ?? avg(waitTotalSeconds, count),
        callsPerHour: inb?.calls_per_hour ?? 0,
      },
      chat: { closed: r.chat?.closed ?? 0, responded: r.chat?.responded ?? 0 },
      ticket: {
        closed: r.ticket?.closed ?? 0,
        responded: r.ticket?.responded ?? 0,
        totalResponded: r.ticket?.total_responded ?? 0,
      },
      outboundAboveThreshold: r.outbound_above_threshold,
      outboundBelowThreshold: r.outbound_below_threshold,
      firstLoginAt: r.login_date,
      lastLogoutAt: r.logout_date,
      pauses: r.pauses as PauseFigure[],
    };
  },
);

const readRecords = rowsOf('thulium', 'agents_work_report', recordSchema, { wrapperKeys: ['data', 'items', 'result', 'results'] });

export function parseWorkReport(body: unknown): AgentWorkRecord[] {
  if (body === undefined || body === null) return [];
  if (typeof body === 'object' && !Array.isArray(body)) {
    const o = body as Record<string, unknown>;
    const msg = o.error ?? o.message ?? o.errors;
    if (msg !== undefined && msg !== null && msg !== false && msg !== '') {
      throw new VendorReportedError('BAD_REQUEST', typeof msg === 'string' ? msg : JSON.stringify(msg));
    }
  }
  if (typeof body === 'object' && !Array.isArray(body)) {
    const o = body as Record<string, unknown>;
    const wrapped = ['data', 'items', 'result', 'results'].some((k) => k in o);
    if (!wrapped && Object.keys(o).length > 0 && !('agent' in o) && !('agent_login' in o)) throw new MalformedBodyError('expected a list of rows');
  }
  // A row without any login cannot be attributed to an agent: dropped and counted like any unreadable row.
  return dropNulls(readRecords(body), 'thulium', 'agents_work_report', 'agent.login: expected a non-empty string');
}
