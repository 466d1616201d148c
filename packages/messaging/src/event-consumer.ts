import { randomUUID } from 'node:crypto';
import type { Logger } from '@stockgraph/runtime';
import type { ConsumerMetrics } from './consumer-metrics';
import type { EventBus } from './event-bus';
import { type DecodedEvent, EventDecoder } from './event-decoder';
import type { EventSchemas } from './event-schemas';
import { tracedConsume } from './message-tracing';
import { ResilientConsumer } from './resilient-consumer';

/** What every consumer of a service is built from. */
export interface ConsumerDeps {
  bus: EventBus;
  schemas: EventSchemas;
  metrics: ConsumerMetrics;
  log: Logger;
}

/** One consumer: where it reads and what it does with the events that pass their schema. */
export interface EventConsumerDefinition<Data> {
  /** Names the consumer in metrics (`consumer` label), dead-letter headers and logs. */
  name: string;
  /** The consumer group; defaults to `name`. */
  groupId?: string;
  topics: readonly string[];
  /** From the start of what Kafka keeps (a projection filling itself in) or from now (a live feed). */
  fromBeginning: boolean;
  /** Partitions handled side by side (they hold disjoint keys). */
  concurrency?: number;
  /** Reports consumer lag under `name` (default true). */
  reportLag?: boolean;
  /** One group for all the service's instances (see ConsumerOptions.sharedGroup). */
  sharedGroup?: boolean;
  /**
   * A batch's events that match their schemas, in order; the others are already on
   * `<topic>.dlq` with their reason. `decoder.reject` dead-letters one that is valid yet
   * means nothing to this consumer.
   */
  handle: (events: Array<DecodedEvent<Data>>, decoder: EventDecoder) => Promise<void>;
}

/**
 * The way a service defines a consumer: decoded and schema-checked on the way in (see
 * `EventDecoder`), joined even while the broker is away (see `ResilientConsumer`), its
 * lag reported. Start it with `start()`; `stop()` waits for the batch under way.
 */
export function eventConsumer<Data>(deps: ConsumerDeps, definition: EventConsumerDefinition<Data>): ResilientConsumer {
  const { bus, schemas, metrics, log } = deps;
  const { name } = definition;
  const decoder = new EventDecoder(name, schemas, bus, metrics, log);
  return new ResilientConsumer(
    bus,
    {
      groupId: definition.groupId ?? name,
      topics: [...definition.topics],
      fromBeginning: definition.fromBeginning,
      ...(definition.sharedGroup ? { sharedGroup: true } : {}),
      ...(definition.concurrency ? { concurrency: definition.concurrency } : {}),
      handleBatch: async (messages) => {
        const events = await decoder.decode<Data>(messages);
        await tracedConsume(name, events, () => definition.handle(events, decoder));
      },
      ...(definition.reportLag === false
        ? {}
        : {
            onLag: (topic: string, partition: number, lag: number) =>
              metrics.lag.set({ consumer: name, topic, partition: String(partition) }, lag),
          }),
    },
    log,
  );
}

/**
 * A consumer group of this process alone (a live feed, a cache's invalidations): unique to
 * each start, so a restarted instance never waits out its crashed predecessor's session
 * in the same group (a rebalance cannot finish before the dead member's session expires).
 * Such a reader starts from the newest events anyway; the positions an old group committed
 * are dropped by the broker after its offsets retention.
 */
export function processGroupId(name: string, instanceId: string): string {
  return `${name}-${instanceId}-${randomUUID().slice(0, 8)}`;
}
