import { DEMO_LOCATIONS, type Role } from '@stockgraph/domain';

/** Who may sign in to the development issuer, by user name; nobody has a password (it is a demo). */
export interface DemoUser {
  name: string;
  roles: Role[];
  locations?: string[];
  description: string;
}

const CUSTOMERS = ['alice', 'bob', 'carol'];

/** A few customers, one staff user per demo store location, and one operations user. */
export const DEMO_USERS: readonly DemoUser[] = [
  ...CUSTOMERS.map((name) => ({ name, roles: ['customer'] as Role[], description: 'a shopper' })),
  ...DEMO_LOCATIONS.filter((location) => location.kind === 'STORE').map((location) => ({
    name: `staff-${location.id}`,
    roles: ['store'] as Role[],
    locations: [location.id],
    description: `staff of ${location.name}`,
  })),
  { name: 'ops', roles: ['ops'], description: 'operations' },
];
