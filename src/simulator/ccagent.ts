/**
 * cc_agent control API (`/api/cc_agent/<action>`): `api_key` query auth, `{"success":true,...}` or
 * `{"success":false,"error":"…"}` bodies. Actions change the one model, so their effect shows in Sinch reads.
 */
import { json, type SimResponse, type VendorApi } from './http.js';
import type { SimAgent, SimModel, SimQueue } from './model.js';

const ACTIONS = new Set(['checkIn', 'checkOut', 'checkInDevice', 'setPause', 'setQueues', 'wrapup']);
const ACCOUNT_ID = 4242;

const ok = (data?: unknown): SimResponse => json(200, data === undefined ? { success: true } : { success: true, data });
const failure = (error: string, status = 200): SimResponse => json(status, { success: false, error });

export function ccagentApi(model: SimModel, creds: { apiKey: string }): VendorApi {
  const queueJson = (q: SimQueue) => ({
    id: q.ccId,
    account_id: ACCOUNT_ID,
    site_id: null,
    name: q.name,
    tv_name: null,
    strategy: q.strategy,
    record: q.channel === 'PHONE' ? 1 : 0,
    // Member rows as the vendor sends them: [user_id, tier, max calls, serving, name, extension, paused].
    users: model.agents
      .filter((a) => a.ccUserId !== null && a.memberships.some((m) => m.queue === q))
      .map((a) => {
        const m = a.memberships.find((x) => x.queue === q)!;
        return [a.ccUserId, 1 + (a.index % 3), 10, m.serving ? 1 : 0, `${a.firstName} ${a.lastName}`, null, a.state === 'Pause'];
      }),
  });

  const intParam = (q: URLSearchParams, name: string): number | null | 'bad' => {
    const v = q.get(name);
    if (v === null || v === '') return null;
    return /^\d+$/.test(v) ? Number(v) : 'bad';
  };

  const handle = (action: string, q: URLSearchParams): SimResponse => {
    const uid = intParam(q, 'user_id');
    if (uid === null) return failure('user_id is required (no session user for API key access)');
    if (uid === 'bad') return failure('user_id must be an integer');
    const a: SimAgent | undefined = model.agentByCcId(uid);
    if (!a) return failure(`User ${uid} not found`);
    const force = q.get('forceCheckOut') === '1' || q.get('forceCheckOut') === 'true';
    switch (action) {
      case 'checkIn':
        return ok(model.checkIn(a));
      case 'checkInDevice': {
        const device = intParam(q, 'device_id');
        if (device === null) return failure('device_id is required');
        if (device === 'bad') return failure('device_id must be an integer');
        return model.checkInDevice(a, device, force) ? ok() : failure(`Device ${device} is in use by another user`);
      }
      case 'checkOut':
        model.checkOut(a);
        return ok();
      case 'setPause': {
        const id = intParam(q, 'id');
        if (id === null) return failure('id is required');
        if (id === 'bad') return failure('id must be an integer');
        if (a.state === 'LoggedOut') return failure('User is not checked in');
        model.setPause(a, id);
        return ok();
      }
      case 'setQueues': {
        const raw = [...q.getAll('queue_ids[]'), ...q.getAll('queue_ids')].flatMap((v) => v.split(','));
        const ids = raw.map((s) => s.trim()).filter(Boolean);
        if (!ids.length) return failure('queue_ids is required');
        if (ids.some((s) => !/^\d+$/.test(s))) return failure('queue_ids must be integers');
        const queues: SimQueue[] = [];
        for (const id of ids) {
          const found = model.queueByCcId(Number(id));
          if (!found) return failure(`Queue ${id} not found`);
          if (!queues.includes(found)) queues.push(found);
        }
        model.setQueues(a, queues);
        return ok(queueJson(queues[0]!));
      }
      case 'wrapup': {
        const seconds = intParam(q, 'seconds');
        if (seconds === 'bad') return failure('seconds must be an integer');
        if (a.state === 'LoggedOut') return failure('User is not checked in');
        model.wrapUp(a, seconds ?? undefined);
        return ok();
      }
      default:
        return failure(`Unknown action ${action}`, 404);
    }
  };

  return {
    vendor: 'ccagent',
    prefix: '/ccagent',
    faultResponse: (status) => failure(`Service error (HTTP ${status})`, status),
    match(req) {
      const m = /^\/api\/cc_agent\/([A-Za-z]+)$/.exec(req.path);
      const action = m?.[1] ?? '';
      return {
        key: ACTIONS.has(action) ? action : 'unknown',
        handle: (r) => {
          if (r.query.get('api_key') !== creds.apiKey) return failure('Invalid API key', 401);
          if (!ACTIONS.has(action)) return failure(`Unknown action '${action}'`, 404);
          if (r.method !== 'GET' && r.method !== 'POST') return failure('Method not allowed', 405);
          return handle(action, r.query);
        },
      };
    },
  };
}
