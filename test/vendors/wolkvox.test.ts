import { afterEach, describe, expect, it } from 'vitest';
import { VendorError } from '../../src/domain/errors.js';
import { WolkvoxClient, splitWindows, wolkvoxDate } from '../../src/vendors/wolkvox/index.js';
import { parseSessions } from '../../src/vendors/wolkvox/mapping.js';
import { caught, json, sleep, startServer, type Handler, type TestServer } from './helpers.js';

const TOKEN = 'wv-token-abc123';

describe('wolkvox mapping', () => {
  it('maps the documented envelope: string code, string fields, HH:MM:SS, UTC dates', () => {
    const r = parseSessions({
      code: '200',
      error: null,
      msg: '2 records were found',
      data: [
        { agent_id: '1001', agent_name: 'Ana', date_ini: '2024-03-01 10:00:00', date_end: '2024-03-01 10:12:30', time: '00:12:30', hung_up: 'agent' },
        { agent_id: 1002, agent_name: 'Luis', date_ini: '2024-03-02 08:00:00', date_end: '', time: '125:00:05', hung_up: '' },
      ],
    });
    expect(r[0]).toEqual({
      agentId: '1001',
      agentName: 'Ana',
      startedAt: new Date('2024-03-01T10:00:00Z'),
      endedAt: new Date('2024-03-01T10:12:30Z'),
      durationSeconds: 750,
      hungUpBy: 'agent',
    });
    expect(r[1]).toMatchObject({ agentId: '1002', endedAt: null, durationSeconds: 125 * 3600 + 5, hungUpBy: null });
  });

  it('treats no data as no sessions and a non-200 code as a vendor failure', () => {
    expect(parseSessions({ code: 200, error: null, msg: '0 records were found', data: null })).toEqual([]);
    expect(parseSessions({ code: '200', msg: '0 records were found' })).toEqual([]);
    expect(() => parseSessions({ code: '401', error: 'invalid token', msg: '' })).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
    expect(() => parseSessions({ code: '429', error: 'too many', msg: '' })).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
    expect(() => parseSessions({ code: '200', data: [{ agent_id: '1', time: 'soon' }] })).toThrow();
  });
});

describe('wolkvox windows', () => {
  it('formats dates as YYYYmmddHHiiss in UTC', () => {
    expect(wolkvoxDate(new Date('2024-03-05T07:08:09Z'))).toBe('20240305070809');
  });

  it('splits 40 days into two windows of at most 31 days, without overlap', () => {
    const from = new Date('2024-01-01T00:00:00Z');
    const to = new Date('2024-02-10T00:00:00Z');
    const w = splitWindows(from, to);
    expect(w).toHaveLength(2);
    expect(w[0]!.from).toEqual(from);
    expect(w[0]!.to.getTime() - w[0]!.from.getTime()).toBeLessThanOrEqual(31 * 86_400_000);
    expect(w[1]!.from.getTime()).toBe(w[0]!.to.getTime() + 1000);
    expect(w[1]!.to).toEqual(to);
    expect(splitWindows(from, from)).toHaveLength(1);
    expect(splitWindows(to, from)).toHaveLength(0);
  });
});

let server: TestServer | undefined;
let client: WolkvoxClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function setup(handler: Handler, over: Partial<ConstructorParameters<typeof WolkvoxClient>[0]> = {}) {
  server = await startServer(handler, '/wolkvox');
  client = new WolkvoxClient({ baseUrl: server.baseUrl, token: TOKEN, timeoutMs: 2000, retries: 2, backoffInitialMs: 10, backoffMaxMs: 20, ...over });
  return { client, server };
}

const session = (agent: string, ini: string) => ({ agent_id: agent, agent_name: agent, date_ini: ini, date_end: ini, time: '0:01:00', hung_up: 'client' });

describe('WolkvoxClient over HTTP', () => {
  it('runs a long range as ≤31-day windows, never more than 2 at once, merged in time order', async () => {
    const { client, server } = await setup(async (req, res) => {
      const ini = req.url.searchParams.get('date_ini')!;
      await sleep(30);
      // Answer sessions out of order to prove the merge sorts.
      const d = `${ini.slice(0, 4)}-${ini.slice(4, 6)}-${ini.slice(6, 8)}`;
      json(res, { code: '200', error: null, msg: 'x', data: [session(`b${ini}`, `${d} 12:00:00`), session(`a${ini}`, `${d} 06:00:00`)] });
    }, { maxConcurrent: 8 });
    const sessions = await client.listCobrowsingSessions({ from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-05-01T00:00:00Z') });
    expect(server.seen).toHaveLength(4);
    expect(server.maxInFlight()).toBeLessThanOrEqual(2);
    for (const s of server.seen) {
      expect(s.headers['wolkvox-token']).toBe(TOKEN);
      expect(s.url.pathname).toBe('/wolkvox/api/v2/reports_manager.php');
      expect(s.url.searchParams.get('api')).toBe('cdr_10');
      expect(s.url.searchParams.get('date_ini')).toMatch(/^\d{14}$/);
    }
    const times = sessions.map((s) => s.startedAt!.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(sessions).toHaveLength(8);
  });

  it('retries a 429 (a GET) and succeeds', async () => {
    let n = 0;
    const { client, server } = await setup((_req, res) =>
      ++n === 1 ? json(res, 'too many', 429, { 'retry-after': '0' }) : json(res, { code: '200', data: [] }),
    );
    expect(await client.listCobrowsingSessions({ from: new Date('2024-01-01Z'), to: new Date('2024-01-02Z') })).toEqual([]);
    expect(server.seen).toHaveLength(2);
  });

  it('never puts the token in an error', async () => {
    const { client } = await setup((req, res) => json(res, { code: '401', error: `token ${String(req.headers['wolkvox-token'])} is not valid` }));
    const e = (await caught(() => client.listCobrowsingSessions({ from: new Date('2024-01-01Z'), to: new Date('2024-01-02Z') }))) as VendorError;
    expect(e.code).toBe('UNAUTHORIZED');
    expect(JSON.stringify(e) + e.message).not.toContain(TOKEN);
  });

  it('rejects an inverted range before calling', async () => {
    const { client, server } = await setup((_req, res) => json(res, { code: '200', data: [] }));
    await expect(client.listCobrowsingSessions({ from: new Date('2024-02-01Z'), to: new Date('2024-01-01Z') })).rejects.toThrow(TypeError);
    expect(server.seen).toHaveLength(0);
  });
});
