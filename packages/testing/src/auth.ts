import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_AUDIENCE, DEV_ISSUER, DevIssuer } from '@stockgraph/runtime';
import type { Caller } from '@stockgraph/domain';

// One development key per checkout, shared by every jest worker (DevIssuer creates it once, atomically).
const CHECKOUT = createHash('sha256').update(path.resolve(__dirname, '../../..')).digest('hex').slice(0, 6);
const KEY_FILE = path.join(os.tmpdir(), `stockgraph-test-auth-${CHECKOUT}`, 'dev-issuer-key.json');

/** The environment that makes a service started in a test trust the tests' development issuer. */
export const testAuthEnv: Record<string, string> = { AUTH_MODE: 'dev', AUTH_DEV_KEY_FILE: KEY_FILE };

let issuer: Promise<DevIssuer> | undefined;

/** A token for `caller` from the tests' development issuer (valid `ttlSeconds`). */
export async function testToken(caller: Caller, ttlSeconds = 600): Promise<string> {
  issuer ??= DevIssuer.open(KEY_FILE, { issuer: DEV_ISSUER, audience: DEFAULT_AUDIENCE });
  const claims = {
    roles: [...caller.roles],
    ...(caller.locations.length > 0 ? { locations: [...caller.locations] } : {}),
  };
  return (await issuer).sign(caller.subject ?? 'nobody', claims, ttlSeconds);
}

/** `{ authorization: 'Bearer …' }` for `caller`. */
export async function bearer(caller: Caller): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await testToken(caller)}` };
}

/** What a service sends as itself, for tests that make a service's calls by hand. */
export function serviceAuthorization(service: string): () => Promise<string> {
  return async () => `Bearer ${await testToken({ subject: service, roles: ['service'], locations: [] })}`;
}
