/**
 * One key for a (sku, location) pair in maps and sets. NUL cannot appear in a sku or a
 * location id, so two different pairs never share a key.
 */
export function stockKey(sku: string, locationId: string): string {
  return `${sku}\u0000${locationId}`;
}
