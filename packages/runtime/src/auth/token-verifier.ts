import fs from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  importSPKI,
  type JWTPayload,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import { type Caller, ROLES, type Role, textProblem, unauthenticated } from '@stockgraph/domain';
import type { AuthConfig } from './auth-config';
import { DevIssuer } from './dev-issuer';

type VerifyKey = JWTVerifyGetKey | Awaited<ReturnType<typeof importSPKI>>;

export const MAX_SUBJECT_LENGTH = 100;
const MAX_LOCATIONS = 1000;
/** Verified tokens kept so a token used for a burst of requests is checked once; bounded. */
const CACHE_ENTRIES = 10_000;

/**
 * Verifies a bearer token the same way in every service and mode: signature with the
 * pinned algorithm (`none` and every other one refused), `iss`, `aud`, `exp` and `nbf`
 * within the configured tolerance; then reads the caller from `sub`, `roles` and
 * `locations`. Anything wrong is UNAUTHENTICATED with the reason.
 */
/** A token that verified: who it is for, and when (epoch ms) it stops being valid. */
export interface VerifiedToken {
  caller: Caller;
  expiresAt: number;
}

export class TokenVerifier {
  private readonly verified = new Map<string, VerifiedToken & { cachedUntil: number }>();

  private constructor(
    private readonly key: VerifyKey,
    private readonly config: AuthConfig,
  ) {}

  static async create(config: AuthConfig): Promise<TokenVerifier> {
    return new TokenVerifier(await verifyKey(config), config);
  }

  async verify(token: string): Promise<VerifiedToken> {
    const now = Date.now();
    const cached = this.verified.get(token);
    if (cached && cached.cachedUntil > now) return cached;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key as JWTVerifyGetKey, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: [this.config.algorithm],
        clockTolerance: this.config.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw unauthenticated(`the token is not accepted: ${reason(error)}`);
    }
    const verified = { caller: callerFromClaims(payload), expiresAt: (payload.exp ?? 0) * 1000 };
    if (this.verified.size >= CACHE_ENTRIES) this.verified.clear();
    // Cached no longer than the token lives (the tolerance is granted on a fresh check only).
    this.verified.set(token, { ...verified, cachedUntil: Math.min(verified.expiresAt, now + 60_000) });
    return verified;
  }
}

async function verifyKey(config: AuthConfig): Promise<VerifyKey> {
  switch (config.keys.kind) {
    case 'dev':
      return createLocalJWKSet((await DevIssuer.open(config.keys.keyFile, config)).jwks);
    case 'jwks':
      // jose caches the set, and fetches it again (at most every 30 s) when a token names a kid it lacks.
      return createRemoteJWKSet(new URL(config.keys.url), {
        cooldownDuration: 30_000,
        cacheMaxAge: 10 * 60_000,
        timeoutDuration: 5_000,
      });
    case 'public-key':
      return importSPKI(fs.readFileSync(config.keys.file, 'utf8'), config.algorithm);
  }
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired; get a new one';
  if (error instanceof errors.JWTClaimValidationFailed) return `its "${error.claim}" claim is wrong (${error.reason})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'it is not signed with the algorithm this service accepts';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the issuer matches it';
  if (error instanceof errors.JWKSTimeout) return "the identity provider's keys could not be fetched in time";
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid) return 'it is not a well-formed JWT';
  if (error instanceof errors.JOSENotSupported) return 'it uses something this service does not support';
  return 'it could not be verified';
}

function callerFromClaims(payload: JWTPayload): Caller {
  const subject: unknown = payload.sub;
  const problem = textProblem(subject, MAX_SUBJECT_LENGTH);
  if (problem !== null || typeof subject !== 'string')
    throw unauthenticated(`the token is not accepted: its "sub" ${problem ?? 'must be a string'}`);
  const roles = stringList(payload.roles).filter((role): role is Role => (ROLES as readonly string[]).includes(role));
  const locations = roles.includes('store') ? stringList(payload.locations) : [];
  if (locations.length > MAX_LOCATIONS)
    throw unauthenticated(`the token is not accepted: it names more than ${MAX_LOCATIONS} locations`);
  return Object.freeze({ subject, roles: Object.freeze([...new Set(roles)]), locations: Object.freeze(locations) });
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
