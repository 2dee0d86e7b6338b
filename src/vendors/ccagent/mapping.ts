/**
 * cc_agent control API JSON → domain. Every answer is `{ "success": true, "data": … }` or
 * `{ "success": false, "error": … }`; `setQueues` returns the queue with member rows as positional arrays
 * (`[userId, …, …, …, name, …]`).
 */
import type { CcQueueAssignment } from '../../domain/model.js';
import { MalformedBodyError, VendorReportedError } from '../http/index.js';
import { bool } from '../parse.js';

const CREDENTIALS = /(api[ _]?key|credential|unauthori[sz]ed|forbidden|authenticat|access denied|token)/i;

function failureText(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object') {
    const m = (e as Record<string, unknown>).message ?? (e as Record<string, unknown>).error;
    if (typeof m === 'string') return m;
  }
  return e === undefined || e === null ? 'request refused' : JSON.stringify(e);
}

/** The `data` of a successful answer; a `success: false` answer becomes a VendorReportedError. */
export function unwrap(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new MalformedBodyError('expected an object');
  const o = body as Record<string, unknown>;
  const parsed = bool(false).safeParse(o.success);
  if (!parsed.success || o.success === undefined) throw new MalformedBodyError('no success flag');
  if (!parsed.data) {
    const text = failureText(o.error ?? o.message);
    // A refused key is a credentials problem, not a refused action.
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
  const data = unwrap(body);
  if (data === null || data === undefined || data === true || data === '') return null;
  if (typeof data !== 'object' || Array.isArray(data)) throw new MalformedBodyError('expected a queue object');
  const q = data as Record<string, unknown>;
  const queueId = asId(q.id);
  if (queueId === null) throw new MalformedBodyError('queue without id');
  const rows = Array.isArray(q.users) ? q.users : Array.isArray(q.members) ? q.members : [];
  const members: CcQueueAssignment['members'] = [];
  for (const row of rows) {
    if (Array.isArray(row)) {
      const userId = asId(row[0]);
      if (userId === null) throw new MalformedBodyError('member row without user id');
      members.push({ userId, name: typeof row[4] === 'string' ? row[4] : null });
    } else if (row && typeof row === 'object') {
      const r = row as Record<string, unknown>;
      const userId = asId(r.user_id ?? r.userId ?? r.id);
      if (userId === null) throw new MalformedBodyError('member without user id');
      members.push({ userId, name: typeof r.name === 'string' ? r.name : null });
    } else {
      throw new MalformedBodyError('unexpected member row');
    }
  }
  return {
    queueId,
    name: typeof q.name === 'string' ? q.name : '',
    strategy: typeof q.strategy === 'string' && q.strategy !== '' ? q.strategy : null,
    members,
  };
}
