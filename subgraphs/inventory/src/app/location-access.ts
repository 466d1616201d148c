import { type Caller, forbidden, hasRole, requireLocation } from '@stockgraph/domain';

/**
 * Which locations a caller may read full stock (levels, ledger, holds) at. Ops and
 * services see everything; store staff only their own locations: naming another is
 * FORBIDDEN, naming none means all of theirs. `null`: no restriction.
 */
export function readableLocations(
  caller: Caller,
  requested: readonly string[] | null,
  field: string,
): readonly string[] | null {
  if (hasRole(caller, 'ops', 'service')) return requested ?? null;
  if (!hasRole(caller, 'store'))
    throw forbidden('full stock levels and the ledger are for store staff, operations and services', field);
  if (requested == null) return caller.locations;
  requested.forEach((locationId, i) => requireLocation(caller, locationId, `${field}.${i}`));
  return requested;
}

/** Store staff may hold and sell only at their own locations; each line must name one of them. */
export function requireLinesAt(
  caller: Caller,
  lines: ReadonlyArray<{ locationId?: string | null }>,
  field: string,
): void {
  if (hasRole(caller, 'ops', 'service')) return;
  lines.forEach((line, i) => {
    if (!line.locationId)
      throw forbidden(
        'store staff hold stock at their own locations: name one as locationId',
        `${field}.${i}.locationId`,
      );
    requireLocation(caller, line.locationId, `${field}.${i}.locationId`);
  });
}
