import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('defaults to the embedded simulator on port 4000 when no vendor is configured', () => {
    const c = loadConfig({});
    expect(c.useSimulator).toBe(true);
    expect(c.port).toBe(4000);
    expect(c.vendors).toEqual({});
    expect(c.redisUrl).toBeUndefined();
  });

  it('enables a vendor when its base URL is set, trimming the trailing slash', () => {
    const c = loadConfig({ SINCH_BASE_URL: 'http://rmi:8080/RI/rmi/', SINCH_USERNAME: 'u', SINCH_PASSWORD: 'p4ss' });
    expect(c.useSimulator).toBe(false);
    expect(c.vendors.sinch).toMatchObject({ baseUrl: 'http://rmi:8080/RI/rmi', username: 'u', password: 'p4ss' });
    expect(c.secrets).toEqual(['p4ss']);
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: '99999',
        COBROWSER_BASE_URL: 'not a url',
        THULIUM_BASE_URL: 'https://acme.thulium.com',
        REDIS_URL: 'http://wrong',
        POLL_WOLKVOX_MS: '1000',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'COBROWSER_BASE_URL', 'THULIUM_USERNAME', 'THULIUM_PASSWORD', 'REDIS_URL', 'POLL_WOLKVOX_MS']) {
      expect(problems).toContain(name);
    }
  });

  it('collects configured secrets so logs and tests can prove none leaks', () => {
    const c = loadConfig({
      COBROWSER_BASE_URL: 'https://client.cobrowser.net',
      COBROWSER_USER: 'acme',
      COBROWSER_API_KEY: 'cb-key-123',
      CCAGENT_BASE_URL: 'https://pbx.example.com',
      CCAGENT_API_KEY: 'cc-key-456',
      WOLKVOX_BASE_URL: 'https://wv0001.wolkvox.com',
      WOLKVOX_TOKEN: 'wv-token-789',
    });
    expect(c.secrets.sort()).toEqual(['cb-key-123', 'cc-key-456', 'wv-token-789']);
  });

  it('per-vendor timeouts, retries and body caps: own variable, else the global fallback, else the vendor default', () => {
    const base = {
      SINCH_BASE_URL: 'http://s', SINCH_USERNAME: 'u', SINCH_PASSWORD: 'p',
      WOLKVOX_BASE_URL: 'http://w', WOLKVOX_TOKEN: 't',
      THULIUM_BASE_URL: 'http://t', THULIUM_USERNAME: 'u', THULIUM_PASSWORD: 'p',
    };
    const d = loadConfig(base).vendors;
    expect(d.wolkvox).toMatchObject({ timeoutMs: 60_000, retries: 1, maxBodyBytes: 64 * 1048576, dailyTokens: 0, callLimitMs: 60_000, cadenceMs: 300_000 });
    expect(d.thulium).toMatchObject({ timeoutMs: 30_000, retries: 2 });
    expect(d.sinch).toMatchObject({ timeoutMs: 5_000, retries: 2 });
    const g = loadConfig({ ...base, VENDOR_TIMEOUT_MS: '900', VENDOR_RETRIES: '0', WOLKVOX_TIMEOUT_MS: '45000', THULIUM_RETRIES: '4', WOLKVOX_DAILY_TOKENS: '5000', THULIUM_MAX_BODY_MB: '200' }).vendors;
    expect(g.wolkvox).toMatchObject({ timeoutMs: 45_000, retries: 0, dailyTokens: 5000 });
    expect(g.thulium).toMatchObject({ timeoutMs: 900, retries: 4, maxBodyBytes: 200 * 1048576 });
    expect(g.sinch).toMatchObject({ timeoutMs: 900, retries: 0 });
    expect(() => loadConfig({ ...base, WOLKVOX_RETRIES: 'many', SINCH_TIMEOUT_MS: '5' })).toThrow(/WOLKVOX_RETRIES[\s\S]*SINCH_TIMEOUT_MS|SINCH_TIMEOUT_MS[\s\S]*WOLKVOX_RETRIES/);
  });
});
