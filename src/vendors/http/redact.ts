/** Keeping secrets out of everything a vendor call can produce: URLs for logs, vendor texts for errors. */

const SECRET_PARAM = /(key|token|pass|secret|auth|sig)/i;
export const REDACTED = '[redacted]';

/** Masks a secret everywhere it appears (also URL-encoded). Short secrets are masked too: they are still secrets. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    for (const form of new Set([s, encodeURIComponent(s), encodeURIComponent(s).replace(/%20/g, '+')])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

/** A URL safe to log: credential-like query parameters, userinfo and any configured secret are masked. */
export function redactUrl(url: string, secrets: readonly string[] = []): string {
  let text = url;
  try {
    const u = new URL(url);
    if (u.username) u.username = REDACTED;
    if (u.password) u.password = REDACTED;
    for (const key of [...u.searchParams.keys()]) {
      if (SECRET_PARAM.test(key)) u.searchParams.set(key, REDACTED);
    }
    text = u.toString();
  } catch {
    // Not absolute: mask name=value pairs by hand.
    text = url.replace(/([?&])([^=&#]*)=([^&#]*)/g, (m, sep: string, k: string) =>
      SECRET_PARAM.test(decodeURIComponent(k)) ? `${sep}${k}=${REDACTED}` : m,
    );
  }
  return maskSecrets(text, secrets);
}

/** Shortest truncated prefix of a secret that is still masked (shorter secrets are masked whole only). */
const MIN_PREFIX = 6;
/** Longest part of a vendor text that is read at all: a client needs a sentence, not a page. */
const MAX_READ = 4096;

/**
 * Undoes the encodings a vendor may echo a value in, so a secret cannot pass the mask in disguise: JSON escapes
 * (`\/`, `\u002f`), percent-encoding in either case (twice at most), `+` for a space in a query string.
 */
export function normaliseVendorText(text: string): string {
  let out = text.replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  out = out.replace(/\\([\\/"'bfnrt])/g, (_m, c: string) => ({ b: ' ', f: ' ', n: ' ', r: ' ', t: ' ' })[c] ?? c);
  for (let i = 0; i < 2 && /%[0-9a-fA-F]{2}/.test(out); i++) {
    out = out.replace(/(?:%[0-9a-fA-F]{2})+/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });
  }
  return out;
}

/** Masks every run of `text` that starts like a secret for at least MIN_PREFIX characters (a truncated echo). */
function maskPrefixes(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length <= MIN_PREFIX) continue;
    let from = 0;
    for (;;) {
      const i = out.indexOf(s.slice(0, MIN_PREFIX), from);
      if (i < 0) break;
      let n = MIN_PREFIX;
      while (n < s.length && out[i + n] === s[n]) n++;
      out = `${out.slice(0, i)}${REDACTED}${out.slice(i + n)}`;
      from = i + REDACTED.length;
    }
  }
  return out;
}

/** `apiKey=…`, `"token": "…"`, `Authorization: Bearer …`: values of credential-like names, whatever they are. */
const CREDENTIAL_PAIR = /\b([\w-]*(?:key|token|pass(?:word)?|secret|auth(?:orization)?|sig(?:nature)?)[\w-]*)("?\s*[:=]\s*"?)(?:(?:Basic|Bearer)\s+)?[^\s"&,;}]+/gi;
/** Opaque blobs (long base64/hex runs) carry no meaning for a client and may be credentials we were not told of. */
const OPAQUE = /[A-Za-z0-9+/_=-]{32,}/g;

/**
 * A vendor's failure text made safe for an error: decoded and normalised first (so escaped or encoded secrets are
 * seen), every configured secret and truncated prefix of one masked, credential-like values and opaque blobs
 * masked, control characters dropped, truncated.
 */
export function redactText(text: string, secrets: readonly string[] = [], max = 200): string {
  const normal = normaliseVendorText(text.length > MAX_READ ? text.slice(0, MAX_READ) : text);
  // A secret with `%` or `\` in it is seen in its decoded form too.
  const all = [...new Set([...secrets, ...secrets.map(normaliseVendorText)])].filter((x) => x.length > 0);
  const masked = maskPrefixes(maskSecrets(normal, all), all)
    .replace(CREDENTIAL_PAIR, (_m, k: string, sep: string) => `${k}${sep}${REDACTED}`)
    .replace(OPAQUE, REDACTED);
  // eslint-disable-next-line no-control-regex
  const clean = masked.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
