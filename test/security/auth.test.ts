import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builder } from '../../src/schema/builder.js';
import { createAuthenticator } from '../../src/security/index.js';
import { codes, makeYoga, post, sha256Hex, testConfig } from './harness.js';

const VIEWER_KEY = 'ccg_viewer_5b1f0c9e2d7a4e11';
const SUPERVISOR_KEY = 'ccg_supervisor_93e0aa71c4d2';
const JWT_SECRET = 'a-shared-secret-of-at-least-32-bytes!!';
const secretKey = new TextEncoder().encode(JWT_SECRET);

const now = () => Math.floor(Date.now() / 1000);
async function hsToken(claims: Record<string, unknown>, opts: { exp?: number; iss?: string; aud?: string } = {}) {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setIssuedAt();
  jwt = jwt.setExpirationTime(opts.exp ?? now() + 600);
  if (opts.iss) jwt = jwt.setIssuer(opts.iss);
  if (opts.aud) jwt = jwt.setAudience(opts.aud);
  return jwt.sign(secretKey);
}

describe('demo mode (no auth configured)', () => {
  const { yoga } = makeYoga(testConfig());

  it('allows every operation without credentials', async () => {
    const q = await post(yoga, '{ hello whoami }');
    expect(q.status).toBe(200);
    expect(q.body).toEqual({ data: { hello: 'world', whoami: 'anonymous:' } });
    const m = await post(yoga, 'mutation { pauseAgent(agentId: "a1") }');
    expect(m.body).toEqual({ data: { pauseAgent: true } });
  });
});

describe('API keys (stored hashed)', () => {
  const config = testConfig({ CCGRAPH_API_KEYS: `viewer:${sha256Hex(VIEWER_KEY)}, supervisor:${sha256Hex(SUPERVISOR_KEY)}` });
  const { yoga } = makeYoga(config);

  it('a viewer key (Bearer) can query', async () => {
    const r = await post(yoga, '{ hello whoami }', { authorization: `Bearer ${VIEWER_KEY}` });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ hello: 'world', whoami: 'api-key:api-key-1:viewer' });
  });

  it('a viewer key (x-api-key) gets FORBIDDEN on a supervisor mutation', async () => {
    const r = await post(yoga, 'mutation { pauseAgent(agentId: "a1") }', { 'x-api-key': VIEWER_KEY });
    expect(r.status).toBe(200); // an execution error, not a transport error
    expect(r.body.data).toBeNull();
    expect(codes(r)).toEqual(['FORBIDDEN']);
    expect(r.body.errors?.[0]?.path).toEqual(['pauseAgent']);
  });

  it('a supervisor key may steer', async () => {
    const r = await post(yoga, 'mutation { pauseAgent(agentId: "a1") }', { 'x-api-key': SUPERVISOR_KEY });
    expect(r.body).toEqual({ data: { pauseAgent: true } });
  });

  it('missing or wrong keys get 401 UNAUTHENTICATED without echoing the key', async () => {
    const missing = await post(yoga, '{ hello }');
    expect(missing.status).toBe(401);
    expect(codes(missing)).toEqual(['UNAUTHENTICATED']);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(missing.body.data).toBeUndefined();

    const wrong = await post(yoga, '{ hello }', { authorization: 'Bearer not-a-real-key-123' });
    expect(wrong.status).toBe(401);
    expect(codes(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(wrong.text).not.toContain('not-a-real-key-123');
    // The hash itself is not a credential.
    const hash = await post(yoga, '{ hello }', { 'x-api-key': sha256Hex(VIEWER_KEY) });
    expect(hash.status).toBe(401);

    const basic = await post(yoga, '{ hello }', { authorization: 'Basic dXNlcjpwYXNz' });
    expect(basic.status).toBe(401);
    expect(basic.body.errors?.[0]?.message).toMatch(/Bearer/);
    expect(basic.text).not.toContain('dXNlcjpwYXNz');
  });

  it('rejects before parsing: an unauthenticated syntax error is still a 401', async () => {
    const r = await post(yoga, '{ hello');
    expect(r.status).toBe(401);
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
  });

  it('a JSON key list names its keys', async () => {
    const c = testConfig({
      CCGRAPH_API_KEYS: JSON.stringify([{ name: 'wallboard', role: 'viewer', sha256: sha256Hex(VIEWER_KEY).toUpperCase() }]),
    });
    const r = await post(makeYoga(c).yoga, '{ whoami }', { 'x-api-key': VIEWER_KEY });
    expect(r.body.data).toEqual({ whoami: 'api-key:wallboard:viewer' });
  });
});

describe('JWT (HS256 shared secret)', () => {
  const config = testConfig({
    CCGRAPH_JWT_SECRET: JWT_SECRET,
    CCGRAPH_JWT_ISSUER: 'https://idp.example.com',
    CCGRAPH_JWT_AUDIENCE: 'ccgraph',
  });
  const { yoga } = makeYoga(config);
  const good = { iss: 'https://idp.example.com', aud: 'ccgraph' };

  it('takes roles from the `roles` array or the `role` string', async () => {
    const viewer = await hsToken({ roles: ['viewer', 'unknown-role'] }, good);
    const r1 = await post(yoga, '{ whoami }', { authorization: `Bearer ${viewer}` });
    expect(r1.body.data).toEqual({ whoami: 'alice:viewer' });
    const m1 = await post(yoga, 'mutation { pauseAgent(agentId: "a1") }', { authorization: `Bearer ${viewer}` });
    expect(codes(m1)).toEqual(['FORBIDDEN']);

    const supervisor = await hsToken({ role: 'supervisor' }, good);
    const m2 = await post(yoga, 'mutation { pauseAgent(agentId: "a1") }', { authorization: `Bearer ${supervisor}` });
    expect(m2.body).toEqual({ data: { pauseAgent: true } });
  });

  it('a valid token without any known role is refused at authentication: 403 FORBIDDEN (real schema: roles.test.ts)', async () => {
    for (const claims of [{ roles: ['guest'] }, { roles: [] }, {}]) {
      const t = await hsToken(claims, good);
      const r = await post(yoga, '{ hello }', { authorization: `Bearer ${t}` });
      expect(r.status).toBe(403);
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(r.body.data).toBeUndefined();
    }
  });

  it('expired, tampered, wrong-issuer, wrong-audience, no-exp and alg=none tokens get 401', async () => {
    const expired = await hsToken({ roles: ['admin'] }, { ...good, exp: now() - 3600 });
    const r = await post(yoga, '{ hello }', { authorization: `Bearer ${expired}` });
    expect(r.status).toBe(401);
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
    expect(r.body.errors?.[0]?.message).toBe('Token expired.');

    const valid = await hsToken({ roles: ['viewer'] }, good);
    const [h, p] = valid.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: 'alice', roles: ['admin'], exp: now() + 600, ...good })).toString('base64url');
    const tampered = `${h}.${forgedPayload}.${valid.split('.')[2]}`;
    const wrongSecret = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(good.iss)
      .setAudience(good.aud)
      .setExpirationTime(now() + 600)
      .sign(new TextEncoder().encode('another-secret-that-is-32-bytes-long!!'));
    const wrongIssuer = await hsToken({ roles: ['admin'] }, { ...good, iss: 'https://evil.example.com' });
    const wrongAudience = await hsToken({ roles: ['admin'] }, { ...good, aud: 'someone-else' });
    const noExp = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setIssuer(good.iss).setAudience(good.aud).sign(secretKey);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    for (const token of [tampered, wrongSecret, wrongIssuer, wrongAudience, noExp, none]) {
      const res = await post(yoga, '{ hello }', { authorization: `Bearer ${token}` });
      expect(res.status, token).toBe(401);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
      expect(res.text).not.toContain(token);
    }
  });

  it('reads roles from a configured (nested) claim', async () => {
    const c = testConfig({ CCGRAPH_JWT_SECRET: JWT_SECRET, CCGRAPH_JWT_ROLES_CLAIM: 'realm_access.roles' });
    const t = await hsToken({ roles: ['viewer'], realm_access: { roles: ['SUPERVISOR'] } });
    const r = await post(makeYoga(c).yoga, '{ whoami }', { authorization: `Bearer ${t}` });
    expect(r.body.data).toEqual({ whoami: 'alice:supervisor' });
  });
});

describe('JWT from a JWKS URL', () => {
  let server: Server;
  let base: string;
  let privateKey: CryptoKey;
  let otherKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('ES256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((req, res) => {
      if (req.url === '/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      } else {
        res.writeHead(500).end('down');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const sign = (key: CryptoKey, claims: Record<string, unknown>) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('bob').setExpirationTime(now() + 600).sign(key);

  it('verifies tokens against the published keys', async () => {
    const { yoga } = makeYoga(testConfig({ CCGRAPH_JWKS_URL: `${base}/jwks.json` }));
    const ok = await post(yoga, '{ whoami }', { authorization: `Bearer ${await sign(privateKey, { roles: ['admin'] })}` });
    expect(ok.body.data).toEqual({ whoami: 'bob:admin' });
    const forged = await post(yoga, '{ whoami }', { authorization: `Bearer ${await sign(otherKey, { roles: ['admin'] })}` });
    expect(forged.status).toBe(401);
    expect(codes(forged)).toEqual(['UNAUTHENTICATED']);
    // An HS256 token must not be accepted when keys come from a JWKS (algorithm confusion).
    const hs = await post(yoga, '{ whoami }', { authorization: `Bearer ${await hsToken({ roles: ['admin'] })}` });
    expect(hs.status).toBe(401);
  });

  it('an unreachable key set is 503 AUTH_UNAVAILABLE, not the caller’s fault', async () => {
    const { yoga } = makeYoga(testConfig({ CCGRAPH_JWKS_URL: `${base}/broken` }));
    const r = await post(yoga, '{ whoami }', { authorization: `Bearer ${await sign(privateKey, { roles: ['admin'] })}` });
    expect(r.status).toBe(503);
    expect(codes(r)).toEqual(['AUTH_UNAVAILABLE']);
  });
});

describe('authenticator on connection params', () => {
  it('accepts graphql-ws connection_init payloads and plain Node headers', async () => {
    const a = createAuthenticator(testConfig({ CCGRAPH_API_KEYS: `admin:${sha256Hex(VIEWER_KEY)}` }).auth);
    await expect(a.authenticate({ authorization: `Bearer ${VIEWER_KEY}` })).resolves.toEqual({
      enabled: true,
      roles: ['admin'],
      subject: 'api-key:api-key-1',
    });
    await expect(a.authenticate({ 'X-Api-Key': [VIEWER_KEY] })).resolves.toMatchObject({ roles: ['admin'] });
    await expect(a.authenticate({ authorization: 42 })).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(a.authenticate({})).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(a.authenticate(null)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(a.authenticate({ 'x-api-key': 'x'.repeat(100_000) })).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

describe('the main schema builder', () => {
  it('turns a scope-auth failure into extensions.code FORBIDDEN', () => {
    const make = builder.options.scopeAuth?.unauthorizedError;
    expect(make).toBeTypeOf('function');
    const err = make!({}, {} as never, {} as never, { message: 'Not authorized to resolve Mutation.pauseAgent', failure: { kind: 'AuthScope', scope: 'supervisor', parameter: true } as never });
    expect(err).toMatchObject({ message: 'Not authorized to resolve Mutation.pauseAgent', extensions: { code: 'FORBIDDEN' } });
  });
});
