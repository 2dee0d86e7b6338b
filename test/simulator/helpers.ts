import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';

export const START = new Date('2024-05-06T10:00:00.000Z');

export function startSim(opts: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ autoTick: false, startTime: START, ...opts });
}

export function basic(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

export interface Got {
  status: number;
  headers: Headers;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function get(url: string, headers: Record<string, string> = {}, init: RequestInit = {}): Promise<Got> {
  const res = await fetch(url, { ...init, headers });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

export function sinch(sim: Simulator) {
  const auth = basic(sim.credentials.sinch.username, sim.credentials.sinch.password);
  const h = { authorization: auth, accept: 'application/json' };
  return {
    auth,
    get: (path: string, extra: Record<string, string> = {}) => get(`${sim.baseUrls.sinch}${path}`, { ...h, ...extra }),
    put: (path: string, body: unknown, extra: Record<string, string> = {}) =>
      get(`${sim.baseUrls.sinch}${path}`, { ...h, 'content-type': 'application/json', ...extra }, {
        method: 'PUT',
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}

export const DAY = '2024-05-06T00:00:00.000Z';
export const GUID_RE = /^[0-9A-F]{32}$/;
