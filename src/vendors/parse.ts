/**
 * Tolerant zod building blocks shared by the vendor mappers: vendors send ints as strings, booleans as 1/"0",
 * enum values in any case, and leave optional fields out. Each helper accepts those forms and rejects anything
 * that is really wrong (so a broken body surfaces as MALFORMED_RESPONSE rather than as silent zeros).
 */
import { z } from 'zod';
import { keepDropped, markDropped } from '../domain/partial.js';
import type { VendorName } from '../domain/vendors.js';
import { MalformedBodyError } from './http/index.js';

/** Where a reader reports what is wrong: a zod transform's context, or an enclosing object's (adds the path). */
export interface IssueSink {
  addIssue(issue: { code: 'custom'; message: string; path?: PropertyKey[] }): void;
  /** A nested list dropped one unreadable item (with why); absent under a plain zod parse (then just dropped). */
  dropped?(reason: string): void;
}

function bad(ctx: IssueSink, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER as never;
}

/** A field's plain reader, kept on its schema so `objectOf` can call it without a zod parse per field. */
const READ: unique symbol = Symbol('ccgraph.parse.read');
type Reader<T> = (v: unknown, ctx: IssueSink) => T;
type Readable<T> = z.ZodType<T> & { [READ]: Reader<T> };

/**
 * One field read by `read` from whatever the vendor sent (absent included): a single zod transform rather than
 * `z.unknown().optional().transform()`, whose three schemas per field made parsing a 200-row reply several times
 * slower. `read` reports problems through `ctx` (see `bad`).
 */
const field = <T>(read: Reader<T>): Readable<T> =>
  Object.assign(z.transform(read) as unknown as z.ZodType<T>, { [READ]: read });

/** How to read a value with `schema`: its plain reader, or (any other zod schema) a zod parse with issues passed on. */
function readerOf<T>(schema: z.ZodType<T>): Reader<T> {
  const own = (schema as Partial<Readable<T>>)[READ];
  if (own) return own;
  return (v, ctx) => {
    const r = schema.safeParse(v);
    if (r.success) return r.data;
    for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [...issue.path] });
    return z.NEVER as never;
  };
}

/** Reports through `ctx` with `key` in front of the path. */
class PathSink implements IssueSink {
  key: PropertyKey = '';
  /** Something was reported: the object is not mapped (as zod skips a transform after a failed object). */
  failed = false;
  constructor(private readonly ctx: IssueSink) {}
  addIssue(issue: { code: 'custom'; message: string; path?: PropertyKey[] }): void {
    this.failed = true;
    this.ctx.addIssue({ ...issue, path: [this.key, ...(issue.path ?? [])] });
  }
  dropped(reason: string): void {
    this.ctx.dropped?.(`${String(this.key)}.${reason}`);
  }
}

/** Collects what went wrong with one item, so the item can be dropped alone. */
class ItemSink implements IssueSink {
  failed = false;
  reason = '';
  constructor(private readonly parent?: IssueSink) {}
  addIssue(issue: { code: 'custom'; message: string; path?: PropertyKey[] }): void {
    if (!this.failed) this.reason = reasonOf(issue);
    this.failed = true;
  }
  dropped(reason: string): void {
    this.parent?.dropped?.(reason);
  }
}

/** `path: message` with list indexes as `[]`: a reason without values, the same for every row. */
function reasonOf(issue: { message: string; path?: PropertyKey[] }): string {
  const path = (issue.path ?? []).map((p) => (typeof p === 'number' ? '[]' : String(p))).join('.').replace(/\.\[\]/g, '[]');
  return path ? `${path}: ${issue.message}` : issue.message;
}

type Shape = Record<string, z.ZodType>;
type OutputOf<S extends Shape> = { [K in keyof S]: z.output<S[K]> };

/**
 * An object read field by field: `z.object(shape)` (then `.transform(map)`) with the same issues and paths, but one
 * zod transform for the whole object instead of a zod parse per field. zod's per-field bookkeeping (a payload, an
 * issue list and a closure per field) was 2.6 of the 4 MB a lone dashboard allocated, mostly for 216 contact
 * summaries of 22 fields. Unknown keys are dropped, as `z.object` does.
 */
export function objectOf<S extends Shape>(shape: S): Readable<OutputOf<S>>;
export function objectOf<S extends Shape, T>(shape: S, map: (o: OutputOf<S>) => T): Readable<T>;
export function objectOf<S extends Shape, T>(shape: S, map?: (o: OutputOf<S>) => T): Readable<T | OutputOf<S>> {
  const readRow = compileRow(Object.keys(shape), Object.values(shape).map(readerOf));
  return field((v, ctx) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad(ctx, 'expected an object');
    const sink = new PathSink(ctx);
    const out = readRow(v as Record<string, unknown>, sink);
    if (sink.failed) return z.NEVER as never;
    return map ? map(out as OutputOf<S>) : (out as OutputOf<S>);
  });
}

/**
 * A nested section the vendor may send as `null`, leave out, or send as an empty PHP array (`[]`): read as if every
 * field were absent (each field's default). Anything else is read as `objectOf` reads it.
 */
export function sectionOf<S extends Shape>(shape: S): Readable<OutputOf<S>> {
  const inner = objectOf(shape);
  return field((v, ctx) => {
    const empty = isBlank(v) || v === false || (Array.isArray(v) && v.length === 0);
    return inner[READ](empty ? {} : v, ctx);
  });
}

type RowReader = (input: Record<string, unknown>, sink: PathSink) => Record<string, unknown>;

/**
 * Reads every key of a row into a new object. Generated per shape, as zod generates its own object parser: the
 * object literal has constant keys (one allocation of the final size) and each field has a call site of its own,
 * which V8 can inline; a loop over the keys ran 20 % slower on the 22-field contact summaries. Falls back to that
 * loop where code generation from strings is disabled.
 */
function compileRow(keys: string[], readers: Array<Reader<unknown>>): RowReader {
  try {
    const fields = keys.map((k, i) => `${JSON.stringify(k)}: (sink.key = ${JSON.stringify(k)}, r[${i}](input[${JSON.stringify(k)}], sink))`);
    // The keys are the shape's own property names, quoted by JSON.stringify: no outside text reaches the code.
    return new Function('r', `return function readRow(input, sink) { return { ${fields.join(', ')} }; };`)(readers) as RowReader;
  } catch {
    return (input, sink) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        sink.key = keys[i]!;
        out[keys[i]!] = readers[i]!(input[keys[i]!], sink);
      }
      return out;
    };
  }
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function toNumber(v: unknown): number | undefined | 'bad' {
  if (isBlank(v)) return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? v : 'bad';
  if (typeof v === 'string') {
    const t = v.trim();
    if (/^[-+]?\d+(\.\d+)?$/.test(t)) return Number(t);
    // A decimal comma (`12,5`), as European installations format numbers.
    if (/^[-+]?\d+,\d+$/.test(t)) return Number(t.replace(',', '.'));
  }
  return 'bad';
}

/** A number (number or numeric string), `absent` when left out; rounded when `round` (counts, ms). */
const numberField = <A>(absent: A, round: boolean) =>
  field((v, ctx): number | A => {
    const n = toNumber(v);
    if (n === 'bad') return bad(ctx, 'expected a number');
    if (n === undefined) return absent;
    return round ? Math.round(n) : n;
  });

/** A number sent as a number or a numeric string; `def` when absent. */
export const num = (def = 0) => numberField(def, false);

/** An integer (number or numeric string); `def` when absent. Fractions are rounded: they are counts or ms. */
export const int = (def = 0) => numberField(def, true);

/** A number, or null when the vendor left it out. */
export const numOrNull = () => numberField(null, false);

/** An integer, or null when the vendor left it out (fractions rounded). */
export const intOrNull = () => numberField(null, true);

function toBool(v: unknown): boolean | undefined | 'bad' {
  if (isBlank(v)) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1' || s === 'yes' || s === 'y' || s === 'on') return true;
    if (s === 'false' || s === '0' || s === 'no' || s === 'n' || s === 'off') return false;
  }
  return 'bad';
}

export const bool = (def: boolean) =>
  field((v, ctx): boolean => {
    const b = toBool(v);
    if (b === 'bad') return bad(ctx, 'expected a boolean');
    return b ?? def;
  });

export const boolOrNull = () =>
  field((v, ctx): boolean | null => {
    const b = toBool(v);
    if (b === 'bad') return bad(ctx, 'expected a boolean');
    return b ?? null;
  });

/** A required identifier or text (numbers accepted and stringified; surrounding blanks trimmed). */
export const str = () =>
  field((v, ctx): string => {
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return bad(ctx, 'expected a non-empty string');
  });

/** Optional text: blank or absent ⇒ null. */
export const strOrNull = () =>
  field((v, ctx): string | null => {
    if (isBlank(v)) return null;
    if (typeof v === 'string') return v.trim();
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return bad(ctx, 'expected a string');
  });

/** Text that may legitimately be empty (names); absent ⇒ ''. */
export const text = () =>
  field((v, ctx): string => {
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    return bad(ctx, 'expected a string');
  });

const normKey = (s: string) => s.replace(/[^a-z0-9]/gi, '').toLowerCase();

/** Case-insensitive enum: `values` are the canonical spellings; `aliases` map other vendor words to them. */
export function enumOf<const T extends string>(values: readonly T[], aliases: Record<string, T> = {}) {
  const lookup = new Map<string, T>();
  for (const v of values) lookup.set(normKey(v), v);
  for (const [k, v] of Object.entries(aliases)) lookup.set(normKey(k), v);
  const parse = (v: unknown): T | undefined => (typeof v === 'string' ? lookup.get(normKey(v)) : undefined);
  return {
    parse,
    required: () =>
      field((v, ctx): T => parse(v) ?? bad(ctx, `expected one of ${values.join(', ')}`)),
    /** Absent ⇒ null; present but unknown ⇒ issue. */
    optional: () =>
      field((v, ctx): T | null => (isBlank(v) ? null : (parse(v) ?? bad(ctx, `expected one of ${values.join(', ')}`)))),
    /** Any word: the canonical spelling, `other` for a word the docs do not list, `absent` when left out. */
    orOther: <O, A = O>(other: O, absent?: A) => (v: unknown): T | O | A =>
      isBlank(v) ? (absent === undefined ? other : absent) : (parse(v) ?? other),
  };
}

/** Epoch seconds or milliseconds: below 10^11 is seconds (10^11 s is the year 5138; 10^11 ms is 1973). */
function fromEpoch(n: number): Date | 'bad' {
  if (!Number.isFinite(n) || n < 0) return 'bad';
  return new Date(n < 1e11 ? n * 1000 : n);
}

function toDate(v: unknown): Date | undefined | 'bad' {
  if (isBlank(v)) return undefined;
  if (typeof v === 'number') return fromEpoch(v);
  if (typeof v !== 'string') return 'bad';
  const t = v.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return fromEpoch(Number(t));
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? 'bad' : d;
}

/** ISO-8601 (or any Date.parse-able) timestamp; absent ⇒ null. */
export const isoDateOrNull = () =>
  field((v, ctx): Date | null => {
    const d = toDate(v);
    return d === 'bad' ? bad(ctx, 'expected a timestamp') : (d ?? null);
  });

export const isoDate = () =>
  field((v, ctx): Date => {
    const d = toDate(v);
    return d === 'bad' || d === undefined ? bad(ctx, 'expected a timestamp') : d;
  });

/**
 * `YYYY-MM-DD HH:MM:SS` read as UTC (the vendors send no zone). Zero dates (`0000-00-00 …`) and blanks ⇒ null.
 */
export const sqlDateTimeOrNull = () =>
  field((v, ctx): Date | null => {
    if (isBlank(v) || (typeof v === 'string' && /^0000-00-00/.test(v.trim()))) return null;
    if (typeof v === 'number' || (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()))) {
      const e = fromEpoch(Number(v));
      return e === 'bad' || Number(v) === 0 ? (e === 'bad' ? bad(ctx, 'expected a date-time') : null) : e;
    }
    if (typeof v !== 'string') return bad(ctx, 'expected a date-time');
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?)?$/.exec(v.trim());
    if (!m) {
      // A zoned ISO timestamp says its own zone.
      const d = /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(v.trim()) ? new Date(v.trim()) : null;
      return d && !Number.isNaN(d.getTime()) ? d : bad(ctx, 'expected YYYY-MM-DD HH:MM:SS');
    }
    const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)));
    return Number.isNaN(d.getTime()) ? bad(ctx, 'expected a date-time') : d;
  });

/**
 * `HH:MM:SS`, `H:MM:SS`, `HHH:MM:SS`, `MM:SS`, with fractions (`00:01:02.500`, `00:01:02,5`) or a day prefix
 * (`1 02:03:04`, `1.02:03:04`, `1d 02:03:04`), or plain seconds (`62`, `62.5`, `62,5`) ⇒ whole seconds.
 * Undefined when unreadable.
 */
export function durationToSeconds(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/^\d+([.,]\d+)?$/.test(s)) return Math.round(Number(s.replace(',', '.')));
  const m = /^(?:(\d+)(?:d\s*|\s+|\.))?(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d+))?$/.exec(s);
  if (!m) return undefined;
  const [days, h, min, sec] = [Number(m[1] ?? 0), Number(m[2] ?? 0), Number(m[3]), Number(m[4])];
  if (min > 59 || sec > 59 || (m[1] !== undefined && m[2] === undefined)) return undefined;
  const fraction = m[5] ? Number(`0.${m[5]}`) : 0;
  return Math.round(days * 86_400 + h * 3600 + min * 60 + sec + fraction);
}

/** A duration in seconds from `HH:MM:SS` or a number; absent ⇒ `def`. */
export const duration = (def = 0) =>
  field((v, ctx): number => {
    if (isBlank(v)) return def;
    return durationToSeconds(v) ?? bad(ctx, 'expected HH:MM:SS');
  });

export const durationOrNull = () =>
  field((v, ctx): number | null => {
    if (isBlank(v)) return null;
    return durationToSeconds(v) ?? bad(ctx, 'expected HH:MM:SS');
  });

/** `{}` or the `wrapperKey`/`data`/`items`/`result(s)` wrapper ⇒ the list inside; undefined when `v` is no wrapper. */
function unwrapList(v: Record<string, unknown>, wrapperKeys: readonly string[]): unknown {
  for (const k of wrapperKeys) if (k in v) return v[k];
  return undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The items of a list the vendor may send bare, wrapped (`{ "queue": [...] }`), as a single object, as a PHP keyed
 * object (`{ "7": {...}, "9": {...} }`, every value an object), empty (`{}`, `[]`, `null`, `""`) or not at all.
 * With `keyAs`, a keyed object's key fills that field of an item that lacks it. Undefined when `v` is no list.
 */
export function listItems(v: unknown, o: { wrapperKeys?: readonly string[]; keyAs?: string } = {}): unknown[] | undefined {
  if (isBlank(v) || v === false) return [];
  let inner: unknown = v;
  if (isPlainObject(v) && o.wrapperKeys) {
    const w = unwrapList(v, o.wrapperKeys);
    if (w !== undefined) inner = w;
  }
  if (isBlank(inner) || inner === false) return [];
  if (Array.isArray(inner)) return inner;
  if (!isPlainObject(inner)) return undefined;
  const values = Object.values(inner);
  if (values.length === 0) return [];
  if (values.every(isPlainObject)) {
    if (!o.keyAs) return values;
    const key = o.keyAs;
    return Object.entries(inner).map(([k, item]) => (isBlank((item as Record<string, unknown>)[key]) ? { ...(item as object), [key]: k } : item));
  }
  return [inner];
}

/**
 * A nested list (see `listItems`). An item that cannot be read is dropped alone (reported through the sink's
 * `dropped`, when it has one) and the others are kept.
 */
export function oneOrMany<S extends z.ZodType>(item: S, wrapperKey?: string, o: { keyAs?: string } = {}): Readable<Array<z.output<S>>> {
  const read = readerOf(item as z.ZodType<z.output<S>>);
  const wrapperKeys = wrapperKey ? [wrapperKey] : undefined;
  return field((v, ctx): Array<z.output<S>> => {
    const items = listItems(v, { ...(wrapperKeys ? { wrapperKeys } : {}), ...o });
    if (items === undefined) return bad(ctx, 'expected a list');
    const out: Array<z.output<S>> = [];
    for (const raw of items) {
      const sink = new ItemSink(ctx);
      const value = read(raw, sink);
      if (sink.failed) ctx.dropped?.(sink.reason);
      else out.push(value);
    }
    return out;
  });
}

/** Rows read from one answer: the readable ones, and how many were dropped and why (reasons without values). */
export interface ReadRows<T> {
  rows: T[];
  /** Top-level rows the vendor sent. */
  received: number;
  dropped: number;
  reasons: string[];
}

/**
 * Reads a list endpoint's answer row by row (the shapes `listItems` accepts, top-level wrappers included). A row
 * that cannot be read is dropped alone; so is a nested item (counted, the row kept). Null when the body is no list
 * at all (nor a lone readable row).
 */
export function readRows<T>(item: z.ZodType<T>, body: unknown, o: { wrapperKeys?: readonly string[]; keyAs?: string } = {}): ReadRows<T> | null {
  const items = listItems(body, o);
  if (items === undefined) return null;
  const read = readerOf(item);
  const rows: T[] = [];
  const reasons = new Set<string>();
  let dropped = 0;
  const collect = {
    addIssue() {},
    dropped(reason: string) {
      dropped++;
      reasons.add(reason);
    },
  };
  for (const raw of items) {
    const sink = new ItemSink(collect);
    const value = read(raw, sink);
    if (sink.failed) {
      dropped++;
      reasons.add(sink.reason);
    } else rows.push(value);
  }
  // A lone object that is no readable row is not a list with one bad row: it is the wrong answer.
  if (items.length === 1 && rows.length === 0 && items[0] === body) return null;
  return { rows, received: items.length, dropped, reasons: [...reasons] };
}

/**
 * A list endpoint's parser: the readable rows, marked with how many were dropped (src/domain/partial.ts). A body
 * that is no list at all is still a MALFORMED_RESPONSE.
 */
export function rowsOf<T>(
  vendor: VendorName,
  resource: string,
  item: z.ZodType<T>,
  o: { wrapperKeys?: readonly string[]; keyAs?: string } = {},
): (body: unknown) => T[] {
  return (body) => {
    const r = readRows(item, body, o);
    if (!r) throw new MalformedBodyError(`expected a list of ${resource}`);
    const rows = r.dropped > 0 ? markDropped(r.rows, [{ vendor, resource, count: r.dropped, reasons: r.reasons }]) : r.rows;
    return setReceived(rows, r.received);
  };
}

const RECEIVED: unique symbol = Symbol('ccgraph.rowsReceived');

function setReceived<T>(rows: T[], n: number): T[] {
  if (n !== rows.length) Object.defineProperty(rows, RECEIVED, { value: n, configurable: true, enumerable: false });
  return rows;
}

/** How many rows the vendor sent for `rows` (readable or not): what paging counts. */
export function receivedOf(rows: readonly unknown[]): number {
  return (rows as { [RECEIVED]?: number })[RECEIVED] ?? rows.length;
}

/** `rows.map(fn)` keeping the dropped-row mark and the received count. */
export function mapRows<T, U>(rows: T[], fn: (row: T) => U): U[] {
  return setReceived(keepDropped(rows.map(fn), rows), receivedOf(rows));
}

/** `rows` without its nulls, each null counted as a dropped row of `resource` (for rows a mapper refuses). */
export function dropNulls<T>(rows: Array<T | null>, vendor: VendorName, resource: string, reason: string): T[] {
  const kept = rows.filter((r): r is T => r !== null);
  const dropped = rows.length - kept.length;
  const out = keepDropped(kept, rows);
  if (dropped > 0) markDropped(out, [{ vendor, resource, count: dropped, reasons: [reason] }]);
  return setReceived(out, receivedOf(rows));
}
