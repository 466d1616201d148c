import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportSPKI, generateKeyPair, importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import { type AuthConfig, DEFAULT_AUDIENCE, DEV_ISSUER, loadAuthConfig } from './auth-config';
import { Authenticator, encodeActingFor } from './authenticator';
import { DevIssuer } from './dev-issuer';
import { TokenVerifier } from './token-verifier';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockgraph-verifier-'));
const keyFile = path.join(dir, 'dev-issuer-key.json');
const config: AuthConfig = loadAuthConfig('test', { AUTH_MODE: 'dev', AUTH_DEV_KEY_FILE: keyFile });

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Signs `claims` with the trusted development key itself, so only the claims can be why a token is refused. */
async function signed(claims: JWTPayload, header: { alg?: string } = {}): Promise<string> {
  const stored = JSON.parse(fs.readFileSync(keyFile, 'utf8')) as { kid: string; privateJwk: JWK };
  const key = await importJWK(stored.privateJwk, 'ES256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: DEV_ISSUER,
    aud: DEFAULT_AUDIENCE,
    sub: 'alice',
    roles: ['customer'],
    iat: now,
    exp: now + 600,
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', kid: stored.kid, ...header })
    .sign(key);
}

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: { code?: string; message: string }) => `${error.code}: ${error.message}`,
  );

describe('token verification', () => {
  let verifier: TokenVerifier;
  beforeAll(async () => {
    await DevIssuer.open(keyFile, config);
    verifier = await TokenVerifier.create(config);
  });

  it('reads the caller from a token the issuer signed: subject, known roles only, locations only for store staff', async () => {
    const issuer = await DevIssuer.open(keyFile, config);
    const { caller } = await verifier.verify(
      await issuer.sign('lisbon', { roles: ['store', 'admin'], locations: ['lisbon-store'] }, 60),
    );
    expect(caller).toEqual({ subject: 'lisbon', roles: ['store'], locations: ['lisbon-store'] });
    const customer = await verifier.verify(
      await issuer.sign('alice', { roles: ['customer'], locations: ['madrid-dc'] }, 60),
    );
    expect(customer.caller.locations).toEqual([]);
  });

  it.each([
    ['an expired token', { exp: Math.floor(Date.now() / 1000) - 120 }, 'has expired'],
    ['a token not valid yet', { nbf: Math.floor(Date.now() / 1000) + 120 }, '"nbf" claim'],
    ['another issuer', { iss: 'https://evil.example' }, '"iss" claim'],
    ['another audience', { aud: 'someone-else' }, '"aud" claim'],
    ['no subject', { sub: undefined }, '"sub" claim'],
  ])('refuses %s with UNAUTHENTICATED and the reason', async (_name, claims, reason) => {
    expect(await code(verifier.verify(await signed(claims)))).toMatch(
      new RegExp(`^UNAUTHENTICATED: .*${reason.replace(/"/g, '"')}`),
    );
  });

  it('allows clocks to disagree by the configured leeway (30 s), not more', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await code(verifier.verify(await signed({ exp: now - 10 })))).toBe('accepted');
    expect(await code(verifier.verify(await signed({ nbf: now + 10 })))).toBe('accepted');
  });

  it('refuses alg none, a tampered signature, another algorithm and a key it does not trust', async () => {
    const good = await signed({});
    const [header, payload, signature = ''] = good.split('.');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    const tampered = `${header}.${payload}.${(signature[0] === 'A' ? 'B' : 'A') + signature.slice(1)}`;
    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await new SignJWT({
      sub: 'alice',
      iss: DEV_ISSUER,
      aud: DEFAULT_AUDIENCE,
      exp: Math.floor(Date.now() / 1000) + 60,
    })
      .setProtectedHeader({ alg: 'ES256' })
      .sign(privateKey);
    const { privateKey: rsa } = await generateKeyPair('RS256');
    const otherAlg = await new SignJWT({
      sub: 'alice',
      iss: DEV_ISSUER,
      aud: DEFAULT_AUDIENCE,
      exp: Math.floor(Date.now() / 1000) + 60,
    })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(rsa);
    expect(await code(verifier.verify(none))).toMatch(/^UNAUTHENTICATED: .*algorithm/);
    expect(await code(verifier.verify(tampered))).toMatch(/^UNAUTHENTICATED: .*signature does not verify/);
    expect(await code(verifier.verify(foreign))).toMatch(/^UNAUTHENTICATED/);
    expect(await code(verifier.verify(otherAlg))).toMatch(/^UNAUTHENTICATED: .*algorithm/);
    expect(await code(verifier.verify('not-a-jwt'))).toMatch(/^UNAUTHENTICATED: .*well-formed/);
  });

  it.each<[string, unknown, string]>([
    ['a list', ['alice'], 'must be a string'],
    ['a number', 123, 'must be a string'],
    ['a boolean', true, 'must be a string'],
    ['an object with a length', { length: 1 }, 'must be a string'],
    ['surrounding whitespace', ' alice', 'whitespace'],
    ['a trailing line break', 'alice\n', 'control characters'],
    ['a NUL', 'alice\u0000', 'control characters'],
    ['a terminal escape', '\u001b[31malice', 'control characters'],
    ['too long', 'a'.repeat(101), '1 to 100 characters'],
  ])('refuses a signed token whose "sub" is %s', async (_name, sub, reason) => {
    const token = await signed({ sub } as unknown as JWTPayload);
    expect(await code(verifier.verify(token))).toMatch(new RegExp(`^UNAUTHENTICATED: .*"sub".*${reason}`));
  });

  it('verifies with a public key file as it does with the development key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const file = path.join(dir, 'idp.pem');
    fs.writeFileSync(file, await exportSPKI(publicKey));
    const external = await TokenVerifier.create(
      loadAuthConfig('test', { AUTH_PUBLIC_KEY_FILE: file, AUTH_ISSUER: 'https://idp.example' }),
    );
    const token = await new SignJWT({ roles: ['ops'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('ana')
      .setIssuer('https://idp.example')
      .setAudience(DEFAULT_AUDIENCE)
      .setExpirationTime('1m')
      .sign(privateKey);
    expect((await external.verify(token)).caller).toEqual({ subject: 'ana', roles: ['ops'], locations: [] });
    expect(await code(external.verify(await signed({})))).toMatch(/^UNAUTHENTICATED/);
  });
});

describe('authenticator', () => {
  let authenticator: Authenticator;
  let issuer: DevIssuer;
  beforeAll(async () => {
    issuer = await DevIssuer.open(keyFile, config);
    authenticator = new Authenticator(await TokenVerifier.create(config), config.delegators);
  });

  it('refuses a tokenless request where one is required, and lets it be anonymous where not', async () => {
    expect(await code(authenticator.callerOf({}, { required: true }))).toMatch(/^UNAUTHENTICATED/);
    expect(await authenticator.callerOf({}, { required: false })).toMatchObject({ subject: null, roles: [] });
    expect(await code(authenticator.callerOf({ authorization: 'Basic abc' }, { required: false }))).toMatch(
      /^UNAUTHENTICATED: .*Bearer/,
    );
  });

  it('lets only the gateway act for someone else, and never with the service role', async () => {
    const service = `Bearer ${await issuer.sign('gateway', { roles: ['service'] }, 60)}`;
    const customer = `Bearer ${await issuer.sign('alice', { roles: ['customer'] }, 60)}`;
    const actingFor = encodeActingFor({ subject: 'bob', roles: ['customer', 'service'], locations: [] });
    expect(await authenticator.callerOf({ authorization: service, actingFor }, { required: true })).toMatchObject({
      subject: 'bob',
      roles: ['customer'],
      via: 'gateway',
    });
    expect(
      await authenticator.callerOf(
        { authorization: service, actingFor: encodeActingFor({ subject: null, roles: [], locations: [] }) },
        { required: true },
      ),
    ).toMatchObject({
      subject: null,
      roles: [],
    });
    expect(await code(authenticator.callerOf({ authorization: customer, actingFor }, { required: true }))).toMatch(
      /^FORBIDDEN/,
    );
    // Another service's credential is a service token too, but not the gateway's: it may
    // call as itself, never as someone it names.
    const order = `Bearer ${await issuer.sign('order', { roles: ['service'] }, 60)}`;
    const asOps = encodeActingFor({ subject: 'ana', roles: ['ops'], locations: [] });
    expect(await code(authenticator.callerOf({ authorization: order, actingFor: asOps }, { required: true }))).toMatch(
      /^FORBIDDEN: only the gateway may send stockgraph-acting-for/,
    );
    expect(await authenticator.callerOf({ authorization: order }, { required: true })).toMatchObject({
      subject: 'order',
      roles: ['service'],
    });
  });

  it('honours the delegators it is configured with, and refuses a list that names none', async () => {
    const edge = new Authenticator(
      await TokenVerifier.create(config),
      loadAuthConfig('test', {
        AUTH_MODE: 'dev',
        AUTH_DEV_KEY_FILE: keyFile,
        AUTH_DELEGATING_SERVICES: 'edge-1, edge-2',
      }).delegators,
    );
    const actingFor = encodeActingFor({ subject: 'bob', roles: ['customer'], locations: [] });
    const edge2 = `Bearer ${await issuer.sign('edge-2', { roles: ['service'] }, 60)}`;
    const gateway = `Bearer ${await issuer.sign('gateway', { roles: ['service'] }, 60)}`;
    expect(await edge.callerOf({ authorization: edge2, actingFor }, { required: true })).toMatchObject({
      subject: 'bob',
      via: 'edge-2',
    });
    expect(await code(edge.callerOf({ authorization: gateway, actingFor }, { required: true }))).toMatch(/^FORBIDDEN/);
    expect(() => loadAuthConfig('test', { AUTH_MODE: 'dev', AUTH_DELEGATING_SERVICES: ' , ' })).toThrow(
      /AUTH_DELEGATING_SERVICES/,
    );
  });
});

describe('auth configuration', () => {
  it('refuses to start without a key unless the development issuer is asked for', () => {
    expect(() => loadAuthConfig('inventory', {})).toThrow(
      /no token key configured: set AUTH_JWKS_URL .* or AUTH_MODE=dev/,
    );
    expect(() => loadAuthConfig('inventory', { AUTH_JWKS_URL: 'https://idp.example/jwks' })).toThrow(
      /AUTH_ISSUER: required/,
    );
    expect(() => loadAuthConfig('inventory', { AUTH_MODE: 'dev', AUTH_JWKS_URL: 'https://idp.example/jwks' })).toThrow(
      /AUTH_MODE=dev trusts only/,
    );
    expect(
      loadAuthConfig('inventory', { AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'https://idp.example' }),
    ).toMatchObject({
      keys: { kind: 'jwks', url: 'https://idp.example/jwks' },
      algorithm: 'ES256',
      serviceCredentials: null,
    });
  });

  it('creates one development key however many open it at once (each links its candidate; one wins)', async () => {
    const file = path.join(dir, 'race', 'key.json');
    const issuers = await Promise.all(Array.from({ length: 8 }, () => DevIssuer.open(file, config)));
    expect(new Set(issuers.map((issuer) => issuer.jwks.keys[0]?.kid)).size).toBe(1);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['key.json']);
  });
});
