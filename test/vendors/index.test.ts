import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { closeConnectors, createConnectors, redactUrl } from '../../src/vendors/index.js';

describe('createConnectors', () => {
  it('creates only the configured vendors, each healthy-but-untried', async () => {
    const config = loadConfig({
      SINCH_BASE_URL: 'http://127.0.0.1:9/RI/rmi',
      SINCH_USERNAME: 'u',
      SINCH_PASSWORD: 'p-secret-1',
      CCAGENT_BASE_URL: 'http://127.0.0.1:9/cc',
      CCAGENT_API_KEY: 'k-secret-2',
    });
    const c = createConnectors(config.vendors, { secrets: config.secrets });
    expect(Object.keys(c).sort()).toEqual(['ccagent', 'sinch']);
    expect(c.cobrowser).toBeUndefined();
    expect(c.sinch!.vendor).toBe('sinch');
    expect(c.sinch!.health()).toEqual({
      vendor: 'sinch',
      configured: true,
      reachable: null,
      lastErrorCode: null,
      lastErrorAt: null,
      lastSuccessAt: null,
      circuit: 'CLOSED',
    });
    await closeConnectors(c);
    expect(createConnectors({})).toEqual({});
  });

  it('re-exports redactUrl for logs', () => {
    expect(redactUrl('http://h/api/cc_agent/checkIn?user_id=1&api_key=abc', [])).not.toContain('abc');
  });
});
