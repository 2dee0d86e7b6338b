/**
 * CoBrowser.net Account API connector: `GET {base}/api/Account.php?user=…&apiKey=…&c=<command>`. The API key
 * travels in the query string, so URLs from here are never logged unredacted (see redactUrl).
 */
import type { ChatAgent, VendorHealth } from '../../domain/model.js';
import type { CallOptions, CoBrowserConnector } from '../types.js';
import { VendorHttp, tuning, type HttpTuning } from '../http/index.js';
import { parseAgents } from './mapping.js';
import { keepDropped } from '../../domain/partial.js';
import { boxed, type DroppedRowsObserver } from '../rows.js';

export interface CoBrowserClientOptions extends HttpTuning {
  baseUrl: string;
  user: string;
  apiKey: string;
  /** Told about rows dropped from an answer (metrics, log). */
  onDroppedRows?: DroppedRowsObserver;
}

export class CoBrowserClient implements CoBrowserConnector {
  readonly vendor = 'cobrowser' as const;
  readonly http: VendorHttp;

  constructor(private readonly o: CoBrowserClientOptions) {
    this.http = new VendorHttp({
      vendor: 'cobrowser',
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

  private command(c: 'getAllAgents' | 'getOnlineAgents', o?: CallOptions): Promise<ChatAgent[]> {
    return this.http
      .get({
        endpoint: `GET /api/Account.php ${c}`,
        path: '/api/Account.php',
        query: { user: this.o.user, apiKey: this.o.apiKey, c },
        parse: boxed((body) => parseAgents(c, body), this.o.onDroppedRows),
        signal: o?.signal,
      })
      .then((b) => keepDropped([...b.rows], b.rows));
  }

  getAllAgents(o?: CallOptions): Promise<ChatAgent[]> {
    return this.command('getAllAgents', o);
  }

  getOnlineAgents(o?: CallOptions): Promise<ChatAgent[]> {
    return this.command('getOnlineAgents', o);
  }
}
