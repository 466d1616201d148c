import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

export class AccountsSchema1767225600500 implements MigrationInterface {
  name = 'AccountsSchema1767225600500';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'accounts',
        columns: [
          { ...column.id('id', 40), isPrimary: true },
          column.id('email', 254),
          { ...column.id('display_name', 100), isNullable: true },
          column.id('password_hash', 200),
          column.id('status', 16),
          column.text('disabled_reason', { isNullable: true }),
          column.time('created_at'),
          column.time('updated_at'),
        ],
        indices: [{ name: 'uq_accounts_email', columnNames: ['email'], isUnique: true }],
      }),
    );
    // One row per sign-in: every refresh token it rotates through belongs to it.
    await runner.createTable(
      new Table({
        name: 'session_families',
        columns: [
          { ...column.id('id', 40), isPrimary: true },
          column.id('account_id', 40),
          column.time('created_at'),
          column.time('expires_at'),
          column.time('revoked_at', { isNullable: true }),
          { ...column.id('revoked_reason', 32), isNullable: true },
        ],
        indices: [{ name: 'idx_session_families_account', columnNames: ['account_id'] }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          { ...column.id('token_hash', 64), isPrimary: true },
          column.id('family_id', 40),
          column.time('issued_at'),
          column.time('expires_at'),
          column.time('used_at', { isNullable: true }),
        ],
        indices: [{ name: 'idx_refresh_tokens_family', columnNames: ['family_id'] }],
      }),
    );
    // Failed sign-ins per email, whether or not an account has it: a lock then says nothing about existence.
    await runner.createTable(
      new Table({
        name: 'sign_in_failures',
        columns: [
          { ...column.id('email_hash', 64), isPrimary: true },
          column.int('failures'),
          column.time('window_started_at'),
          column.time('locked_until', { isNullable: true }),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('sign_in_failures');
    await runner.dropTable('refresh_tokens');
    await runner.dropTable('session_families');
    await runner.dropTable('accounts');
  }
}
