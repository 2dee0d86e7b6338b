// Thulium names its failed requests in X-Request-Id (field-notes.md): the id reaches the error
// (`extensions.vendorRequestId`) and one pino line, so its support can trace the call; nothing else of the answer does.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { VendorError } from '../../src/domain/errors.js';
import { createLogger } from '../../src/logger.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { startSimulator } from '../../src/simulator/index.js';
import { ThuliumClient } from '../../src/vendors/thulium/index.js';
import { createGraph, errorsWithCode } from '../helpers/graph.js';
import { caught, json, startServer, type TestServer } from './helpers.js';

const PASSWORD = 'th-S3cret-pw';
const q = { logins: ['ana'], from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-01-02T00:00:00Z') };

let server: TestServer | undefined;
let client: ThuliumClient | undefined;
let gateway: Gateway | undefined;
afterEach(async () => {
  await client?.close();
  await gateway?.close({ drainMs: 50 });
  await server?.close();
  server = client = gateway = undefined;
});

async function thulium(status: number, requestId: string | undefined) {
  server = await startServer((_req, res) => json(res, { error: { code: status, message: 'Invalid date range' } }, status, requestId === undefined ? {} : { 'x-request-id': requestId }));
  client = new ThuliumClient({ baseUrl: server.baseUrl, username: 'api', password: PASSWORD, timeoutMs: 2000, retries: 0 });
  return client;
}

describe('Thulium X-Request-Id', () => {
  it('a failure carries the id; an answer without one, or with a value that is no id, carries none', async () => {
    const c = await thulium(400, 'req-7f3a9c21-42');
    const e = (await caught(() => c.agentWorkReport(q))) as VendorError;
    expect(e).toMatchObject({ code: 'BAD_REQUEST', status: 400, vendorRequestId: 'req-7f3a9c21-42' });
    await client!.close();
    await server!.close();
    const none = (await caught(() => thulium(500, undefined).then((x) => x.agentWorkReport(q)))) as VendorError;
    expect(none.code).toBe('SERVER_ERROR');
    expect(none.vendorRequestId).toBeUndefined();
    await client!.close();
    await server!.close();
    const odd = (await caught(() => thulium(400, `Basic ${PASSWORD} <script>`).then((x) => x.agentWorkReport(q)))) as VendorError;
    expect(odd.vendorRequestId).toBeUndefined();
    expect(JSON.stringify(odd) + odd.message).not.toContain(PASSWORD);
  });

  it('the graph relays it as extensions.vendorRequestId', async () => {
    const c = await thulium(403, 'abc123');
    const r = await createGraph({ connectors: { thulium: c } }).run(
      '{ agentWorkReport(from: "2024-01-01T00:00:00Z", to: "2024-01-02T00:00:00Z", logins: ["ana"]) { rows { login } } }',
    );
    const [e] = errorsWithCode(r, 'VENDOR_UNAVAILABLE');
    expect(e!.extensions).toMatchObject({ vendor: 'thulium', vendorCode: 'UNAUTHORIZED', httpStatus: 403, vendorRequestId: 'abc123' });
  });

  it('the gateway logs the failed call with the id at warn, without secrets; the simulator sends ids too', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    });
    const sim = await startSimulator({ seed: 3, agents: 5, autoTick: false });
    try {
      // A wrong password: the simulator answers 401 with its X-Request-Id.
      const config = loadConfig({ ...sim.env(), THULIUM_PASSWORD: PASSWORD, LOG_LEVEL: 'warn', VENDOR_RETRIES: '0' });
      const logger = createLogger({ level: 'warn', secrets: config.secrets, destination });
      gateway = createGateway({ config, logger, identityFile: sim.identities() });
      const res = await gateway.yoga.fetch('http://127.0.0.1/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ agentWorkReport(from: "2024-01-01T00:00:00Z", to: "2024-01-02T00:00:00Z", logins: ["x"]) { rows { login } } }' }),
      });
      const body = (await res.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
      const id = body.errors.find((e) => e.extensions.vendor === 'thulium')?.extensions.vendorRequestId;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const line = lines.find((l) => l.msg === 'vendor call failed');
      expect(line).toMatchObject({ level: 40, vendor: 'thulium', status: 401, error: 'UNAUTHORIZED', vendorRequestId: id });
      expect(JSON.stringify(lines)).not.toContain(PASSWORD);
    } finally {
      await sim.close();
    }
  });
});
