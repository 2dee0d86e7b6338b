/**
 * Thulium `agents_work_report` JSON → domain. Durations are `HH:MM:SS` (also `H:MM:SS`, `HHH:MM:SS`) or plain
 * seconds; counts may be strings; pause ids mix `"all"`, `"free"` and integers; `average` may be missing.
 */
import { z } from 'zod';
import type { AgentWorkRecord, PauseFigure } from '../../domain/model.js';
import { MalformedBodyError, VendorReportedError } from '../http/index.js';
import { duration, durationOrNull, int, num, oneOrMany, sqlDateTimeOrNull, str, text } from '../parse.js';

const avg = (total: number, count: number) => (count > 0 ? Math.round(total / count) : 0);

const outboundSchema = z
  .object({ count: int(), sum: duration(), average: durationOrNull() })
  .optional()
  .transform((o) => {
    const count = o?.count ?? 0;
    const totalSeconds = o?.sum ?? 0;
    return { count, totalSeconds, averageSeconds: o?.average ?? avg(totalSeconds, count) };
  });

const pauseSchema = z
  .object({ id: str(), count: int(), sum: duration(), average: durationOrNull() })
  .transform((p): PauseFigure => ({ pauseId: p.id.toLowerCase() === 'all' || p.id.toLowerCase() === 'free' ? p.id.toLowerCase() : p.id, count: p.count, totalSeconds: p.sum, averageSeconds: p.average }));

const recordSchema = z
  .object({
    agent: z.object({ login: str(), name: text(), surname: text() }),
    period: text(),
    inbound: z
      .object({
        count: int(),
        answered_count: int(),
        not_answered_count: int(),
        transferred_count: int(),
        sum: duration(),
        average: durationOrNull(),
        wait_sum: duration(),
        wait_average: durationOrNull(),
        calls_per_hour: num(),
      })
      .optional(),
    chat: z.object({ closed: int(), responded: int() }).optional(),
    ticket: z.object({ closed: int(), responded: int(), total_responded: int() }).optional(),
    outbound_above_threshold: outboundSchema,
    outbound_below_threshold: outboundSchema,
    login_date: sqlDateTimeOrNull(),
    logout_date: sqlDateTimeOrNull(),
    pauses: oneOrMany(pauseSchema),
  })
  .transform((r): AgentWorkRecord => {
    const inb = r.inbound;
    const count = inb?.count ?? 0;
    const answered = inb?.answered_count ?? 0;
    const totalSeconds = inb?.sum ?? 0;
    const waitTotalSeconds = inb?.wait_sum ?? 0;
    return {
      login: r.agent.login,
      name: r.agent.name,
      surname: r.agent.surname,
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
  });

export function parseWorkReport(body: unknown): AgentWorkRecord[] {
  if (body === undefined || body === null) return [];
  if (!Array.isArray(body)) {
    if (typeof body === 'object') {
      const o = body as Record<string, unknown>;
      const msg = o.error ?? o.message ?? o.errors;
      if (msg !== undefined) throw new VendorReportedError('BAD_REQUEST', typeof msg === 'string' ? msg : JSON.stringify(msg));
      // Some deployments wrap the rows.
      const rows = o.data ?? o.items ?? o.results;
      if (Array.isArray(rows)) return z.array(recordSchema).parse(rows);
    }
    throw new MalformedBodyError('expected a list');
  }
  return z.array(recordSchema).parse(body);
}
