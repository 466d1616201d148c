import { DomainError } from './domain-error';

/** What a token may grant; a caller without any is anonymous. */
export const ROLES = ['customer', 'store', 'ops', 'service'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is asking, as the verified token (or its absence) says. Services see only this,
 * never the token, so every rule about who may do what is written against it.
 */
export interface Caller {
  /** The token's `sub`: a customer, store user or key, ops user or service; null when anonymous. */
  readonly subject: string | null;
  readonly roles: readonly Role[];
  /** Locations a `store` caller works at (the `locations` claim); empty for everyone else. */
  readonly locations: readonly string[];
  /** The service that forwarded this caller's identity (see acting-for in auth/), if any. */
  readonly via?: string;
}

export const ANONYMOUS: Caller = Object.freeze({ subject: null, roles: [], locations: [] });

export type AuthErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN';

/** No valid credential where one is needed: sign in (or send a token) and retry. */
export function unauthenticated(message: string): DomainError<AuthErrorCode> {
  return new DomainError<AuthErrorCode>('UNAUTHENTICATED', message, undefined, 'UNAUTHENTICATED');
}

/** A valid credential that does not allow this: retrying will not help. */
export function forbidden(message: string, field?: string): DomainError<AuthErrorCode> {
  return new DomainError<AuthErrorCode>('FORBIDDEN', message, field, 'FORBIDDEN');
}

export function isAnonymous(caller: Caller): boolean {
  return caller.subject === null;
}

export function hasRole(caller: Caller, ...roles: Role[]): boolean {
  return roles.some((role) => caller.roles.includes(role));
}

/** Ops and services act anywhere; store staff only where their token says they work. */
export function mayActAt(caller: Caller, locationId: string): boolean {
  if (hasRole(caller, 'ops', 'service')) return true;
  return hasRole(caller, 'store') && caller.locations.includes(locationId);
}

/** Refuses (FORBIDDEN) unless `mayActAt`; `field` names the input that chose the location. */
export function requireLocation(caller: Caller, locationId: string, field?: string): void {
  if (!mayActAt(caller, locationId)) {
    throw forbidden(
      `you may act at ${caller.locations.length > 0 ? caller.locations.join(', ') : 'no location'}, not at ${locationId}`,
      field,
    );
  }
}

/** Whether the caller may see or change what belongs to customer `customerId`. */
export function ownsOrOperates(caller: Caller, customerId: string): boolean {
  return hasRole(caller, 'ops', 'service') || (hasRole(caller, 'customer') && caller.subject === customerId);
}

/** The most powerful role, which names the caller in the ledger and audits. */
function leadingRole(caller: Caller): Role | 'anonymous' {
  for (const role of ['ops', 'service', 'store', 'customer'] as const) if (caller.roles.includes(role)) return role;
  return 'anonymous';
}

/** How the ledger and audits name a caller: `anonymous`, `ops:ana`, `store:lisbon-staff`, `service:order`, … */
export function actorOf(caller: Caller): string {
  if (caller.subject === null) return caller.via ? `anonymous via ${caller.via}` : 'anonymous';
  const actor = `${leadingRole(caller)}:${caller.subject}`;
  return caller.via ? `${actor} via ${caller.via}` : actor;
}
