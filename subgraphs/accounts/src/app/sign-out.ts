import type { Database } from '@stockgraph/persistence';
import { parseRefreshToken } from '../domain/refresh-token';
import type { SessionRepository } from '../infra/session.repository';
import { refreshTokenHash } from './session-issuer';

/**
 * Sign-out ends the session the refresh token belongs to: every token of its family stops
 * working at once. Idempotent, and silent about tokens it does not know (RFC 7009 §2.2):
 * the answer is only whether a session was ended by this call.
 */
export class SignOut {
  constructor(
    private readonly db: Database,
    private readonly sessions: SessionRepository,
    private readonly clock: () => number = Date.now,
  ) {}

  async execute(refreshToken: string): Promise<boolean> {
    if (!parseRefreshToken(refreshToken)) return false;
    const hash = refreshTokenHash(refreshToken);
    return this.db.transaction(async (tx) => {
      const record = await this.sessions.token(tx, hash);
      if (!record) return false;
      return (await this.sessions.revokeFamily(tx, record.familyId, 'SIGNED_OUT', this.clock())) === 1;
    });
  }
}
