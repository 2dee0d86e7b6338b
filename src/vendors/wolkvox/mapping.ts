/**
 * wolkvox Reports Manager `cdr_10` (cobrowsing) JSON → domain. Everything arrives as strings (`code` too);
 * `time` is `HH:MM:SS`; dates are `YYYY-mm-dd HH:ii:ss`, read as UTC. `error` is a string flag: `null`, `""`,
 * `"false"` and `"0"` mean no error. `data` may be a list, a PHP keyed object or a single row.
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

/** The `error` flag: absent, null, false, "", "false", "0" and "no" mean no error; any other text is the error. */
export function errorText(flag: unknown): string | undefined {
  if (flag === undefined || flag === null || flag === false || flag === 0) return undefined;
  const s = String(flag).trim();
  if (s === '' || /^(false|0|no|null)$/i.test(s)) return undefined;
  return s;
}

/** A 404 (or a `code` 404) whose text asks to validate the dates: the window simply has no records. */
export function isEmptyWindowText(text: string): boolean {
  return /\bdates?\b|\bfechas?\b/i.test(text);
}

const SESSION_FIELDS = ['agent_id', 'agent_name', 'date_ini', 'date_end', 'time', 'hung_up'];

export function parseSessions(body: unknown): CobrowsingSession[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new MalformedBodyError('expected an object');
  const env = envelopeSchema.parse(body);
  const errText = errorText(env.error);
  const msg = typeof env.msg === 'string' ? env.msg : undefined;
  // Success codes differ between reports (200, "0", absent): only an error flag or a 4xx/5xx code is a failure.
  const failedCode = env.code !== null && env.code >= 400 ? env.code : null;
  if (failedCode !== null || errText) {
    if ((failedCode === 404 || failedCode === null) && isEmptyWindowText(`${errText ?? ''} ${msg ?? ''}`) && !hasRows(env.data)) return [];
    throw new VendorReportedError(codeFor(failedCode ?? 400), errText ?? msg);
  }
  if (!hasRows(env.data)) return [];
  const data = env.data as object;
  const rows = Array.isArray(data)
    ? data
    : SESSION_FIELDS.some((f) => f in data)
      ? [data] // a single row instead of a list
      : Object.values(data); // a PHP keyed object
  return z.array(sessionSchema).parse(rows);
}

/** "0 records were found" may come with data null, absent, "" or an empty object/list. */
function hasRows(data: unknown): boolean {
  if (data === null || data === undefined || data === '') return false;
  if (typeof data !== 'object') throw new MalformedBodyError('expected data to be a list');
  return Array.isArray(data) ? data.length > 0 : Object.keys(data).length > 0;
}
