import { afterEach, describe, expect, it } from 'vitest';
import { droppedRowsOf } from '../../src/domain/partial.js';
import { VendorError } from '../../src/domain/errors.js';
import { CoBrowserClient } from '../../src/vendors/cobrowser/index.js';
import { parseAgents } from '../../src/vendors/cobrowser/mapping.js';
import { caught, json, startServer, type Handler, type TestServer } from './helpers.js';

const API_KEY = 'cb-api-key-0042';

/** An agent with every documented field, numbers as strings the way PHP often sends them. */
const agent = (over: Record<string, unknown> = {}) => ({
  id: '17',
  name: 'Kowalska',
  firstname: 'Anna',
  username: 'anna',
  status: 'Online',
  lastactive: '1714990000',
  slot_num: '3',
  hasFree: '1',
  numFree: '2',
  numOpen: '1',
  numClosed: 0,
  avgOpenDuration: '12.5',
  avgClosedDuration: null,
  avgNewDuration: '3',
  avgBurningDuration: '0',
  avgSleepingDuration: '',
  minOpenDuration: 10,
  minClosedDuration: null,
  minNewDuration: 1,
  minBurningDuration: 0,
  minSleepingDuration: 0,
  maxOpenDuration: 15,
  maxClosedDuration: null,
  maxNewDuration: 5,
  maxBurningDuration: 0,
  maxSleepingDuration: 0,
  ...over,
});

describe('CoBrowser mapping', () => {
  it('unwraps the result named after the command and converts strings, status case and UNIX seconds', () => {
    const [a, b] = parseAgents('getAllAgents', { getAllAgents: [agent(), agent({ id: 18, status: 'OFFLINE', lastactive: 0, hasFree: 0 })] });
    expect(a).toEqual({
      vendor: 'cobrowser',
      id: '17',
      firstName: 'Anna',
      lastName: 'Kowalska',
      username: 'anna',
      online: true,
      rawStatus: 'Online',
      signedIn: null,
      lastActiveAt: new Date(1714990000 * 1000),
      slots: 3,
      hasFreeSlot: true,
      freeSlots: 2,
      openChats: 1,
      closedChats: 0,
      avgSlotSeconds: { open: 12.5, closed: null, new: 3, burning: 0, sleeping: null },
      minSlotSeconds: { open: 10, closed: null, new: 1, burning: 0, sleeping: 0 },
      maxSlotSeconds: { open: 15, closed: null, new: 5, burning: 0, sleeping: 0 },
    });
    expect(b).toMatchObject({ id: '18', online: false, lastActiveAt: null, hasFreeSlot: false });
  });

  it('accepts an object keyed by agent id, lower-case status, and an empty result', () => {
    const r = parseAgents('getOnlineAgents', { getOnlineAgents: { '17': agent({ status: 'online' }), '18': agent({ id: '18' }) } });
    expect(r.map((a) => [a.id, a.online])).toEqual([['17', true], ['18', true]]);
    expect(parseAgents('getOnlineAgents', { getOnlineAgents: [] })).toEqual([]);
    expect(parseAgents('getOnlineAgents', { getOnlineAgents: null })).toEqual([]);
  });

  it('treats an error object as a vendor failure (UNAUTHORIZED when about credentials)', () => {
    expect(() => parseAgents('getAllAgents', { error: 'Invalid apiKey' })).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
    expect(() => parseAgents('getAllAgents', { error: 'Unknown command' })).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => parseAgents('getAllAgents', { getAllAgents: { error: 'user not allowed' } })).toThrow(
      expect.objectContaining({ code: 'UNAUTHORIZED' }),
    );
    expect(() => parseAgents('getAllAgents', { something: [] })).toThrow();
  });

  it('classifies vendor texts by what they say: a user limit is not an authentication failure', () => {
    expect(() => parseAgents('getOnlineAgents', { error: 'User limit reached' })).toThrow(expect.objectContaining({ code: 'REJECTED' }));
    expect(() => parseAgents('getOnlineAgents', { error: 'Too many requests' })).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
    expect(() => parseAgents('getOnlineAgents', { error: 'Login failed: wrong apiKey' })).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
  });

  it('signed in and online are two things; keyed or lone results are lists; an unreadable agent is dropped alone', () => {
    const online = parseAgents('getOnlineAgents', { getOnlineAgents: { 17: agent(), 18: agent({ id: 18, status: 'Offline' }), 19: { name: 'no id' } } });
    expect(online.map((a) => [a.id, a.signedIn, a.online, a.rawStatus])).toEqual([
      ['17', true, true, 'Online'],
      ['18', true, false, 'Offline'],
    ]);
    expect(droppedRowsOf(online)).toEqual([expect.objectContaining({ vendor: 'cobrowser', resource: 'getOnlineAgents', count: 1 })]);
    expect(parseAgents('getAllAgents', { getAllAgents: agent() }).map((a) => a.id)).toEqual(['17']);
    expect(parseAgents('getAllAgents', { getAllAgents: {} })).toEqual([]);
    expect(parseAgents('getAllAgents', { getAllAgents: [agent({ lastactive: String(1714990000 * 1000) })] })[0]!.lastActiveAt).toEqual(new Date(1714990000 * 1000));
  });
});

let server: TestServer | undefined;
let client: CoBrowserClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function setup(handler: Handler) {
  server = await startServer(handler, '/cobrowser');
  client = new CoBrowserClient({ baseUrl: server.baseUrl, user: 'acme', apiKey: API_KEY, timeoutMs: 1000, retries: 0 });
  return { client, server };
}

describe('CoBrowserClient over HTTP', () => {
  it('calls Account.php with user, apiKey and the command', async () => {
    const { client, server } = await setup((req, res) => {
      const c = req.url.searchParams.get('c')!;
      json(res, { [c]: [agent()] });
    });
    expect(await client.getAllAgents()).toHaveLength(1);
    expect(await client.getOnlineAgents()).toHaveLength(1);
    const q = server.seen[0]!.url;
    expect(q.pathname).toBe('/cobrowser/api/Account.php');
    expect(q.searchParams.get('user')).toBe('acme');
    expect(q.searchParams.get('apiKey')).toBe(API_KEY);
    expect(server.seen.map((s) => s.url.searchParams.get('c'))).toEqual(['getAllAgents', 'getOnlineAgents']);
  });

  it('an error body becomes UNAUTHORIZED without the key in the error', async () => {
    const { client } = await setup((req, res) => json(res, { error: `Invalid apiKey ${req.url.searchParams.get('apiKey')}` }));
    const e = (await caught(() => client.getAllAgents())) as VendorError;
    expect(e).toBeInstanceOf(VendorError);
    expect(e.code).toBe('UNAUTHORIZED');
    expect(e.endpoint).toBe('GET /api/Account.php getAllAgents');
    expect(e.vendorMessage).toContain('Invalid apiKey');
    expect(JSON.stringify(e)).not.toContain(API_KEY);
    expect(e.message).not.toContain(API_KEY);
    expect(client.health().lastErrorCode).toBe('UNAUTHORIZED');
  });
});
