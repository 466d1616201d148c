import { type z } from 'zod';
import type { ServiceName } from '@stockgraph/runtime';
import type { LogLevel } from '@stockgraph/runtime';
import { ConfigError, envVar, loadConfig } from '@stockgraph/runtime';
import type { EventBusConfig } from '@stockgraph/messaging';
import { loadEventBusConfig } from '@stockgraph/messaging';
import { parseFaults } from './fault-injection';
import { type DatabaseConfig, parseDatabaseUrl } from '@stockgraph/persistence';
import { type AuthConfig, loadAuthConfig } from '@stockgraph/runtime';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Settings every subgraph has. Service-specific settings extend this in each service's `config.ts`. */
export interface SubgraphConfig {
  service: ServiceName;
  host: string;
  port: number;
  logLevel: LogLevel;
  database: DatabaseConfig;
  /** Insert the demo catalog, locations and stock when the tables are empty. */
  seedDemoData: boolean;
  /** Largest accepted HTTP request body, in bytes. */
  maxRequestBytes: number;
  /** How often the outbox relay looks for rows a crash left behind. */
  outboxPollMs: number;
  /** Kafka when KAFKA_BROKERS is set, otherwise the process's own bus. */
  eventBus: EventBusConfig;
  /** Names this process among the instances of its service (live consumer groups use it). */
  instanceId: string;
  /** Redis for what instances share (caches, rate limits); null: each instance keeps its own. */
  redisUrl: string | null;
  /** Bearer token that opens /metrics to other hosts; null: loopback only (see server/metrics-access.ts). */
  metricsToken: string | null;
  /** Test-only misbehaviour (see server/fault-injection.ts); empty in production. */
  faults: Set<string>;
  /** Which tokens this service accepts and how it gets its own. */
  auth: AuthConfig;
}

const commonShape = {
  HOST: envVar.text('127.0.0.1'),
  LOG_LEVEL: envVar.oneOf(LOG_LEVELS, 'info'),
  DATABASE_URL: envVar.optionalText(),
  DATA_DIR: envVar.text('.data'),
  DATABASE_POOL_SIZE: envVar.int(10, 1, 200),
  SEED_DEMO_DATA: envVar.bool(true),
  MAX_REQUEST_BYTES: envVar.int(1_048_576, 1024, 64 * 1_048_576),
  OUTBOX_POLL_MS: envVar.int(1000, 10, 60_000),
  REDIS_URL: envVar.optionalRedisUrl(),
  METRICS_TOKEN: envVar.optionalSecret(16),
  FAULT_INJECTION: envVar.optionalText(),
};

/**
 * Loads the common subgraph settings plus the service's own (`extra`), reporting
 * every bad value in one `ConfigError`.
 */
export function loadSubgraphConfig<Extra extends z.ZodRawShape>(
  service: ServiceName,
  defaultPort: number,
  extra: Extra,
  env: Record<string, string | undefined> = process.env,
): SubgraphConfig & { env: z.output<z.ZodObject<Extra>> } {
  const problems: string[] = [];
  const collect = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
      return undefined;
    }
  };
  const collectVar = <T>(name: string, value: string, parse: (raw: string) => T): T | undefined => {
    try {
      return parse(value);
    } catch (error) {
      problems.push(`${name}=${JSON.stringify(value)}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const common = collect(() => loadConfig({ ...commonShape, PORT: envVar.port(defaultPort) }, env));
  const own = collect(() => loadConfig(extra, env));
  const auth = collect(() => loadAuthConfig(service, env));
  const database = common
    ? collectVar('DATABASE_URL', common.DATABASE_URL ?? '', (raw) =>
        parseDatabaseUrl(raw || undefined, service, { dataDir: common.DATA_DIR, poolSize: common.DATABASE_POOL_SIZE }),
      )
    : undefined;
  const bus = collect(() => loadEventBusConfig(service, env));
  if (problems.length > 0 || !common || !own || !database || !auth || !bus) throw new ConfigError(problems);
  return {
    service,
    host: common.HOST,
    port: common.PORT,
    logLevel: common.LOG_LEVEL,
    database,
    seedDemoData: common.SEED_DEMO_DATA,
    maxRequestBytes: common.MAX_REQUEST_BYTES,
    outboxPollMs: common.OUTBOX_POLL_MS,
    eventBus: bus.eventBus,
    instanceId: bus.instanceId,
    redisUrl: common.REDIS_URL ?? null,
    metricsToken: common.METRICS_TOKEN ?? null,
    faults: parseFaults(common.FAULT_INJECTION ?? null),
    auth,
    env: own,
  };
}
