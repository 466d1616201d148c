import fs from 'node:fs';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { TEST_DEMO_PASSWORD } from './stack/service-process';

/** What a test signs in as at the development issuer (`POST /auth/token`). */
export type DemoSignIn = { user: string } | { apiKey: string };

/** The demo users the development issuer knows (gateway/src/auth/demo-users.ts). */
export const DEMO = {
  customerA: 'alice',
  customerB: 'bob',
  /** Staff of the demo store location `lisbon-store`. */
  storeX: 'staff-lisbon-store',
  ops: 'ops',
} as const;

/**
 * Headers of a caller with no token at all, for graphqlRequest/graphqlData (which send an
 * operations token of the unit tests' issuer otherwise, one no stack trusts).
 */
export const NO_TOKEN: Readonly<Record<string, string>> = Object.freeze({ authorization: '' });

/** A token from the gateway's development issuer; fails the test if none is issued. */
export async function tokenFrom(origin: string, signIn: DemoSignIn): Promise<string> {
  const response = await fetch(`${origin}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // Test stacks run with DEMO_PASSWORD set to this (see the stacks).
    body: JSON.stringify('user' in signIn ? { ...signIn, password: TEST_DEMO_PASSWORD } : signIn),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!response.ok || !body.access_token)
    throw new Error(`no token for ${JSON.stringify(signIn)}: HTTP ${response.status} ${body.error_description ?? ''}`);
  return body.access_token;
}

/** `{ authorization: 'Bearer …' }` for a demo user. */
export async function signedIn(origin: string, user: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await tokenFrom(origin, { user })}` };
}

/** The gateway origin (`http://host:port`) of a GraphQL URL. */
export function originOf(graphqlUrl: string): string {
  return new URL(graphqlUrl).origin;
}

/**
 * Forgeries of a real token, for the tests that prove they are refused: the same claims
 * with a broken signature, with `alg: none`, or re-signed by a key nobody trusts with a
 * wrong issuer, audience or an expiry in the past.
 */
export const forge = {
  tamperedSignature(token: string): string {
    const [header, payload, signature = ''] = token.split('.');
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    return `${header}.${payload}.${flipped}`;
  },
  algNone(token: string): string {
    const payload = token.split('.')[1];
    return `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
  },
  /** The same claims signed by a key nobody trusts, under the real token's `kid`. */
  async foreignKey(token: string): Promise<string> {
    const { kid } = decodeProtectedHeader(token);
    const { privateKey } = await generateKeyPair('ES256');
    return new SignJWT(decodeJwt(token)).setProtectedHeader({ alg: 'ES256', ...(kid ? { kid } : {}) }).sign(privateKey);
  },
  /**
   * Claims changed (`iss`, `aud`, `exp`, …) but signed with the trusted development key
   * itself (read from the stack's key file): only the changed claim can be why it is refused.
   */
  async trustedKeyWith(token: string, keyFile: string, change: Record<string, unknown>): Promise<string> {
    const stored = JSON.parse(fs.readFileSync(keyFile, 'utf8')) as { kid: string; privateJwk: JWK };
    const key = await importJWK(stored.privateJwk, 'ES256');
    return new SignJWT({ ...decodeJwt(token), ...change })
      .setProtectedHeader({ alg: 'ES256', kid: stored.kid })
      .sign(key);
  },
};
