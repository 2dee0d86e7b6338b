/**
 * Security settings from the environment: client authentication and request limits.
 * Called by src/config.ts (the only reader of `process.env`), which passes the raw env in and merges the
 * problems found here into its own ConfigError, so one run reports every problem.
 *
 * Problems never echo a value: an operator who pastes a raw API key where its hash belongs must not find
 * the key in the logs.
 */
import { z } from 'zod';
import { ROLES as AUTH_ROLES, type Role } from './roles.js';

export interface ApiKeyEntry {
  /** Shown as the subject of requests made with this key; never the key itself. */
  name: string;
  role: Role;
  /** Lower-case hex SHA-256 of the key. */
  sha256: string;
}

export interface JwtSettings {
  /** HS256 shared secret (exclusive with jwksUrl). */
  secret: string | undefined;
  /** JWKS endpoint for asymmetric keys (exclusive with secret). */
  jwksUrl: string | undefined;
  issuer: string | undefined;
  audience: string[] | undefined;
  /** Claim holding the roles (dotted path allowed, e.g. `realm_access.roles`); unset: `roles`, then `role`. */
  rolesClaim: string | undefined;
  clockToleranceSec: number;
  /** Longest accepted token lifetime (`exp` − `iat`, or `exp` − now without `iat`); 0: no maximum. */
  maxLifetimeSec: number;
}

export interface AuthConfig {
  /** False in demo mode (nothing configured): every operation is allowed. */
  enabled: boolean;
  apiKeys: ApiKeyEntry[];
  jwt: JwtSettings | undefined;
  /** Take the client address from the last X-Forwarded-For hop (exactly one trusted proxy in front). */
  trustProxy: boolean;
  /** Bearer token a Prometheus scraper may use for /metrics when auth is on (besides an admin credential). */
  metricsToken: string | undefined;
}

export interface LimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Largest cost one operation may have (src/schema/cost.ts, docs/errors.md). */
  maxCost: number;
  /** Cost units a client may spend per minute; 0: no budget. */
  costBudgetPerMinute: number;
  /** HTTP request body (and websocket message) size limit in bytes. */
  maxBodyBytes: number;
  introspection: boolean;
  graphiql: boolean;
  /** Hide "Did you mean …?" hints; on whenever introspection is off, since they leak the schema. */
  blockFieldSuggestions: boolean;
  csrfPrevention: boolean;
  maxWsConnectionsPerIp: number;
  maxSubscriptionsPerConnection: number;
}

/** Calibrated by test/cost/calibration.test.ts (docs/errors.md, "Demand control"). */
export const DEFAULT_MAX_COST = 175_000;
/** A wallboard every 2 s plus someone exploring in GraphiQL, with room to spare (see the same test). */
export const DEFAULT_COST_BUDGET_PER_MINUTE = 2_000_000;

export interface SecurityEnv {
  auth: AuthConfig;
  limits: LimitsConfig;
  /** Secret values (for redaction lists). */
  secrets: string[];
  problems: string[];
}

const str = (env: Record<string, string | undefined>, name: string): string | undefined => {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

const SHA256_HEX = /^[0-9a-f]{64}$/i;

const apiKeyJson = z.array(
  z.object({
    name: z.string().trim().min(1).max(100),
    role: z.enum(AUTH_ROLES),
    sha256: z.string().regex(SHA256_HEX),
  }),
);

/** `CCGRAPH_API_KEYS`: `role:sha256hex,…` or a JSON array of `{ name, role, sha256 }`. */
export function parseApiKeys(raw: string, problems: string[]): ApiKeyEntry[] {
  const name = 'CCGRAPH_API_KEYS';
  const keys: ApiKeyEntry[] = [];
  if (raw.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      problems.push(`${name}: not valid JSON (expected an array of { name, role, sha256 })`);
      return [];
    }
    const parsed = apiKeyJson.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [index, field] = issue.path;
        const hint =
          field === 'sha256'
            ? 'must be 64 hex characters (store the SHA-256 of the key, not the key)'
            : field === 'role'
              ? `must be one of ${AUTH_ROLES.join(', ')}`
              : 'is missing or invalid';
        problems.push(`${name}: entry ${typeof index === 'number' ? index + 1 : '?'}: ${String(field ?? 'entry')} ${hint}`);
      }
      return [];
    }
    for (const k of parsed.data) keys.push({ name: k.name, role: k.role, sha256: k.sha256.toLowerCase() });
  } else {
    raw.split(',').forEach((entry, i) => {
      const trimmed = entry.trim();
      if (trimmed === '') return;
      const colon = trimmed.indexOf(':');
      const role = colon < 0 ? '' : trimmed.slice(0, colon).trim();
      const hash = colon < 0 ? '' : trimmed.slice(colon + 1).trim();
      if (colon < 0) {
        problems.push(`${name}: entry ${i + 1}: expected <role>:<sha256-hex>`);
        return;
      }
      if (!(AUTH_ROLES as readonly string[]).includes(role)) {
        problems.push(`${name}: entry ${i + 1}: role must be one of ${AUTH_ROLES.join(', ')}`);
        return;
      }
      if (!SHA256_HEX.test(hash)) {
        problems.push(`${name}: entry ${i + 1}: must be 64 hex characters (store the SHA-256 of the key, not the key)`);
        return;
      }
      keys.push({ name: `api-key-${i + 1}`, role: role as Role, sha256: hash.toLowerCase() });
    });
    if (keys.length === 0 && problems.length === 0) problems.push(`${name}: no key listed`);
  }
  const seenHash = new Set<string>();
  const seenName = new Set<string>();
  keys.forEach((k, i) => {
    if (seenHash.has(k.sha256)) problems.push(`${name}: entry ${i + 1}: the same key hash is listed twice`);
    if (seenName.has(k.name)) problems.push(`${name}: entry ${i + 1}: the name is listed twice`);
    seenHash.add(k.sha256);
    seenName.add(k.name);
  });
  return keys;
}

export function parseSecurityEnv(env: Record<string, string | undefined>): SecurityEnv {
  const problems: string[] = [];
  const production = str(env, 'NODE_ENV') === 'production';

  const int = (name: string, def: number, min: number, max: number): number => {
    const v = str(env, name);
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}: must be an integer from ${min} to ${max}`);
      return def;
    }
    return n;
  };
  const bool = (name: string, def: boolean): boolean => {
    const v = str(env, name);
    if (v === undefined) return def;
    if (/^(1|true|yes|on)$/i.test(v)) return true;
    if (/^(0|false|no|off)$/i.test(v)) return false;
    problems.push(`${name}: must be true or false`);
    return def;
  };

  // --- authentication
  const rawKeys = str(env, 'CCGRAPH_API_KEYS');
  const apiKeys = rawKeys === undefined ? [] : parseApiKeys(rawKeys, problems);

  const secret = str(env, 'CCGRAPH_JWT_SECRET');
  const jwksUrl = str(env, 'CCGRAPH_JWKS_URL');
  if (secret !== undefined && jwksUrl !== undefined) {
    problems.push('CCGRAPH_JWT_SECRET: set either CCGRAPH_JWT_SECRET or CCGRAPH_JWKS_URL, not both');
  }
  if (secret !== undefined && Buffer.byteLength(secret) < 32) {
    problems.push('CCGRAPH_JWT_SECRET: must be at least 32 bytes (HS256 needs a 256-bit key)');
  }
  if (jwksUrl !== undefined && !/^https?:\/\/[^\s]+$/i.test(jwksUrl)) {
    problems.push('CCGRAPH_JWKS_URL: must be an http(s) URL');
  }
  const jwtOnly = ['CCGRAPH_JWT_ISSUER', 'CCGRAPH_JWT_AUDIENCE', 'CCGRAPH_JWT_ROLES_CLAIM'] as const;
  if (secret === undefined && jwksUrl === undefined) {
    for (const n of jwtOnly) {
      if (str(env, n) !== undefined) problems.push(`${n}: needs CCGRAPH_JWT_SECRET or CCGRAPH_JWKS_URL`);
    }
  }
  const audience = str(env, 'CCGRAPH_JWT_AUDIENCE')
    ?.split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const clockToleranceSec = int('CCGRAPH_JWT_CLOCK_TOLERANCE_S', 30, 0, 600);
  const maxLifetimeSec = int('CCGRAPH_JWT_MAX_LIFETIME_S', 86_400, 0, 31_536_000);
  const jwt: JwtSettings | undefined =
    secret !== undefined || jwksUrl !== undefined
      ? {
          secret,
          jwksUrl,
          issuer: str(env, 'CCGRAPH_JWT_ISSUER'),
          audience: audience && audience.length > 0 ? audience : undefined,
          rolesClaim: str(env, 'CCGRAPH_JWT_ROLES_CLAIM'),
          clockToleranceSec,
          maxLifetimeSec,
        }
      : undefined;

  const metricsToken = str(env, 'CCGRAPH_METRICS_TOKEN');
  if (metricsToken !== undefined && Buffer.byteLength(metricsToken) < 16) {
    problems.push('CCGRAPH_METRICS_TOKEN: must be at least 16 bytes');
  }
  const auth: AuthConfig = {
    enabled: apiKeys.length > 0 || jwt !== undefined,
    apiKeys,
    jwt,
    trustProxy: bool('CCGRAPH_TRUST_PROXY', false),
    metricsToken,
  };

  // --- limits
  const introspection = bool('CCGRAPH_INTROSPECTION', !production);
  const limits: LimitsConfig = {
    maxDepth: int('CCGRAPH_MAX_DEPTH', 12, 1, 100),
    maxAliases: int('CCGRAPH_MAX_ALIASES', 15, 0, 1000),
    maxDirectives: int('CCGRAPH_MAX_DIRECTIVES', 20, 0, 1000),
    maxTokens: int('CCGRAPH_MAX_TOKENS', 2000, 50, 1_000_000),
    maxCost: int('CCGRAPH_MAX_COST', DEFAULT_MAX_COST, 1, 100_000_000),
    costBudgetPerMinute: int('CCGRAPH_COST_BUDGET_PER_MINUTE', DEFAULT_COST_BUDGET_PER_MINUTE, 0, 1_000_000_000),
    maxBodyBytes: int('CCGRAPH_MAX_BODY_BYTES', 1_000_000, 1024, 100_000_000),
    introspection,
    graphiql: bool('CCGRAPH_GRAPHIQL', !production),
    blockFieldSuggestions: !introspection,
    csrfPrevention: bool('CCGRAPH_CSRF_PREVENTION', true),
    maxWsConnectionsPerIp: int('CCGRAPH_MAX_WS_CONNECTIONS_PER_IP', 20, 1, 100_000),
    maxSubscriptionsPerConnection: int('CCGRAPH_MAX_SUBSCRIPTIONS_PER_CONNECTION', 25, 1, 10_000),
  };

  if (limits.costBudgetPerMinute > 0 && limits.costBudgetPerMinute < limits.maxCost) {
    problems.push('CCGRAPH_COST_BUDGET_PER_MINUTE: must be 0 (off) or at least CCGRAPH_MAX_COST, or the largest allowed operations could never run');
  }

  const secrets = [...(secret === undefined ? [] : [secret]), ...(metricsToken === undefined ? [] : [metricsToken])];
  return { auth, limits, secrets, problems };
}
