import type { Database } from '@stockgraph/persistence';
import { AccountError, invalidRefreshToken } from '../domain/errors';
import { parseRefreshToken } from '../domain/refresh-token';
import type { AccountRepository } from '../infra/account.repository';
import type { SessionRepository } from '../infra/session.repository';
import { type IssuedSession, refreshTokenHash, type SessionIssuer } from './session-issuer';

/**
 * Rotation: a refresh token buys one new token pair and is spent. Presenting a spent one
 * means two parties hold the family (a stolen token, or the thief got there first), so
 * the whole family is revoked and both must sign in again (OAuth 2.0 Security BCP §4.14).
 */
export class RefreshSession {
  constructor(
    private readonly db: Database,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    private readonly issuer: SessionIssuer,
    private readonly clock: () => number = Date.now,
  ) {}

  async execute(refreshToken: string): Promise<IssuedSession> {
    if (!parseRefreshToken(refreshToken)) throw invalidRefreshToken();
    const hash = refreshTokenHash(refreshToken);
    const outcome = await this.db.transaction(async (tx) => {
      const now = this.clock();
      const record = await this.sessions.token(tx, hash);
      if (!record || record.familyRevokedAt !== null || record.expiresAt <= now || record.familyExpiresAt <= now)
        return { kind: 'invalid' } as const;
      if (record.usedAt !== null || !(await this.sessions.markUsed(tx, hash, now))) {
        await this.sessions.revokeFamily(tx, record.familyId, 'TOKEN_REUSED', now);
        return { kind: 'reused' } as const;
      }
      const account = await this.accounts.byId(tx, record.accountId);
      if (!account || account.status !== 'ACTIVE') return { kind: 'invalid' } as const;
      const { passwordHash: _hash, ...visible } = account;
      return {
        kind: 'issued',
        session: await this.issuer.next(tx, visible, record.familyId, record.familyExpiresAt, now),
      } as const;
    });
    // The revocation above must commit, so it is reported only after the transaction.
    if (outcome.kind === 'reused')
      throw new AccountError(
        'REFRESH_TOKEN_REUSED',
        'this refresh token was already used, so the session may have been copied: it is ended everywhere; sign in again',
        'refreshToken',
        'UNAUTHENTICATED',
      );
    if (outcome.kind === 'invalid') throw invalidRefreshToken();
    return outcome.session;
  }
}
