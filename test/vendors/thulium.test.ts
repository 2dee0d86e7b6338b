import { afterEach, describe, expect, it } from 'vitest';
import { VendorError } from '../../src/domain/errors.js';
import { ThuliumClient, thuliumDate } from '../../src/vendors/thulium/index.js';
import { parseWorkReport } from '../../src/vendors/thulium/mapping.js';
import { durationToSeconds } from '../../src/vendors/parse.js';
import { thuliumReport } from './fixtures.js';
import { droppedRowsOf } from '../../src/domain/partial.js';
import { caught, json, startServer, type Handler, type TestServer } from './helpers.js';

const PASSWORD = 'thulium-pass-777';

describe('Thulium mapping', () => {
  it('maps the documented example (pause ids mixed, missing average)', () => {
    const [r] = parseWorkReport(thuliumReport);
    expect(r).toMatchObject({
      login: 'jkowalski',
      name: 'Janko',
      surname: 'Walski',
      period: '2019-12',
      inbound: { count: 0, answered: 0, totalSeconds: 0, waitTotalSeconds: 0, averageSeconds: 0, callsPerHour: 0 },
      ticket: { closed: 0, responded: 0, totalResponded: 0 },
      firstLoginAt: new Date('2019-12-01T09:00:18Z'),
      lastLogoutAt: new Date('2019-12-25T10:45:02Z'),
    });
    expect(r!.pauses.map((p) => p.pauseId)).toEqual(['all', 'free', '0', '1', '2', '3', '4']);
    expect(r!.pauses[2]).toEqual({ pauseId: '0', count: 0, totalSeconds: 0, averageSeconds: null });
  });

  it('parses durations in every documented form and counts sent as strings', () => {
    expect(durationToSeconds('01:02:03')).toBe(3723);
    expect(durationToSeconds('1:02:03')).toBe(3723);
    expect(durationToSeconds('100:00:01')).toBe(360001);
    expect(durationToSeconds('02:03')).toBe(123);
    expect(durationToSeconds(42)).toBe(42);
    expect(durationToSeconds('1:99:00')).toBeUndefined();
    const [r] = parseWorkReport([
      {
        ...thuliumReport[0],
        inbound: { count: '4', answered_count: '2', not_answered_count: '2', transferred_count: '0', sum: '0:10:00', wait_sum: '0:02:00', calls_per_hour: '1.5' },
        outbound_above_threshold: { count: '3', sum: '100:00:00' },
      },
    ]);
    expect(r!.inbound).toMatchObject({ count: 4, answered: 2, totalSeconds: 600, averageSeconds: 300, waitAverageSeconds: 30, callsPerHour: 1.5 });
    expect(r!.outboundAboveThreshold).toEqual({ count: 3, totalSeconds: 360000, averageSeconds: 120000 });
  });

  it('reads a row with `chat: null`, pauses keyed by id, null sections, agent_login and lenient durations', () => {
    const base = thuliumReport[0] as Record<string, unknown>;
    const pauses = Object.fromEntries((base.pauses as Array<Record<string, unknown>>).map(({ id, ...p }) => [String(id), p]));
    const rows = parseWorkReport({
      data: [
        { ...base, chat: null, ticket: [], outbound_above_threshold: null, pauses },
        { ...base, agent: { agent_login: 'anowak', name: 'A', surname: 'N' }, inbound: { ...(base.inbound as object), sum: '1 02:03:04.6', count: '3', calls_per_hour: '1,5' } },
        { ...base, agent: null, agent_login: 'zlogin', pauses: null, login_date: 1575190818 },
        { ...base, inbound: { count: 'lots' } },
      ],
    });
    expect(rows.map((r) => r.login)).toEqual(['jkowalski', 'anowak', 'zlogin']);
    expect(rows[0]!.chat).toEqual({ closed: 0, responded: 0 });
    expect(rows[0]!.ticket).toEqual({ closed: 0, responded: 0, totalResponded: 0 });
    expect(rows[0]!.outboundAboveThreshold).toEqual({ count: 0, totalSeconds: 0, averageSeconds: 0 });
    // The key fills the missing id (a keyed object lists integer keys first).
    expect(rows[0]!.pauses.map((p) => p.pauseId).sort()).toEqual(['0', '1', '2', '3', '4', 'all', 'free']);
    expect(rows[1]!.inbound).toMatchObject({ totalSeconds: 93_785, count: 3, callsPerHour: 1.5 });
    expect(rows[2]!.pauses).toEqual([]);
    expect(rows[2]!.firstLoginAt?.toISOString()).toBe('2019-12-01T09:00:18.000Z');
    expect(droppedRowsOf(rows)).toEqual([expect.objectContaining({ resource: 'agents_work_report', count: 1, reasons: ['inbound.count: expected a number'] })]);
  });

  it('rejects a body that is not a report', () => {
    expect(() => parseWorkReport({ nope: true })).toThrow();
    // A row without a login cannot be attributed: dropped alone and counted, not the whole report.
    const noLogin = parseWorkReport([{ agent: {}, period: 'x' }]);
    expect(noLogin).toEqual([]);
    expect(droppedRowsOf(noLogin)).toEqual([expect.objectContaining({ vendor: 'thulium', resource: 'agents_work_report', count: 1 })]);
    expect(() => parseWorkReport({ error: 'date_from is required' })).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });
});

let server: TestServer | undefined;
let client: ThuliumClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function setup(handler: Handler) {
  server = await startServer(handler, '/thulium');
  client = new ThuliumClient({ baseUrl: server.baseUrl, username: 'api_user', password: PASSWORD, timeoutMs: 1000, retries: 0 });
  return { client, server };
}

const row = (login: string, period: string) => ({ ...thuliumReport[0], agent: { login, name: login, surname: 'X' }, period });

describe('ThuliumClient over HTTP', () => {
  it('follows 100-row pages until a short page, with the documented parameters', async () => {
    const all = Array.from({ length: 234 }, (_, i) => row(`agent${i % 3}`, `2024-01-${String((i % 28) + 1).padStart(2, '0')} #${i}`));
    const { client, server } = await setup((req, res) => {
      const offset = Number(req.url.searchParams.get('offset'));
      const limit = Number(req.url.searchParams.get('limit'));
      json(res, all.slice(offset, offset + limit));
    });
    const records = await client.agentWorkReport({
      logins: ['agent0', 'agent1', 'agent2'],
      queueIds: ['5'],
      from: new Date('2024-01-01T00:00:00Z'),
      to: new Date('2024-02-01T00:00:00Z'),
      aggregateBy: 'day',
      outboundThresholdSeconds: 10,
    });
    expect(records).toHaveLength(234);
    expect(server.seen).toHaveLength(3);
    const first = server.seen[0]!;
    expect(first.url.pathname).toBe('/thulium/api/agents_work_report');
    expect(first.url.search).toContain('agent_logins[]=agent0&agent_logins[]=agent1');
    expect(first.url.searchParams.getAll('agent_logins[]')).toEqual(['agent0', 'agent1', 'agent2']);
    expect(first.url.searchParams.getAll('queues_ids[]')).toEqual(['5']);
    expect(first.url.searchParams.get('date_from')).toBe('2024-01-01 00:00:00');
    expect(first.url.searchParams.get('date_to')).toBe('2024-01-31 23:59:59');
    expect(first.url.searchParams.get('aggregate_by')).toBe('day');
    expect(first.url.searchParams.get('outbound_threshold')).toBe('10');
    expect(first.headers.authorization).toBe(`Basic ${Buffer.from(`api_user:${PASSWORD}`).toString('base64')}`);
    for (const s of server.seen) expect(Number(s.url.searchParams.get('limit'))).toBeLessThanOrEqual(100);
    expect(server.seen.map((s) => s.url.searchParams.get('offset'))).toEqual(['0', '100', '200']);
  });

  it('accepts group ids instead of logins', async () => {
    const { client, server } = await setup((_req, res) => json(res, [row('a', 'p')]));
    expect(await client.agentWorkReport({ groupIds: ['2', '3'], from: new Date('2024-01-01Z'), to: new Date('2024-01-02Z') })).toHaveLength(1);
    expect(server.seen[0]!.url.searchParams.getAll('agent_group_ids[]')).toEqual(['2', '3']);
  });

  it('needs logins or group ids: a TypeError before any call', async () => {
    const { client, server } = await setup((_req, res) => json(res, []));
    await expect(client.agentWorkReport({ from: new Date(), to: new Date() })).rejects.toThrow(TypeError);
    await expect(client.agentWorkReport({ logins: [], groupIds: [], from: new Date(), to: new Date() })).rejects.toThrow(/login or agent group id/);
    expect(server.seen).toHaveLength(0);
  });

  it('maps 401 to UNAUTHORIZED without credentials in the error', async () => {
    const { client } = await setup((_req, res) => json(res, 'Unauthorized', 401));
    const e = (await caught(() => client.agentWorkReport({ logins: ['a'], from: new Date(Date.now() - 3_600_000), to: new Date() }))) as VendorError;
    expect(e.code).toBe('UNAUTHORIZED');
    expect(JSON.stringify(e) + e.message).not.toContain(PASSWORD);
  });

  it('formats dates in UTC', () => {
    expect(thuliumDate(new Date('2019-11-01T11:12:00Z'))).toBe('2019-11-01 11:12:00');
  });
});
