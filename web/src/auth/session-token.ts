/** The account behind an account session, as the header shows it. */
export interface SessionAccount {
  id: string;
  email: string;
  displayName: string | null;
}

/** A signed-in user as the page knows them: the token and what it says, read (not verified) from its payload. */
export interface Session {
  token: string;
  subject: string;
  roles: string[];
  /** Epoch ms when the access token stops being accepted. */
  expiresAt: number;
  /** Epoch ms when the access token was issued (its `iat`, else when the page got it). */
  issuedAt: number;
  /** Spent, once, for the next access token; null for a demo or pasted token, which simply ends at expiry. */
  refreshToken: string | null;
  /** Epoch ms when the sign-in ends however often it is renewed; a session without a refresh token ends with its token. */
  endsAt: number;
  /** The account signed in with email and password; null for a demo or pasted token. */
  account: SessionAccount | null;
}

/** What sessionStorage holds for an account session; a demo or pasted session is kept as the bare JWT. */
interface StoredAccountSession {
  accessToken: string;
  refreshToken: string;
  endsAt: number;
  account: SessionAccount;
}

/** Reads a JWT's payload. Verifying it is the API's job: the page only needs to know whom it shows. */
export function sessionOfToken(token: string, now = Date.now()): Session | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as {
      sub?: unknown;
      roles?: unknown;
      exp?: unknown;
      iat?: unknown;
    };
    if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string') return null;
    const roles = Array.isArray(claims.roles)
      ? claims.roles.filter((role): role is string => typeof role === 'string')
      : [];
    const expiresAt = claims.exp * 1000;
    const issuedAt = typeof claims.iat === 'number' ? claims.iat * 1000 : now;
    return {
      token,
      subject: claims.sub,
      roles,
      expiresAt,
      issuedAt,
      refreshToken: null,
      endsAt: expiresAt,
      account: null,
    };
  } catch {
    return null;
  }
}

/** The text sessionStorage keeps: the bare JWT when that is all there is (what tests inject), else JSON. */
export function serializeSession(session: Session): string {
  if (!session.refreshToken || !session.account) return session.token;
  const stored: StoredAccountSession = {
    accessToken: session.token,
    refreshToken: session.refreshToken,
    endsAt: session.endsAt,
    account: session.account,
  };
  return JSON.stringify(stored);
}

/** The session a stored text describes: a bare JWT, or an account session as JSON; null for anything else. */
export function parseStoredSession(text: string): Session | null {
  if (!text.startsWith('{')) return sessionOfToken(text);
  try {
    const stored = JSON.parse(text) as Partial<StoredAccountSession>;
    if (
      typeof stored.accessToken !== 'string' ||
      typeof stored.refreshToken !== 'string' ||
      typeof stored.endsAt !== 'number' ||
      typeof stored.account?.id !== 'string' ||
      typeof stored.account.email !== 'string'
    )
      return null;
    const session = sessionOfToken(stored.accessToken);
    if (!session) return null;
    const account = {
      id: stored.account.id,
      email: stored.account.email,
      displayName: stored.account.displayName ?? null,
    };
    return { ...session, refreshToken: stored.refreshToken, endsAt: stored.endsAt, account };
  } catch {
    return null;
  }
}
