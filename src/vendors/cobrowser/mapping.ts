/**
 * CoBrowser.net Account API JSON → domain. The result sits in an object named after the command
 * (`{ "getAllAgents": [...] }`, possibly keyed by agent id); numbers may be strings; `status` in any case;
 * `lastactive` is a UNIX timestamp in seconds. An error object in place of the result is a vendor failure.
 */
import { z } from 'zod';
import type { ChatAgent } from '../../domain/model.js';
import { MalformedBodyError, VendorReportedError } from '../http/index.js';
import { bool, int, numOrNull, str, text } from '../parse.js';

const agentSchema = z
  .object({
    id: str(),
    name: text(),
    firstname: text(),
    username: text(),
    status: text(),
    lastactive: numOrNull(),
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
      // 0 means "never"; the vendor sends seconds.
      lastActiveAt: a.lastactive && a.lastactive > 0 ? new Date(a.lastactive * 1000) : null,
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

const CREDENTIALS = /(api ?key|apikey|credential|auth|password|user(name)?|login|access|denied|forbidden|permission|token)/i;

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
  throw new VendorReportedError(CREDENTIALS.test(said) ? 'UNAUTHORIZED' : 'BAD_REQUEST', said);
}

/** Parses the answer to `command` (getAllAgents / getOnlineAgents). */
export function parseAgents(command: string, body: unknown): ChatAgent[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    if (Array.isArray(body)) return z.array(agentSchema).parse(body);
    throw new MalformedBodyError('expected an object');
  }
  const o = body as Record<string, unknown>;
  const key = Object.keys(o).find((k) => k.toLowerCase() === command.toLowerCase());
  if (key === undefined) {
    failIfError(o);
    throw new MalformedBodyError(`no ${command} result`);
  }
  let result = o[key];
  if (result === null || result === false || result === '') return [];
  if (typeof result === 'object' && !Array.isArray(result)) {
    const r = result as Record<string, unknown>;
    if (errorText(r) !== undefined && !('id' in r)) failIfError(r);
    // A PHP associative array arrives as an object keyed by agent id (or a lone agent object).
    result = 'id' in r ? [r] : Object.values(r);
  }
  return z.array(agentSchema).parse(result);
}
