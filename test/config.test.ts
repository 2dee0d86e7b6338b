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
});
