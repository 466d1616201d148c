import { createHash, randomBytes } from 'node:crypto';
import type { Tx } from '@stockgraph/persistence';
import type { Account } from '../domain/account';
import { formatRefreshToken } from '../domain/refresh-token';
import type { SessionRepository } from '../infra/session.repository';

/** What signs an access token: the development issuer's key today (see main.ts). */
export interface AccessTokenSigner {
  sign(subject: string, claims: Record<string, unknown>, ttlSeconds: number): Promise<string>;
}

export interface SessionLifetimes {
  /** An access token's life: also how long a disabled account's last token still works. */
  accessTokenSeconds: number;
  /** How long one sign-in lasts, however often it is refreshed. */
  sessionSeconds: number;
}

/** What a sign-in, sign-up or refresh hands the client. */
export interface IssuedSession {
  account: Account;
  accessToken: string;
  accessTokenExpiresIn: number;
  refreshToken: string;
  /** Epoch ms when this session ends and a sign-in is needed again. */
  sessionExpiresAt: number;
}

/** The hash a refresh token is stored and found by; the token itself is never stored. */
export function refreshTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Opens session families and issues the token pair of each sign-in or rotation. */
export class SessionIssuer {
  constructor(
    private readonly signer: AccessTokenSigner,
    private readonly sessions: SessionRepository,
    readonly lifetimes: SessionLifetimes,
  ) {}

  /** A new family for a sign-in, with its first refresh token; written in `tx`. */
  async open(tx: Tx, account: Account, now: number): Promise<IssuedSession> {
    const familyId = randomBytes(18).toString('base64url');
    const sessionExpiresAt = now + this.lifetimes.sessionSeconds * 1000;
    await this.sessions.openFamily(tx, { id: familyId, accountId: account.id, expiresAt: sessionExpiresAt }, now);
    return this.next(tx, account, familyId, sessionExpiresAt, now);
  }

  /** The next refresh token of `familyId` (the previous one is already marked used) and a new access token. */
  async next(
    tx: Tx,
    account: Account,
    familyId: string,
    sessionExpiresAt: number,
    now: number,
  ): Promise<IssuedSession> {
    const refreshToken = formatRefreshToken({ familyId, secret: randomBytes(32).toString('base64url') });
    await this.sessions.addToken(
      tx,
      { hash: refreshTokenHash(refreshToken), familyId, expiresAt: sessionExpiresAt },
      now,
    );
    const seconds = Math.max(
      1,
      Math.min(this.lifetimes.accessTokenSeconds, Math.floor((sessionExpiresAt - now) / 1000)),
    );
    return {
      account,
      accessToken: await this.signer.sign(account.id, { roles: ['customer'] }, seconds),
      accessTokenExpiresIn: seconds,
      refreshToken,
      sessionExpiresAt,
    };
  }
}
