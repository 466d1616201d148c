/** Where the till keeps its session at this store service: this browser tab only, gone when it closes. */
const KEY = 'stockgraph.till.token';
/** Fired when the store says the session has ended, so the page asks the cashier to sign in again. */
export const SESSION_ENDED_EVENT = 'stockgraph:till-session-ended';

export function tillToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setTillToken(token: string | null): void {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
}

/** The store answered 401 or UNAUTHENTICATED: the session is over (signed out elsewhere, expired, cashier removed). */
export function endTillSession(): void {
  if (tillToken() === null) return;
  setTillToken(null);
  window.dispatchEvent(new Event(SESSION_ENDED_EVENT));
}
