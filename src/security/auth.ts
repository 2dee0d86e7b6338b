/**
 * Client authentication: hashed API keys and/or JWTs (HS256 shared secret or a JWKS URL).
 * Off when nothing is configured (demo mode: everyone may do everything).
 *
 * One authenticator serves HTTP requests (headers) and graphql-ws `connection_init` payloads
 * (`{ authorization: 'Bearer …' }` or `{ 'x-api-key': … }`). Credentials never appear in errors or logs.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { GraphQLError } from 'graphql';
import type { AuthConfig } from './config.js';
import { ROLES, type AuthInfo, type Role } from './roles.js';
import { authUnavailable, forbidden, unauthenticated } from './errors.js';

export const DEMO_AUTH: AuthInfo = Object.freeze({ enabled: false, roles: [], subject: null }) as AuthInfo;

/** Fetch `Headers`, Node's `IncomingHttpHeaders`, or a graphql-ws connectionParams object. */
export type CredentialSource = { get(name: string): string | null } | Readonly<Record<string, unknown>> | null | undefined;

export interface AuthResult {
  info: AuthInfo;
  /** Epoch ms when the credential stops being valid (JWT `exp`); undefined for API keys. */
  expiresAt: number | undefined;
}

export interface Authenticator {
  readonly enabled: boolean;
  /** Resolves to who is calling; rejects with a GraphQLError (UNAUTHENTICATED 401, AUTH_UNAVAILABLE 503). */
  authenticate(source: CredentialSource): Promise<AuthInfo>;
  /** As `authenticate`, plus when the credential expires (websockets close at that moment). */
  verify(source: CredentialSource): Promise<AuthResult>;
}

/** Longer than any real key or token: refuse before hashing or parsing attacker-sized input. */
const MAX_CREDENTIAL_LENGTH = 8192;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const ASYMMETRIC_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

function readCredential(source: CredentialSource, name: string): string | undefined {
  if (source == null) return undefined;
  if (typeof (source as { get?: unknown }).get === 'function') {
    return (source as { get(n: string): string | null }).get(name) ?? undefined;
  }
  // Plain objects (Node headers, connectionParams): match the name case-insensitively.
  for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
    if (k.toLowerCase() !== name) continue;
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') return v[0];
    return ''; // present but not a string: treated as an invalid credential
  }
  return undefined;
}

function rolesFrom(payload: JWTPayload, claim: string | undefined): Role[] {
  let value: unknown;
  if (claim === undefined) {
    value = payload['roles'] ?? payload['role'];
  } else {
    value = claim.split('.').reduce<unknown>((node, part) => {
      return node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    }, payload);
  }
  const list = typeof value === 'string' ? value.split(/[\s,]+/) : Array.isArray(value) ? value : [];
  const roles = new Set<Role>();
  for (const r of list) {
    if (typeof r !== 'string') continue;
    const lower = r.toLowerCase();
    if ((ROLES as readonly string[]).includes(lower)) roles.add(lower as Role);
  }
  return [...roles];
}

export function createAuthenticator(config: AuthConfig): Authenticator {
  if (!config.enabled) {
    return {
      enabled: false,
      authenticate: async () => DEMO_AUTH,
      verify: async () => ({ info: DEMO_AUTH, expiresAt: undefined }),
    };
  }

  const keys = config.apiKeys.map((k) => ({ ...k, digest: Buffer.from(k.sha256, 'hex') }));
  const jwt = config.jwt;
  const jwtKey: Uint8Array | JWTVerifyGetKey | undefined = jwt?.secret
    ? new TextEncoder().encode(jwt.secret)
    : jwt?.jwksUrl
      ? createRemoteJWKSet(new URL(jwt.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 })
      : undefined;

  const checkApiKey = (key: string): AuthResult => {
    if (keys.length === 0) throw unauthenticated('Invalid credentials.');
    const digest = sha256(key);
    let match: (typeof keys)[number] | undefined;
    // Visit every key so timing does not reveal which one (or whether any) matched.
    for (const k of keys) {
      if (timingSafeEqual(digest, k.digest) && match === undefined) match = k;
    }
    if (!match) throw unauthenticated('Invalid credentials.');
    return { info: { enabled: true, roles: [match.role], subject: `api-key:${match.name}` }, expiresAt: undefined };
  };

  const checkJwt = async (token: string): Promise<AuthResult> => {
    if (!jwt || !jwtKey) throw unauthenticated('Invalid credentials.');
    let payload: JWTPayload;
    try {
      const options = {
        algorithms: jwt.secret ? ['HS256'] : ASYMMETRIC_ALGS,
        clockTolerance: jwt.clockToleranceSec,
        // A token without an expiry would be valid forever.
        requiredClaims: ['exp'],
        ...(jwt.issuer !== undefined ? { issuer: jwt.issuer } : {}),
        ...(jwt.audience !== undefined ? { audience: jwt.audience } : {}),
      };
      ({ payload } =
        typeof jwtKey === 'function' ? await jwtVerify(token, jwtKey, options) : await jwtVerify(token, jwtKey, options));
    } catch (e) {
      throw jwtFailure(e);
    }
    const exp = payload.exp as number; // required above
    if (jwt.maxLifetimeSec > 0) {
      // Measured from `iat` when present, else from now: a token minted for a year is refused either way.
      const from = typeof payload.iat === 'number' ? Math.min(payload.iat, Date.now() / 1000) : Date.now() / 1000;
      if (exp - from > jwt.maxLifetimeSec + jwt.clockToleranceSec) {
        throw unauthenticated('Token rejected: its lifetime exceeds what this server accepts.');
      }
    }
    const roles = rolesFrom(payload, jwt.rolesClaim);
    // A valid token without a known role reads nothing: refused here, on every transport, before any work.
    if (roles.length === 0) throw forbidden('The credential carries no known role (viewer, supervisor or admin).');
    return { info: { enabled: true, roles, subject: payload.sub ?? 'jwt' }, expiresAt: exp * 1000 };
  };

  const verify = async (source: CredentialSource): Promise<AuthResult> => {
    const authorization = readCredential(source, 'authorization');
    const apiKey = readCredential(source, 'x-api-key');
    if (authorization === undefined && apiKey === undefined) {
      throw unauthenticated('Authentication required: send "Authorization: Bearer <token>" or an "x-api-key" header.');
    }
    if (authorization !== undefined) {
      const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
      if (!m?.[1]) throw unauthenticated('Unsupported Authorization header: use "Bearer <token>".');
      const token = m[1];
      if (token.length > MAX_CREDENTIAL_LENGTH) throw unauthenticated('Invalid credentials.');
      return jwt && JWT_SHAPE.test(token) ? checkJwt(token) : checkApiKey(token);
    }
    const key = (apiKey ?? '').trim();
    if (key === '' || key.length > MAX_CREDENTIAL_LENGTH) throw unauthenticated('Invalid credentials.');
    return checkApiKey(key);
  };

  return {
    enabled: true,
    verify,
    authenticate: async (source) => (await verify(source)).info,
  };
}

function jwtFailure(e: unknown): GraphQLError {
  if (e instanceof joseErrors.JWTExpired) return unauthenticated('Token expired.');
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    return unauthenticated(`Token rejected: the "${e.claim}" claim is missing or not accepted.`);
  }
  // The key set could not be fetched or read: not the caller's fault.
  if (
    e instanceof joseErrors.JWKSTimeout ||
    e instanceof joseErrors.JWKSInvalid ||
    !(e instanceof joseErrors.JOSEError) ||
    e.code === 'ERR_JOSE_GENERIC' // e.g. the JWKS endpoint answered non-200
  ) {
    return authUnavailable();
  }
  return unauthenticated('Invalid credentials.');
}
