/** Query strings and request helpers shared by the connectors. */

export type QueryValue = string | number | boolean | undefined | null | ReadonlyArray<string | number>;
export type Query = Record<string, QueryValue>;

/** Serializes a query. Array keys keep a literal `[]` (PHP style, e.g. `agent_logins[]=a&agent_logins[]=b`). */
export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  const enc = (k: string) => encodeURIComponent(k).replace(/%5B%5D$/, '[]');
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v as ReadonlyArray<string | number>) parts.push(`${enc(k)}=${encodeURIComponent(String(item))}`);
    } else {
      parts.push(`${enc(k)}=${encodeURIComponent(String(v))}`);
    }
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Basic auth header value. */
export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** Splits values into comma-joined chunks no longer than `maxChars` (keeps URLs well under vendor limits). */
export function chunkJoined(values: readonly string[], maxChars = 5000): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const v of values) {
    const add = encodeURIComponent(v).length + 3;
    if (current.length > 0 && length + add > maxChars) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    current.push(v);
    length += add;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
