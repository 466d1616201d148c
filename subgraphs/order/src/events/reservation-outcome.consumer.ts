import { ConsumerMetrics, Database, deadLetter, EventBus, EventSchemas, IncomingMessage, Logger, Outbox, OutgoingMessage, ResilientConsumer } from '@stockgraph/shared';
import type { OrderLifecycleService } from '../app/order-lifecycle.service';
import type { HoldOutcome } from '../domain/order';

export const RESERVATIONS_TOPIC = 'inventory.reservations.v1';
const CONSUMER = 'order-reservation-outcomes';

/** The reservation events that settle a hold; `created` says nothing an order waits for. */
const OUTCOMES: Record<string, HoldOutcome> = {
  'io.stockgraph.inventory.reservation.confirmed.v1': 'CONFIRMED',
  'io.stockgraph.inventory.reservation.released.v1': 'RELEASED',
  'io.stockgraph.inventory.reservation.expired.v1': 'EXPIRED',
};

interface ReservationEventData {
  reservationId: string;
}

/**
 * Moves orders when inventory settles their hold: expired → EXPIRED, released (by
 * operations, say) → CANCELLED, confirmed (when a crash came between inventory's confirm
 * and the order's) → CONFIRMED. One group shared by all order instances, from the start
 * of what Kafka keeps, so no outcome is missed while the service was down. Moves are
 * conditional on the order still waiting on that hold, so replays change nothing.
 * Events that do not match their schema are dead-lettered with the reason.
 */
export function reservationOutcomeConsumer(
  deps: { bus: EventBus; db: Database; outbox: Outbox; lifecycle: OrderLifecycleService; schemas: EventSchemas; metrics: ConsumerMetrics },
  log: Logger,
): ResilientConsumer {
  const { db, outbox, lifecycle, schemas, metrics } = deps;
  const count = (result: string) => metrics.processed.inc({ consumer: CONSUMER, result });
  const handle = async (messages: IncomingMessage[]) => {
    const letters: OutgoingMessage[] = [];
    for (const message of messages) {
      const parsed = schemas.parse<ReservationEventData>(RESERVATIONS_TOPIC, message);
      if (!parsed.ok) {
        metrics.deadLetters.inc({ topic: message.topic, reason: parsed.reason });
        letters.push(deadLetter(message, parsed.reason, parsed.detail));
        count('dead_lettered');
        continue;
      }
      const outcome = OUTCOMES[parsed.event.type];
      const settled = outcome ? await lifecycle.settleHold(parsed.event.data.reservationId, outcome) : null;
      count(settled ? 'applied' : 'unchanged');
    }
    if (letters.length > 0) await db.transaction((tx) => outbox.append(tx, letters));
  };
  return new ResilientConsumer(
    deps.bus,
    {
      groupId: CONSUMER,
      topics: [RESERVATIONS_TOPIC],
      fromBeginning: true,
      handleBatch: handle,
      onLag: (topic, partition, lag) => metrics.lag.set({ consumer: CONSUMER, topic, partition: String(partition) }, lag),
    },
    log,
  );
}
