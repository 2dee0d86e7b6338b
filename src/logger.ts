/** Structured logs (pino). Configured secrets are scrubbed from every message and field before writing. */
import { pino, type Logger } from 'pino';

export type { Logger };

const SECRET_KEYS = ['password', 'apiKey', 'api_key', 'token', 'authorization', 'cookie', 'secret'];

/** Replaces every occurrence of each secret (and its URL-encoded form) with `[redacted]`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 3) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join('[redacted]');
  }
  return out;
}

function scrubValue(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { type: value.name, message: scrubSecrets(value.message, secrets), ...(scrubValue({ ...value }, secrets, depth + 1) as object) };
  }
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEYS.some((s) => k.toLowerCase() === s.toLowerCase()) ? '[redacted]' : scrubValue(v, secrets, depth + 1);
  }
  return out;
}

export function createLogger(opts: {
  level: string;
  secrets: readonly string[];
  pretty?: boolean;
  destination?: pino.DestinationStream;
}): Logger {
  const { secrets } = opts;
  const options: pino.LoggerOptions = {
    level: opts.level,
    base: { service: 'ccgraph' },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => scrubValue(a, secrets)) as Parameters<typeof method>);
      },
    },
  };
  if (opts.destination) return pino(options, opts.destination);
  if (opts.pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname,service' } } });
  }
  return pino(options);
}
