/** Where the till keeps its store token: this browser tab only, gone when it closes. */
const KEY = 'stockgraph.till.token';

export function tillToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setTillToken(token: string | null): void {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
}
