/**
 * Exact windows at the vendors whose ends are inclusive (Thulium `date_to`, wolkvox `date_end`): every range is
 * [from, to), sent as the last whole second before `to` on the vendor's wall clock, and rows outside never come back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ThuliumClient } from '../../src/vendors/thulium/index.js';
import { WolkvoxClient } from '../../src/vendors/wolkvox/index.js';
import { thuliumReport } from './fixtures.js';
import { json, startServer, type Handler, type TestServer } from './helpers.js';

let server: TestServer | undefined;
const clients: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await server?.close();
  server = undefined;
});

async function thulium(handler: Handler, timeZone?: string) {
  server = await startServer(handler, '/thulium');
  const c = new ThuliumClient({ baseUrl: server.baseUrl, username: 'u', password: 'p', timeoutMs: 2000, retries: 0, ...(timeZone ? { timeZone } : {}) });
  clients.push(c);
  return { client: c, server };
}

async function wolkvox(handler: Handler, timeZone?: string) {
  server = await startServer(handler, '/wolkvox');
  const c = new WolkvoxClient({ baseUrl: server.baseUrl, token: 't', timeoutMs: 2000, retries: 0, ...(timeZone ? { timeZone } : {}) });
  clients.push(c);
  return { client: c, server };
}

const row = (period: string, login = 'jkowalski') => ({ ...thuliumReport[0], agent: { login, name: 'J', surname: 'K' }, period });
/** A vendor that, like the real one, also answers the period holding its inclusive `date_to`. */
const answering = (periods: string[]) => ((_req, res) => json(res, periods.map((p) => row(p)))) as Handler;

describe('Thulium: [from, to) becomes an inclusive date_to', () => {
  it('month boundary: [Jan 1, Feb 1) asks up to Jan 31 23:59:59 and never returns February', async () => {
    const { client, server } = await thulium(answering(['2025-01', '2025-02']));
    const rows = await client.agentWorkReport({ logins: ['jkowalski'], from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z'), aggregateBy: 'month' });
    expect(server.seen[0]!.url.searchParams.get('date_from')).toBe('2025-01-01 00:00:00');
    expect(server.seen[0]!.url.searchParams.get('date_to')).toBe('2025-01-31 23:59:59');
    expect(rows.map((r) => r.period)).toEqual(['2025-01']);
  });

  it('week boundary: [Mon, next Mon) gives one ISO week, not an extra empty one', async () => {
    const { client, server } = await thulium(answering(['2025-W02', '2025-W03']));
    const rows = await client.agentWorkReport({ logins: ['jkowalski'], from: new Date('2025-01-06T00:00:00Z'), to: new Date('2025-01-13T00:00:00Z'), aggregateBy: 'week' });
    expect(server.seen[0]!.url.searchParams.get('date_to')).toBe('2025-01-12 23:59:59');
    expect(rows.map((r) => r.period)).toEqual(['2025-W02']);
  });

  it('day boundary: a week of days is 7 rows, not 8', async () => {
    const days = Array.from({ length: 8 }, (_, i) => `2025-01-${String(6 + i).padStart(2, '0')}`);
    const { client } = await thulium(answering(days));
    const rows = await client.agentWorkReport({ logins: ['jkowalski'], from: new Date('2025-01-06T00:00:00Z'), to: new Date('2025-01-13T00:00:00Z'), aggregateBy: 'day' });
    expect(rows).toHaveLength(7);
    expect(rows.at(-1)!.period).toBe('2025-01-12');
  });

  it('hour boundary: [10:00, 12:00) is two hours', async () => {
    const { client, server } = await thulium(answering(['2025-01-06 10', '2025-01-06 11', '2025-01-06 12']));
    const rows = await client.agentWorkReport({ logins: ['jkowalski'], from: new Date('2025-01-06T10:00:00Z'), to: new Date('2025-01-06T12:00:00Z'), aggregateBy: 'hour' });
    expect(server.seen[0]!.url.searchParams.get('date_to')).toBe('2025-01-06 11:59:59');
    expect(rows.map((r) => r.period)).toEqual(['2025-01-06 10', '2025-01-06 11']);
  });

  it('an empty range asks nothing', async () => {
    const { client, server } = await thulium(answering(['2025-01']));
    const at = new Date('2025-01-06T10:00:00Z');
    expect(await client.agentWorkReport({ logins: ['jkowalski'], from: at, to: at })).toEqual([]);
    expect(server.seen).toHaveLength(0);
  });

  it('THULIUM_TIMEZONE: the 23-hour and 25-hour Warsaw days in the tenant wall clock; naive login times read there', async () => {
    const { client, server } = await thulium((_req, res) => json(res, [{ ...row('2025-03-30'), login_date: '2025-03-30 09:00:00', logout_date: '2025-03-30 17:00:00' }, row('2025-03-31')]), 'Europe/Warsaw');
    // Local day 2025-03-30 lasts 23 hours: 2025-03-29T23:00Z to 2025-03-30T22:00Z.
    const rows = await client.agentWorkReport({ logins: ['jkowalski'], from: new Date('2025-03-29T23:00:00Z'), to: new Date('2025-03-30T22:00:00Z'), aggregateBy: 'day' });
    expect(server.seen[0]!.url.searchParams.get('date_from')).toBe('2025-03-30 00:00:00');
    expect(server.seen[0]!.url.searchParams.get('date_to')).toBe('2025-03-30 23:59:59');
    expect(rows.map((r) => r.period)).toEqual(['2025-03-30']);
    expect(rows[0]!.firstLoginAt).toEqual(new Date('2025-03-30T07:00:00Z'));
    expect(rows[0]!.lastLogoutAt).toEqual(new Date('2025-03-30T15:00:00Z'));
    // Local day 2025-10-26 lasts 25 hours.
    await client.agentWorkReport({ logins: ['jkowalski'], from: new Date('2025-10-25T22:00:00Z'), to: new Date('2025-10-26T23:00:00Z'), aggregateBy: 'day' });
    expect(server.seen[1]!.url.searchParams.get('date_from')).toBe('2025-10-26 00:00:00');
    expect(server.seen[1]!.url.searchParams.get('date_to')).toBe('2025-10-26 23:59:59');
  });
});

const session = (ini: string) => ({ agent_id: '1', agent_name: 'A', date_ini: ini, date_end: ini, time: '00:01:00', hung_up: 'agent' });

describe('wolkvox: [from, to) becomes an inclusive date_end', () => {
  it('month boundary: ends at Jan 31 23:59:59; a session at Feb 1 00:00:00 is not January', async () => {
    const { client, server } = await wolkvox((_req, res) =>
      json(res, { code: '200', data: [session('2024-12-31 23:59:59'), session('2025-01-01 00:00:00'), session('2025-01-31 23:59:59'), session('2025-02-01 00:00:00')] }),
    );
    const rows = await client.listCobrowsingSessions({ from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z') });
    expect(server.seen[0]!.url.searchParams.get('date_ini')).toBe('20250101000000');
    expect(server.seen[0]!.url.searchParams.get('date_end')).toBe('20250131235959');
    expect(rows.map((s) => s.startedAt!.toISOString())).toEqual(['2025-01-01T00:00:00.000Z', '2025-01-31T23:59:59.000Z']);
  });

  it('hour boundary, and WOLKVOX_TIMEZONE for the wall clock both ways', async () => {
    const { client, server } = await wolkvox(
      (_req, res) => json(res, { code: '200', data: [session('2025-07-01 09:59:59'), session('2025-07-01 10:00:00'), session('2025-07-01 11:00:00')] }),
      'America/Bogota',
    );
    // 10:00–11:00 Bogotá (UTC-5) is 15:00–16:00Z.
    const rows = await client.listCobrowsingSessions({ from: new Date('2025-07-01T15:00:00Z'), to: new Date('2025-07-01T16:00:00Z') });
    expect(server.seen[0]!.url.searchParams.get('date_ini')).toBe('20250701100000');
    expect(server.seen[0]!.url.searchParams.get('date_end')).toBe('20250701105959');
    expect(rows.map((s) => s.startedAt!.toISOString())).toEqual(['2025-07-01T15:00:00.000Z']);
  });
});
