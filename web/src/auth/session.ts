import { useSyncExternalStore } from 'react';
import { accountErrorMessage, SESSION_ENDED } from '../errors/messages';
import {
  type AccountSessionAnswer,
  requestRefresh,
  requestRegister,
  requestSignIn,
  requestSignOut,
} from './account-api';
import { parseStoredSession, type Session, serializeSession, sessionOfToken } from './session-token';
import { SignInError } from './sign-in-error';

export type { Session, SessionAccount } from './session-token';
export { SignInError } from './sign-in-error';

/** Roles a page may ask for; the API checks them again on every call. */
export type Role = 'customer' | 'store' | 'ops';

const STORAGE_KEY = 'stockgraph.session';
/** Tokens this close to expiry count as expired, so a request is not sent with one about to lapse. */
const EXPIRY_MARGIN_MS = 30_000;
/** After a renewal that failed for a passing reason (offline, busy), how long until the next try. */
const RENEWAL_RETRY_MS = 10_000;
/** Renewal refusals that mean the session is over: only a new sign-in helps. */
const SESSION_OVER = new Set(['INVALID_REFRESH_TOKEN', 'REFRESH_TOKEN_REUSED', 'ACCOUNT_DISABLED']);

type Listener = () => void;
const listeners = new Set<Listener>();
let current: Session | null = read();
/** Why the last session ended when the user did not end it; cleared by the next sign-in or sign-out. */
let notice: string | null = null;
/** The renewal under way: one at a time, since each refresh token works once. */
let renewing: Promise<Session | null> | null = null;
let renewalTimer: ReturnType<typeof setTimeout> | undefined;
scheduleRenewal(current);

/** How early a token counts as expired: 30 s, or half its life for a token that lives under a minute. */
function marginOf(session: Session): number {
  return Math.min(EXPIRY_MARGIN_MS, (session.expiresAt - session.issuedAt) / 2);
}

function isFresh(session: Session, now: number): boolean {
  return session.expiresAt - marginOf(session) > now;
}

/**
 * The session, or null when signed out or over. A session with a refresh token lasts
 * until its sign-in ends (its access token is renewed on the way); one without ends
 * with its token.
 */
export function currentSession(now = Date.now()): Session | null {
  if (current && (current.refreshToken ? current.endsAt <= now : !isFresh(current, now))) replace(null);
  return current;
}

/** The access token to send now, renewed first when it is about to lapse; null for an anonymous caller. */
export async function freshAccessToken(): Promise<string | null> {
  const session = currentSession();
  if (!session) return null;
  if (!session.refreshToken || isFresh(session, Date.now())) return session.token;
  return (await renew())?.token ?? null;
}

/** `Bearer …` for the API, or null for an anonymous caller; waits for a renewal when one is due. */
export async function authorizationHeader(): Promise<string | null> {
  const token = await freshAccessToken();
  return token ? `Bearer ${token}` : null;
}

/**
 * Spends the refresh token for a new pair, single-flight: callers arriving meanwhile get
 * the same answer. A refusal that means the session is over ends it and says so; a
 * passing failure keeps it (requests go with the token there is) and tries again soon.
 */
function renew(): Promise<Session | null> {
  renewing ??= (async () => {
    const session = current;
    if (!session?.refreshToken) return current;
    try {
      const answer = await requestRefresh(session.refreshToken);
      if (current === session) replace(sessionOfAnswer(answer));
      // Signed out (or in as someone else) meanwhile: the new pair is nobody's, so it is ended too.
      else void requestSignOut(answer.refreshToken).catch(() => undefined);
    } catch (error) {
      if (current === session) {
        if (error instanceof SignInError && error.code && SESSION_OVER.has(error.code)) end(SESSION_ENDED);
        else retryRenewal(session);
      }
    }
    return currentSession();
  })().finally(() => {
    renewing = null;
  });
  return renewing;
}

function scheduleRenewal(session: Session | null): void {
  clearTimeout(renewalTimer);
  if (!session?.refreshToken) return;
  // Renewed ahead of use, so a page left open (and its live socket) keeps a working token.
  renewalTimer = setTimeout(() => void renew(), Math.max(0, session.expiresAt - marginOf(session) - Date.now()));
}

function retryRenewal(session: Session): void {
  clearTimeout(renewalTimer);
  if (Date.now() + RENEWAL_RETRY_MS < session.endsAt) renewalTimer = setTimeout(() => void renew(), RENEWAL_RETRY_MS);
}

/** Signs in with an account's email and password (`signIn`). */
export async function signInWithPassword(email: string, password: string): Promise<Session> {
  return adopt(await requestSignIn(email.trim(), password));
}

/** Creates a customer account (`register`) and signs it in. */
export async function registerAccount(email: string, password: string, displayName: string | null): Promise<Session> {
  return adopt(await requestRegister(email.trim(), password, displayName?.trim() || null));
}

/**
 * Signs in a demo user at the development issuer (`POST /auth/token`) with the demo
 * password printed at start; only the embedded mode runs it. Such a session has no
 * refresh token: it ends with its token.
 */
export async function signInDemoUser(user: string, password: string): Promise<Session> {
  let response: Response;
  try {
    response = await fetch('/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, password }),
    });
  } catch {
    throw new SignInError('The sign-in service could not be reached. Check your connection and try again.');
  }
  if (response.status === 404)
    throw new SignInError('This installation has no demo sign-in: use the token your identity provider gave you.');
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (response.status === 429)
    throw new SignInError(accountErrorMessage('RATE_LIMITED', body.error_description ?? ''), 'RATE_LIMITED');
  if (body.error === 'invalid_grant' && body.error_description?.startsWith('wrong password'))
    throw new SignInError(
      'Wrong password for the demo users: it is printed when stockgraph starts (or set with DEMO_PASSWORD).',
      'INVALID_CREDENTIALS',
    );
  if (!response.ok || !body.access_token)
    throw new SignInError(body.error_description ?? `Sign-in failed (HTTP ${response.status}).`);
  return adoptToken(body.access_token);
}

/** Starts a session from a token obtained elsewhere (pasted, or from an identity provider). */
export function adoptToken(token: string): Session {
  const session = sessionOfToken(token);
  if (!session) throw new SignInError('That is not a token this page can read (expected a JWT with an exp claim).');
  if (session.expiresAt <= Date.now()) throw new SignInError('That token has expired.');
  endPreviousSession();
  replace(session);
  return session;
}

/** Ends the session here at once and, best effort, at the API (its refresh token stops working). */
export async function signOut(): Promise<void> {
  const refreshToken = current?.refreshToken;
  notice = null;
  if (current) replace(null);
  else notify();
  if (refreshToken) await requestSignOut(refreshToken).catch(() => undefined);
}

export function hasRole(session: Session | null, role: Role): boolean {
  return Boolean(session && (session.roles.includes(role) || session.roles.includes('ops')));
}

/** Re-renders the component whenever the user signs in or out, or the token is renewed. */
export function useSession(): Session | null {
  return useSyncExternalStore(onSessionChange, currentSession);
}

/** Why the session ended without the user ending it (e.g. a renewal refused), until they sign in or out. */
export function useSessionNotice(): string | null {
  return useSyncExternalStore(onSessionChange, () => notice);
}

/** Calls `listener` after every sign-in, sign-out and renewal; returns how to stop. */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function adopt(answer: AccountSessionAnswer): Session {
  const session = sessionOfAnswer(answer);
  endPreviousSession();
  replace(session);
  return session;
}

/** A sign-in over another leaves no renewable session behind. */
function endPreviousSession(): void {
  const previous = current?.refreshToken;
  if (previous) void requestSignOut(previous).catch(() => undefined);
}

function sessionOfAnswer(answer: AccountSessionAnswer): Session {
  const session = sessionOfToken(answer.accessToken);
  if (!session) throw new SignInError('The shop answered with a token this page cannot read. Try again.');
  const endsAt = Date.parse(answer.sessionExpiresAt);
  const { id, email, displayName } = answer.account;
  return {
    ...session,
    refreshToken: answer.refreshToken,
    endsAt: Number.isFinite(endsAt) ? endsAt : session.expiresAt,
    account: { id, email, displayName },
  };
}

function end(why: string): void {
  notice = why;
  replace(null);
}

function replace(session: Session | null): void {
  if (session?.token === current?.token) return;
  current = session;
  if (session) notice = null;
  scheduleRenewal(session);
  try {
    if (session) sessionStorage.setItem(STORAGE_KEY, serializeSession(session));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage can be unavailable (private mode); the session then lasts as long as the page.
  }
  notify();
}

function notify(): void {
  for (const listener of listeners) listener();
}

function read(): Session | null {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    const session = stored ? parseStoredSession(stored) : null;
    if (!session) return null;
    const now = Date.now();
    return (session.refreshToken ? session.endsAt > now : isFresh(session, now)) ? session : null;
  } catch {
    return null;
  }
}
