import path from 'node:path';
import { type AuthConfig, ConfigError, envVar, type LogLevel, loadAuthConfig, loadConfig } from '@stockgraph/runtime';
import { type EventBusConfig, loadEventBusConfig } from '@stockgraph/messaging';
import { webPagesDirectory } from '@stockgraph/web';
import type { OperationLimits } from './limits/operation-limits';
import { validTrustedProxy } from './limits/trusted-proxies';

export interface GatewayConfig {
  host: string;
  port: number;
  logLevel: LogLevel;
  /** The composed supergraph the gateway plans against; never fetched at runtime. */
  supergraphPath: string;
  /** The built web pages (`@stockgraph/web`, built by `npm run build`) served at `/`. */
  webDistPath: string;
  /** Subgraph URL per subgraph name, overriding those in the supergraph file. */
  subgraphUrls: Record<string, string>;
  subgraphTimeoutMs: number;
  /** Identical query fetches in flight to one subgraph share one answer (see subgraph-data-source.ts). */
  subgraphDedupe: boolean;
  maxRequestBytes: number;
  /** The body limit for callers without a token: no anonymous operation needs a large one. */
  maxAnonymousRequestBytes: number;
  /** How deep a request body may nest arrays and objects, checked before it is parsed. */
  maxJsonDepth: number;
  /** Most lexical tokens a document may have; the parser stops at the next one (cheap refusal of huge documents). */
  maxTokens: number;
  /** Sizes an operation may not exceed, checked over HTTP and WebSocket before planning. */
  limits: OperationLimits;
  /** Schema introspection; off unless asked for (the embedded mode asks). */
  introspection: boolean;
  auth: AuthConfig & {
    /** Lifetime of a demo user's token from the development issuer. */
    userTokenSeconds: number;
    /** Lifetime of a token a store API key is exchanged for: a revoked key stops working within it. */
    storeTokenSeconds: number;
    /** DEMO_PASSWORD: the demo users' password at the development issuer (made under DATA_DIR when unset). */
    demoPassword: string | undefined;
    dataDir: string;
  };
  /** The GraphiQL console at /graphiql; off unless asked for (the embedded mode asks). */
  console: boolean;
  /** Redis shared by every gateway instance (one rate-limit budget across them); null: each instance counts alone. */
  redisUrl: string | null;
  /** Bearer token that opens /metrics to other hosts; null: loopback only. */
  metricsToken: string | null;
  /** Balancers whose X-Forwarded-For names the client (addresses and CIDR ranges); none by default. */
  trustedProxies: string[];
  /**
   * Kafka when KAFKA_BROKERS is set: the dead-letter tail behind `GET /ops/summary` reads it.
   * Otherwise the gateway has no bus of its own (the embedded mode hands it the shared one).
   */
  eventBus: EventBusConfig;
  /** Names this gateway among its instances: its dead-letter tail reads in a consumer group of its own. */
  instanceId: string;
  /**
   * Password attempts (signIn, register, refreshSession, demo users at `POST /auth/token`) one
   * network address may make per window, on top of the general limit; 0: no limit.
   */
  signInLimit: { points: number; windowSeconds: number };
  rateLimit: {
    /** Requests one identity may make per window, over HTTP and WebSocket together; 0: no limit. */
    points: number;
    windowSeconds: number;
    /** Prefix of the limit's Redis keys, so deployments (and test runs) sharing one Redis keep their own budgets. */
    keyPrefix: string;
  };
  subscriptions: {
    /** Most subscriptions one WebSocket connection may hold. */
    maxPerConnection: number;
    /** Results queued for a slow client before it gets latest values only. */
    clientBuffer: number;
    /** How long entity fetches of close events wait to share one request. */
    batchWindowMs: number;
    /** Filter values (such as skus) an upstream subscription carries for its clients before it watches everything instead. */
    upstreamFilterMax: number;
    /** Most results a client gets about one stock level per second; the latest value always arrives. 0: every result. */
    maxUpdatesPerSecond: number;
    /** Most WebSocket connections open at once from one address, per gateway instance; 0: no cap. */
    connectionsPerIdentity: number;
    /** Most client subscriptions this gateway instance holds at once, over all connections. */
    maxTotal: number;
  };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Gateway settings from the environment; every bad value is reported at once. */
export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const problems: string[] = [];
  const collect = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const auth = collect(() => loadAuthConfig('gateway', env));
  const raw = collect(() =>
    loadConfig(
      {
        HOST: envVar.text('127.0.0.1'),
        PORT: envVar.port(4000),
        LOG_LEVEL: envVar.oneOf(LOG_LEVELS, 'info'),
        SUPERGRAPH_PATH: envVar.text(path.resolve(__dirname, '../../schema/supergraph.graphql')),
        WEB_DIST_PATH: envVar.text(webPagesDirectory),
        CATALOG_URL: envVar.httpUrl('http://127.0.0.1:4001/graphql'),
        INVENTORY_URL: envVar.httpUrl('http://127.0.0.1:4002/graphql'),
        ORDER_URL: envVar.httpUrl('http://127.0.0.1:4003/graphql'),
        ACCOUNTS_URL: envVar.httpUrl('http://127.0.0.1:4004/graphql'),
        SUBGRAPH_TIMEOUT_MS: envVar.int(10_000, 100, 120_000),
        SUBGRAPH_DEDUPE: envVar.bool(true),
        MAX_REQUEST_BYTES: envVar.int(1_048_576, 1024, 64 * 1_048_576),
        // validateStock's 100 items are about 5 KB; the rest of a shopper's anonymous calls far less.
        MAX_ANONYMOUS_REQUEST_BYTES: envVar.int(65_536, 1024, 64 * 1_048_576),
        MAX_JSON_DEPTH: envVar.int(32, 4, 1000),
        // The largest list any field accepts (warehouse counts, allowances, skus) is 1,000;
        // 1,000 warehouse counts of five fields each are about 6,000 values.
        MAX_INPUT_LIST_LENGTH: envVar.int(1000, 1, 1_000_000),
        MAX_INPUT_VALUES: envVar.int(20_000, 10, 10_000_000),
        // The console's full introspection query nests about 15 levels (ofType chains of 9).
        MAX_INTROSPECTION_DEPTH: envVar.int(20, 3, 1000),
        // The console's full introspection query is about 300 tokens; storefront queries far fewer.
        MAX_TOKENS: envVar.int(5000, 100, 1_000_000),
        // The limits below let the storefront's listing through (products(first: 100) with
        // price, stock summary by region and inventory: depth 6, cost 4,300) and the console's
        // full introspection query (introspection is depth- and cost-exempt; 1 root field,
        // about 230 expanded fields); ten aliases of the listing (cost 43,000) are refused.
        MAX_DEPTH: envVar.int(12, 1, 1000),
        MAX_ALIASES: envVar.int(30, 0, 100_000),
        MAX_DIRECTIVES: envVar.int(20, 0, 100_000),
        MAX_ROOT_FIELDS: envVar.int(20, 1, 100_000),
        MAX_EXPANDED_FIELDS: envVar.int(5000, 10, 10_000_000),
        MAX_COST: envVar.int(10_000, 1, 1_000_000_000),
        INTROSPECTION: envVar.bool(false),
        CONSOLE: envVar.bool(false),
        REDIS_URL: envVar.optionalRedisUrl(),
        METRICS_TOKEN: envVar.optionalSecret(16),
        // A storefront page makes a few requests a second while a shopper is active: 100 in
        // 10 s leaves one shopper several times that, bursts included, and stops a script.
        RATE_LIMIT_POINTS: envVar.int(100, 0, 1_000_000),
        RATE_LIMIT_WINDOW_SECONDS: envVar.int(10, 1, 3600),
        RATE_LIMIT_PREFIX: envVar.text('stockgraph:gateway:rl'),
        // Each open tab holds one socket; 50 is a household or a small office behind one address.
        WS_CONNECTIONS_PER_IDENTITY: envVar.int(50, 0, 100_000),
        MAX_SUBSCRIPTIONS: envVar.int(10_000, 1, 1_000_000),
        SUBSCRIPTIONS_PER_CONNECTION: envVar.int(100, 1, 10_000),
        SUBSCRIPTION_CLIENT_BUFFER: envVar.int(1000, 1, 100_000),
        SUBSCRIPTION_BATCH_WINDOW_MS: envVar.int(1, 0, 1000),
        SUBSCRIPTION_UPSTREAM_FILTER_MAX: envVar.int(100, 0, 1000),
        // Ten a second is faster than anyone reads a badge; a hot sku then costs at most ten
        // messages a second per watcher, however fast it sells.
        SUBSCRIPTION_UPDATES_PER_SECOND: envVar.int(10, 0, 1000),
        AUTH_USER_TOKEN_SECONDS: envVar.int(3600, 60, 24 * 3600),
        AUTH_STORE_TOKEN_SECONDS: envVar.int(300, 10, 3600),
        // A person mistypes a password a few times a minute at most; a guessing script wants thousands.
        SIGN_IN_RATE_LIMIT_POINTS: envVar.int(10, 0, 1_000_000),
        SIGN_IN_RATE_LIMIT_WINDOW_SECONDS: envVar.int(60, 1, 86_400),
        DEMO_PASSWORD: envVar.optionalText(),
        DATA_DIR: envVar.text('.data'),
        TRUSTED_PROXIES: envVar
          .text('')
          .transform((raw) =>
            raw
              .split(',')
              .map((entry) => entry.trim())
              .filter(Boolean),
          )
          .refine((entries) => entries.every(validTrustedProxy), {
            message: 'must be comma-separated IP addresses or CIDR ranges, such as 10.0.0.0/8,192.168.1.5',
          }),
      },
      env,
    ),
  );
  const bus = collect(() => loadEventBusConfig('gateway', env));
  if (!raw || !auth || !bus) throw new ConfigError(problems);
  return {
    host: raw.HOST,
    port: raw.PORT,
    logLevel: raw.LOG_LEVEL,
    supergraphPath: path.resolve(raw.SUPERGRAPH_PATH),
    webDistPath: path.resolve(raw.WEB_DIST_PATH),
    subgraphUrls: {
      catalog: raw.CATALOG_URL,
      inventory: raw.INVENTORY_URL,
      order: raw.ORDER_URL,
      accounts: raw.ACCOUNTS_URL,
    },
    subgraphTimeoutMs: raw.SUBGRAPH_TIMEOUT_MS,
    subgraphDedupe: raw.SUBGRAPH_DEDUPE,
    maxRequestBytes: raw.MAX_REQUEST_BYTES,
    maxAnonymousRequestBytes: Math.min(raw.MAX_ANONYMOUS_REQUEST_BYTES, raw.MAX_REQUEST_BYTES),
    maxJsonDepth: raw.MAX_JSON_DEPTH,
    maxTokens: raw.MAX_TOKENS,
    limits: {
      maxDepth: raw.MAX_DEPTH,
      maxAliases: raw.MAX_ALIASES,
      maxDirectives: raw.MAX_DIRECTIVES,
      maxRootFields: raw.MAX_ROOT_FIELDS,
      maxExpandedFields: raw.MAX_EXPANDED_FIELDS,
      maxCost: raw.MAX_COST,
      maxIntrospectionDepth: raw.MAX_INTROSPECTION_DEPTH,
      maxInputListLength: raw.MAX_INPUT_LIST_LENGTH,
      maxInputValues: raw.MAX_INPUT_VALUES,
    },
    introspection: raw.INTROSPECTION,
    auth: {
      ...auth,
      userTokenSeconds: raw.AUTH_USER_TOKEN_SECONDS,
      storeTokenSeconds: raw.AUTH_STORE_TOKEN_SECONDS,
      demoPassword: raw.DEMO_PASSWORD,
      dataDir: raw.DATA_DIR,
    },
    console: raw.CONSOLE,
    redisUrl: raw.REDIS_URL ?? null,
    metricsToken: raw.METRICS_TOKEN ?? null,
    trustedProxies: raw.TRUSTED_PROXIES,
    eventBus: bus.eventBus,
    instanceId: bus.instanceId,
    signInLimit: { points: raw.SIGN_IN_RATE_LIMIT_POINTS, windowSeconds: raw.SIGN_IN_RATE_LIMIT_WINDOW_SECONDS },
    rateLimit: {
      points: raw.RATE_LIMIT_POINTS,
      windowSeconds: raw.RATE_LIMIT_WINDOW_SECONDS,
      keyPrefix: raw.RATE_LIMIT_PREFIX,
    },
    subscriptions: {
      maxPerConnection: raw.SUBSCRIPTIONS_PER_CONNECTION,
      clientBuffer: raw.SUBSCRIPTION_CLIENT_BUFFER,
      batchWindowMs: raw.SUBSCRIPTION_BATCH_WINDOW_MS,
      upstreamFilterMax: raw.SUBSCRIPTION_UPSTREAM_FILTER_MAX,
      maxUpdatesPerSecond: raw.SUBSCRIPTION_UPDATES_PER_SECOND,
      connectionsPerIdentity: raw.WS_CONNECTIONS_PER_IDENTITY,
      maxTotal: raw.MAX_SUBSCRIPTIONS,
    },
  };
}
