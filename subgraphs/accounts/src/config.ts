import { envVar } from '@stockgraph/runtime';
import { loadSubgraphConfig, type SubgraphConfig } from '@stockgraph/graphql-service';
import type { LockPolicy } from './app/sign-in';
import type { SessionLifetimes } from './app/session-issuer';

export interface AccountsConfig extends SubgraphConfig {
  sessions: SessionLifetimes;
  lock: LockPolicy;
  /** log2 of scrypt's N for new hashes (17: 128 MiB and ~0.1–0.3 s each). */
  scryptLogN: number;
  /** How many password hashes run at once; the rest queue (bounded), so sign-ins cannot take every core. */
  hashConcurrency: number;
  /** DEMO_PASSWORD: the demo customers' password (made under DATA_DIR when unset). */
  demoPassword: string | undefined;
  dataDir: string;
}

/** Accounts settings from the environment; every bad value is reported at once. */
export function loadAccountsConfig(env: Record<string, string | undefined> = process.env): AccountsConfig {
  const { env: own, ...common } = loadSubgraphConfig(
    'accounts',
    4004,
    {
      ACCOUNTS_ACCESS_TOKEN_SECONDS: envVar.int(900, 10, 3600),
      ACCOUNTS_SESSION_DAYS: envVar.int(30, 1, 365),
      ACCOUNTS_LOCK_AFTER_FAILURES: envVar.int(20, 3, 1000),
      ACCOUNTS_FAILURE_WINDOW_MINUTES: envVar.int(15, 1, 1440),
      ACCOUNTS_LOCK_MINUTES: envVar.int(15, 1, 1440),
      ACCOUNTS_SCRYPT_LOG_N: envVar.int(17, 14, 20),
      ACCOUNTS_HASH_CONCURRENCY: envVar.int(2, 1, 32),
      DEMO_PASSWORD: envVar.optionalText(),
      DATA_DIR: envVar.text('.data'),
    },
    env,
  );
  return {
    ...common,
    sessions: {
      accessTokenSeconds: own.ACCOUNTS_ACCESS_TOKEN_SECONDS,
      sessionSeconds: own.ACCOUNTS_SESSION_DAYS * 24 * 3600,
    },
    lock: {
      maxFailures: own.ACCOUNTS_LOCK_AFTER_FAILURES,
      windowMs: own.ACCOUNTS_FAILURE_WINDOW_MINUTES * 60_000,
      lockMs: own.ACCOUNTS_LOCK_MINUTES * 60_000,
    },
    scryptLogN: own.ACCOUNTS_SCRYPT_LOG_N,
    hashConcurrency: own.ACCOUNTS_HASH_CONCURRENCY,
    demoPassword: own.DEMO_PASSWORD,
    dataDir: own.DATA_DIR,
  };
}
