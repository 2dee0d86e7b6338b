import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { DAY, basic, get, sinch, startSim } from './helpers.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(() => sim.close());

describe('CoBrowser Account.php', () => {
  const url = (c: string, user = sim.credentials.cobrowser.user, key: string = sim.credentials.cobrowser.apiKey) =>
    `${sim.baseUrls.cobrowser}/api/Account.php?user=${encodeURIComponent(user)}&apiKey=${encodeURIComponent(key)}&c=${c}`;

  it('wraps getAllAgents in an object named after the command, numbers as strings, lower-case status', async () => {
    const r = await get(url('getAllAgents'));
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['getAllAgents']);
    const agents = r.body.getAllAgents as Array<Record<string, any>>;
    expect(agents).toHaveLength(sim.model.agents.filter((a) => a.cobrowserId).length);
    for (const a of agents) {
      expect(a.id).toMatch(/^\d+$/);
      expect(['online', 'offline']).toContain(a.status);
      expect(a.slot_num).toMatch(/^\d+$/);
      expect(['0', '1']).toContain(a.hasFree);
      for (const k of ['numFree', 'numOpen', 'numClosed', 'lastactive']) expect(a[k]).toMatch(/^\d+$/);
      expect(Number(a.numOpen) + Number(a.numClosed)).toBe(Number(a.slot_num));
      expect(a.hasFree === '1').toBe(Number(a.numFree) > 0);
      for (const k of ['avgOpenDuration', 'minClosedDuration', 'maxSleepingDuration', 'avgBurningDuration', 'maxNewDuration']) {
        expect(k in a).toBe(true);
        expect(a[k] === null || /^\d+$/.test(a[k])).toBe(true);
      }
      const m = sim.model.agentByCobrowserId(a.id)!;
      expect(a.name).toBe(m.lastName);
      expect(a.firstname).toBe(m.firstName);
      expect(a.username.toLowerCase()).toBe(m.email);
    }
    // A few usernames differ from the Sinch email only by case.
    const mixed = agents.filter((a) => a.username !== a.username.toLowerCase());
    expect(mixed.length).toBe(3);
  });

  it('lists signed-in agents (including offline ones) with getOnlineAgents', async () => {
    const r = await get(url('getOnlineAgents'));
    const online = r.body.getOnlineAgents as Array<Record<string, any>>;
    const expected = sim.model.agents.filter((a) => a.cobrowserId && a.state !== 'LoggedOut');
    expect(online.map((a) => a.id).sort()).toEqual(expected.map((a) => a.cobrowserId).sort());
    for (const a of online) {
      const m = sim.model.agentByCobrowserId(a.id)!;
      expect(a.status).toBe(['Ready', 'Busy', 'WrapUp'].includes(m.state) ? 'online' : 'offline');
    }
  });

  it('rejects bad credentials and answers an error object for unknown commands', async () => {
    const bad = await get(url('getAllAgents', 'sim-cobrowser', 'wrong'));
    expect(bad.status).toBe(401);
    expect(typeof bad.body.error).toBe('string');
    const unknown = await get(url('deleteEverything'));
    expect(unknown.body).toEqual({ error: "Unknown command 'deleteEverything'" });
  });

  it('moves chat slots over time', async () => {
    const snapshot = async () =>
      JSON.stringify((await get(url('getAllAgents'))).body.getAllAgents.map((a: Record<string, string>) => [a.numOpen, a.numFree]));
    const before = await snapshot();
    sim.advance(10 * 60_000);
    expect(await snapshot()).not.toBe(before);
  });
});

describe('wolkvox cdr_10', () => {
  const token = () => sim.credentials.wolkvox.token;
  const url = (ini: string, end: string, api = 'cdr_10') =>
    `${sim.baseUrls.wolkvox}/api/v2/reports_manager.php?api=${api}&date_ini=${ini}&date_end=${end}`;

  it('returns all-string session rows with wolkvox date formats', async () => {
    const r = await get(url('20240422000000', '20240506235959'), { 'wolkvox-token': token() });
    expect(r.status).toBe(200);
    expect(r.body.code).toBe('200');
    expect(r.body.error).toBeNull();
    expect(r.body.msg).toBe(`${r.body.data.length} records were found`);
    expect(r.body.data.length).toBeGreaterThan(10);
    const ids = new Set(sim.model.agents.filter((a) => a.wolkvoxId).map((a) => a.wolkvoxId));
    for (const row of r.body.data) {
      expect(Object.keys(row)).toEqual(['agent_id', 'agent_name', 'date_ini', 'date_end', 'time', 'hung_up']);
      for (const v of Object.values(row)) expect(typeof v).toBe('string');
      expect(ids.has(row.agent_id)).toBe(true);
      expect(row.date_ini).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(row.time).toMatch(/^\d\d:\d\d:\d\d$/);
      expect(['agent', 'client']).toContain(row.hung_up);
      expect(row.date_ini >= '2024-04-22 00:00:00' && row.date_ini <= '2024-05-06 23:59:59').toBe(true);
      // nothing from the (virtual) future
      expect(Date.parse(`${row.date_end.replace(' ', 'T')}Z`)).toBeLessThanOrEqual(sim.now().getTime());
    }
    const again = await get(url('20240422000000', '20240506235959'), { 'wolkvox-token': token() });
    expect(again.text).toBe(r.text);
  });

  it('validates token, api, dates and the 31-day window', async () => {
    const h = { 'wolkvox-token': token() };
    expect((await get(url('20240401000000', '20240402000000'))).status).toBe(401);
    expect((await get(url('20240401000000', '20240402000000'), { 'wolkvox-token': 'nope' })).status).toBe(401);
    expect((await get(url('20240401000000', '20240402000000', 'cdr_99'), h)).status).toBe(400);
    const badDate = await get(url('2024-04-01', '20240402000000'), h);
    expect(badDate.status).toBe(400);
    expect(badDate.body.code).toBe('400');
    expect((await get(url('20240231000000', '20240302000000'), h)).status).toBe(400);
    expect((await get(url('20240402000000', '20240401000000'), h)).status).toBe(400);
    const tooLong = await get(url('20240101000000', '20240301000000'), h);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatch(/31 days/);
    expect((await get(url('20240401000000', '20240502000000'), h)).status).toBe(200);
  });
});

describe('Thulium agents_work_report', () => {
  const auth = () => basic(sim.credentials.thulium.username, sim.credentials.thulium.password);
  const report = (qs: string, headers: Record<string, string> = { authorization: auth() }) =>
    get(`${sim.baseUrls.thulium}/api/agents_work_report?${qs}`, headers);

  it('returns the documented record shape with its type quirks', async () => {
    const login = sim.model.agents.find((a) => a.thuliumLogin)!.thuliumLogin!;
    const r = await report(`agent_logins[]=${login}&date_from=2024-04-01&date_to=2024-04-30&aggregate_by=day`);
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(30);
    const worked = r.body.find((x: { login_date: string | null }) => x.login_date !== null);
    expect(worked.agent).toEqual({ login, name: expect.any(String), surname: expect.any(String) });
    expect(worked.period).toMatch(/^2024-04-\d\d$/);
    expect(worked.inbound.sum).toMatch(/^\d\d+:\d\d:\d\d$/);
    expect(typeof worked.inbound.wait_sum).toBe('number');
    expect(worked.inbound.wait_average).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(worked.inbound.count).toBe(worked.inbound.answered_count + worked.inbound.not_answered_count);
    expect(Object.keys(worked)).toEqual(['agent', 'period', 'inbound', 'chat', 'ticket', 'outbound_above_threshold', 'outbound_below_threshold', 'login_date', 'logout_date', 'pauses']);
    expect(worked.login_date).toMatch(/^2024-04-\d\d \d\d:\d\d:\d\d$/);
    const ids = worked.pauses.map((p: { id: unknown }) => p.id);
    expect(ids).toEqual(['all', 'free', 0, 1, 2, 3, 4]);
    expect(worked.pauses.some((p: object) => !('average' in p))).toBe(true);
    expect(worked.pauses.some((p: object) => 'average' in p)).toBe(true);
  });

  it('aggregates consistently: a month equals the sum of its days', async () => {
    const login = sim.model.agents.find((a) => a.thuliumLogin)!.thuliumLogin!;
    const days = (await report(`agent_logins[]=${login}&date_from=2024-04-01&date_to=2024-04-30&aggregate_by=day`)).body;
    const month = (await report(`agent_logins[]=${login}&date_from=2024-04-01&date_to=2024-04-30`)).body;
    expect(month).toHaveLength(1);
    expect(month[0].period).toBe('2024-04');
    const sum = days.reduce((n: number, d: { inbound: { count: number } }) => n + d.inbound.count, 0);
    expect(month[0].inbound.count).toBe(sum);
    const hours = (await report(`agent_logins[]=${login}&date_from=2024-04-01&date_to=2024-04-30&aggregate_by=hour_of_day`)).body;
    expect(hours.map((h: { period: string }) => h.period)).toHaveLength(24);
    expect(hours.reduce((n: number, d: { inbound: { count: number } }) => n + d.inbound.count, 0)).toBe(sum);
  });

  it('pages with limit ≤ 100 and offset, and selects agents by group', async () => {
    const groupAgents = sim.model.agents.filter((a) => a.thuliumLogin && a.reportingGroup.thuliumGroupId === 1);
    const base = 'agent_group_ids[]=1&date_from=2024-04-01&date_to=2024-04-30&aggregate_by=week';
    const all: Array<{ agent: { login: string }; period: string }> = [];
    for (let offset = 0; ; offset += 100) {
      const page = (await report(`${base}&limit=100&offset=${offset}`)).body;
      all.push(...page);
      if (page.length < 100) break;
    }
    const weeks = new Set(all.map((r) => r.period));
    expect(weeks.size).toBe(5);
    expect([...weeks][0]).toMatch(/^2024-W\d\d$/);
    expect(all).toHaveLength(groupAgents.length * 5);
    expect(new Set(all.map((r) => r.agent.login))).toEqual(new Set(groupAgents.map((a) => a.thuliumLogin)));
    const over = await report(`${base}&limit=101`);
    expect(over.status).toBe(400);
  });

  it('enforces auth, the login/group rule and required dates', async () => {
    expect((await report('agent_logins[]=x&date_from=2024-04-01&date_to=2024-04-02', {})).status).toBe(401);
    const noAgents = await report('date_from=2024-04-01&date_to=2024-04-02');
    expect(noAgents.status).toBe(400);
    expect(noAgents.text).toMatch(/agent_logins or agent_group_ids/);
    expect((await report('agent_logins[]=x&date_to=2024-04-02')).status).toBe(400);
    expect((await report('agent_logins[]=x&date_from=2024-04-01')).status).toBe(400);
    expect((await report('agent_logins[]=x&date_from=2024-04-01&date_to=2024-04-02&aggregate_by=fortnight')).status).toBe(400);
    expect((await report('agent_logins[]=nobody&date_from=2024-04-01&date_to=2024-04-02')).body).toEqual([]);
  });
});

describe('cc_agent control API', () => {
  const cc = (action: string, qs: string, key: string = sim.credentials.ccagent.apiKey) =>
    get(`${sim.baseUrls.ccagent}/api/cc_agent/${action}?${qs}&api_key=${encodeURIComponent(key)}`);
  const api = () => sinch(sim);
  const sinchAgent = async (id: string) => (await api().get(`/agents/${id}?startTime=${DAY}&showQueueInfo=3`)).body;

  it('rejects a wrong api_key, unknown users and unknown actions with failure bodies', async () => {
    const bad = await cc('checkOut', 'user_id=17001', 'nope');
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ success: false, error: 'Invalid API key' });
    const unknownUser = await cc('checkOut', 'user_id=99999');
    expect(unknownUser.status).toBe(200);
    expect(unknownUser.body.success).toBe(false);
    expect(unknownUser.body.error).toMatch(/not found/);
    expect((await cc('launchRocket', 'user_id=17001')).body.success).toBe(false);
  });

  it('checkOut logs out; checkIn returns a dial code and the agent logs in after dialling', async () => {
    const a = sim.model.agents.find((x) => x.ccUserId !== null && x.state === 'Ready')!;
    expect((await cc('checkOut', `user_id=${a.ccUserId}`)).body).toEqual({ success: true });
    expect((await sinchAgent(a.id)).userStatus).toBe('LoggedOut');
    const r = await cc('checkIn', `user_id=${a.ccUserId}`);
    expect(r.body.success).toBe(true);
    expect(r.body.data).toMatch(/^\*\*9\d{3}$/);
    sim.advance(5000);
    expect((await sinchAgent(a.id)).userStatus).toBe('Ready');
  });

  it('checkInDevice logs in at once and refuses a device held by someone else unless forced', async () => {
    const [x, y] = sim.model.agents.filter((a) => a.ccUserId !== null && a.state !== 'Busy' && a.state !== 'WrapUp');
    await cc('checkOut', `user_id=${x!.ccUserId}`);
    expect((await cc('checkInDevice', `user_id=${x!.ccUserId}&device_id=9901`)).body).toEqual({ success: true });
    expect((await sinchAgent(x!.id)).userStatus).not.toBe('LoggedOut');
    const taken = await cc('checkInDevice', `user_id=${y!.ccUserId}&device_id=9901`);
    expect(taken.body.success).toBe(false);
    expect((await cc('checkInDevice', `user_id=${y!.ccUserId}&device_id=9901&forceCheckOut=1`)).body.success).toBe(true);
    expect((await sinchAgent(x!.id)).userStatus).toBe('LoggedOut');
  });

  it('setPause id>0 pauses, 0 makes the agent available', async () => {
    const a = sim.model.agents.find((x) => x.ccUserId !== null && x.state === 'Ready')!;
    expect((await cc('setPause', `user_id=${a.ccUserId}&id=2`)).body).toEqual({ success: true });
    expect((await sinchAgent(a.id)).userStatus).toBe('Pause');
    expect((await cc('setPause', `user_id=${a.ccUserId}&id=0`)).body.success).toBe(true);
    expect((await sinchAgent(a.id)).userStatus).toBe('Ready');
    expect((await cc('setPause', `user_id=${a.ccUserId}`)).body.success).toBe(false);
  });

  it('setQueues changes membership (visible in Sinch) and returns the queue with users rows', async () => {
    const a = sim.model.agents.find((x) => x.ccUserId !== null)!;
    const [q1, q2] = [sim.model.queues[4]!, sim.model.queues[5]!];
    const r = await cc('setQueues', `user_id=${a.ccUserId}&queue_ids=${q1.ccId},${q2.ccId}`);
    expect(r.body.success).toBe(true);
    expect(r.body.data).toMatchObject({ id: q1.ccId, name: q1.name, site_id: null, tv_name: null, strategy: expect.any(String) });
    expect(typeof r.body.data.account_id).toBe('number');
    const row = r.body.data.users.find((u: unknown[]) => u[0] === a.ccUserId);
    expect(row).toHaveLength(7);
    expect(row[4]).toBe(`${a.firstName} ${a.lastName}`);
    const queues = (await sinchAgent(a.id)).queues.queue.map((q: { id: string }) => q.id);
    expect(queues.sort()).toEqual([q1.id, q2.id].sort());
    const arr = await get(`${sim.baseUrls.ccagent}/api/cc_agent/setQueues?user_id=${a.ccUserId}&queue_ids[]=${q2.ccId}&api_key=${sim.credentials.ccagent.apiKey}`);
    expect(arr.body.data.id).toBe(q2.ccId);
    expect((await sinchAgent(a.id)).queues.queue.map((q: { id: string }) => q.id)).toEqual([q2.id]);
    expect((await cc('setQueues', `user_id=${a.ccUserId}&queue_ids=99999`)).body.success).toBe(false);
  });

  it('wrapup puts a free agent into wrap-up for the given seconds', async () => {
    const a = sim.model.agents.find((x) => x.ccUserId !== null && x.state === 'Ready')!;
    expect((await cc('wrapup', `user_id=${a.ccUserId}&seconds=30`)).body).toEqual({ success: true });
    const s = await sinchAgent(a.id);
    expect([s.userStatus, s.availability, s.contactHandlingStatus]).toEqual(['Ready', 'Busy', 'Waiting']);
    expect(a.state).toBe('WrapUp');
    sim.advance(31_000);
    expect(a.state).not.toBe('WrapUp');
  });
});
