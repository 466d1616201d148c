import type { GraphQLResolveInfo } from 'graphql';
import { ANONYMOUS, type Caller, DomainError, type Role } from '@stockgraph/domain';
import { roleChecker } from './auth-checker';

const info = { parentType: { name: 'Query' }, fieldName: 'stockLedgerCheck' } as unknown as GraphQLResolveInfo;

/** 'allowed', or the code the check refused with. */
function outcome(caller: Caller, roles: Role[]): string {
  try {
    const allowed = roleChecker({ context: { caller }, info, root: {}, args: {} }, roles);
    return allowed === true ? 'yes' : 'not allowed';
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
}

const ops: Caller = { subject: 'ana', roles: ['ops'], locations: [] };
const store: Caller = { subject: 'staff', roles: ['store'], locations: ['lisbon-store'] };
const service: Caller = { subject: 'order', roles: ['service'], locations: [] };
const via = (caller: Caller): Caller => ({ ...caller, via: 'gateway' });

describe('roleChecker', () => {
  it.each<[string, Caller, Role[], string]>([
    ['ops, own token, an ops-only field', ops, ['ops'], 'yes'],
    ['ops via the gateway, an ops-only field', via(ops), ['ops'], 'FORBIDDEN'],
    ['ops via the gateway, a field services may call', via(ops), ['store', 'service'], 'yes'],
    ['store via the gateway, a store-or-service field', via(store), ['store', 'service'], 'yes'],
    ['store via the gateway, a store-only field', via(store), ['store'], 'FORBIDDEN'],
    [
      'a customer via the gateway, a store-or-service field',
      via({ ...store, roles: ['customer'] }),
      ['store', 'service'],
      'FORBIDDEN',
    ],
    ['a service as itself, a service field', service, ['store', 'service'], 'yes'],
    ['a service as itself, an ops-only field', service, ['ops'], 'FORBIDDEN'],
    ['anyone signed in via the gateway, a field with no role', via(store), [], 'yes'],
    ['anonymous via the gateway', via(ANONYMOUS), ['service'], 'UNAUTHENTICATED'],
  ])('%s', (_name, caller, roles, expected) => {
    expect(outcome(caller, roles)).toBe(expected);
  });
});
