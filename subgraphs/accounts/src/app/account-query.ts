import type { Database } from '@stockgraph/persistence';
import type { Account } from '../domain/account';
import type { AccountRepository } from '../infra/account.repository';

/** Reads an account without its password hash. */
export class AccountQuery {
  constructor(
    private readonly db: Database,
    private readonly accounts: AccountRepository,
  ) {}

  async byId(id: string): Promise<Account | null> {
    const found = await this.db.read((sql) => this.accounts.byId(sql, id));
    if (!found) return null;
    const { passwordHash: _hash, ...account } = found;
    return account;
  }
}
