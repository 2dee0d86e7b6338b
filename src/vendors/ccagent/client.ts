/**
 * cc_agent control API connector: `GET {base}/api/cc_agent/<action>?…&api_key=…`. Every action changes state,
 * so although they are GETs they are treated as writes: never retried, never shared with another caller.
 */
import type { CcQueueAssignment, VendorHealth } from '../../domain/model.js';
import type { CallOptions, CcAgentConnector } from '../types.js';
import { VendorHttp, tuning, type HttpTuning, type Query } from '../http/index.js';
import { parseAck, parseDialCode, parseQueueAssignment } from './mapping.js';

export interface CcAgentClientOptions extends HttpTuning {
  baseUrl: string;
  apiKey: string;
}

export class CcAgentClient implements CcAgentConnector {
  readonly vendor = 'ccagent' as const;
  readonly http: VendorHttp;

  constructor(private readonly o: CcAgentClientOptions) {
    this.http = new VendorHttp({
      vendor: 'ccagent',
      baseUrl: o.baseUrl,
      ...tuning(o),
      headers: { accept: 'application/json' },
      secrets: [o.apiKey, ...(o.secrets ?? [])],
    });
  }

  health(): VendorHealth {
    return this.http.health();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private action<T>(action: string, query: Query, parse: (b: unknown) => T, o?: CallOptions): Promise<T> {
    return this.http.write({
      endpoint: `GET /api/cc_agent/${action}`,
      method: 'GET',
      path: `/api/cc_agent/${action}`,
      query: { ...query, api_key: this.o.apiKey },
      parse,
      signal: o?.signal,
    });
  }

  checkIn(userId: string, q: { forceCheckOut?: boolean } = {}, o?: CallOptions): Promise<{ dialCode: string | null }> {
    return this.action('checkIn', { user_id: userId, forceCheckOut: q.forceCheckOut ? 1 : undefined }, parseDialCode, o);
  }

  checkInDevice(userId: string, deviceId: string, q: { forceCheckOut?: boolean } = {}, o?: CallOptions): Promise<void> {
    return this.action(
      'checkInDevice',
      { user_id: userId, device_id: deviceId, forceCheckOut: q.forceCheckOut ? 1 : undefined },
      parseAck,
      o,
    );
  }

  checkOut(userId: string, o?: CallOptions): Promise<void> {
    return this.action('checkOut', { user_id: userId }, parseAck, o);
  }

  async setPause(userId: string, pauseId: number, o?: CallOptions): Promise<void> {
    if (!Number.isInteger(pauseId) || pauseId < 0) throw new TypeError('setPause: pauseId must be a non-negative integer (0 = available)');
    return this.action('setPause', { id: pauseId, user_id: userId }, parseAck, o);
  }

  setQueues(userId: string, queueIds: string[], o?: CallOptions): Promise<CcQueueAssignment | null> {
    return this.action('setQueues', { queue_ids: queueIds.join(','), user_id: userId }, parseQueueAssignment, o);
  }

  async wrapUp(userId: string, seconds?: number, o?: CallOptions): Promise<void> {
    if (seconds !== undefined && !(Number.isInteger(seconds) && seconds >= 0)) {
      throw new TypeError('wrapUp: seconds must be a non-negative integer');
    }
    return this.action('wrapup', { user_id: userId, seconds }, parseAck, o);
  }
}
