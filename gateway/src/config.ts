import path from 'node:path';
import { envVar, type LogLevel, loadConfig } from '@stockgraph/shared';

export interface GatewayConfig {
  host: string;
  port: number;
  logLevel: LogLevel;
  /** The composed supergraph the gateway plans against; never fetched at runtime. */
  supergraphPath: string;
  /** Subgraph URL per subgraph name, overriding those in the supergraph file. */
  subgraphUrls: Record<string, string>;
  subgraphTimeoutMs: number;
  maxRequestBytes: number;
  /** Most lexical tokens a document may have; the parser stops at the next one (cheap refusal of huge documents). */
  maxTokens: number;
  introspection: boolean;
  /** Redis shared by every gateway instance (one rate-limit budget across them); null: each instance counts alone. */
  redisUrl: string | null;
  /** Bearer token that opens /metrics to other hosts; null: loopback only. */
  metricsToken: string | null;
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
    /** Most WebSocket connections open at once from one address, per gateway instance; 0: no cap. */
    connectionsPerIdentity: number;
    /** Most client subscriptions this gateway instance holds at once, over all connections. */
    maxTotal: number;
  };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Gateway settings from the environment; every bad value is reported at once. */
export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const raw = loadConfig(
    {
      HOST: envVar.text('127.0.0.1'),
      PORT: envVar.port(4000),
      LOG_LEVEL: envVar.oneOf(LOG_LEVELS, 'info'),
      SUPERGRAPH_PATH: envVar.text(path.resolve(__dirname, '../../schema/supergraph.graphql')),
      CATALOG_URL: envVar.httpUrl('http://127.0.0.1:4001/graphql'),
      INVENTORY_URL: envVar.httpUrl('http://127.0.0.1:4002/graphql'),
      ORDER_URL: envVar.httpUrl('http://127.0.0.1:4003/graphql'),
      SUBGRAPH_TIMEOUT_MS: envVar.int(10_000, 100, 120_000),
      MAX_REQUEST_BYTES: envVar.int(1_048_576, 1024, 64 * 1_048_576),
      // The console's full introspection query is about 300 tokens; storefront queries far fewer.
      MAX_TOKENS: envVar.int(5000, 100, 1_000_000),
      INTROSPECTION: envVar.bool(true),
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
    },
    env,
  );
  return {
    host: raw.HOST,
    port: raw.PORT,
    logLevel: raw.LOG_LEVEL,
    supergraphPath: path.resolve(raw.SUPERGRAPH_PATH),
    subgraphUrls: { catalog: raw.CATALOG_URL, inventory: raw.INVENTORY_URL, order: raw.ORDER_URL },
    subgraphTimeoutMs: raw.SUBGRAPH_TIMEOUT_MS,
    maxRequestBytes: raw.MAX_REQUEST_BYTES,
    maxTokens: raw.MAX_TOKENS,
    introspection: raw.INTROSPECTION,
    redisUrl: raw.REDIS_URL ?? null,
    metricsToken: raw.METRICS_TOKEN ?? null,
    rateLimit: { points: raw.RATE_LIMIT_POINTS, windowSeconds: raw.RATE_LIMIT_WINDOW_SECONDS, keyPrefix: raw.RATE_LIMIT_PREFIX },
    subscriptions: {
      maxPerConnection: raw.SUBSCRIPTIONS_PER_CONNECTION,
      clientBuffer: raw.SUBSCRIPTION_CLIENT_BUFFER,
      batchWindowMs: raw.SUBSCRIPTION_BATCH_WINDOW_MS,
      connectionsPerIdentity: raw.WS_CONNECTIONS_PER_IDENTITY,
      maxTotal: raw.MAX_SUBSCRIPTIONS,
    },
  };
}
