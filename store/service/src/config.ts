import path from 'node:path';
import { tillPagesDirectory } from '@stockgraph/till';
import { ConfigError, envVar } from '@stockgraph/runtime';
import { loadSubgraphConfig, type SubgraphConfig } from '@stockgraph/graphql-service';

export interface StoreConfig extends SubgraphConfig {
  store: {
    /** The shop's own location in the central inventory; the replica keeps its stock. */
    locationId: string;
    /** The central gateway's GraphQL endpoint (its origin also serves `/auth/token`). */
    gatewayUrl: string;
    /** The store's API key, exchanged at the gateway for short-lived store tokens. */
    apiKey: string;
    /** The deadline of one call to the centre. */
    centralTimeoutMs: number;
    /** Where the built till page is (`@stockgraph/till`, built by `npm run build`): its index.html and assets. */
    tillPagesPath: string;
  };
  till: {
    /** How long a cashier's till session lasts (a shift). */
    sessionMs: number;
    /** Wrong PINs in a row that lock a cashier, and for how long. */
    maxFailures: number;
    lockMs: number;
    /** log2 of scrypt's N for cashiers' PINs (15: 32 MiB). */
    scryptLogN: number;
  };
  link: {
    /** How often the link to the centre is probed, and how long a probe may take: together, how soon the till's badge knows. */
    checkMs: number;
    timeoutMs: number;
  };
  sync: {
    retryBaseMs: number;
    retryCapMs: number;
    /** How often allowances are re-sized while nothing else happens. */
    refreshMs: number;
    backlogAlertMs: number;
    /** Allowance per sku: this share of on hand, at most `cap` units. */
    allowance: { share: number; cap: number };
  };
}

const LOCATION_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Store settings from the environment; every bad value is reported at once. */
export function loadStoreConfig(env: Record<string, string | undefined> = process.env): StoreConfig {
  const { env: own, ...common } = loadSubgraphConfig(
    'store',
    4010,
    {
      STORE_LOCATION_ID: envVar.optionalText(),
      GATEWAY_URL: envVar.httpUrl('http://127.0.0.1:4000/graphql'),
      STORE_API_KEY: envVar.optionalSecret(16),
      CENTRAL_TIMEOUT_MS: envVar.int(5000, 100, 120_000),
      TILL_PAGES_PATH: envVar.text(tillPagesDirectory),
      SYNC_RETRY_BASE_MS: envVar.int(500, 10, 60_000),
      SYNC_RETRY_CAP_MS: envVar.int(30_000, 100, 3_600_000),
      ALLOWANCE_REFRESH_MS: envVar.int(30_000, 100, 3_600_000),
      SYNC_BACKLOG_ALERT_SECONDS: envVar.int(300, 1, 604_800),
      ALLOWANCE_PERCENT: envVar.int(50, 0, 100),
      ALLOWANCE_CAP: envVar.int(50, 0, 1_000_000),
      TILL_SESSION_HOURS: envVar.int(12, 1, 24),
      TILL_LOCK_AFTER_FAILURES: envVar.int(5, 3, 100),
      TILL_LOCK_MINUTES: envVar.int(5, 1, 1440),
      TILL_SCRYPT_LOG_N: envVar.int(15, 14, 20),
      // A probe every half second that gives up after 800 ms: the badge is right within about 1.3 s plus the till's poll.
      LINK_CHECK_MS: envVar.int(500, 100, 60_000),
      LINK_CHECK_TIMEOUT_MS: envVar.int(800, 100, 60_000),
    },
    env,
  );
  const problems: string[] = [];
  if (!own.STORE_LOCATION_ID)
    problems.push(
      'STORE_LOCATION_ID: required, the id of the shop’s own location in the central inventory (such as lisbon-store)',
    );
  else if (!LOCATION_ID.test(own.STORE_LOCATION_ID))
    problems.push(`STORE_LOCATION_ID=${JSON.stringify(own.STORE_LOCATION_ID)}: use lower-case letters, digits and '-'`);
  if (!own.STORE_API_KEY)
    problems.push('STORE_API_KEY: required, the key operations created for this location (createStoreApiKey)');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...common,
    store: {
      locationId: own.STORE_LOCATION_ID as string,
      gatewayUrl: own.GATEWAY_URL,
      apiKey: own.STORE_API_KEY as string,
      centralTimeoutMs: own.CENTRAL_TIMEOUT_MS,
      tillPagesPath: path.resolve(own.TILL_PAGES_PATH),
    },
    till: {
      sessionMs: own.TILL_SESSION_HOURS * 3600_000,
      maxFailures: own.TILL_LOCK_AFTER_FAILURES,
      lockMs: own.TILL_LOCK_MINUTES * 60_000,
      scryptLogN: own.TILL_SCRYPT_LOG_N,
    },
    link: { checkMs: own.LINK_CHECK_MS, timeoutMs: own.LINK_CHECK_TIMEOUT_MS },
    sync: {
      retryBaseMs: own.SYNC_RETRY_BASE_MS,
      retryCapMs: Math.max(own.SYNC_RETRY_CAP_MS, own.SYNC_RETRY_BASE_MS),
      refreshMs: own.ALLOWANCE_REFRESH_MS,
      backlogAlertMs: own.SYNC_BACKLOG_ALERT_SECONDS * 1000,
      allowance: { share: own.ALLOWANCE_PERCENT / 100, cap: own.ALLOWANCE_CAP },
    },
  };
}
