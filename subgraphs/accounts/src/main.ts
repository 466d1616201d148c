import './tracing';
import { demoPassword, DevIssuer, type Logger, PasswordHasher, PeriodicTask, runService } from '@stockgraph/runtime';
import { openSubgraphRuntime, type RunningSubgraph, serveSubgraph } from '@stockgraph/graphql-service';
import type { EventBus } from '@stockgraph/messaging';
import { AccountQuery } from './app/account-query';
import { AccountStatusChange } from './app/account-status';
import type { AccountsServices } from './app/accounts-services';
import { RefreshSession } from './app/refresh-session';
import { Register } from './app/register';
import { SessionIssuer } from './app/session-issuer';
import { SignIn } from './app/sign-in';
import { SignOut } from './app/sign-out';
import { type AccountsConfig, loadAccountsConfig } from './config';
import { AccountError } from './domain/errors';
import type { AccountsContext } from './graphql/context';
import { buildAccountsSchema } from './graphql/schema';
import { AccountRepository } from './infra/account.repository';
import { AccountsSchema1767225600500 } from './infra/db/migrations/1767225600500-accounts-schema';
import { seedDemoAccounts } from './infra/seed-demo-accounts';
import { SessionRepository } from './infra/session.repository';
import { SignInFailureRepository } from './infra/sign-in-failures.repository';

export interface StartAccountsOptions {
  config: AccountsConfig;
  bus?: EventBus;
  log?: Logger;
}

/** Ended sessions and old failure counts are kept a day for ops to read, then purged. */
const KEEP_ENDED_MS = 24 * 3600 * 1000;

/**
 * Composition root of the accounts service. It signs customers' tokens with the
 * development issuer's key, the key every service already trusts in that mode; with an
 * external identity provider configured, accounts are that provider's and every mutation
 * here says so (ACCOUNTS_EXTERNAL).
 */
export async function startAccounts(options: StartAccountsOptions): Promise<RunningSubgraph> {
  const { config } = options;
  const runtime = await openSubgraphRuntime({
    config,
    entities: [],
    migrations: [AccountsSchema1767225600500],
    topics: [],
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const { db, log } = runtime;
  const accounts = new AccountRepository();
  const sessions = new SessionRepository();
  const failures = new SignInFailureRepository();
  const hasher = new PasswordHasher(
    { logN: config.scryptLogN, r: 8, p: 1 },
    () =>
      new AccountError(
        'ACCOUNTS_BUSY',
        'too many sign-ins are being checked right now; try again in a few seconds',
        undefined,
        'UNAVAILABLE',
      ),
    config.hashConcurrency,
  );
  let services: AccountsServices | null = null;
  if (config.auth.keys.kind === 'dev') {
    const issuer = new SessionIssuer(
      await DevIssuer.open(config.auth.keys.keyFile, config.auth),
      sessions,
      config.sessions,
    );
    services = {
      register: new Register(db, accounts, hasher, issuer),
      signIn: new SignIn(db, accounts, failures, hasher, issuer, config.lock),
      refresh: new RefreshSession(db, accounts, sessions, issuer),
      signOut: new SignOut(db, sessions),
      status: new AccountStatusChange(db, accounts, sessions),
      query: new AccountQuery(db, accounts),
    };
    if (config.seedDemoData)
      await seedDemoAccounts(db, accounts, hasher, demoPassword(config.dataDir, config.demoPassword), log);
  } else {
    log.info('an external identity provider is configured: sign-up and sign-in are its business (ACCOUNTS_EXTERNAL)');
  }
  const purge = new PeriodicTask(
    {
      name: 'ended sessions purge',
      intervalMs: 3600_000,
      lease: runtime.jobLease('ended sessions purge', 3600_000),
      run: async () => {
        const before = Date.now() - KEEP_ENDED_MS;
        const families = await db.transaction((tx) => sessions.purgeEnded(tx, before, 1000));
        const counts = await db.transaction((tx) => failures.purgeBefore(tx, before));
        return families + counts;
      },
    },
    log,
  );
  purge.start();
  return serveSubgraph<AccountsContext>(runtime, {
    schema: await buildAccountsSchema(services),
    context: (_req, caller) => Promise.resolve({ caller }),
    background: { 'ended sessions purge': purge },
  });
}

if (require.main === module) {
  runService('accounts', () => startAccounts({ config: loadAccountsConfig() }));
}
