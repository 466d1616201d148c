import path from 'node:path';
import { DEMO, forge, tokenFrom } from '../auth-client';

/** The store location demo staff work at (their token's `locations`). */
export const LOCATION_X = 'lisbon-store';
/** Another location, of the minted store user `staff-madrid`. */
export const LOCATION_Y = 'madrid-dc';

/**
 * Who the role matrix calls as: no token, the real identities, and the five forgeries
 * that must never get in (each made from the ops token, the most powerful there is, so
 * that its one defect is the only reason for the refusal).
 */
export const IDENTITIES = [
  'anonymous',
  'customerA',
  'customerB',
  'storeX',
  'storeY',
  'ops',
  'service',
  'expired',
  'tampered',
  'wrongIssuer',
  'wrongAudience',
  'algNone',
] as const;
export type Identity = (typeof IDENTITIES)[number];

export const BAD_TOKENS = [
  'expired',
  'tampered',
  'wrongIssuer',
  'wrongAudience',
  'algNone',
] as const satisfies readonly Identity[];
export type BadToken = (typeof BAD_TOKENS)[number];
/** Identities whose access depends on their roles: everything but the forgeries. */
export type RealIdentity = Exclude<Identity, BadToken>;
export const REAL_IDENTITIES = IDENTITIES.filter(
  (identity): identity is RealIdentity => !(BAD_TOKENS as readonly string[]).includes(identity),
);

export function isBadToken(identity: Identity): identity is BadToken {
  return (BAD_TOKENS as readonly string[]).includes(identity);
}

/** The `sub` each signed-in identity has, for ownership checks. */
export const SUBJECT: Partial<Record<Identity, string>> = {
  customerA: DEMO.customerA,
  customerB: DEMO.customerB,
  storeX: DEMO.storeX,
  storeY: 'staff-madrid',
  ops: DEMO.ops,
  service: 'order',
};

/** What a stack must tell to mint tokens: its gateway and where its development key is. */
export interface TokenSource {
  origin: string;
  dataDir: string;
}

/** The development issuer's signing key of an embedded stack. */
export function devKeyFile(stack: TokenSource): string {
  return path.join(stack.dataDir, 'auth', 'dev-issuer-key.json');
}

/** A token with the claims of `base` changed, signed with the stack's trusted key. */
export function mintWith(stack: TokenSource, base: string, change: Record<string, unknown>): Promise<string> {
  return forge.trustedKeyWith(base, devKeyFile(stack), change);
}

/** The `Authorization` header value of every identity ('' for anonymous: none is sent). */
export type Authorizations = Readonly<Record<Identity, string>>;

/** Signs in the demo users, mints the ones the demo lacks (a store elsewhere, a service) and forges the bad ones. */
export async function mintIdentities(stack: TokenSource): Promise<Authorizations> {
  const [customerA, customerB, storeX, ops] = await Promise.all(
    [DEMO.customerA, DEMO.customerB, DEMO.storeX, DEMO.ops].map((user) => tokenFrom(stack.origin, { user })),
  );
  if (!customerA || !customerB || !storeX || !ops)
    throw new Error('the development issuer did not sign in every demo user');
  const now = Math.floor(Date.now() / 1000);
  const tokens: Record<Exclude<Identity, 'anonymous'>, string> = {
    customerA,
    customerB,
    storeX,
    storeY: await mintWith(stack, storeX, { sub: SUBJECT.storeY, roles: ['store'], locations: [LOCATION_Y] }),
    ops,
    service: await mintWith(stack, ops, { sub: SUBJECT.service, roles: ['service'] }),
    // An hour past expiry: far beyond the 30 s tolerance for clocks that disagree.
    expired: await mintWith(stack, ops, { iat: now - 7200, exp: now - 3600 }),
    tampered: forge.tamperedSignature(ops),
    wrongIssuer: await mintWith(stack, ops, { iss: 'https://issuer.example.invalid' }),
    wrongAudience: await mintWith(stack, ops, { aud: 'some-other-api' }),
    algNone: forge.algNone(ops),
  };
  const bearer = Object.fromEntries(
    Object.entries(tokens).map(([identity, token]) => [identity, `Bearer ${token}`]),
  ) as Record<Exclude<Identity, 'anonymous'>, string>;
  return { anonymous: '', ...bearer };
}
