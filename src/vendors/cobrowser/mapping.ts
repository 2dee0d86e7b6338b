/**
 * CoBrowser.net Account API JSON → domain. The result sits in an object named after the command
 * (`{ "getAllAgents": [...] }`, possibly keyed by agent id); numbers may be strings; `status` in any case;
 * `lastactive` is a UNIX timestamp in seconds. An error object in place of the result is a vendor failure.
 */
import { z } from 'zod';
import type { ChatAgent } from '../../domain/model.js';
import { MalformedBodyError, VendorReportedError } from '../http/index.js';
import { bool, int, listItems, numOrNull, readRows, str, text } from '../parse.js';
import { markDropped } from '../../domain/partial.js';

const agentSchema = z
  .object({
    id: str(),
    name: text(),
    firstname: text(),
    username: text(),
    status: text(),
    lastactive: z.unknown(),
    slot_num: int(),
    hasFree: bool(false),
    numFree: int(),
    numOpen: int(),
    numClosed: int(),
    avgOpenDuration: numOrNull(),
    avgClosedDuration: numOrNull(),
    avgNewDuration: numOrNull(),
    avgBurningDuration: numOrNull(),
    avgSleepingDuration: numOrNull(),
    minOpenDuration: numOrNull(),
    minClosedDuration: numOrNull(),
    minNewDuration: numOrNull(),
    minBurningDuration: numOrNull(),
    minSleepingDuration: numOrNull(),
    maxOpenDuration: numOrNull(),
    maxClosedDuration: numOrNull(),
    maxNewDuration: numOrNull(),
    maxBurningDuration: numOrNull(),
    maxSleepingDuration: numOrNull(),
  })
  .transform(
    (a): ChatAgent => ({
      vendor: 'cobrowser',
      id: a.id,
      firstName: a.firstname,
      lastName: a.name,
      username: a.username,
      online: a.status.trim().toLowerCase() === 'online',
      rawStatus: a.status,
      signedIn: null,
      // 0 means "never"; documented as a UNIX timestamp (seconds); milliseconds and ISO text are read too.
      lastActiveAt: lastActive(a.lastactive),
      slots: a.slot_num,
      hasFreeSlot: a.hasFree,
      freeSlots: a.numFree,
      openChats: a.numOpen,
      closedChats: a.numClosed,
      avgSlotSeconds: {
        open: a.avgOpenDuration,
        closed: a.avgClosedDuration,
        new: a.avgNewDuration,
        burning: a.avgBurningDuration,
        sleeping: a.avgSleepingDuration,
      },
      minSlotSeconds: {
        open: a.minOpenDuration,
        closed: a.minClosedDuration,
        new: a.minNewDuration,
        burning: a.minBurningDuration,
        sleeping: a.minSleepingDuration,
      },
      maxSlotSeconds: {
        open: a.maxOpenDuration,
        closed: a.maxClosedDuration,
        new: a.maxNewDuration,
        burning: a.maxBurningDuration,
        sleeping: a.maxSleepingDuration,
      },
    }),
  );

function lastActive(v: unknown): Date | null {
  if (v === undefined || v === null || v === '' || v === 0 || v === '0') return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
  if (Number.isFinite(n)) return n > 0 ? new Date(n < 1e11 ? n * 1000 : n) : null;
  const d = typeof v === 'string' ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

/**
 * What a vendor failure text says: too many requests (RATE_LIMITED), an account limit such as "User limit
 * reached" (REJECTED), a refused credential (UNAUTHORIZED), else a refused request (BAD_REQUEST). Words such as "user" or
 * "login" alone do not make a credentials problem.
 */
export function classifyVendorText(text: string): 'UNAUTHORIZED' | 'RATE_LIMITED' | 'REJECTED' | 'BAD_REQUEST' {
  if (/(too many requests|rate limit|throttl)/i.test(text)) return 'RATE_LIMITED';
  // A licence or seat limit is the account's state, not a wrong key: refused, not retried as a rate limit.
  if (/\b(limit|quota|exceeded|licen[cs]e)/i.test(text)) return 'REJECTED';
  if (/(api ?key|apikey|credential|unauthori[sz]ed|not authori[sz]ed|authenticat|password|access denied|forbidden|permission|not allowed|invalid (user|token|key)|unknown user|token)/i.test(text)) {
    return 'UNAUTHORIZED';
  }
  return 'BAD_REQUEST';
}

/** The vendor's failure text when the body is an error object, else undefined. */
function errorText(o: Record<string, unknown>): string | undefined {
  for (const k of ['error', 'errors', 'message', 'msg', 'errorMessage']) {
    const v = o[k];
    if (v === undefined || v === null || v === false || v === '') continue;
    if (typeof v === 'string') return v;
    if (typeof v === 'object') {
      const inner = (v as Record<string, unknown>).message ?? (v as Record<string, unknown>).error;
      return typeof inner === 'string' ? inner : JSON.stringify(v);
    }
    return String(v);
  }
  return undefined;
}

function failIfError(o: Record<string, unknown>): void {
  const msg = errorText(o);
  if (msg === undefined && o.success !== false && o.status !== 'error') return;
  const said = msg ?? 'error';
  throw new VendorReportedError(classifyVendorText(said), said);
}

/**
 * Parses the answer to `command` (getAllAgents / getOnlineAgents). The result may be a list, an object keyed by
 * agent id, a lone agent, or empty; an agent row that cannot be read is dropped alone (and counted).
 */
export function parseAgents(command: string, body: unknown): ChatAgent[] {
  if (typeof body !== 'object' || body === null) throw new MalformedBodyError('expected an object');
  let result: unknown = body;
  if (!Array.isArray(body)) {
    const o = body as Record<string, unknown>;
    const key = Object.keys(o).find((k) => k.toLowerCase() === command.toLowerCase());
    if (key === undefined) {
      failIfError(o);
      throw new MalformedBodyError(`no ${command} result`);
    }
    result = o[key];
    if (result !== null && typeof result === 'object' && !Array.isArray(result)) {
      const r = result as Record<string, unknown>;
      if (errorText(r) !== undefined && !('id' in r)) failIfError(r);
    }
  }
  const items = listItems(result, { keyAs: 'id' });
  if (items === undefined) throw new MalformedBodyError(`no ${command} list`);
  const read = readRows(agentSchema, items)!;
  const signedIn = command.toLowerCase() === 'getonlineagents';
  const rows = signedIn ? read.rows.map((a) => ({ ...a, signedIn: true })) : read.rows;
  return read.dropped > 0 ? markDropped(rows, [{ vendor: 'cobrowser', resource: command, count: read.dropped, reasons: read.reasons }]) : rows;
}
