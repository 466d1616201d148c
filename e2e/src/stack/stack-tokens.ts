import fs from 'node:fs';
import path from 'node:path';
import type { Caller } from '@stockgraph/domain';
import { DEFAULT_AUDIENCE, DEV_ISSUER, DevIssuer } from '@stockgraph/runtime';

/** How long a minted token lives, and how long one is handed out again before a fresh one replaces it. */
const TOKEN_SECONDS = 600;
const REUSE_MS = 300_000;

/** Operations: what tests, benchmarks and tools set locations, stock and projections up as. */
export const OPS: Caller = Object.freeze<Caller>({ subject: 'e2e-ops', roles: ['ops'], locations: [] });

/** A service calling another as itself (`roles: ["service"]`, `sub` its name), as catalog calls inventory. */
export function asService(name: string): Caller {
  return { subject: name, roles: ['service'], locations: [] };
}

/** Tokens a running stack trusts, for calls straight to one of its subgraphs. */
export interface StackTokens {
  /** `Bearer …` for `caller`; the same token is handed out for a while, then a fresh one. */
  authorization(caller: Caller): Promise<string>;
  /** `{ authorization: 'Bearer …' }` for `caller`, for graphqlRequest and fetch. */
  headers(caller: Caller): Promise<Record<string, string>>;
  /** `authorization` bound to `caller`: GraphQLClient's `identity.authorization`. */
  as(caller: Caller): () => Promise<string>;
}

/**
 * Tokens signed with a stack's development key: the file every process of the stack reads
 * (`EmbeddedStack.authKeyFile`, `DistributedStack.authKeyFile`, or `devKeyFile()` for the
 * stack `npm start` runs). This is how a test, benchmark or tool speaks to a subgraph as a
 * service or as operations, which no demo user of the gateway's issuer is; through the
 * gateway, sign in as a demo user instead (`signedIn`).
 */
export async function stackTokens(keyFile: string): Promise<StackTokens> {
  // DevIssuer.open would create a key nobody trusts; a missing file means no stack is there.
  if (!fs.existsSync(keyFile))
    throw new Error(`no development key at ${keyFile}: is the stack running, with AUTH_MODE=dev?`);
  const issuer = await DevIssuer.open(keyFile, { issuer: DEV_ISSUER, audience: DEFAULT_AUDIENCE });
  const minted = new Map<string, { value: Promise<string>; until: number }>();
  const authorization = (caller: Caller): Promise<string> => {
    const key = JSON.stringify([caller.subject, caller.roles, caller.locations]);
    const current = minted.get(key);
    if (current && current.until > Date.now()) return current.value;
    const claims = {
      roles: [...caller.roles],
      ...(caller.locations.length > 0 ? { locations: [...caller.locations] } : {}),
    };
    const value = issuer.sign(caller.subject ?? 'nobody', claims, TOKEN_SECONDS).then((token) => `Bearer ${token}`);
    minted.set(key, { value, until: Date.now() + REUSE_MS });
    value.catch(() => minted.delete(key));
    return value;
  };
  return {
    authorization,
    headers: async (caller) => ({ authorization: await authorization(caller) }),
    as: (caller) => () => authorization(caller),
  };
}

/**
 * Where services started with `env` keep the development key, as they work it out
 * themselves: AUTH_DEV_KEY_FILE, else `DATA_DIR/auth/dev-issuer-key.json` (DATA_DIR `.data`).
 */
export function devKeyFile(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.AUTH_DEV_KEY_FILE || path.join(env.DATA_DIR || '.data', 'auth', 'dev-issuer-key.json'));
}
