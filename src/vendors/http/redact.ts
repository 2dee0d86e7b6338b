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

/** A vendor's failure text made safe for an error: secrets masked, control characters dropped, truncated. */
export function redactText(text: string, secrets: readonly string[] = [], max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = maskSecrets(text, secrets).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
