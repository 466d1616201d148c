import type { AuthCheckerFn } from 'type-graphql';
import { type Caller, forbidden, hasRole, isAnonymous, type Role, unauthenticated } from '@stockgraph/domain';

/**
 * type-graphql's checker for `@Authorized(...roles)`: no roles listed means any signed-in
 * caller; ops pass every check (they may do everything). Denials throw rather than
 * return false so they carry UNAUTHENTICATED or FORBIDDEN and say which role is needed.
 * Ownership (whose order, which location) is the application layer's to check.
 *
 * A caller the gateway acts for (`via`) gets what both may do: their own roles must pass,
 * and so must the delegating service's. Delegation narrows; it never lends ops' power
 * to a service credential (`stockLedgerCheck` stays refused to "ops via gateway").
 */
export const roleChecker: AuthCheckerFn<{ caller: Caller }, Role> = ({ context, info }, roles) => {
  const { caller } = context;
  const field = `${info.parentType.name}.${info.fieldName}`;
  if (isAnonymous(caller))
    throw unauthenticated(`${field} needs you to sign in${roles.length > 0 ? ` as ${roles.join(' or ')}` : ''}`);
  if (roles.length === 0) return true;
  if (caller.via !== undefined && !roles.includes('service')) {
    throw forbidden(
      `${field} is for ${[...new Set([...roles, 'ops'])].join(', ')} calling with their own token; ${caller.via} acting for you may not call it`,
    );
  }
  if (hasRole(caller, 'ops', ...roles)) return true;
  throw forbidden(
    `${field} is for ${[...new Set([...roles, 'ops'])].join(', ')}; your token has ${caller.roles.length > 0 ? caller.roles.join(', ') : 'no role'}`,
  );
};
