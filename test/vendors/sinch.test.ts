import { afterEach, describe, expect, it } from 'vitest';
import { VendorError } from '../../src/domain/errors.js';
import type { SinchAgent } from '../../src/domain/model.js';
import { droppedRowsOf } from '../../src/domain/partial.js';
import { SinchClient } from '../../src/vendors/sinch/index.js';
import {
  agentState,
  parseAgents,
  parseContactEvents,
  parseContacts,
  parseContactSummaries,
  parseQueueGroups,
  parseQueueStatuses,
  parseUserStatuses,
} from '../../src/vendors/sinch/mapping.js';
import {
  sinchAgentQueues,
  sinchAgents,
  sinchAgentSingle,
  sinchContactDetails,
  sinchContacts,
  sinchContactSummaries,
  sinchPresences,
  sinchQueueGroups,
  sinchQueueStatuses,
  sinchUserStatuses,
} from './fixtures.js';
import { caught, json, startServer, type Handler, type TestServer } from './helpers.js';

describe('Sinch mapping (documented examples)', () => {
  it('maps the documented agents, quirks included', () => {
    const [fox, wolf] = parseAgents(sinchAgents);
    expect(fox).toMatchObject({
      vendor: 'sinch',
      id: 'E936C474B22311D38FBE0090279A922E',
      name: 'Fox, John',
      number: '201',
      reportingGroupId: '1381038F462C4E4684D997B5924F83DE',
      reportingGroupName: 'Sales',
      state: 'BUSY',
      rawStatus: 'Ready/Busy/Talking_Inbound',
      stateDurationMs: 3600000,
      userStatus: 'Ready',
      ready: true,
      availability: 'Busy',
      presenceProfileName: 'Available',
      presenceProfileType: 'PRESENCE',
      presenceDurationMs: 60000,
      activePhoneContacts: 1,
      totalWrapUpMs: 8000,
      pauseMs: 3925000,
      manageable: true,
    });
    expect(fox!.handled).toEqual({
      callsIn: 2, chatsIn: 1, emailsIn: 0, callbacksIn: 0, totalIn: 3,
      callsOut: 0, chatsOut: 0, emailsOut: 0, totalOut: 0, total: 3,
    });
    expect(fox!.queues).toEqual([
      {
        queueId: 'F8C2697F37D044DB929B10F75381C624', queueName: 'CustomerService', channel: 'PHONE', rawType: 'Phone',
        serving: true, externalServing: false, canChangeQueueLogin: true,
        handledCallsIn: 2, handledCallsOut: 0, handledChatsIn: 0, handledEmailsIn: 0, handlingMs: 17000, wrapUpMs: 8000,
      },
      expect.objectContaining({ queueId: '990556DC18244B4AB5BF35D75A89CDEF', channel: 'CHAT', handledChatsIn: 1 }),
    ]);
    // Jane: logged out, no profile/contact fields, `reportingGroup` holds a name.
    expect(wolf).toMatchObject({
      state: 'LOGGED_OUT',
      rawStatus: 'LoggedOut/LoggedOut',
      reportingGroupId: null,
      reportingGroupName: 'Support',
      presenceProfileId: null,
      presenceProfileType: null,
      presenceDurationMs: null,
      contactHandlingStatus: null,
      activePhoneContacts: 0,
      queues: [],
    });
  });

  it('accepts lower-case enums, ints as strings and a bare or single queue list', () => {
    const [a] = parseAgents([sinchAgentSingle]);
    expect(a!.availability).toBe('Busy');
    const [b] = parseAgents([
      { ...sinchAgents[0], number: '201', activePhoneContacts: '0', userStatus: 'ready', availability: 'FREE', contactHandlingStatus: 'Waiting', queues: sinchAgentQueues },
    ]);
    expect(b).toMatchObject({ number: '201', state: 'AVAILABLE', userStatus: 'Ready' });
    expect(b!.queues).toHaveLength(2);
    expect(b!.queues[0]).toMatchObject({ handledCallsIn: 0, handlingMs: 0, serving: true });
    const [c] = parseAgents([{ ...sinchAgents[0], reportingGroupId: 'ABC', queues: { queue: sinchAgentQueues[0] } }]);
    expect(c!.queues).toHaveLength(1);
    expect(c!.reportingGroupId).toBe('ABC');
  });

  it('normalizes agent state from the documented words only (Away is not wrap-up)', () => {
    type U = SinchAgent['userStatus'];
    type Av = SinchAgent['availability'];
    const s = (userStatus: U, availability: Av, chs: string | null = 'Waiting', active = 0) =>
      agentState({ userStatus, availability, contactHandlingStatus: chs, activeContacts: active });
    expect(s('LoggedOut', 'LoggedOut', null)).toBe('LOGGED_OUT');
    expect(s('Pause', 'Away')).toBe('PAUSED');
    expect(s('NotReady', 'Away')).toBe('NOT_READY');
    // Away: present in an absence profile, not offered contacts.
    expect(s('Ready', 'Away')).toBe('NOT_READY');
    // Busy while handling nothing: after-contact work.
    expect(s('Ready', 'Busy')).toBe('WRAP_UP');
    expect(s('Ready', 'Busy', 'Waiting', 1)).toBe('WRAP_UP');
    expect(s('Ready', 'Busy', 'Talking_Inbound', 1)).toBe('BUSY');
    expect(s('Ready', 'Free', 'Dialing_Outbound_CBR')).toBe('BUSY');
    expect(s('Ready', 'Free', null, 1)).toBe('BUSY');
    expect(s('Ready', 'Free', 'Waiting')).toBe('AVAILABLE');
    expect(s('Ready', 'Free', null)).toBe('AVAILABLE');
    // Undocumented words: read from what is documented, else UNKNOWN.
    expect(s('Other', 'Free')).toBe('AVAILABLE');
    expect(s('Other', 'LoggedOut', null)).toBe('LOGGED_OUT');
    expect(s('Other', 'Other')).toBe('UNKNOWN');
    expect(s('Ready', 'Other')).toBe('UNKNOWN');
  });

  it('drops an unreadable agent alone; an undocumented word or an empty queues wrapper never fails a row', () => {
    const agents = parseAgents([
      { ...sinchAgents[0], id: undefined },
      { ...sinchAgents[0], id: 'S1', userStatus: 'Sleeping', availability: 'Siesta' },
      { ...sinchAgents[0], id: 'S2', activePhoneContacts: 'many' },
      { ...sinchAgents[0], id: 'S3', queues: {} },
      { ...sinchAgents[0], id: 'S4', queues: { queue: [] } },
      { ...sinchAgents[0], id: 'S5', queues: null },
      { ...sinchAgents[0], id: 'S6', queues: { queue: [{ ...sinchAgentQueues[0], type: 'Callback' }] } },
    ]);
    expect(agents.map((a) => a.id)).toEqual(['S1', 'S3', 'S4', 'S5', 'S6']);
    expect(agents[0]).toMatchObject({ userStatus: 'Other', availability: 'Other', state: 'UNKNOWN' });
    expect(agents[0]!.rawStatus).toBe('Sleeping/Siesta/Talking_Inbound');
    for (const a of agents.slice(1, 4)) expect(a.queues).toEqual([]);
    expect(agents[4]!.queues[0]).toMatchObject({ channel: 'OTHER', rawType: 'Callback' });
    expect(droppedRowsOf(agents)).toEqual([
      { vendor: 'sinch', resource: 'agents', count: 2, reasons: ['id: expected a non-empty string', 'activePhoneContacts: expected a number'] },
    ]);
  });

  it('keeps a queue of an undocumented type, with the vendor word', () => {
    const rows = parseQueueStatuses([...sinchQueueStatuses, { ...sinchQueueStatuses[0], id: 'CB', type: 'Callback' }]);
    expect(rows).toHaveLength(4);
    expect(rows[3]).toMatchObject({ queueId: 'CB', channel: 'OTHER', rawType: 'Callback' });
    expect(droppedRowsOf(rows)).toEqual([]);
  });

  it('maps queue statuses, falling back when inQueueCurrent is missing', () => {
    const [cs, overflow, sales] = parseQueueStatuses(sinchQueueStatuses);
    expect(cs).toEqual({
      queueId: 'F8C2697F37D044DB929B10F75381C624', name: 'CustomerService', channel: 'PHONE', rawType: 'Phone',
      waitingArrivedHere: 2, longestWaitArrivedHereMs: 12000, waitingNow: 1, longestWaitNowMs: 9000,
      agentsServing: 2, agentsFree: 1, agentsBusy: 0, agentsWrapUp: 0, agentsNotReady: 1, agentsPaused: 0,
    });
    expect(overflow).toMatchObject({ waitingArrivedHere: 0, waitingNow: 1, longestWaitNowMs: 12000 });
    expect(sales).toMatchObject({ waitingNow: 0, longestWaitNowMs: 0 });
  });

  it('maps queue groups with thresholds (ALL_QUEUES kept, missing levels null)', () => {
    const groups = parseQueueGroups(sinchQueueGroups);
    expect(groups.map((g) => g.id)).toEqual(['E936C474B22311D38FBE0090279A922E', 'A206C474B22311D38FBE0090279A922E', 'ALL_QUEUES']);
    expect(groups[0]!.queues[0]).toEqual({
      queueId: 'F8C2697F37D044DB929B10F75381C624', queueName: 'B2B', channel: 'PHONE',
      groupId: 'E936C474B22311D38FBE0090279A922E', groupName: 'Sales queues',
      freeAgents: { warning: 2, critical: 1 }, waitingContacts: { warning: 2, critical: 1 },
      maxWaitMs: { warning: 2, critical: 1 }, servingAgents: { warning: 2, critical: 1 },
      serviceLevelPercent: { warning: 50, critical: 20 },
    });
    expect(groups[1]!.queues[0]).toMatchObject({ freeAgents: { warning: null, critical: null }, serviceLevelPercent: { warning: 50, critical: 20 } });
  });

  it('maps contacts (agentid spelling, trailing spaces, missing optional fields)', () => {
    const [phone, email] = parseContacts(sinchContacts);
    expect(phone).toMatchObject({
      channel: 'PHONE', status: 'Handled_AOT', agentId: 'E936C474B22311D38FBE0090279A922E', recorded: true,
      queuingMs: 38000, handlingMs: 323000, wrapUpMs: 10000, totalMs: 333000, waitingMs: 12807,
      answeredOnTimeThresholdSeconds: 15, falseAttemptThresholdSeconds: 10, subject: null,
    });
    expect(phone!.arrivalTime.toISOString()).toBe('2016-02-01T09:22:11.000Z');
    expect(email).toMatchObject({
      channel: 'EMAIL', status: 'InProcess_Pending', agentId: 'E936C474B22311D38FBE0090279A922E',
      queueId: '6A8562F960ED4541BA75F6A6F6C94618', originalQueueId: '6A8562F960ED4541BA75F6A6F6C94618',
      disconnectTime: null, wrapUpMs: 0, totalMs: 0, serviceClosed: false, subject: 'Request for support',
    });
  });

  it('maps contact events, user statuses and summaries', () => {
    const ev = parseContactEvents(sinchContactDetails);
    expect(ev[0]).toMatchObject({ event: 'Queing', value1: 'Customer Service', value2: null });
    expect(ev[0]!.time.toISOString()).toBe('2016-01-01T12:00:00.000Z');
    expect(parseUserStatuses(sinchUserStatuses)[1]).toEqual({
      id: 'A206C474B22311D38FBE0090279A922E', name: 'Wolf, Jane', status: 'LoggedOut',
      phoneCapacity: 0, taskCapacity: 4, textChatCapacity: 20, videoChatCapacity: 0,
      activeInboundCalls: 0, activeInboundChats: 0, activeInboundEmails: 0, activeOutboundCalls: 0,
      activeInboundOperatorDirectCalls: 0, activeInboundVideoChats: 0, activeOutboundCampaignCalls: 0,
      activeOutboundCallbackCalls: 0, activeOutboundEmails: 0,
    });
    const [sum] = parseContactSummaries(sinchContactSummaries);
    expect(sum).toMatchObject({ queueId: '535A3F8292D6433DA215D29B7455A9AB', channel: 'PHONE', arrivedActive: 1 });
    expect(sum!.intervalStart.toISOString()).toBe('2019-08-30T08:45:00.000Z');
    expect(sum!.changedAt?.toISOString()).toBe('2019-08-30T08:46:41.733Z');
  });
});

// ---------------------------------------------------------------------------------------------------------

const PASSWORD = 'sinch-Pa55word';
let server: TestServer | undefined;
let client: SinchClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function setup(handler: Handler, pageSize?: number) {
  server = await startServer(handler, '/sinch/RI/rmi');
  client = new SinchClient({
    baseUrl: server.baseUrl,
    username: 'monitor',
    password: PASSWORD,
    timeoutMs: 1000,
    retries: 0,
    now: () => new Date('2024-05-06T13:14:15.000Z'),
    ...(pageSize ? { pageSize } : {}),
  });
  return { client, server };
}

describe('SinchClient over HTTP', () => {
  it('lists agents with auth, startTime at UTC midnight, showQueueInfo=3, following pages', async () => {
    const all = [...sinchAgents, ...sinchAgents.map((a, i) => ({ ...a, id: `${'B'.repeat(31)}${i}` })), { ...sinchAgents[0], id: 'C'.repeat(32) }];
    const { client, server } = await setup((req, res) => {
      const offset = Number(req.url.searchParams.get('offset'));
      const limit = Number(req.url.searchParams.get('limit'));
      json(res, all.slice(offset, offset + limit));
    }, 2);
    const agents = await client.listAgents();
    expect(agents.map((a) => a.id)).toEqual(all.map((a) => a.id));
    expect(server.seen).toHaveLength(3);
    const first = server.seen[0]!;
    expect(first.url.pathname).toBe('/sinch/RI/rmi/agents');
    expect(first.headers.authorization).toBe(`Basic ${Buffer.from(`monitor:${PASSWORD}`).toString('base64')}`);
    expect(first.headers.accept).toBe('application/json');
    expect(first.url.searchParams.get('startTime')).toBe('2024-05-06T00:00:00.000Z');
    expect(first.url.searchParams.get('showQueueInfo')).toBe('3');
    expect(server.seen.map((s) => s.url.searchParams.get('offset'))).toEqual(['0', '2', '4']);
  });

  it('stops paging at a server that ignores offset and sends the same page again', async () => {
    const page = sinchAgents.slice(0, 2);
    const { client, server } = await setup((_req, res) => json(res, page), 2);
    expect((await client.listAgents()).map((a) => a.id)).toEqual(page.map((a) => a.id));
    expect(server.seen.map((s) => s.url.searchParams.get('offset'))).toEqual(['0', '2']);
  });

  it('filters by ids in one comma-separated id parameter, chunked for long lists', async () => {
    const { client, server } = await setup((req, res) => {
      const ids = (req.url.searchParams.get('id') ?? '').split(',');
      json(res, ids.map((id) => ({ ...sinchAgents[1], id })));
    });
    expect((await client.listAgents({ ids: ['A1', 'A2'], since: new Date('2024-01-01T00:00:00Z') })).map((a) => a.id)).toEqual(['A1', 'A2']);
    expect(server.seen[0]!.url.searchParams.get('id')).toBe('A1,A2');
    expect(server.seen[0]!.url.searchParams.get('startTime')).toBe('2024-01-01T00:00:00.000Z');
    const many = Array.from({ length: 400 }, (_, i) => String(i).padStart(32, '0'));
    const got = await client.listAgents({ ids: many });
    expect(got).toHaveLength(400);
    const chunked = server.seen.slice(1);
    expect(chunked.length).toBeGreaterThan(1);
    for (const s of chunked) expect(s.url.search.length).toBeLessThan(6000);
    expect(await client.listAgents({ ids: [] })).toEqual([]);
  });

  it('returns null for a 404 contact, and maps list endpoints', async () => {
    const { client, server } = await setup((req, res) => {
      const p = req.url.pathname.replace('/sinch/RI/rmi', '');
      if (p === '/contacts/MISSING') return json(res, 'HTTP 404 Not Found', 404);
      if (p.startsWith('/contacts/') && p.endsWith('/details')) return json(res, sinchContactDetails);
      if (p.startsWith('/contacts/')) return json(res, sinchContacts[0]);
      if (p === '/contacts') return json(res, sinchContacts);
      if (p === '/queueStatuses') return json(res, sinchQueueStatuses);
      if (p === '/queueGroups') return json(res, sinchQueueGroups);
      if (p === '/userStatuses') return json(res, sinchUserStatuses);
      if (p === '/contactSummaries') return json(res, sinchContactSummaries);
      if (p.endsWith('/presences')) return json(res, sinchPresences);
      if (p.endsWith('/queues')) return json(res, sinchAgentQueues);
      json(res, 'nope', 404);
    });
    expect(await client.getContact('MISSING')).toBeNull();
    expect((await client.getContact('E936C400B22311D38FBE0090279A922E'))?.status).toBe('Handled_AOT');
    expect(await client.listContactEvents('X')).toHaveLength(3);
    expect(await client.listQueueStatuses()).toHaveLength(3);
    expect(await client.listQueueGroups()).toHaveLength(3);
    expect(server.seen.at(-1)!.url.searchParams.get('showThresholds')).toBe('1');
    expect(await client.listUserStatuses()).toHaveLength(2);
    expect(await client.listAgentPresences('A')).toHaveLength(3);
    expect(await client.listAgentQueues('A')).toHaveLength(2);
    const sums = await client.listContactSummaries({ from: new Date('2019-08-30T00:00:00Z'), channels: ['PHONE', 'CHAT'] });
    expect(sums).toHaveLength(1);
    expect(server.seen.at(-1)!.url.searchParams.get('type')).toBe('Phone,Chat');
    const emails = await client.listContacts({ allInProcess: true, agentIds: ['E936C474B22311D38FBE0090279A922E'], channels: ['EMAIL'] });
    expect(emails.map((c) => c.channel)).toEqual(['EMAIL']);
    const q = server.seen.at(-1)!.url.searchParams;
    expect(q.get('showAllInProcess')).toBe('1');
    expect(q.get('agentId')).toBe('E936C474B22311D38FBE0090279A922E');
    expect(client.health()).toMatchObject({ vendor: 'sinch', reachable: true, lastErrorCode: null, circuit: 'CLOSED' });
  });

  it('PUTs ready state, queue serving and presence with every property', async () => {
    const { client, server } = await setup((req, res) => {
      if (req.method === 'GET') return json(res, sinchAgentQueues[1]);
      res.writeHead(204).end();
    });
    await client.setReadyState('AG1', false);
    expect(server.seen[0]).toMatchObject({ method: 'PUT' });
    expect(server.seen[0]!.url.pathname).toBe('/sinch/RI/rmi/agents/AG1/readyState');
    expect(JSON.parse(server.seen[0]!.body)).toEqual({ readyState: 'NotReady' });

    const [q] = parseAgents(sinchAgents)[0]!.queues;
    await client.setQueueServing('AG1', q!, false);
    expect(server.seen[1]!.url.pathname).toBe('/sinch/RI/rmi/agents/AG1/queues/F8C2697F37D044DB929B10F75381C624');
    expect(JSON.parse(server.seen[1]!.body)).toEqual({
      id: 'F8C2697F37D044DB929B10F75381C624', name: 'CustomerService', type: 'Phone',
      serving: false, externalServing: false, canChangeQueueLogin: true,
    });

    // Configuration unknown: read the queue first rather than guess the other properties.
    await client.setQueueServing('AG1', { ...q!, queueId: '990556DC18244B4AB5BF35D75A89CDEF', externalServing: null, canChangeQueueLogin: null }, true);
    expect(server.seen[2]!.method).toBe('GET');
    expect(JSON.parse(server.seen[3]!.body)).toMatchObject({ serving: true, externalServing: false, canChangeQueueLogin: true, name: 'Sales' });

    await client.setPresence('AG1', { id: 'P1', name: 'Lunch', reason: 'NONE', type: 'ABSENCE', priority: 100 });
    expect(server.seen[4]!.url.pathname).toBe('/sinch/RI/rmi/agents/AG1/presences/P1');
    expect(JSON.parse(server.seen[4]!.body)).toEqual({ id: 'P1', name: 'Lunch', reason: 'NONE', type: 'ABSENCE', priority: 100 });
  });

  it('maps a broken agent body to MALFORMED_RESPONSE with the endpoint template only', async () => {
    const { client } = await setup((_req, res) => json(res, 'SECRET-ID-123 is not a list'));
    const e = (await caught(() => client.listAgents({ ids: ['SECRET-ID-123'] }))) as VendorError;
    expect(e).toBeInstanceOf(VendorError);
    expect(e.code).toBe('MALFORMED_RESPONSE');
    expect(e.endpoint).toBe('GET /agents');
    expect(e.message).not.toContain('SECRET-ID-123');
    expect(JSON.stringify(e)).not.toContain(PASSWORD);
  });

  it('401 is UNAUTHORIZED and never carries the password or auth header', async () => {
    const { client } = await setup((req, res) => json(res, `bad credentials ${req.headers.authorization}`, 401));
    const e = (await caught(() => client.listQueueStatuses())) as VendorError;
    expect(e.code).toBe('UNAUTHORIZED');
    const text = JSON.stringify(e) + e.message;
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(Buffer.from(`monitor:${PASSWORD}`).toString('base64'));
  });
});
