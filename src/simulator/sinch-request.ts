/**
 * Reading a Sinch RMI request the way the vendor does: GUID and time parameters, the "any fields" filters, sort and
 * paging, JSON bodies; and its text/plain errors, thrown as `HttpError` and answered by the route table.
 */
import { text, type SimRequest, type SimResponse } from './http.js';
import type { Json } from './sinch-json.js';

const GUID = /^[0-9A-Fa-f]{32}$/;

export class HttpError extends Error {
  constructor(readonly response: SimResponse) {
    super(response.body);
  }
}
export const fail = (status: number, body: string): never => {
  throw new HttpError(text(status, body));
};
export const notFound = (): never => fail(404, 'HTTP 404 Not Found');
export const checkGuid = (id: string) => {
  if (!GUID.test(id)) fail(400, `Invalid GUID: '${id}'`);
  return id.toUpperCase();
};
export const guidList = (v: string | null): Set<string> | null => {
  if (v === null || v.trim() === '') return null;
  return new Set(v.split(',').map((s) => checkGuid(s.trim())));
};
export const timeParam = (q: URLSearchParams, name: string): number | null => {
  const v = q.get(name);
  if (v === null || v === '') return null;
  const t = Date.parse(v);
  if (Number.isNaN(t)) fail(400, `Invalid ${name}: '${v}'`);
  return t;
};
export const intParam = (q: URLSearchParams, name: string, def: number): number => {
  const v = q.get(name);
  if (v === null || v === '') return def;
  if (!/^\d+$/.test(v)) fail(400, `Invalid ${name}: '${v}'`);
  return Number(v);
};

/**
 * `*` and `?` patterns of the "any fields" filters. A comma not followed by a space separates alternatives
 * (`status=Handled,Handled_AOT`); `, ` stays literal, as in names like `Fox, John`.
 */
export function matcher(pattern: string): (value: unknown) => boolean {
  const alternatives = pattern.split(/,(?! )/).map((p) => {
    const re = p.trim().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    return new RegExp(`^${re}$`, 'i');
  });
  return (value) => value !== undefined && value !== null && alternatives.some((re) => re.test(String(value)));
}

const PAGING = new Set(['offset', 'limit', 'sort', 'language']);

/** Any-field filters, sort, offset/limit (default 100, no maximum) over serialized items. */
export function listPage(items: Json[], q: URLSearchParams, searchable: readonly string[], consumed: readonly string[]): Json[] {
  const offset = intParam(q, 'offset', 0);
  const limit = intParam(q, 'limit', 100);
  const filters: Array<[string, (v: unknown) => boolean]> = [];
  for (const [k, v] of q) {
    if (PAGING.has(k) || consumed.includes(k) || !searchable.includes(k)) continue;
    filters.push([k, matcher(v)]);
  }
  let out = filters.length ? items.filter((it) => filters.every(([k, f]) => f(it[k]))) : items;
  const sort = q.get('sort');
  if (sort) {
    const field = sort.split(',')[0]!.trim();
    const desc = field.startsWith('-');
    const key = desc ? field.slice(1) : field;
    out = [...out].sort((a, b) => {
      const x = a[key] as string | number | undefined;
      const y = b[key] as string | number | undefined;
      const c = x === y ? 0 : x === undefined ? 1 : y === undefined ? -1 : x < y ? -1 : 1;
      return desc ? -c : c;
    });
  }
  return out.slice(offset, offset + limit);
}

export function basicAuthOk(header: string | undefined, user: string, pass: string): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  return decoded === `${user}:${pass}`;
}

export function parseBody(req: SimRequest): Json {
  const ct = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(ct)) fail(415, 'HTTP 415 Unsupported Media Type');
  let v: unknown;
  try {
    v = JSON.parse(req.body);
  } catch {
    fail(400, 'Invalid JSON body');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(400, 'Body must be a JSON object');
  return v as Json;
}

export function requireProps(body: Json, spec: Record<string, 'string' | 'boolean' | 'number'>): void {
  const missing = Object.keys(spec).filter((k) => body[k] === undefined || body[k] === null);
  if (missing.length) fail(400, `Missing properties: ${missing.join(', ')}`);
  for (const [k, t] of Object.entries(spec)) {
    if (typeof body[k] !== t) fail(400, `Property ${k} must be a ${t}`);
  }
}

export const noContent = (): SimResponse => ({ status: 204, body: '' });
