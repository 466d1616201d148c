import type { AuthChecker } from 'type-graphql';
import { type Caller, forbidden, hasRole, isAnonymous, type Role, unauthenticated } from '@stockgraph/domain';

/**
 * type-graphql's checker for `@Authorized(...roles)`: no roles listed means any signed-in
 * caller; ops pass every check (they may do everything). Denials throw rather than
 * return false so they carry UNAUTHENTICATED or FORBIDDEN and say which role is needed.
 * Ownership (whose order, which location) is the application layer's to check.
 */
export const roleChecker: AuthChecker<{ caller: Caller }, Role> = ({ context, info }, roles) => {
  const { caller } = context;
  const field = `${info.parentType.name}.${info.fieldName}`;
  if (isAnonymous(caller))
    throw unauthenticated(`${field} needs you to sign in${roles.length > 0 ? ` as ${roles.join(' or ')}` : ''}`);
  if (roles.length === 0 || hasRole(caller, 'ops', ...roles)) return true;
  throw forbidden(
    `${field} is for ${[...new Set([...roles, 'ops'])].join(', ')}; your token has ${caller.roles.length > 0 ? caller.roles.join(', ') : 'no role'}`,
  );
};
