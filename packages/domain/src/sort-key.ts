/**
 * A list's sort key as a cursor carries it: a JSON array of the values the list is ordered
 * by. `sortKey` writes one; `sortKeyValues` reads one back, or null when the key is not a
 * JSON array of exactly `arity` values (a cursor from elsewhere, or tampered with).
 */
export function sortKey(values: readonly unknown[]): string {
  return JSON.stringify(values);
}

export function sortKeyValues(key: string | number, arity: number): unknown[] | null {
  if (typeof key !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(key);
  } catch {
    return null;
  }
  return Array.isArray(value) && value.length === arity ? (value as unknown[]) : null;
}
