/**
 * Sinch session authentication (field notes): `POST <tenant base>/ecfs/authentication` with header
 * `Authorization: ECFAUTH` and form body `Authorization=Basic <base64 user:password>`, answered with a JSESSIONID
 * cookie that later calls send. One login at a time; a new one on 401 or when the session is older than its
 * maximum age. Neither the password nor the cookie ever reaches an error or a log.
 */
import { request } from 'undici';
import { VendorError } from '../../domain/errors.js';

export interface SinchSessionOptions {
  /** The RMI base URL (`https://host/tenant/ecfs/RI/rmi`). */
  baseUrl: string;
  username: string;
  password: string;
  timeoutMs: number;
  /** Renew before the vendor is expected to expire it. Default 20 minutes. */
  maxAgeMs?: number;
  now?: () => number;
}

/** `https://host/t/ecfs/RI/rmi` ⇒ `https://host/t/ecfs/authentication` (also without `ecfs` in the RMI path). */
export function sessionLoginUrl(baseUrl: string): string {
  const u = new URL(baseUrl);
  let path = u.pathname.replace(/\/+$/, '').replace(/\/RI\/rmi$/i, '');
  path = path.replace(/\/ecfs$/i, '');
  u.pathname = `${path}/ecfs/authentication`;
  u.search = '';
  return u.toString();
}

export class SinchSession {
  private cookie: string | null = null;
  private obtainedAt = 0;
  private login: Promise<string> | null = null;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  /** Logins performed (tests, health). */
  logins = 0;

  constructor(private readonly o: SinchSessionOptions) {
    this.maxAgeMs = o.maxAgeMs ?? 20 * 60_000;
    this.now = o.now ?? Date.now;
  }

  /** The cookie header value for the next call, logging in first when there is no fresh session. */
  async current(): Promise<string> {
    if (this.cookie && this.now() - this.obtainedAt < this.maxAgeMs) return this.cookie;
    return this.renew(this.cookie);
  }

  /**
   * A new session unless another caller already replaced `stale` (then its cookie). Logins never overlap: callers
   * arriving during one wait for it.
   */
  renew(stale: string | null): Promise<string> {
    if (this.cookie !== null && this.cookie !== stale && this.now() - this.obtainedAt < this.maxAgeMs) return Promise.resolve(this.cookie);
    this.login ??= this.doLogin().finally(() => {
      this.login = null;
    });
    return this.login;
  }

  private async doLogin(): Promise<string> {
    const endpoint = 'POST /ecfs/authentication';
    const basic = Buffer.from(`${this.o.username}:${this.o.password}`, 'utf8').toString('base64');
    this.logins++;
    let status: number;
    let setCookie: string | string[] | undefined;
    try {
      const res = await request(sessionLoginUrl(this.o.baseUrl), {
        method: 'POST',
        headers: { authorization: 'ECFAUTH', 'content-type': 'application/x-www-form-urlencoded', accept: '*/*' },
        body: new URLSearchParams({ Authorization: `Basic ${basic}` }).toString(),
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      status = res.statusCode;
      setCookie = res.headers['set-cookie'];
      await res.body.dump();
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      throw new VendorError({ vendor: 'sinch', code: timedOut ? 'TIMEOUT' : 'NETWORK', endpoint });
    }
    if (status === 401 || status === 403) throw new VendorError({ vendor: 'sinch', code: 'UNAUTHORIZED', endpoint, status });
    if (status >= 500) throw new VendorError({ vendor: 'sinch', code: 'SERVER_ERROR', endpoint, status });
    const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
    const session = cookies.map((c) => c.split(';')[0]!.trim()).find((c) => /^JSESSIONID=/i.test(c));
    if (status >= 300 || !session) {
      throw new VendorError({ vendor: 'sinch', code: 'UNAUTHORIZED', endpoint, status, message: 'sinch session login failed: no session cookie' });
    }
    this.cookie = session;
    this.obtainedAt = this.now();
    return session;
  }
}
