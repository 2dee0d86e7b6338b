// Request ids: accepted when sane, generated otherwise, echoed in the response, and on every log line of the
// request (the operation line and the vendor calls it caused). Logs never carry a secret or a vendor URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSaneRequestId } from '../../src/observability/requests.js';
import { startOpsStack, type OpsStack } from './harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids and request logs', () => {
  let stack: OpsStack;
  beforeAll(async () => {
    stack = await startOpsStack({ logLevel: 'debug' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('echoes a sane incoming x-request-id and logs the operation and its vendor calls under it', async () => {
    const res = await stack.post({ query: 'query OpsAgents { agents(first: 3) { nodes { name state } } }' }, { 'x-request-id': 'lb-7f3a.42:ab_C' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('lb-7f3a.42:ab_C');
    const mine = stack.logs.filter((l) => l.requestId === 'lb-7f3a.42:ab_C');
    const op = mine.find((l) => l.msg === 'graphql operation');
    // An error-free query is routine (a wallboard polls one every 3 s): debug, not info.
    expect(op).toMatchObject({ operation: 'OpsAgents', type: 'query', level: 20 });
    expect(typeof op?.ms).toBe('number');
    const vendorCalls = mine.filter((l) => l.msg === 'vendor call');
    expect(vendorCalls.map((l) => `${l.vendor} ${l.endpoint}`)).toContain('sinch GET /agents');
  });

  it('replaces a missing or unsafe id with a fresh UUID', async () => {
    const none = await stack.post({ query: '{ vendors { vendor } }' });
    expect(none.headers.get('x-request-id')).toMatch(UUID);
    for (const bad of ['x'.repeat(200), 'a b', 'id";drop', '-leading-dash', '{"json":1}']) {
      const res = await stack.post({ query: '{ vendors { vendor } }' }, { 'x-request-id': bad });
      expect(res.headers.get('x-request-id')).toMatch(UUID);
    }
    const a = await stack.post({ query: '{ vendors { vendor } }' });
    expect(a.headers.get('x-request-id')).not.toBe(none.headers.get('x-request-id'));
  });

  it('echoes the id on refused requests too and logs the error codes', async () => {
    const res = await stack.post({ query: '{ agent(id: "not-an-id") { name } }' }, { 'x-request-id': 'req-bad-input' });
    expect(res.headers.get('x-request-id')).toBe('req-bad-input');
    const op = stack.logs.find((l) => l.requestId === 'req-bad-input' && l.msg === 'graphql operation');
    expect(op?.errors).toEqual(['BAD_USER_INPUT']);
    const syntax = await stack.post({ query: '{ agents(' }, { 'x-request-id': 'req-syntax' });
    expect(syntax.status).toBe(400);
    expect(syntax.headers.get('x-request-id')).toBe('req-syntax');
    // Refused before execution: still one info line, with the status and the codes (docs/operations.md).
    const refused = stack.logs.filter((l) => l.requestId === 'req-syntax');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ msg: 'graphql request refused', level: 30, status: 400, errors: ['GRAPHQL_PARSE_FAILED'] });
  });

  it('never writes a secret or a vendor URL to the log', () => {
    expect(stack.logs.length).toBeGreaterThan(5);
    const all = JSON.stringify(stack.logs);
    for (const s of stack.config.secrets) expect(all).not.toContain(s);
    expect(all).not.toContain(stack.sim.url);
    expect(all).not.toMatch(/apiKey=|api_key=/);
  });

  it('accepts only short printable ids', () => {
    expect(isSaneRequestId('abc')).toBe(true);
    expect(isSaneRequestId('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
    expect(isSaneRequestId('')).toBe(false);
    expect(isSaneRequestId('a'.repeat(129))).toBe(false);
    expect(isSaneRequestId('ünïcode')).toBe(false);
    expect(isSaneRequestId(null)).toBe(false);
  });
});
