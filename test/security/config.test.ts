import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { sha256Hex } from './harness.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('security configuration', () => {
  it('defaults: demo mode (auth off) and sane limits', () => {
    const c = loadConfig({});
    expect(c.auth).toEqual({ enabled: false, apiKeys: [], jwt: undefined, trustProxy: false });
    expect(c.limits).toEqual({
      maxDepth: 12,
      maxAliases: 15,
      maxDirectives: 20,
      maxTokens: 2000,
      maxCost: 175_000,
      costBudgetPerMinute: 2_000_000,
      maxBodyBytes: 1_000_000,
      introspection: true,
      graphiql: true,
      blockFieldSuggestions: false,
      csrfPrevention: true,
      maxWsConnectionsPerIp: 20,
      maxSubscriptionsPerConnection: 25,
    });
  });

  it('parses API keys in both forms and JWT settings; the JWT secret joins the redaction list', () => {
    const h1 = sha256Hex('k1');
    const h2 = sha256Hex('k2');
    const c = loadConfig({
      CCGRAPH_API_KEYS: ` viewer:${h1} , admin:${h2.toUpperCase()} `,
      CCGRAPH_JWT_SECRET: 's'.repeat(40),
      CCGRAPH_JWT_ISSUER: 'https://idp',
      CCGRAPH_JWT_AUDIENCE: 'ccgraph, wallboard',
      CCGRAPH_JWT_ROLES_CLAIM: 'realm_access.roles',
      CCGRAPH_MAX_DEPTH: '8',
    });
    expect(c.auth.enabled).toBe(true);
    expect(c.auth.apiKeys).toEqual([
      { name: 'api-key-1', role: 'viewer', sha256: h1 },
      { name: 'api-key-2', role: 'admin', sha256: h2 },
    ]);
    expect(c.auth.jwt).toMatchObject({ issuer: 'https://idp', audience: ['ccgraph', 'wallboard'], rolesClaim: 'realm_access.roles', clockToleranceSec: 30 });
    expect(c.secrets).toContain('s'.repeat(40));
    expect(c.limits.maxDepth).toBe(8);

    const json = loadConfig({ CCGRAPH_API_KEYS: JSON.stringify([{ name: 'wallboard', role: 'viewer', sha256: h1 }]) });
    expect(json.auth.apiKeys).toEqual([{ name: 'wallboard', role: 'viewer', sha256: h1 }]);
  });

  it('lists every problem at once, never echoing a value', () => {
    const rawKey = 'my-raw-api-key-pasted-by-mistake';
    const problems = problemsOf({
      CCGRAPH_API_KEYS: `viewer:${rawKey},root:${sha256Hex('x')},nocolon`,
      CCGRAPH_JWT_SECRET: 'short-secret',
      CCGRAPH_JWKS_URL: 'ftp://keys',
      CCGRAPH_MAX_DEPTH: '0',
      CCGRAPH_MAX_COST: 'lots',
      CCGRAPH_INTROSPECTION: 'maybe',
      CCGRAPH_MAX_BODY_BYTES: '10',
      PORT: '99999',
    });
    const text = problems.join('\n');
    expect(text).toContain('CCGRAPH_API_KEYS: entry 1: must be 64 hex characters (store the SHA-256 of the key, not the key)');
    expect(text).toContain('CCGRAPH_API_KEYS: entry 2: role must be one of viewer, supervisor, admin');
    expect(text).toContain('CCGRAPH_API_KEYS: entry 3: expected <role>:<sha256-hex>');
    expect(text).toContain('not both');
    expect(text).toContain('CCGRAPH_JWT_SECRET: must be at least 32 bytes');
    expect(text).toContain('CCGRAPH_JWKS_URL: must be an http(s) URL');
    for (const name of ['CCGRAPH_MAX_DEPTH', 'CCGRAPH_MAX_COST', 'CCGRAPH_INTROSPECTION', 'CCGRAPH_MAX_BODY_BYTES', 'PORT']) {
      expect(text).toContain(name);
    }
    expect(text).not.toContain(rawKey);
    expect(text).not.toContain('short-secret');
  });

  it('rejects malformed JSON key lists, duplicates, and JWT options without a JWT key source', () => {
    expect(problemsOf({ CCGRAPH_API_KEYS: '[{"name":"a"' }).join()).toContain('not valid JSON');
    expect(problemsOf({ CCGRAPH_API_KEYS: '[{"name":"a","role":"boss","sha256":"00"}]' }).join('\n')).toMatch(
      /entry 1: role must be one of.*\n.*entry 1: sha256 must be 64 hex/,
    );
    const h = sha256Hex('k');
    expect(problemsOf({ CCGRAPH_API_KEYS: `viewer:${h},admin:${h}` }).join()).toContain('entry 2: the same key hash is listed twice');
    expect(problemsOf({ CCGRAPH_JWT_ISSUER: 'https://idp' })).toEqual([
      'CCGRAPH_JWT_ISSUER: needs CCGRAPH_JWT_SECRET or CCGRAPH_JWKS_URL',
    ]);
  });

  it('CCGRAPH_JWT_MAX_LIFETIME_S (default 24 h, 0 = none) and CCGRAPH_METRICS_TOKEN (a secret, at least 16 bytes)', () => {
    const secret = 'x'.repeat(32);
    expect(loadConfig({ CCGRAPH_JWT_SECRET: secret }).auth.jwt?.maxLifetimeSec).toBe(86_400);
    expect(loadConfig({ CCGRAPH_JWT_SECRET: secret, CCGRAPH_JWT_MAX_LIFETIME_S: '0' }).auth.jwt?.maxLifetimeSec).toBe(0);
    expect(problemsOf({ CCGRAPH_JWT_SECRET: secret, CCGRAPH_JWT_MAX_LIFETIME_S: '-1' }).join()).toContain('CCGRAPH_JWT_MAX_LIFETIME_S');
    const c = loadConfig({ CCGRAPH_METRICS_TOKEN: 'scrape-token-0123456789' });
    expect(c.auth.metricsToken).toBe('scrape-token-0123456789');
    expect(c.secrets).toContain('scrape-token-0123456789');
    const problems = problemsOf({ CCGRAPH_METRICS_TOKEN: 'short-token' });
    expect(problems).toEqual(['CCGRAPH_METRICS_TOKEN: must be at least 16 bytes']);
  });
});
