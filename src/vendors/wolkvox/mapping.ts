/**
 * wolkvox Reports Manager `cdr_10` (cobrowsing) JSON → domain. Everything arrives as strings (`code` too);
 * `time` is `HH:MM:SS`; dates are `YYYY-mm-dd HH:ii:ss`, read as UTC. A `code` other than 200 is a vendor failure.
 */
import { z } from 'zod';
import type { CobrowsingSession } from '../../domain/model.js';
import type { VendorErrorCode } from '../../domain/errors.js';
import { MalformedBodyError, VendorReportedError } from '../http/index.js';
import { duration, numOrNull, sqlDateTimeOrNull, str, strOrNull, text } from '../parse.js';

const sessionSchema = z
  .object({
    agent_id: str(),
    agent_name: text(),
    date_ini: sqlDateTimeOrNull(),
    date_end: sqlDateTimeOrNull(),
    time: duration(),
    hung_up: strOrNull(),
  })
  .transform(
    (s): CobrowsingSession => ({
      agentId: s.agent_id,
      agentName: s.agent_name,
      startedAt: s.date_ini,
      endedAt: s.date_end,
      durationSeconds: s.time,
      hungUpBy: s.hung_up,
    }),
  );

const envelopeSchema = z.object({
  code: numOrNull(),
  error: z.unknown().optional(),
  msg: z.unknown().optional(),
  data: z.unknown().optional(),
});

function codeFor(status: number): VendorErrorCode {
  if (status === 401 || status === 403) return 'UNAUTHORIZED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'SERVER_ERROR';
  return 'BAD_REQUEST';
}

export function parseSessions(body: unknown): CobrowsingSession[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new MalformedBodyError('expected an object');
  const env = envelopeSchema.parse(body);
  const errText = typeof env.error === 'string' && env.error.trim() !== '' ? env.error : undefined;
  if ((env.code !== null && env.code !== 200) || errText) {
    const status = env.code !== null && env.code !== 200 ? env.code : 400;
    const msg = errText ?? (typeof env.msg === 'string' ? env.msg : undefined);
    throw new VendorReportedError(codeFor(status), msg);
  }
  // "0 records were found" may come with data null, absent or an empty object.
  if (env.data === null || env.data === undefined || env.data === '') return [];
  const rows = Array.isArray(env.data) ? env.data : typeof env.data === 'object' ? Object.values(env.data) : null;
  if (rows === null) throw new MalformedBodyError('expected data to be a list');
  return z.array(sessionSchema).parse(rows);
}
