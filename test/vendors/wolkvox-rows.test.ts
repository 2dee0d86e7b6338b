// wolkvox row-level tolerance (issue 14 item 1): variants of the documented cdr_10 row we did not write are read;
// a row that cannot be read is dropped alone (counted, observed once per answer) and, through the graph, the other
// rows are served with one VENDOR_DATA_PARTIAL error.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { droppedRowsOf, type DroppedRows } from '../../src/domain/partial.js';
import { MalformedBodyError } from '../../src/vendors/http/index.js';
import { WolkvoxClient } from '../../src/vendors/wolkvox/index.js';
import { parseSessions } from '../../src/vendors/wolkvox/mapping.js';
import { createGraph, errorsWithCode } from '../helpers/graph.js';
import { json, startServer, type TestServer } from './helpers.js';

const START = Date.UTC(2024, 2, 1, 10, 0, 0);
const row = { agent_id: '1001', agent_name: 'Ana Ruiz', date_ini: '2024-03-01 10:00:00', date_end: '2024-03-01 10:12:30', time: '00:12:30', hung_up: 'agent' };

/** Ways the vendor writes the same value. */
const idVariant = fc.constantFrom<unknown>('1001', 1001, ' 1001 ');
const startVariant = fc.constantFrom<unknown>(
  '2024-03-01 10:00:00',
  '2024-03-01T10:00:00',
  '2024-03-01 10:00:00.000',
  '2024-03-01T10:00:00Z',
  '2024-03-01T11:00:00+01:00',
  START / 1000,
  String(START / 1000),
  START,
  String(START),
);
const endVariant = fc.constantFrom<unknown>('2024-03-01 10:12:30', '', null, undefined, '0000-00-00 00:00:00', (START + 750_000) / 1000);
const timeVariant = fc.constantFrom<unknown>('00:12:30', '0:12:30', '12:30', '00:12:30.2', '00:12:30,2', '750', 750, '750,0', '0 00:12:30', '0d 00:12:30', '0.00:12:30');
const textVariant = fc.constantFrom<unknown>('agent', 'client', 'AGENT', '', null, undefined, 1);

describe('wolkvox rows as vendors send them', () => {
  it('reads every generated variant of the documented row and envelope, keeping the row', () => {
    const envelope = fc.record({
      code: fc.constantFrom<unknown>('200', 200, '0', undefined, '200 OK', ' 200 '),
      error: fc.constantFrom<unknown>(null, '', 'false', '0', 'False', false, undefined, 0, 'null'),
      msg: fc.constantFrom<unknown>('1 records were found', undefined, null, 1),
    });
    const shape = fc.constantFrom('list', 'single', 'keyed', 'wrapped', 'bare');
    fc.assert(
      fc.property(
        envelope,
        shape,
        fc.record({ agent_id: idVariant, agent_name: textVariant, date_ini: startVariant, date_end: endVariant, time: timeVariant, hung_up: textVariant, zzExtra: fc.oneof(fc.string(), fc.constant(null)) }),
        (env, how, r) => {
          const data = how === 'list' ? [r] : how === 'single' ? r : how === 'keyed' ? { '7': r } : how === 'wrapped' ? { records: [r] } : undefined;
          const out = parseSessions(how === 'bare' ? [r] : { ...env, data });
          expect(out).toHaveLength(1);
          expect(droppedRowsOf(out)).toEqual([]);
          expect(out[0]!.agentId).toBe('1001');
          expect(out[0]!.startedAt!.getTime()).toBe(START);
          expect(out[0]!.durationSeconds).toBe(750);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('empty wrappers and "no records" answers are an empty report, not an error', () => {
    for (const data of [[], {}, null, '', undefined]) expect(parseSessions({ code: '200', error: null, msg: '0 records were found', data })).toEqual([]);
    expect(parseSessions({ code: '404', error: 'No se encontraron registros, valide las fechas', data: [] })).toEqual([]);
    expect(parseSessions({ code: 404, error: '', msg: 'Please validate the dates' })).toEqual([]);
    expect(parseSessions([])).toEqual([]);
  });

  it('drops an unreadable row alone, counts it with reasons (no values), keeps the others', () => {
    const rows = [
      row,
      { ...row, agent_id: '' }, // an empty id: the session cannot be attributed
      { ...row, agent_id: '1002', time: 'about ten minutes' },
      'not a row',
      { ...row, agent_id: '1003', date_ini: 'yesterday' },
      { ...row, agent_id: '1004' },
    ];
    const out = parseSessions({ code: '200', error: 'false', msg: '6 records were found', data: rows });
    expect(out.map((s) => s.agentId)).toEqual(['1001', '1004']);
    const [d] = droppedRowsOf(out);
    expect(d).toMatchObject({ vendor: 'wolkvox', resource: 'cdr_10', count: 4 });
    expect(d!.reasons).toEqual(expect.arrayContaining(['agent_id: expected a non-empty string', 'time: expected HH:MM:SS']));
    expect(JSON.stringify(d)).not.toMatch(/about ten|yesterday|not a row/);
    // A PHP keyed object with one value that is no row at all.
    const keyed = parseSessions({ code: '200', data: { '0': row, '1': 42, '2': { ...row, agent_id: '1005' } } });
    expect(keyed.map((s) => s.agentId)).toEqual(['1001', '1005']);
    expect(droppedRowsOf(keyed)).toMatchObject([{ count: 1 }]);
  });

  it('a body that is no report at all is still malformed (MALFORMED_RESPONSE)', () => {
    expect(() => parseSessions('<html>maintenance</html>')).toThrow(MalformedBodyError);
    expect(() => parseSessions({ code: '200', data: 'x' })).toThrow(MalformedBodyError);
  });
});

let server: TestServer | undefined;
let client: WolkvoxClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = server = undefined;
});

describe('one bad wolkvox row through the client and the graph', () => {
  const day = (d: string) => ({ ...row, date_ini: `${d} 10:00:00`, date_end: `${d} 10:12:30` });

  it('the client keeps the drop across windows and the cadence cache, and reports it once per vendor answer', async () => {
    const seen: DroppedRows[] = [];
    server = await startServer((req, res) => {
      const ini = req.url.searchParams.get('date_ini')!;
      const d = `${ini.slice(0, 4)}-${ini.slice(4, 6)}-${ini.slice(6, 8)}`;
      json(res, { code: '200', error: null, data: [day(d), { ...day(d), agent_id: '1002', time: 'n/a' }] });
    }, '/wolkvox');
    client = new WolkvoxClient({ baseUrl: server.baseUrl, token: 'wv-t', timeoutMs: 2000, retries: 0, onDroppedRows: (d) => seen.push(d) });
    const range = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-02-10T00:00:00Z') }; // two windows
    const first = await client.listCobrowsingSessions(range);
    expect(first.map((s) => s.agentId)).toEqual(['1001', '1001']);
    expect(droppedRowsOf(first)).toMatchObject([{ vendor: 'wolkvox', resource: 'cdr_10', count: 2 }]);
    const again = await client.listCobrowsingSessions(range); // from the cadence cache
    expect(droppedRowsOf(again)).toMatchObject([{ count: 2 }]);
    expect(server.seen).toHaveLength(2);
    expect(seen.map((d) => d.count)).toEqual([1, 1]);
  });

  it('cobrowsingReport answers the readable rows and one VENDOR_DATA_PARTIAL (vendor, count); none without drops', async () => {
    let broken = true;
    server = await startServer((_req, res) =>
      json(res, {
        code: '200',
        error: 'false',
        msg: '3 records were found',
        data: { '0': day('2024-03-01'), '1': broken ? { ...day('2024-03-01'), agent_id: '' } : day('2024-03-02'), '2': { ...day('2024-03-02'), agent_id: '1002', time: '00:01:00,5' } },
      }),
    '/wolkvox');
    client = new WolkvoxClient({ baseUrl: server.baseUrl, token: 'wv-t', timeoutMs: 2000, retries: 0, cadenceMs: 0 });
    const graph = createGraph({ connectors: { wolkvox: client } });
    const q = '{ cobrowsingReport(from: "2024-03-01T00:00:00Z", to: "2024-03-03T00:00:00Z") { rowCount rows { agentId durationSeconds } } }';
    const r = await graph.run(q);
    expect(r.data.cobrowsingReport.rows).toEqual([
      { agentId: '1001', durationSeconds: 750 },
      { agentId: '1002', durationSeconds: 61 },
    ]);
    expect(r.data.cobrowsingReport.rowCount).toBe(2);
    const partial = errorsWithCode(r, 'VENDOR_DATA_PARTIAL');
    expect(partial).toHaveLength(1);
    expect(partial[0]!.extensions).toEqual({ code: 'VENDOR_DATA_PARTIAL', vendor: 'wolkvox', resource: 'cdr_10', droppedRows: 1 });
    expect(r.errors).toHaveLength(1);
    broken = false;
    const ok = await graph.run(q);
    expect(ok.data.cobrowsingReport.rowCount).toBe(3);
    expect(ok.errors).toBeUndefined();
  });
});
