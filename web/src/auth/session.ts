import { useSyncExternalStore } from 'react';

/** A signed-in user as the page knows them: the token and what it says, read (not verified) from its payload. */
export interface Session {
  token: string;
  subject: string;
  roles: string[];
  /** Epoch ms when the token stops being accepted. */
  expiresAt: number;
}

/** Roles a page may ask for; the API checks them again on every call. */
export type Role = 'customer' | 'store' | 'ops';

const STORAGE_KEY = 'stockgraph.session';
/** Tokens this close to expiry count as expired, so a request is not sent with one about to lapse. */
const EXPIRY_MARGIN_MS = 30_000;

type Listener = () => void;
const listeners = new Set<Listener>();
let current: Session | null = read();

/** What sign-in answers with when it refuses, in words a person can act on. */
export class SignInError extends Error {}

/** The session, or null when signed out or the token has lapsed. */
export function currentSession(now = Date.now()): Session | null {
  if (current && current.expiresAt - EXPIRY_MARGIN_MS <= now) replace(null);
  return current;
}

/** `Bearer …` for the API, or null for an anonymous caller. */
export function authorizationHeader(): string | null {
  const session = currentSession();
  return session ? `Bearer ${session.token}` : null;
}

/**
 * Signs in a demo user at the development issuer (`POST /auth/token`), which only the
 * embedded mode runs; with a real identity provider the page is given a token instead.
 */
export async function signInDemoUser(user: string): Promise<Session> {
  let response: Response;
  try {
    response = await fetch('/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user }),
    });
  } catch {
    throw new SignInError('The sign-in service could not be reached. Check your connection and try again.');
  }
  if (response.status === 404)
    throw new SignInError('This installation has no demo sign-in: use the token your identity provider gave you.');
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error_description?: string };
  if (!response.ok || !body.access_token)
    throw new SignInError(body.error_description ?? `Sign-in failed (HTTP ${response.status}).`);
  return adoptToken(body.access_token);
}

/** Starts a session from a token obtained elsewhere (pasted, or from an identity provider). */
export function adoptToken(token: string): Session {
  const session = fromToken(token);
  if (!session) throw new SignInError('That is not a token this page can read (expected a JWT with an exp claim).');
  if (session.expiresAt <= Date.now()) throw new SignInError('That token has expired.');
  replace(session);
  return session;
}

export function signOut(): void {
  replace(null);
}

export function hasRole(session: Session | null, role: Role): boolean {
  return Boolean(session && (session.roles.includes(role) || session.roles.includes('ops')));
}

/** Re-renders the component whenever the user signs in or out. */
export function useSession(): Session | null {
  return useSyncExternalStore(onSessionChange, currentSession);
}

/** Calls `listener` after every sign-in and sign-out; returns how to stop. */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function replace(session: Session | null): void {
  if (session?.token === current?.token) return;
  current = session;
  try {
    if (session) sessionStorage.setItem(STORAGE_KEY, session.token);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage can be unavailable (private mode); the session then lasts as long as the page.
  }
  for (const listener of listeners) listener();
}

function read(): Session | null {
  try {
    const token = sessionStorage.getItem(STORAGE_KEY);
    const session = token ? fromToken(token) : null;
    return session && session.expiresAt - EXPIRY_MARGIN_MS > Date.now() ? session : null;
  } catch {
    return null;
  }
}

/** Reads a JWT's payload. Verifying it is the API's job: the page only needs to know whom it shows. */
function fromToken(token: string): Session | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as {
      sub?: unknown;
      roles?: unknown;
      exp?: unknown;
    };
    if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string') return null;
    const roles = Array.isArray(claims.roles)
      ? claims.roles.filter((role): role is string => typeof role === 'string')
      : [];
    return { token, subject: claims.sub, roles, expiresAt: claims.exp * 1000 };
  } catch {
    return null;
  }
}
