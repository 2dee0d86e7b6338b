/**
 * Configuration: the only reader of `process.env`. Validated with zod; every problem is reported at once.
 * A vendor is enabled when its base URL is set. With no vendor configured, the gateway embeds the simulator.
 */
import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isTimeZone } from './domain/time.js';
import { parseSecurityEnv, type AuthConfig, type LimitsConfig } from './security/config.js';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const url = (name: string) =>
  optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/i.test(v), {
    message: `${name} must be an http(s) URL`,
  });

const int = (def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const timeZone = optionalString.refine((v) => v === undefined || isTimeZone(v), {
  message: 'must be an IANA time zone such as Europe/Warsaw or UTC',
});
/** An optional integer: undefined when unset, so a per-vendor default can apply. */
const optInt = (min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

type VendorKey = 'sinch' | 'cobrowser' | 'wolkvox' | 'thulium' | 'ccagent';
const PREFIX: Record<VendorKey, string> = { sinch: 'SINCH', cobrowser: 'COBROWSER', wolkvox: 'WOLKVOX', thulium: 'THULIUM', ccagent: 'CCAGENT' };

/**
 * Per-vendor HTTP defaults, fitted to each vendor's docs (README "Configuration"): wolkvox allows 60 s per call,
 * 2 calls per token and answers up to 256 MB (ccgraph reads at most 64 MB per call and splits the window
 * beyond); Thulium's own example waits 30 s and its work reports grow with the window; Sinch RMI and CoBrowser
 * are real-time lookups; cc_agent answers are one small JSON object.
 */
export const VENDOR_HTTP_DEFAULTS: Record<VendorKey, { timeoutMs: number; retries: number; maxBodyMb: number }> = {
  sinch: { timeoutMs: 5_000, retries: 2, maxBodyMb: 32 },
  cobrowser: { timeoutMs: 5_000, retries: 2, maxBodyMb: 16 },
  wolkvox: { timeoutMs: 60_000, retries: 1, maxBodyMb: 64 },
  thulium: { timeoutMs: 30_000, retries: 2, maxBodyMb: 64 },
  ccagent: { timeoutMs: 5_000, retries: 2, maxBodyMb: 1 },
};

/** `<VENDOR>_TIMEOUT_MS`, `<VENDOR>_RETRIES`, `<VENDOR>_MAX_BODY_MB` for every vendor. */
function perVendorHttp() {
  const out: Record<string, ReturnType<typeof optInt>> = {};
  for (const p of Object.values(PREFIX)) {
    out[`${p}_TIMEOUT_MS`] = optInt(100, 600_000);
    out[`${p}_RETRIES`] = optInt(0, 10);
    out[`${p}_MAX_BODY_MB`] = optInt(1, 1024);
  }
  return out as Record<`${string}_TIMEOUT_MS` | `${string}_RETRIES` | `${string}_MAX_BODY_MB`, ReturnType<typeof optInt>>;
}

const bool = (def: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return def;
      if (/^(1|true|yes|on)$/i.test(v)) return true;
      if (/^(0|false|no|off)$/i.test(v)) return false;
      ctx.addIssue({ code: 'custom', message: 'must be true or false' });
      return z.NEVER;
    });

const envSchema = z.object({
  PORT: int(4000, 0, 65535),
  HOST: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: optionalString,

  SINCH_BASE_URL: url('SINCH_BASE_URL'),
  SINCH_USERNAME: optionalString,
  SINCH_PASSWORD: optionalString,
  /** `basic`: HTTP Basic on every call; `session`: log in once (ECFAUTH) and reuse the JSESSIONID cookie. */
  SINCH_AUTH: z.enum(['basic', 'session']).default('basic'),
  /** ISO 639 code sent as `language`, so translatable words do not follow the API user's settings. */
  SINCH_LANGUAGE: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO 639 code')
    .default('en'),
  COBROWSER_BASE_URL: url('COBROWSER_BASE_URL'),
  COBROWSER_USER: optionalString,
  COBROWSER_API_KEY: optionalString,
  WOLKVOX_BASE_URL: url('WOLKVOX_BASE_URL'),
  WOLKVOX_TOKEN: optionalString,
  THULIUM_BASE_URL: url('THULIUM_BASE_URL'),
  THULIUM_USERNAME: optionalString,
  THULIUM_PASSWORD: optionalString,
  CCAGENT_BASE_URL: url('CCAGENT_BASE_URL'),
  CCAGENT_API_KEY: optionalString,

  CCGRAPH_IDENTITIES: optionalString,
  /** The contact center's zone: "today" and report day/week/month buckets. */
  CCGRAPH_TIMEZONE: timeZone,
  /** Zones of the vendors' naive local timestamps; default CCGRAPH_TIMEZONE. */
  THULIUM_TIMEZONE: timeZone,
  WOLKVOX_TIMEZONE: timeZone,
  REDIS_URL: optionalString.refine((v) => v === undefined || /^rediss?:\/\//.test(v), {
    message: 'REDIS_URL must be a redis:// or rediss:// URL',
  }),

  /** Per-call vendor timeout and GET retries for every vendor without its own `<VENDOR>_TIMEOUT_MS`/`_RETRIES`. */
  VENDOR_TIMEOUT_MS: optInt(100, 120_000),
  VENDOR_RETRIES: optInt(0, 10),
  ...perVendorHttp(),
  /** wolkvox tokens a day (licenses × 1000 per its docs); 0: not counted against a budget. */
  WOLKVOX_DAILY_TOKENS: int(0, 0, 100_000_000),
  /** How long wolkvox may keep working on a call we abandoned (its documented 60 s): it still holds a token slot. */
  WOLKVOX_CALL_LIMIT_MS: int(60_000, 0, 600_000),
  /** Identical wolkvox report windows within this long are answered from one call (its docs: every 5 minutes). */
  WOLKVOX_CADENCE_MS: int(300_000, 0, 3_600_000),
  /** How long (ms) an identical vendor read may be shared between clients' GraphQL requests; 0: only reads in flight. */
  VENDOR_SHARE_MS: int(250, 0, 10_000),
  /** Background vendor health probe interval (src/services/vendorProbe.ts); 0: probe once at start only. */
  VENDOR_PROBE_MS: int(30_000, 0, 3_600_000),
  /** Oldest last-good snapshot the read graph serves (stale) while a vendor is down; 0 disables it. */
  CCGRAPH_STALE_MAX_AGE_MS: int(900_000, 0, 86_400_000),

  /** Poll intervals (ms) of the live path. wolkvox asks for at most one poll every 5 minutes. */
  POLL_SINCH_MS: int(2000, 500, 3_600_000),
  POLL_COBROWSER_MS: int(5000, 1000, 3_600_000),
  POLL_WOLKVOX_MS: int(300_000, 300_000, 86_400_000),

  /** Embedded simulator (used when no vendor is configured). */
  SIM_SEED: int(42, 0, 2 ** 31 - 1),
  SIM_AGENTS: int(50, 1, 20_000),
  SIM_QUEUES: int(6, 1, 500),
  SIM_PORT: int(0, 0, 65535),
  /** Simulated milliseconds per real millisecond (1 = real time). */
  SIM_SPEED: int(1, 1, 1000),
  /** Embedded simulator answers with variants of the documented shapes: `1` (all vendors) or e.g. `sinch,thulium`. */
  SIM_VARIANTS: z
    .string()
    .trim()
    .regex(/^(|0|1|true|false|all|((sinch|cobrowser|thulium|wolkvox|ccagent)(\s*,\s*(sinch|cobrowser|thulium|wolkvox|ccagent))*))$/i, 'must be 1 or a comma list of vendors')
    .default(''),

  /** Serve the Apollo Federation v2 subgraph schema (Agent and Queue as entities) instead of the plain one. */
  CCGRAPH_FEDERATION: bool(false),
  /** JSON manifest `{ "<sha256>": "<document>" }` of persisted operations (see docs/operations.md). */
  CCGRAPH_PERSISTED_OPERATIONS: optionalString,
  /** Only persisted operations may run; any other document is refused (needs CCGRAPH_PERSISTED_OPERATIONS). */
  CCGRAPH_PERSISTED_ONLY: bool(false),
  /** Tracing exporter: off, console, or otlp (default otlp when OTEL_EXPORTER_OTLP_ENDPOINT is set, else off). */
  CCGRAPH_TRACING: z.enum(['off', 'console', 'otlp']).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: url('OTEL_EXPORTER_OTLP_ENDPOINT'),
  OTEL_SERVICE_NAME: optionalString,
  /** The MCP server at /mcp (src/mcp), behind the same client authentication as /graphql. */
  CCGRAPH_MCP: bool(true),
  /** The credential `npm run mcp` (stdio) presents to the graph when client auth is on. */
  CCGRAPH_MCP_API_KEY: optionalString,
});

const VENDOR_CREDENTIALS: Array<[string, string[]]> = [
  ['SINCH_BASE_URL', ['SINCH_USERNAME', 'SINCH_PASSWORD']],
  ['COBROWSER_BASE_URL', ['COBROWSER_USER', 'COBROWSER_API_KEY']],
  ['WOLKVOX_BASE_URL', ['WOLKVOX_TOKEN']],
  ['THULIUM_BASE_URL', ['THULIUM_USERNAME', 'THULIUM_PASSWORD']],
  ['CCAGENT_BASE_URL', ['CCAGENT_API_KEY']],
];

export interface VendorHttpSettings {
  baseUrl: string;
  /** `<VENDOR>_TIMEOUT_MS`, else VENDOR_TIMEOUT_MS, else VENDOR_HTTP_DEFAULTS. */
  timeoutMs: number;
  /** `<VENDOR>_RETRIES`, else VENDOR_RETRIES, else VENDOR_HTTP_DEFAULTS. */
  retries: number;
  /** `<VENDOR>_MAX_BODY_MB` in bytes: a longer answer is cut off while streaming, never retried. */
  maxBodyBytes: number;
  /** VENDOR_SHARE_MS (src/vendors/http.ts `resultShareMs`). */
  resultShareMs: number;
}

export interface Config {
  port: number;
  host: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  production: boolean;
  vendors: {
    sinch?: VendorHttpSettings & { username: string; password: string; auth: 'basic' | 'session'; language: string };
    cobrowser?: VendorHttpSettings & { user: string; apiKey: string };
    wolkvox?: VendorHttpSettings & { token: string; dailyTokens: number; callLimitMs: number; cadenceMs: number; redisUrl?: string; timeZone: string };
    thulium?: VendorHttpSettings & { username: string; password: string; timeZone: string };
    ccagent?: VendorHttpSettings & { apiKey: string };
  };
  identitiesFile: string | undefined;
  /** CCGRAPH_TIMEZONE (IANA, default UTC): "today" and report buckets. */
  timeZone: string;
  redisUrl: string | undefined;
  /** CCGRAPH_STALE_MAX_AGE_MS: live read fields serve last good snapshots up to this age while a vendor is down. */
  staleMaxAgeMs: number;
  /** VENDOR_PROBE_MS: how often each vendor is probed for `vendors { reachable }` (0: at start only). */
  probeMs: number;
  poll: { sinchMs: number; cobrowserMs: number; wolkvoxMs: number };
  /** True when no vendor is configured: the gateway runs against the embedded simulator. */
  useSimulator: boolean;
  simulator: { seed: number; agents: number; queues: number; port: number; speed: number; variants: string };
  /** Every secret value configured, so logs and tests can prove none leaks. */
  secrets: string[];
  /** Client authentication (CCGRAPH_API_KEYS, CCGRAPH_JWT_*, CCGRAPH_JWKS_URL); see src/security/config.ts. */
  auth: AuthConfig;
  /** Request limits (CCGRAPH_MAX_*, CCGRAPH_INTROSPECTION, CCGRAPH_GRAPHIQL, …); see src/security/config.ts. */
  limits: LimitsConfig;
  /** CCGRAPH_FEDERATION: serve the subgraph schema (src/federation). */
  federation: boolean;
  /** Persisted operations (src/persisted): manifest path, and whether only those may run. */
  persisted: { manifestPath: string | undefined; only: boolean };
  /** CCGRAPH_MCP: serve MCP at /mcp (src/mcp). */
  mcp: boolean;
  /** CCGRAPH_MCP_API_KEY: the key the stdio MCP entry sends as `x-api-key` (when client auth is on). */
  mcpApiKey: string | undefined;
  /** OpenTelemetry tracing (src/observability/tracing.ts). */
  tracing: { exporter: 'off' | 'console' | 'otlp'; otlpEndpoint: string | undefined; serviceName: string };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses an environment (default `process.env`). Throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.') || '(env)'}: ${issue.message}`);
    }
  }
  // Missing credentials are checked on the raw env too, so one run reports every problem.
  const present = (name: string) => (env[name] ?? '').trim() !== '';
  for (const [base, creds] of VENDOR_CREDENTIALS) {
    if (!present(base)) continue;
    for (const c of creds) if (!present(c)) problems.push(`${c}: required when ${base} is set`);
  }
  if (/^(1|true|yes|on)$/i.test(env.CCGRAPH_PERSISTED_ONLY ?? '') && !present('CCGRAPH_PERSISTED_OPERATIONS')) {
    problems.push('CCGRAPH_PERSISTED_ONLY: requires CCGRAPH_PERSISTED_OPERATIONS (the manifest of allowed operations)');
  }
  if (env.CCGRAPH_TRACING === 'otlp' && !present('OTEL_EXPORTER_OTLP_ENDPOINT')) {
    problems.push('CCGRAPH_TRACING: otlp requires OTEL_EXPORTER_OTLP_ENDPOINT');
  }
  const security = parseSecurityEnv(env);
  problems.push(...security.problems);
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const vendorEnv = e as unknown as Record<string, number | undefined>;
  const http = (vendor: VendorKey, baseUrl: string): VendorHttpSettings => {
    const d = VENDOR_HTTP_DEFAULTS[vendor];
    const own = (name: string) => vendorEnv[`${PREFIX[vendor]}_${name}`];
    return {
      baseUrl: baseUrl.replace(/\/+$/, ''),
      timeoutMs: own('TIMEOUT_MS') ?? e.VENDOR_TIMEOUT_MS ?? d.timeoutMs,
      retries: own('RETRIES') ?? e.VENDOR_RETRIES ?? d.retries,
      maxBodyBytes: (own('MAX_BODY_MB') ?? d.maxBodyMb) * 1024 * 1024,
      resultShareMs: e.VENDOR_SHARE_MS,
    };
  };

  const zone = e.CCGRAPH_TIMEZONE ?? DEFAULT_TIME_ZONE;
  const vendors: Config['vendors'] = {};
  if (e.SINCH_BASE_URL) {
    vendors.sinch = {
      ...http('sinch', e.SINCH_BASE_URL),
      username: e.SINCH_USERNAME ?? '',
      password: e.SINCH_PASSWORD ?? '',
      auth: e.SINCH_AUTH,
      language: e.SINCH_LANGUAGE.toLowerCase(),
    };
  }
  if (e.COBROWSER_BASE_URL) {
    vendors.cobrowser = { ...http('cobrowser', e.COBROWSER_BASE_URL), user: e.COBROWSER_USER ?? '', apiKey: e.COBROWSER_API_KEY ?? '' };
  }
  if (e.WOLKVOX_BASE_URL) {
    vendors.wolkvox = {
      ...http('wolkvox', e.WOLKVOX_BASE_URL),
      token: e.WOLKVOX_TOKEN ?? '',
      timeZone: e.WOLKVOX_TIMEZONE ?? zone,
      dailyTokens: e.WOLKVOX_DAILY_TOKENS,
      callLimitMs: e.WOLKVOX_CALL_LIMIT_MS,
      cadenceMs: e.WOLKVOX_CADENCE_MS,
      // Two gateways sharing a token share its limits through Redis.
      ...(e.REDIS_URL ? { redisUrl: e.REDIS_URL } : {}),
    };
  }
  if (e.THULIUM_BASE_URL) {
    vendors.thulium = {
      ...http('thulium', e.THULIUM_BASE_URL),
      username: e.THULIUM_USERNAME ?? '',
      password: e.THULIUM_PASSWORD ?? '',
      timeZone: e.THULIUM_TIMEZONE ?? zone,
    };
  }
  if (e.CCAGENT_BASE_URL) {
    vendors.ccagent = { ...http('ccagent', e.CCAGENT_BASE_URL), apiKey: e.CCAGENT_API_KEY ?? '' };
  }
  const secrets = [
    e.SINCH_PASSWORD,
    e.COBROWSER_API_KEY,
    e.WOLKVOX_TOKEN,
    e.THULIUM_PASSWORD,
    e.CCAGENT_API_KEY,
    e.CCGRAPH_MCP_API_KEY,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);

  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    vendors,
    identitiesFile: e.CCGRAPH_IDENTITIES,
    timeZone: zone,
    redisUrl: e.REDIS_URL,
    staleMaxAgeMs: e.CCGRAPH_STALE_MAX_AGE_MS,
    probeMs: e.VENDOR_PROBE_MS,
    poll: { sinchMs: e.POLL_SINCH_MS, cobrowserMs: e.POLL_COBROWSER_MS, wolkvoxMs: e.POLL_WOLKVOX_MS },
    useSimulator: Object.keys(vendors).length === 0,
    simulator: { seed: e.SIM_SEED, agents: e.SIM_AGENTS, queues: e.SIM_QUEUES, port: e.SIM_PORT, speed: e.SIM_SPEED, variants: e.SIM_VARIANTS },
    secrets: [...secrets, ...security.secrets],
    auth: security.auth,
    limits: security.limits,
    federation: e.CCGRAPH_FEDERATION,
    persisted: { manifestPath: e.CCGRAPH_PERSISTED_OPERATIONS, only: e.CCGRAPH_PERSISTED_ONLY },
    mcp: e.CCGRAPH_MCP,
    mcpApiKey: e.CCGRAPH_MCP_API_KEY,
    tracing: {
      exporter: e.CCGRAPH_TRACING ?? (e.OTEL_EXPORTER_OTLP_ENDPOINT ? 'otlp' : 'off'),
      otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: e.OTEL_SERVICE_NAME ?? 'ccgraph',
    },
  };
}
