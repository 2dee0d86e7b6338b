/**
 * CoBrowser.net `Account.php` over the model: `user`+`apiKey` query auth, `c=getAllAgents|getOnlineAgents`,
 * results wrapped in an object named after the command, numbers as strings, lower-case statuses.
 */
import { json, type VendorApi } from './http.js';
import { isChatOnline, type SimAgent, type SimModel, type SlotState } from './model.js';

const COMMANDS = new Set(['getAllAgents', 'getOnlineAgents']);

function durations(model: SimModel, a: SimAgent, states: SlotState[]) {
  const now = model.nowMs();
  const secs = a.slots.filter((s) => states.includes(s.state)).map((s) => Math.floor((now - s.sinceMs) / 1000));
  if (secs.length === 0) return { avg: null, min: null, max: null };
  const sum = secs.reduce((x, y) => x + y, 0);
  return { avg: String(Math.round(sum / secs.length)), min: String(Math.min(...secs)), max: String(Math.max(...secs)) };
}

function chatAgentJson(model: SimModel, a: SimAgent): Record<string, unknown> {
  const online = isChatOnline(a.state);
  const count = (...states: SlotState[]) => a.slots.filter((s) => states.includes(s.state)).length;
  const free = online ? count('closed') : 0;
  const d = {
    Open: durations(model, a, ['open']),
    Closed: durations(model, a, ['closed', 'sleeping']),
    New: durations(model, a, ['new']),
    Burning: durations(model, a, ['burning']),
    Sleeping: durations(model, a, ['sleeping']),
  };
  const o: Record<string, unknown> = {
    id: a.cobrowserId,
    name: a.lastName,
    firstname: a.firstName,
    username: a.cobrowserUsername,
    status: online ? 'online' : 'offline',
    lastactive: String(Math.floor(a.lastActiveMs / 1000)),
    slot_num: String(a.slots.length),
    hasFree: free > 0 ? '1' : '0',
    numFree: String(free),
    numOpen: String(count('open', 'new', 'burning')),
    numClosed: String(count('closed', 'sleeping')),
  };
  for (const kind of ['avg', 'min', 'max'] as const) {
    for (const [state, v] of Object.entries(d)) o[`${kind}${state}Duration`] = v[kind];
  }
  return o;
}

export function cobrowserApi(model: SimModel, creds: { user: string; apiKey: string }): VendorApi {
  return {
    vendor: 'cobrowser',
    prefix: '/cobrowser',
    faultResponse: (status) => json(status, { error: `Service error (HTTP ${status})` }),
    match(req) {
      if (req.path !== '/api/Account.php') {
        return { key: 'unmatched', handle: () => json(404, { error: 'Not found' }) };
      }
      const c = req.query.get('c') ?? '';
      return {
        key: COMMANDS.has(c) ? c : 'unknown',
        handle: (r) => {
          const q = r.query;
          if (q.get('user') !== creds.user || q.get('apiKey') !== creds.apiKey) {
            return json(401, { error: 'Authentication failed: invalid user or apiKey' });
          }
          if (!COMMANDS.has(c)) return json(200, { error: `Unknown command '${c}'` });
          const agents = model.agents.filter(
            (a) => a.cobrowserId !== null && (c === 'getAllAgents' || a.state !== 'LoggedOut'),
          );
          return json(200, { [c]: agents.map((a) => chatAgentJson(model, a)) });
        },
      };
    },
  };
}
