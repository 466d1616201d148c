import os from 'node:os';
import type { EventBusConfig } from './create-event-bus';
import { ConfigError, envVar, loadConfig } from '@stockgraph/runtime';
import type { ServiceName } from '@stockgraph/runtime';

/** Where a service's events go, and the name of this instance among its service's instances. */
export interface EventBusSettings {
  /** Kafka when KAFKA_BROKERS is set, otherwise the process's own bus. */
  eventBus: EventBusConfig;
  /** Names this process among the instances of its service (per-instance consumer groups use it). */
  instanceId: string;
}

const eventBusShape = {
  KAFKA_BROKERS: envVar.optionalText(),
  KAFKA_TOPIC_PARTITIONS: envVar.int(6, 1, 1000),
  KAFKA_NAMESPACE: envVar.text(''),
  // Below the consumers' 6 s session: kafkajs heartbeats between fetches.
  KAFKA_FETCH_MAX_WAIT_MS: envVar.int(1000, 1, 3000),
  KAFKA_FETCH_MIN_BYTES: envVar.int(1, 1, 1_048_576),
  INSTANCE_ID: envVar.optionalText(),
};

const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/** A topic and group prefix such as `staging.`: letters, digits, `.`, `_`, `-`. */
function parseNamespace(raw: string): string {
  if (!/^[A-Za-z0-9._-]{0,100}$/.test(raw))
    throw new Error("may only hold letters, digits, '.', '_' and '-' (at most 100)");
  return raw;
}

/** `host:port[,host:port…]`, or a message saying what is wrong. */
export function parseBrokers(raw: string): string[] {
  const brokers = raw
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const bad = brokers.find((b) => !BROKER.test(b));
  if (brokers.length === 0 || bad !== undefined) {
    throw new Error(`must be host:port[,host:port...]${bad ? `; "${bad}" is not` : ''}`);
  }
  return brokers;
}

/**
 * The event-bus settings every service reads alike (KAFKA_BROKERS, KAFKA_TOPIC_PARTITIONS,
 * KAFKA_NAMESPACE, KAFKA_FETCH_*, INSTANCE_ID), so the subgraphs and the gateway name their client,
 * topics and groups the same way. Every bad value is reported in one `ConfigError`.
 */
export function loadEventBusConfig(service: ServiceName, env: Record<string, string | undefined>): EventBusSettings {
  const problems: string[] = [];
  let raw: ReturnType<typeof loadConfig<typeof eventBusShape>> | undefined;
  try {
    raw = loadConfig(eventBusShape, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const parse = <T>(name: string, value: string, parser: (value: string) => T): T | undefined => {
    try {
      return parser(value);
    } catch (error) {
      problems.push(`${name}=${JSON.stringify(value)}: ${(error as Error).message}`);
      return undefined;
    }
  };
  // Read from env itself, so a bad partition count does not hide a bad broker list.
  const brokers = env.KAFKA_BROKERS ? parse('KAFKA_BROKERS', env.KAFKA_BROKERS, parseBrokers) : undefined;
  const namespace = env.KAFKA_BROKERS ? parse('KAFKA_NAMESPACE', env.KAFKA_NAMESPACE ?? '', parseNamespace) : '';
  if (!raw || problems.length > 0) throw new ConfigError(problems);
  const eventBus: EventBusConfig =
    brokers && namespace !== undefined
      ? {
          kind: 'kafka',
          brokers,
          clientId: `stockgraph-${service}`,
          partitions: raw.KAFKA_TOPIC_PARTITIONS,
          namespace,
          fetch: { maxWaitMs: raw.KAFKA_FETCH_MAX_WAIT_MS, minBytes: raw.KAFKA_FETCH_MIN_BYTES },
        }
      : { kind: 'in-process' };
  return { eventBus, instanceId: raw.INSTANCE_ID ?? `${os.hostname()}-${process.pid}` };
}
