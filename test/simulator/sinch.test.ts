import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { DAY, GUID_RE, get, sinch, startSim } from './helpers.js';

let sim: Simulator;
let api: ReturnType<typeof sinch>;

beforeAll(async () => {
  sim = await startSim();
  api = sinch(sim);
});
afterAll(() => sim.close());

describe('Sinch RMI: auth and request rules', () => {
  it('answers 401 text/plain without or with wrong Basic credentials', async () => {
    const none = await get(`${sim.baseUrls.sinch}/agents?startTime=${DAY}`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic/);
    const wrong = await get(`${sim.baseUrls.sinch}/agents?startTime=${DAY}`, {
      authorization: `Basic ${Buffer.from('sim-sinch-user:nope').toString('base64')}`,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain(sim.credentials.sinch.password);
  });

  it('requires startTime on /agents (400 text/plain) and validates it', async () => {
    const r = await api.get('/agents');
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(r.text).toMatch(/startTime/);
    expect((await api.get('/agents?startTime=yesterday')).status).toBe(400);
  });

  it('answers 400 Invalid GUID for malformed ids and 404 HTTP 404 Not Found for unknown ones', async () => {
    const bad = await api.get(`/agents/2B8ED95B0EC911E79675005056A75D9?startTime=${DAY}`);
    expect(bad.status).toBe(400);
    expect(bad.text).toBe("Invalid GUID: '2B8ED95B0EC911E79675005056A75D9'");
    const badFilter = await api.get(`/agents?startTime=${DAY}&id=XYZ`);
    expect(badFilter.status).toBe(400);
    expect(badFilter.text).toBe("Invalid GUID: 'XYZ'");
    const unknown = await api.get(`/agents/${'A'.repeat(32)}?startTime=${DAY}`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toBe('HTTP 404 Not Found');
    expect((await api.get(`/contacts/${'B'.repeat(32)}`)).status).toBe(404);
    expect((await api.get('/nope')).status).toBe(404);
  });

  it('honours Accept: application/json and refuses XML-only requests', async () => {
    const r = await api.get('/queueStatuses', { accept: 'application/xml' });
    expect(r.status).toBe(406);
    const ok = await api.get('/queueStatuses');
    expect(ok.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('pages with offset/limit (default 100, no hard maximum)', async () => {
    const big = await startSim({ agents: 250, seed: 7 });
    try {
      const b = sinch(big);
      expect((await b.get(`/agents?startTime=${DAY}`)).body).toHaveLength(100);
      expect((await b.get(`/agents?startTime=${DAY}&limit=1000`)).body).toHaveLength(250);
      const p1 = (await b.get(`/agents?startTime=${DAY}&limit=10&offset=0`)).body;
      const p2 = (await b.get(`/agents?startTime=${DAY}&limit=10&offset=10`)).body;
      const all = (await b.get(`/agents?startTime=${DAY}&limit=20`)).body;
      expect([...p1, ...p2].map((a: { id: string }) => a.id)).toEqual(all.map((a: { id: string }) => a.id));
      expect((await b.get(`/agents?startTime=${DAY}&offset=245`)).body).toHaveLength(5);
      expect((await b.get(`/agents?startTime=${DAY}&limit=abc`)).status).toBe(400);
    } finally {
      await big.close();
    }
  });
});

describe('Sinch RMI: /agents shapes', () => {
  it('matches the documented agent fields, nesting and quirks', async () => {
    const r = await api.get(`/agents?startTime=${DAY}&limit=1000&showQueueInfo=3`);
    expect(r.status).toBe(200);
    const agents = r.body as Array<Record<string, any>>;
    expect(agents).toHaveLength(50);
    const names = agents.map((a) => a.name);
    expect(names).toEqual([...names].sort()); // default sort is name
    for (const a of agents) {
      expect(a.id).toMatch(GUID_RE);
      expect(a.name).toMatch(/^[A-Z][a-z]+, [A-Z][a-z]+$/);
      expect(a.email).toMatch(/^[a-z]+\.[a-z]+\d*@acme\.example$/);
      expect(a.reportingGroupid).toMatch(GUID_RE); // the vendor's spelling
      expect(a).not.toHaveProperty('reportingGroupId');
      expect(['Ready', 'NotReady', 'Pause', 'LoggedOut']).toContain(a.userStatus);
      expect(['LoggedOut', 'Away', 'Busy', 'Free']).toContain(a.availability);
      expect(typeof a.userStatusDuration).toBe('number');
      expect(Array.isArray(a.queues.queue)).toBe(true);
      for (const q of a.queues.queue) {
        expect(Object.keys(q)).toEqual([
          'id', 'name', 'type', 'serving', 'externalServing', 'canChangeQueueLogin', 'handledContactsCallIn',
          'handledContactsCallOut', 'handledContactsChatIn', 'handledContactsEmailIn', 'handlingDuration', 'wrapUpDuration',
        ]);
        expect(['Phone', 'Chat', 'Email']).toContain(q.type);
      }
      if (a.userStatus === 'LoggedOut') {
        expect(a.availability).toBe('LoggedOut');
        for (const k of ['contactHandlingStatus', 'profile', 'profileId', 'profileType', 'activePhoneContacts']) {
          expect(a).not.toHaveProperty(k);
        }
      } else {
        expect(typeof a.handledContactseEmailIn).toBe('number'); // documented spelling
        expect(['PRESENCE', 'ABSENCE', 'CONFERENCE']).toContain(a.profileType);
        expect(a.profileId).toMatch(GUID_RE);
      }
    }
    // `number` is an int for some agents and a string for others.
    expect(agents.some((a) => typeof a.number === 'number')).toBe(true);
    expect(agents.some((a) => typeof a.number === 'string')).toBe(true);
  });

  it('represents each model state per the contract', async () => {
    sim.advance(120_000);
    const agents = (await api.get(`/agents?startTime=${DAY}&limit=1000`)).body as Array<Record<string, any>>;
    const byId = new Map(agents.map((a) => [a.id, a]));
    const seen = new Set<string>();
    for (const m of sim.model.agents) {
      const a = byId.get(m.id)!;
      seen.add(m.state);
      switch (m.state) {
        case 'Ready':
          expect([a.userStatus, a.availability, a.contactHandlingStatus]).toEqual(['Ready', 'Free', 'Waiting']);
          break;
        case 'Busy':
          expect([a.userStatus, a.availability]).toEqual(['Ready', 'Busy']);
          expect(a.contactHandlingStatus).toMatch(/^(Talking|Chatting|Emailing)_Inbound$/);
          expect(a.activePhoneContacts + a.activeChatContacts + a.activeEmailContacts).toBe(1);
          break;
        case 'WrapUp':
          expect([a.userStatus, a.availability, a.contactHandlingStatus]).toEqual(['Ready', 'Busy', 'Waiting']);
          break;
        case 'Pause':
          expect(a.userStatus).toBe('Pause');
          break;
        case 'NotReady':
          expect(a.userStatus).toBe('NotReady');
          break;
        case 'LoggedOut':
          expect([a.userStatus, a.availability]).toEqual(['LoggedOut', 'LoggedOut']);
          break;
      }
    }
    expect(seen.has('Busy') && seen.has('Ready')).toBe(true);
  });

  it('filters by comma-separated id, queueId and availability, and by any field with patterns', async () => {
    const [a1, a2] = sim.model.agents;
    const ids = (await api.get(`/agents?startTime=${DAY}&id=${a1!.id},${a2!.id.toLowerCase()}`)).body;
    expect(ids.map((a: { id: string }) => a.id).sort()).toEqual([a1!.id, a2!.id].sort());
    const q = sim.model.queues[0]!;
    const inQueue = (await api.get(`/agents?startTime=${DAY}&limit=1000&queueId=${q.id}`)).body;
    const expected = sim.model.agents.filter((a) => a.memberships.some((m) => m.queue === q)).length;
    expect(inQueue).toHaveLength(expected);
    const free = (await api.get(`/agents?startTime=${DAY}&limit=1000&availability=Free,Busy`)).body;
    expect(free.every((a: { availability: string }) => a.availability === 'Free' || a.availability === 'Busy')).toBe(true);
    // Wrap-up shows as Busy (handling nothing): the RMI has no wrap-up availability.
    expect(free).toHaveLength(sim.model.agents.filter((a) => a.state === 'Ready' || a.state === 'Busy' || a.state === 'WrapUp').length);
    const byName = (await api.get(`/agents?startTime=${DAY}&name=${encodeURIComponent(a1!.lastName + ', *')}`)).body;
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((a: { name: string }) => a.name.startsWith(`${a1!.lastName}, `))).toBe(true);
  });

  it('omits or narrows queue info by showQueueInfo', async () => {
    const id = sim.model.agents[0]!.id;
    const none = (await api.get(`/agents/${id}?startTime=${DAY}&showQueueInfo=0`)).body;
    expect(none).not.toHaveProperty('queues');
    const stats = (await api.get(`/agents/${id}?startTime=${DAY}`)).body;
    expect(stats.queues.queue[0]).toHaveProperty('handledContactsCallIn');
    expect(stats.queues.queue[0]).not.toHaveProperty('serving');
    const config = (await api.get(`/agents/${id}?startTime=${DAY}&showQueueInfo=2`)).body;
    expect(config.queues.queue[0]).toHaveProperty('serving');
    expect(config.queues.queue[0]).not.toHaveProperty('handlingDuration');
  });
});

describe('Sinch RMI: other reads', () => {
  it('lists agent queues, presences and the ready state', async () => {
    const a = sim.model.agents.find((x) => x.state !== 'LoggedOut')!;
    const queues = (await api.get(`/agents/${a.id}/queues`)).body;
    expect(queues).toHaveLength(a.memberships.length);
    expect(Object.keys(queues[0])).toEqual(['id', 'name', 'type', 'serving', 'externalServing', 'canChangeQueueLogin']);
    const one = (await api.get(`/agents/${a.id}/queues/${queues[0].id}`)).body;
    expect(one).toEqual(queues[0]);
    const presences = (await api.get(`/agents/${a.id}/presences`)).body;
    expect(presences.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['Available', 'Lunch', 'Vacation', 'Meeting / Deny calls (Def: 1 hour)']),
    );
    expect(presences[0]).toEqual({ id: expect.stringMatching(GUID_RE), name: expect.any(String), reason: expect.any(String), type: expect.any(String), priority: expect.any(Number) });
    const p = (await api.get(`/agents/${a.id}/presences/02770429F80BDF1191AD001CC4D98816`)).body;
    expect(p).toMatchObject({ name: 'Available', type: 'PRESENCE', reason: 'NONE', priority: 100 });
    const rs = (await api.get(`/agents/${a.id}/readyState`)).body;
    expect(['Ready', 'NotReady']).toContain(rs.readyState);
  });

  it('counts agents per queue in /queueStatuses, with one queue lacking the inQueueCurrent pair', async () => {
    const list = (await api.get('/queueStatuses')).body as Array<Record<string, any>>;
    expect(list).toHaveLength(6);
    for (const q of list) {
      const model = sim.model.queues.find((x) => x.id === q.id)!;
      expect(q.inQueue).toBe(model.waiting.length);
      const serving = sim.model.agents.filter(
        (a) => a.state !== 'LoggedOut' && a.memberships.some((m) => m.queue === model && m.serving),
      );
      expect(q.agentsServing).toBe(serving.length);
      expect(q.agentsFree).toBe(serving.filter((a) => a.state === 'Ready').length);
      expect(q.agentsBusy).toBe(serving.filter((a) => a.state === 'Busy').length);
      expect(q.agentsWrapUp).toBe(serving.filter((a) => a.state === 'WrapUp').length);
      expect(q.agentsPause).toBe(serving.filter((a) => a.state === 'Pause').length);
      expect(q.agentsNotReady).toBe(serving.filter((a) => a.state === 'NotReady').length);
    }
    expect(list.some((q) => !('inQueueCurrent' in q))).toBe(true);
    expect(list.some((q) => 'inQueueCurrent' in q && 'waitingDurationCurrentMax' in q)).toBe(true);
    const one = (await api.get(`/queueStatuses/${list[0]!.id}`)).body;
    expect(one.id).toBe(list[0]!.id);
    const filtered = (await api.get(`/queueStatuses?id=${list[1]!.id}`)).body;
    expect(filtered).toHaveLength(1);
  });

  it('reports /userStatuses with the documented status words', async () => {
    const list = (await api.get('/userStatuses?limit=1000')).body as Array<Record<string, any>>;
    expect(list).toHaveLength(50);
    for (const u of list) {
      const m = sim.model.agentById(u.id)!;
      expect(u.status).toBe(m.state);
      expect(Object.keys(u)).toEqual(expect.arrayContaining(['activeIbCallCnt', 'phoneCapacity', 'textChatCapacity', 'videoChatCapacity', 'taskCapacity', 'name']));
    }
    expect(new Set(list.map((u) => u.status)).size).toBeGreaterThan(2);
    const one = (await api.get(`/userStatuses/${list[0]!.id}`)).body;
    expect(one.id).toBe(list[0]!.id);
  });

  it('serves contacts with time filters, in-process contacts, details timelines and filters', async () => {
    sim.advance(10 * 60_000);
    const all = (await api.get(`/contacts?startTime=${DAY}&limit=100000`)).body as Array<Record<string, any>>;
    expect(all.length).toBe(sim.model.contacts.size);
    const handled = all.find((c) => c.status === 'Handled_AOT' || c.status === 'Handled')!;
    for (const k of ['id', 'contactGroupId', 'channel', 'type', 'status', 'source', 'destination', 'arrivalTime', 'queuingDuration', 'handlingDuration', 'wrapUpTotalDuration', 'totalDuration', 'waitingDuration', 'serviceClosed', 'answeredOnTimeThreshold', 'falseAttemptTimeThreshold', 'wrapUpScriptingDuration', 'disconnectTime', 'wrapUpEndTime']) {
      expect(handled).toHaveProperty(k);
    }
    expect(handled.arrivalTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const inProcess = (await api.get('/contacts?showAllInProcess=1&startTime=2030-01-01T00:00:00.000Z')).body;
    expect(inProcess.length).toBe(sim.model.inProcessContacts().length);
    expect(inProcess.every((c: { status: string }) => c.status.startsWith('In'))).toBe(true);
    for (const c of inProcess) if (c.status === 'InProcess') expect(c).not.toHaveProperty('disconnectTime');
    const recent = (await api.get(`/contacts?startTime=${new Date(sim.now().getTime() - 60_000).toISOString()}`)).body;
    expect(recent.every((c: { arrivalTime: string }) => Date.parse(c.arrivalTime) >= sim.now().getTime() - 60_000)).toBe(true);
    const q = sim.model.queues[0]!;
    const inQ = (await api.get(`/contacts?startTime=${DAY}&limit=100000&queueId=${q.id}`)).body;
    expect(inQ.every((c: { queueId: string }) => c.queueId === q.id)).toBe(true);
    const byStatus = (await api.get(`/contacts?startTime=${DAY}&limit=100000&status=Handled_AOT,Handled`)).body;
    expect(byStatus.every((c: { status: string }) => c.status.startsWith('Handled'))).toBe(true);
    expect(byStatus.length).toBeGreaterThan(0);
    const search = (await api.get(`/contacts?startTime=${DAY}&search=${encodeURIComponent(handled.source)}`)).body;
    expect(search.some((c: { id: string }) => c.id === handled.id)).toBe(true);

    const one = (await api.get(`/contacts/${handled.id}`)).body;
    expect(one.id).toBe(handled.id);
    const events = (await api.get(`/contacts/${handled.id}/details`)).body as Array<Record<string, any>>;
    expect(events.map((e) => e.event)).toEqual(['Queing', 'DestAllocated', 'ConnectedToOper', 'DestUnAllocated', 'Disconnected']);
    expect(Object.keys(events[0]!)).toEqual(['id', 'time', 'event', 'value1', 'value2']);
  });

  it('serves 15-minute contactSummaries: live today, synthesized before the model started', async () => {
    const r = await api.get(`/contactSummaries?startTime=2024-05-05T00:00:00.000Z&limit=100000`);
    const rows = r.body as Array<Record<string, any>>;
    const intervals = Math.floor((sim.now().getTime() - Date.parse('2024-05-05T00:00:00Z')) / 900_000) + 1;
    expect(rows).toHaveLength(intervals * 6);
    const first = rows[0]!;
    expect(first.hourTime).toBe('2024-05-05T00:00:00.00Z');
    expect(first.id).toBe(`${first.queueId}20240505T000000Z`);
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['applicationId', 'changeTimeStamp', 'inAbandoned', 'inAnsweredOnTime', 'inArrivedHandled', 'inArrivedActive', 'inHandled', 'inQueueTimeMax', 'outHandled', 'queueName', 'type']));
    const yesterdayNoon = rows.filter((x) => x.hourTime.startsWith('2024-05-05T12'));
    expect(yesterdayNoon.some((x) => x.inHandled > 0)).toBe(true);
    // Live intervals add up to the model's handled contacts since the live start.
    const live = rows.filter((x) => Date.parse(x.hourTime) >= Math.floor(sim.model.modelStartMs / 900_000) * 900_000);
    const liveHandled = live.reduce((n, x) => n + x.inHandled, 0);
    const modelHandled = [...sim.model.contacts.values()].filter((c) => c.status.startsWith('Handled')).length;
    expect(liveHandled).toBe(modelHandled);
    const one = (await api.get(`/contactSummaries/${first.id}`)).body;
    expect(one).toEqual(first);
    const phoneOnly = (await api.get('/contactSummaries?type=Phone&limit=1000')).body;
    expect(phoneOnly.every((x: { type: string }) => x.type === 'Phone')).toBe(true);
  });

  it('serves queueGroups with {queue: []} nesting, thresholds on demand and ALL_QUEUES', async () => {
    const groups = (await api.get('/queueGroups?showThresholds=1')).body as Array<Record<string, any>>;
    const all = groups.find((g) => g.id === 'ALL_QUEUES')!;
    expect(all.name).toBe('ALL_QUEUES');
    expect(all.queues.queue).toHaveLength(6);
    const full = all.queues.queue.find((q: { type: string }) => q.type === 'Phone');
    expect(full).toHaveProperty('freeAgentCriticalLevel');
    expect(full).toHaveProperty('maxWaitTimeWarningLevel');
    const partial = all.queues.queue.find((q: { type: string }) => q.type === 'Email');
    expect(Object.keys(partial).sort()).toEqual(['id', 'name', 'serviceLevelCriticalLevel', 'serviceLevelWarningLevel', 'type']);
    const plain = (await api.get('/queueGroups')).body as Array<Record<string, any>>;
    expect(Object.keys(plain[0]!.queues.queue[0]).sort()).toEqual(['id', 'name', 'type']);
    const other = groups.find((g) => g.id !== 'ALL_QUEUES')!;
    expect(other.id).toMatch(GUID_RE);
    expect((await api.get(`/queueGroups/${other.id}`)).body.name).toBe(other.name);
    expect((await api.get('/queueGroups/ALL_QUEUES')).status).toBe(200);
  });
});

describe('Sinch RMI: writes', () => {
  it('PUT readyState needs application/json and the full object, answers 204 and changes the model', async () => {
    const a = sim.model.agents.find((x) => x.state === 'Ready')!;
    const path = `/agents/${a.id}/readyState`;
    expect((await api.put(path, { readyState: 'NotReady' }, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await api.put(path, {})).status).toBe(400);
    expect((await api.put(path, { readyState: 'Sleepy' })).status).toBe(400);
    const ok = await api.put(path, { readyState: 'NotReady' });
    expect(ok.status).toBe(204);
    expect(ok.text).toBe('');
    const seen = (await api.get(`/agents/${a.id}?startTime=${DAY}`)).body;
    expect([seen.userStatus, seen.userReadyStatus, seen.availability]).toEqual(['NotReady', false, 'Away']);
    expect((await api.get(path)).body).toEqual({ readyState: 'NotReady' });
    sim.advance(5000); // the write holds: the agent does not wander back at once
    expect((await api.get(`/agents/${a.id}?startTime=${DAY}`)).body.userStatus).toBe('NotReady');
    expect((await api.put(path, { readyState: 'Ready' })).status).toBe(204);
    expect(['Free', 'Busy']).toContain((await api.get(`/agents/${a.id}?startTime=${DAY}`)).body.availability);
  });

  it('PUT queue changes serving (full object required) and shows in /agents and /queueStatuses', async () => {
    const a = sim.model.agents.find((x) => x.state !== 'LoggedOut' && x.memberships.some((m) => m.serving))!;
    const m = a.memberships.find((x) => x.serving)!;
    const path = `/agents/${a.id}/queues/${m.queue.id}`;
    const before = (await api.get(`/queueStatuses/${m.queue.id}`)).body.agentsServing;
    const current = (await api.get(path)).body;
    expect((await api.put(path, { id: m.queue.id, serving: false })).status).toBe(400);
    expect((await api.put(path, { ...current, id: sim.model.queues.find((q) => q !== m.queue)!.id, serving: false })).status).toBe(400);
    expect((await api.put(path, { ...current, serving: false })).status).toBe(204);
    expect((await api.get(path)).body.serving).toBe(false);
    const agent = (await api.get(`/agents/${a.id}?startTime=${DAY}&showQueueInfo=3`)).body;
    expect(agent.queues.queue.find((q: { id: string }) => q.id === m.queue.id).serving).toBe(false);
    expect((await api.get(`/queueStatuses/${m.queue.id}`)).body.agentsServing).toBe(before - 1);
    const other = sim.model.queues.find((q) => !a.memberships.some((x) => x.queue === q));
    if (other) expect((await api.put(`/agents/${a.id}/queues/${other.id}`, { ...current, id: other.id })).status).toBe(404);
  });

  it('PUT presence switches the profile', async () => {
    const a = sim.model.agents.find((x) => x.state !== 'LoggedOut')!;
    const lunch = { id: '04770429F80BDF1191AD001CC4D98816', name: 'Lunch', reason: 'NONE', type: 'ABSENCE', priority: 100 };
    expect((await api.put(`/agents/${a.id}/presences/${lunch.id}`, { id: lunch.id, name: 'Lunch' })).status).toBe(400);
    expect((await api.put(`/agents/${a.id}/presences/${lunch.id}`, lunch)).status).toBe(204);
    const seen = (await api.get(`/agents/${a.id}?startTime=${DAY}`)).body;
    expect([seen.profile, seen.profileId, seen.profileType]).toEqual(['Lunch', lunch.id, 'ABSENCE']);
    expect((await api.put(`/agents/${a.id}/presences/${'C'.repeat(32)}`, { ...lunch, id: 'C'.repeat(32) })).status).toBe(404);
  });

  it('keeps monitoring settings', async () => {
    expect((await api.get('/settings')).body).toEqual([{ id: 'MON365_SETTINGS', uiLanguage: 'EN', value: '' }]);
    expect((await api.put('/settings/MON365_SETTINGS', { id: 'MON365_SETTINGS', uiLanguage: 'FI', value: 'x' })).status).toBe(204);
    expect((await api.get('/settings/MON365_SETTINGS')).body.uiLanguage).toBe('FI');
  });
});
