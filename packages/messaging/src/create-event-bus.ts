import type { Logger } from '@stockgraph/runtime';
import type { EventBus } from './event-bus';
import { InProcessEventBus } from './in-process-event-bus';
import { KafkaEventBus } from './kafka-event-bus';

/** Where events go: Kafka when brokers are configured, otherwise the process's own bus. */
export type EventBusConfig =
  | { kind: 'in-process' }
  | {
      kind: 'kafka';
      brokers: string[];
      clientId: string;
      partitions: number;
      namespace: string;
      /** How consumers fetch: the broker answers once `minBytes` are there or `maxWaitMs` has passed. */
      fetch: { maxWaitMs: number; minBytes: number };
    };

export function createEventBus(config: EventBusConfig, log: Logger): EventBus {
  return config.kind === 'kafka'
    ? new KafkaEventBus({
        brokers: config.brokers,
        clientId: config.clientId,
        partitions: config.partitions,
        namespace: config.namespace,
        fetch: config.fetch,
        log,
      })
    : new InProcessEventBus(log);
}
