/**
 * A refresh token as the client holds it: `srt_<family>.<secret>`. The family names the
 * sign-in it descends from (every rotation keeps it), so a reused token can revoke its
 * whole family without a lookup by secret; only a hash of the whole token is stored.
 */
export interface RefreshTokenParts {
  familyId: string;
  secret: string;
}

const SHAPE = /^srt_([A-Za-z0-9_-]{16,40})\.([A-Za-z0-9_-]{32,64})$/;

export function formatRefreshToken(parts: RefreshTokenParts): string {
  return `srt_${parts.familyId}.${parts.secret}`;
}

/** The parts of a well-formed token, or null: a malformed one is not worth a database read. */
export function parseRefreshToken(token: string): RefreshTokenParts | null {
  const match = SHAPE.exec(token);
  return match ? { familyId: match[1], secret: match[2] } : null;
}
