import type { Database } from '@stockgraph/persistence';
import type { Logger, PasswordHasher } from '@stockgraph/runtime';
import type { AccountRepository } from './account.repository';

/** The demo customers, under the ids the development issuer's demo users have, so their orders are theirs either way. */
export const DEMO_CUSTOMERS = ['alice', 'bob', 'carol'] as const;

/** Adds the demo customers (`alice@example.com`, …) with the demo password, once. */
export async function seedDemoAccounts(
  db: Database,
  accounts: AccountRepository,
  hasher: PasswordHasher,
  password: string,
  log: Logger,
): Promise<void> {
  const missing: string[] = [];
  for (const name of DEMO_CUSTOMERS) if (!(await db.read((sql) => accounts.byId(sql, name)))) missing.push(name);
  if (missing.length === 0) return;
  const passwordHash = await hasher.hash(password);
  const now = Date.now();
  await db.transaction(async (tx) => {
    for (const name of missing)
      await accounts.insert(
        tx,
        {
          id: name,
          email: `${name}@example.com`,
          displayName: name[0]?.toUpperCase() + name.slice(1),
          status: 'ACTIVE',
          disabledReason: null,
          createdAt: now,
          passwordHash,
        },
        now,
      );
  });
  log.info({ accounts: missing.map((name) => `${name}@example.com`) }, 'demo customer accounts created');
}
