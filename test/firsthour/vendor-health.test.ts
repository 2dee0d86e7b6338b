/**
 * `vendors` answers from the background probe (issue 17): never null for a configured vendor once the gateway
 * listens, with latency and last success/failure, and it follows a vendor going down and coming back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

const VENDORS_QUERY = /* GraphQL */ `
  {
    vendors {
      vendor configured reachable lastErrorCode lastErrorAt lastSuccessAt circuit
      probe { at ok latencyMs errorCode lastSuccessAt lastFailureAt method }
    }
  }
`;

async function waitFor<T>(fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('vendors health from the background probe', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { VENDOR_PROBE_MS: '300', VENDOR_TIMEOUT_MS: '2000', VENDOR_RETRIES: '0' } });
  });
  afterAll(() => stack?.close());

  it('knows every configured vendor on the first answer, before any query called them', async () => {
    const { body } = await stack.run(VENDORS_QUERY);
    expect(body.errors).toBeUndefined();
    const vendors = body.data.vendors as Array<Record<string, any>>;
    expect(vendors.map((v) => v.vendor)).toEqual(['SINCH', 'COBROWSER', 'THULIUM', 'WOLKVOX', 'CCAGENT']);
    for (const v of vendors) {
      expect(v, v.vendor).toMatchObject({ configured: true, reachable: true, circuit: 'CLOSED' });
      expect(v.probe, v.vendor).toMatchObject({ ok: true, errorCode: null, latencyMs: expect.any(Number) });
      expect(Date.parse(v.probe.lastSuccessAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(v.lastSuccessAt).not.toBeNull();
    }
    expect(vendors.find((v) => v.vendor === 'CCAGENT')!.probe.method).toMatch(/TCP connect/);
  });

  it('reports a vendor that stops answering as unreachable, and reachable again when it is back', async () => {
    stack.sim.faults.set('sinch', { timeout: true });
    const down = await waitFor(async () => {
      const { body } = await stack.run(VENDORS_QUERY);
      const s = (body.data.vendors as Array<Record<string, any>>).find((v) => v.vendor === 'SINCH')!;
      return s.reachable === false ? s : undefined;
    }, 10_000);
    expect(down.probe).toMatchObject({ ok: false, errorCode: 'TIMEOUT' });
    expect(down.lastErrorCode).toBe('TIMEOUT');
    expect(down.probe.lastFailureAt).not.toBeNull();

    stack.sim.faults.clear('sinch');
    const up = await waitFor(async () => {
      const { body } = await stack.run(VENDORS_QUERY);
      const s = (body.data.vendors as Array<Record<string, any>>).find((v) => v.vendor === 'SINCH')!;
      return s.reachable === true && s.probe.ok ? s : undefined;
    }, 20_000);
    expect(Date.parse(up.probe.lastSuccessAt)).toBeGreaterThan(Date.parse(down.probe.lastFailureAt));
  });

  it('counts an error answer as reachable (the vendor answered)', async () => {
    stack.sim.faults.set('cobrowser', { status: 500 });
    try {
      const s = await waitFor(async () => {
        const { body } = await stack.run(VENDORS_QUERY);
        const c = (body.data.vendors as Array<Record<string, any>>).find((v) => v.vendor === 'COBROWSER')!;
        return c.probe.ok === false ? c : undefined;
      }, 10_000);
      expect(s.probe.errorCode).toBe('SERVER_ERROR');
      expect(s.reachable).toBe(true);
    } finally {
      stack.sim.faults.clear('cobrowser');
    }
  });
});
