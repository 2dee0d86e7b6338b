/**
 * wolkvox Reports Manager `cdr_10` (cobrowsing) JSON → domain. Everything arrives as strings (`code` too);
 * `time` is `HH:MM:SS` (fractions, day prefixes and plain seconds read too); dates are `YYYY-mm-dd HH:ii:ss` read
 * as UTC (epoch s/ms and zoned ISO read too). `error` is a string flag: `null`, `""`, `"false"` and `"0"` mean no
 * error. `data` may be a list, a PHP keyed object or a single row; a row that cannot be read is dropped alone and
 * counted (src/vendors/parse.ts `rowsOf`, surfaced as VENDOR_DATA_PARTIAL).
 */
import type { CobrowsingSession } from '../../domain/model.js';
import type { VendorErrorCode } from '../../domain/errors.js';
import { MalformedBodyError, VendorReportedError } from '../http/index.js';
import { duration, objectOf, rowsOf, sqlDateTimeOrNull, str, strOrNull, text } from '../parse.js';

const sessionSchema = objectOf(
  {
    agent_id: str(),
    agent_name: text(),
    date_ini: sqlDateTimeOrNull(),
    date_end: sqlDateTimeOrNull(),
    time: duration(),
    hung_up: strOrNull(),
  },
  (s): CobrowsingSession => ({
    agentId: s.agent_id,
    agentName: s.agent_name,
    startedAt: s.date_ini,
    endedAt: s.date_end,
    durationSeconds: s.time,
    hungUpBy: s.hung_up,
  }),
);

/** The vendor resource as counted in metrics and VENDOR_DATA_PARTIAL. */
export const WOLKVOX_SESSIONS_RESOURCE = 'cdr_10';
const readSessions = rowsOf('wolkvox', WOLKVOX_SESSIONS_RESOURCE, sessionSchema);

/** `code` as sent: 200, "200", " 404 ", "200 OK"; anything without a leading status number is no code. */
function statusCode(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const m = typeof v === 'string' ? /^\s*(\d{1,3})\b/.exec(v) : null;
  return m ? Number(m[1]) : null;
}

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
  // A bare list of rows (no envelope) is read as the rows.
  if (Array.isArray(body)) return readSessions(body);
  if (typeof body !== 'object' || body === null) throw new MalformedBodyError('expected an object');
  const env = body as { code?: unknown; error?: unknown; msg?: unknown; data?: unknown };
  const errText = errorText(env.error);
  const msg = typeof env.msg === 'string' ? env.msg : undefined;
  // Success codes differ between reports (200, "0", absent): only an error flag or a 4xx/5xx code is a failure.
  const code = statusCode(env.code);
  const failedCode = code !== null && code >= 400 ? code : null;
  if (failedCode !== null || errText) {
    if ((failedCode === 404 || failedCode === null) && isEmptyWindowText(`${errText ?? ''} ${msg ?? ''}`) && !hasRows(env.data)) return [];
    throw new VendorReportedError(codeFor(failedCode ?? 400), errText ?? msg);
  }
  if (!hasRows(env.data)) return [];
  const data = env.data as object;
  if (Array.isArray(data)) return readSessions(data);
  // A single row instead of a list.
  if (SESSION_FIELDS.some((f) => f in data)) return readSessions([data]);
  // A PHP keyed object: each value a row (one that is not an object is dropped alone), or a wrapper of the list.
  const values = Object.values(data);
  return readSessions(values.length === 1 && Array.isArray(values[0]) ? values[0] : values);
}

/** "0 records were found" may come with data null, absent, "" or an empty object/list. */
function hasRows(data: unknown): boolean {
  if (data === null || data === undefined || data === '') return false;
  if (typeof data !== 'object') throw new MalformedBodyError('expected data to be a list');
  return Array.isArray(data) ? data.length > 0 : Object.keys(data).length > 0;
}
