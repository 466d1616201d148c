import { type Caller, DomainError } from '@stockgraph/domain';
import {
  listableReservations,
  requireMayEndHold,
  requireMayHoldFor,
  requireReservationVisible,
} from './reservation-access';

const alice: Caller = { subject: 'alice', roles: ['customer'], locations: [] };
const bob: Caller = { subject: 'bob', roles: ['customer'], locations: [] };
const madridStaff: Caller = { subject: 'staff-madrid', roles: ['store'], locations: ['madrid'] };
const ops: Caller = { subject: 'ana', roles: ['ops'], locations: [] };
const orderService: Caller = { subject: 'order', roles: ['service'], locations: [] };
const anonymousViaGateway: Caller = { subject: null, roles: [], locations: [], via: 'gateway' };

const aliceHold = { id: 'r1', customerId: 'alice', lines: [{ sku: 'A', locationId: 'madrid', quantity: 1 }] };
const splitHold = {
  id: 'r2',
  customerId: 'alice',
  lines: [
    { sku: 'A', locationId: 'madrid', quantity: 1 },
    { sku: 'A', locationId: 'berlin', quantity: 1 },
  ],
};
const storeHold = { id: 'r3', customerId: null, lines: [{ sku: 'A', locationId: 'madrid', quantity: 1 }] };

function outcome(act: () => void): string {
  try {
    act();
    return 'allowed';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('requireReservationVisible', () => {
  it.each<[string, Caller, typeof aliceHold | typeof storeHold, string]>([
    ['ops, any hold', ops, storeHold, 'allowed'],
    ['a service, any hold', orderService, aliceHold, 'allowed'],
    ['the customer it was made for', alice, aliceHold, 'allowed'],
    ['another customer', bob, aliceHold, 'FORBIDDEN'],
    ['a customer, a hold made for no one', alice, storeHold, 'FORBIDDEN'],
    ['store staff, a hold all at their location', madridStaff, aliceHold, 'allowed'],
    ['store staff, a hold partly elsewhere', madridStaff, splitHold, 'FORBIDDEN'],
    ['store staff elsewhere', { ...madridStaff, locations: ['berlin'] }, storeHold, 'FORBIDDEN'],
    [
      'store staff whose subject happens to be the customer',
      { ...madridStaff, subject: 'alice', locations: ['berlin'] },
      aliceHold,
      'FORBIDDEN',
    ],
    ['anonymous, through the gateway', anonymousViaGateway, aliceHold, 'UNAUTHENTICATED'],
    ['a signed-in caller with no role', { subject: 'alice', roles: [], locations: [] }, aliceHold, 'FORBIDDEN'],
  ])('%s: %s', (_name, caller, hold, expected) => {
    expect(outcome(() => requireReservationVisible(caller, hold))).toBe(expected);
  });
});

describe('requireMayEndHold', () => {
  it.each<[string, Caller, typeof aliceHold | typeof storeHold, 'confirm' | 'release', string]>([
    ["the order service sells a customer's hold", orderService, aliceHold, 'confirm', 'allowed'],
    ["the order service gives a customer's hold back", orderService, aliceHold, 'release', 'allowed'],
    ["ops give a customer's hold back", ops, aliceHold, 'release', 'allowed'],
    [
      "ops cannot sell a customer's hold: that is confirmOrder, with its payment",
      ops,
      aliceHold,
      'confirm',
      'FORBIDDEN',
    ],
    ["store staff at the location cannot sell a customer's hold", madridStaff, aliceHold, 'confirm', 'FORBIDDEN'],
    ["store staff at the location cannot end a customer's hold", madridStaff, aliceHold, 'release', 'FORBIDDEN'],
    ['store staff sell their own hold', madridStaff, storeHold, 'confirm', 'allowed'],
    ['store staff give their own hold back', madridStaff, storeHold, 'release', 'allowed'],
    ['store staff elsewhere', { ...madridStaff, locations: ['berlin'] }, storeHold, 'release', 'FORBIDDEN'],
    ['the customer themselves', alice, aliceHold, 'confirm', 'FORBIDDEN'],
  ])('%s', (_name, caller, hold, ending, expected) => {
    expect(outcome(() => requireMayEndHold(caller, hold, ending))).toBe(expected);
  });
});

describe('requireMayHoldFor', () => {
  it.each<[string, Caller, string | null, string]>([
    ['ops naming a customer', ops, 'alice', 'allowed'],
    ['a service naming a customer', orderService, 'alice', 'allowed'],
    ['store staff naming none', madridStaff, null, 'allowed'],
    ['store staff naming one', madridStaff, 'alice', 'FORBIDDEN'],
    ['a customer naming themselves', alice, 'alice', 'FORBIDDEN'],
  ])('%s: %s', (_name, caller, customerId, expected) => {
    expect(outcome(() => requireMayHoldFor(caller, customerId, 'input.customerId'))).toBe(expected);
  });

  it('names input.customerId in the refusal', () => {
    expect(() => requireMayHoldFor(madridStaff, 'alice', 'input.customerId')).toThrow(
      expect.objectContaining({ field: 'input.customerId' }),
    );
  });
});

describe('listableReservations', () => {
  const scope = (caller: Caller, locationId: string | null) => {
    try {
      return listableReservations(caller, locationId);
    } catch (error) {
      if (error instanceof DomainError) return `${error.code}${error.field ? ` on ${error.field}` : ''}`;
      throw error;
    }
  };

  it.each<[string, Caller, string | null, unknown]>([
    ['ops, anywhere', ops, null, null],
    ['ops, one location', ops, 'berlin', null],
    ['a service', orderService, 'madrid', null],
    ['store staff: their own locations', madridStaff, null, ['madrid']],
    ['store staff naming their own location', madridStaff, 'madrid', ['madrid']],
    ['store staff naming another', madridStaff, 'berlin', 'FORBIDDEN on locationId'],
    ['a customer', alice, null, 'FORBIDDEN on locationId'],
    ['anonymous, through the gateway', anonymousViaGateway, null, 'UNAUTHENTICATED'],
  ])('%s', (_name, caller, locationId, expected) => {
    expect(scope(caller, locationId)).toEqual(expected);
  });
});
