import { afterEach, describe, expect, it } from 'vitest';
import { VendorError } from '../../src/domain/errors.js';
import { CcAgentClient } from '../../src/vendors/ccagent/index.js';
import { parseDialCode, parseQueueAssignment, unwrap } from '../../src/vendors/ccagent/mapping.js';
import { caught, json, sleep, startServer, type Handler, type TestServer } from './helpers.js';

const API_KEY = 'cc-key-31337';

describe('cc_agent mapping', () => {
  it('reads the documented answers (trailing commas included, via the lenient JSON parse)', () => {
    expect(parseDialCode({ success: true, data: '**9477' })).toEqual({ dialCode: '**9477' });
    expect(parseDialCode({ success: true })).toEqual({ dialCode: null });
    expect(unwrap({ success: 'true', data: 1 })).toBe(1);
    expect(
      parseQueueAssignment({
        success: true,
        data: {
          id: 12,
          account_id: 5,
          site_id: null,
          name: 'Training Queue',
          tv_name: null,
          strategy: 'longest-idle-agent',
          record: 0,
          users: [[17798, 3, 10, 1, 'user name', null, false], [17799, 3, 10, 1, null, null, false]],
        },
      }),
    ).toEqual({
      queueId: '12',
      name: 'Training Queue',
      strategy: 'longest-idle-agent',
      members: [{ userId: '17798', name: 'user name' }, { userId: '17799', name: null }],
    });
    expect(parseQueueAssignment({ success: true })).toBeNull();
  });

  it('success:false is REJECTED with the vendor message; errors[] and a body without success are read too', () => {
    expect(() => unwrap({ success: false, error: 'Agent is not checked in' })).toThrow(
      expect.objectContaining({ code: 'REJECTED', vendorText: 'Agent is not checked in' }),
    );
    expect(() => unwrap({ success: false, error: 'Invalid api_key' })).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
    // Classified by what the text says: a user limit is a refused action, not a credentials problem.
    expect(() => unwrap({ success: false, msg: 'User limit reached' })).toThrow(expect.objectContaining({ code: 'REJECTED', vendorText: 'User limit reached' }));
    expect(() => unwrap({ errors: ['Facility not subscribed', { message: 'try again' }] })).toThrow(
      expect.objectContaining({ code: 'REJECTED', vendorText: 'Facility not subscribed; try again' }),
    );
    expect(() => unwrap({ success: 'false', message: 'Unauthorized' })).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
    // No success flag and no error: the documented data.
    expect(unwrap({ data: 1 })).toBe(1);
    expect(unwrap({})).toBeUndefined();
    expect(() => unwrap('<html>')).toThrow();
  });

  it('reads setQueues data sent as a list of queues', () => {
    const q = parseQueueAssignment({ success: true, data: [{ id: 7, name: 'Training Queue', strategy: 'ring-all', users: [[17798, 3, 10, 1, 'user name', null, false], ['', 1]] }] });
    expect(q).toEqual({ queueId: '7', name: 'Training Queue', strategy: 'ring-all', members: [{ userId: '17798', name: 'user name' }] });
    expect(parseQueueAssignment({ success: true, data: [] })).toBeNull();
  });
});

let server: TestServer | undefined;
let client: CcAgentClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function setup(handler: Handler, timeoutMs = 1000) {
  server = await startServer(handler, '/ccagent');
  client = new CcAgentClient({ baseUrl: server.baseUrl, apiKey: API_KEY, timeoutMs, retries: 3 });
  return { client, server };
}

describe('CcAgentClient over HTTP', () => {
  it('sends every action with its documented parameters and the api key', async () => {
    const { client, server } = await setup((req, res) => {
      const action = req.url.pathname.split('/').pop();
      if (action === 'checkIn') return json(res, '{"success": true, "data": "**9477"}');
      if (action === 'setQueues') return json(res, { success: true, data: { id: 7, name: 'Q', strategy: null, users: [] } });
      json(res, '{\n  "success": true,\n}');
    });
    expect(await client.checkIn('15', { forceCheckOut: true })).toEqual({ dialCode: '**9477' });
    await client.checkInDevice('15', '99', { forceCheckOut: true });
    await client.checkOut('15');
    await client.setPause('15', 0);
    expect(await client.setQueues('15', ['1', '2'])).toEqual({ queueId: '7', name: 'Q', strategy: null, members: [] });
    await client.wrapUp('15', 30);
    await client.wrapUp('15');
    const calls = server.seen.map((s) => [s.url.pathname, Object.fromEntries(s.url.searchParams)]);
    const key = { api_key: API_KEY };
    expect(calls).toEqual([
      ['/ccagent/api/cc_agent/checkIn', { user_id: '15', forceCheckOut: '1', ...key }],
      ['/ccagent/api/cc_agent/checkInDevice', { user_id: '15', device_id: '99', forceCheckOut: '1', ...key }],
      ['/ccagent/api/cc_agent/checkOut', { user_id: '15', ...key }],
      ['/ccagent/api/cc_agent/setPause', { id: '0', user_id: '15', ...key }],
      ['/ccagent/api/cc_agent/setQueues', { queue_ids: '1,2', user_id: '15', ...key }],
      ['/ccagent/api/cc_agent/wrapup', { user_id: '15', seconds: '30', ...key }],
      ['/ccagent/api/cc_agent/wrapup', { user_id: '15', ...key }],
    ]);
    expect(server.seen.every((s) => s.method === 'GET')).toBe(true);
  });

  it('a refusal is REJECTED with the redacted vendor message and no key anywhere', async () => {
    const { client } = await setup((req, res) =>
      json(res, { success: false, error: `pause not allowed (key=${req.url.searchParams.get('api_key')})` }),
    );
    const e = (await caught(() => client.setPause('15', 3))) as VendorError;
    expect(e).toBeInstanceOf(VendorError);
    expect(e.code).toBe('REJECTED');
    expect(e.endpoint).toBe('GET /api/cc_agent/setPause');
    expect(e.vendorMessage).toContain('pause not allowed');
    expect(e.vendorMessage).toContain('[redacted]');
    expect(JSON.stringify(e) + e.message).not.toContain(API_KEY);
  });

  it('control calls are writes: a 503 is not retried, and a timeout means the outcome is unknown', async () => {
    const { client, server } = await setup(async (req, res) => {
      if (req.url.pathname.endsWith('checkOut')) return json(res, 'busy', 503);
      await sleep(2000);
      json(res, { success: true });
    }, 400);
    expect(((await caught(() => client.checkOut('1'))) as VendorError).code).toBe('SERVER_ERROR');
    expect(server.seen).toHaveLength(1);
    const t = (await caught(() => client.setPause('1', 2))) as VendorError;
    expect(t.code).toBe('TIMEOUT');
    expect(t.message).toMatch(/outcome is unknown/);
    expect(server.seen).toHaveLength(2);
  });

  it('validates arguments before calling', async () => {
    const { client, server } = await setup((_req, res) => json(res, { success: true }));
    await expect(client.setPause('1', -1)).rejects.toThrow(TypeError);
    await expect(client.wrapUp('1', 1.5)).rejects.toThrow(TypeError);
    expect(server.seen).toHaveLength(0);
  });
});
