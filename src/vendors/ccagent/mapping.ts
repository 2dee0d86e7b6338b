/**
 * cc_agent control API JSON → domain. Documented answers are `{ "success": true, "data": … }`; failures come as
 * `{ "success": false, "error" | "msg" | "message": … }` or as `errors: [...]`, and some answers carry no
 * `success` at all (then an error field decides). `setQueues` returns the queue (or a list of queues) with member
 * rows as positional arrays (`[userId, …, …, …, name, …]`).
 */
import type { CcQueueAssignment } from '../../domain/model.js';
import { MalformedBodyError, VendorReportedError } from '../http/index.js';
import { bool } from '../parse.js';

/** Only a refused key is a credentials problem; "User limit reached", "not checked in" … are refused actions. */
const CREDENTIALS = /(api[ _]?key|credential|unauthori[sz]ed|not authori[sz]ed|forbidden|authenticat|access denied|token|invalid key)/i;

function failureText(e: unknown): string | undefined {
  if (e === undefined || e === null || e === false || e === '') return undefined;
  if (typeof e === 'string') return e;
  if (Array.isArray(e)) {
    const parts = e.map(failureText).filter((t): t is string => t !== undefined);
    return parts.length ? parts.join('; ') : undefined;
  }
  if (typeof e === 'object') {
    const r = e as Record<string, unknown>;
    const m = r.message ?? r.msg ?? r.error ?? r.text;
    if (typeof m === 'string') return m;
  }
  return JSON.stringify(e);
}

/** The failure text of a body, from whichever field the vendor used. */
function errorOf(o: Record<string, unknown>): string | undefined {
  return failureText(o.error) ?? failureText(o.errors) ?? failureText(o.msg) ?? failureText(o.message);
}

/**
 * The `data` of a successful answer. `success: false`, or no `success` with an error field, is a
 * VendorReportedError (UNAUTHORIZED for a refused key, else REJECTED). No `success` and no error: success.
 */
export function unwrap(body: unknown): unknown {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body !== 'object' || Array.isArray(body)) throw new MalformedBodyError('expected an object');
  const o = body as Record<string, unknown>;
  const parsed = bool(false).safeParse(o.success);
  const said = errorOf(o);
  const failed = o.success === undefined || o.success === null ? said !== undefined : !parsed.success || !parsed.data;
  if (failed) {
    const text = said ?? 'request refused';
    throw new VendorReportedError(CREDENTIALS.test(text) ? 'UNAUTHORIZED' : 'REJECTED', text);
  }
  return o.data;
}

export function parseDialCode(body: unknown): { dialCode: string | null } {
  const data = unwrap(body);
  if (typeof data === 'string' && data.trim() !== '') return { dialCode: data.trim() };
  if (typeof data === 'number') return { dialCode: String(data) };
  return { dialCode: null };
}

export function parseAck(body: unknown): void {
  unwrap(body);
}

const asId = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;

export function parseQueueAssignment(body: unknown): CcQueueAssignment | null {
  let data = unwrap(body);
  // A list of queues (one per id asked): the first readable one is the assignment reported.
  if (Array.isArray(data)) data = data.find((d) => d && typeof d === 'object' && !Array.isArray(d) && asId((d as Record<string, unknown>).id) !== null) ?? null;
  if (data === null || data === undefined || data === true || data === '') return null;
  if (typeof data !== 'object') throw new MalformedBodyError('expected a queue object');
  const q = data as Record<string, unknown>;
  const queueId = asId(q.id);
  if (queueId === null) throw new MalformedBodyError('queue without id');
  const rows = Array.isArray(q.users) ? q.users : Array.isArray(q.members) ? q.members : [];
  const members: CcQueueAssignment['members'] = [];
  for (const row of rows) {
    if (Array.isArray(row)) {
      const userId = asId(row[0]);
      if (userId === null) continue; // an unreadable member row is left out; the assignment itself succeeded
      members.push({ userId, name: typeof row[4] === 'string' ? row[4] : null });
    } else if (row && typeof row === 'object') {
      const r = row as Record<string, unknown>;
      const userId = asId(r.user_id ?? r.userId ?? r.id);
      if (userId === null) continue;
      members.push({ userId, name: typeof r.name === 'string' ? r.name : null });
    }
  }
  return {
    queueId,
    name: typeof q.name === 'string' ? q.name : '',
    strategy: typeof q.strategy === 'string' && q.strategy !== '' ? q.strategy : null,
    members,
  };
}
