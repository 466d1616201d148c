import { RESERVATION_EVENT_TYPES, TOPICS, type ReservationEventData } from '@stockgraph/events';
import {
  EventDecoder,
  ResilientConsumer,
  type ConsumerMetrics,
  type EventBus,
  type EventSchemas,
  type IncomingMessage,
} from '@stockgraph/messaging';
import type { Logger } from '@stockgraph/runtime';
import type { OrderLifecycleService } from '../app/order-lifecycle.service';
import type { HoldOutcome } from '../domain/order';

const CONSUMER = 'order-reservation-outcomes';

/** The reservation events that settle a hold; `created` says nothing an order waits for. */
const OUTCOMES: Record<string, HoldOutcome> = {
  [RESERVATION_EVENT_TYPES.CONFIRMED]: 'CONFIRMED',
  [RESERVATION_EVENT_TYPES.RELEASED]: 'RELEASED',
  [RESERVATION_EVENT_TYPES.EXPIRED]: 'EXPIRED',
};

/**
 * Moves orders when inventory settles their hold: expired → EXPIRED, released (by
 * operations, say) → CANCELLED, confirmed (when a crash came between inventory's confirm
 * and the order's) → CONFIRMED. One group shared by all order instances, from the start
 * of what Kafka keeps, so no outcome is missed while the service was down. Moves are
 * conditional on the order still waiting on that hold, so replays change nothing.
 * Events that do not match their schema are dead-lettered with the reason.
 */
export function reservationOutcomeConsumer(
  deps: { bus: EventBus; lifecycle: OrderLifecycleService; schemas: EventSchemas; metrics: ConsumerMetrics },
  log: Logger,
): ResilientConsumer {
  const { lifecycle, metrics } = deps;
  const decoder = new EventDecoder(CONSUMER, deps.schemas, deps.bus, metrics, log);
  const count = (result: string) => metrics.processed.inc({ consumer: CONSUMER, result });
  const handle = async (messages: IncomingMessage[]) => {
    for (const { event } of await decoder.decode<ReservationEventData>(messages)) {
      const outcome = OUTCOMES[event.type];
      const settled = outcome ? await lifecycle.settleHold(event.data.reservationId, outcome) : null;
      count(settled ? 'applied' : 'unchanged');
    }
  };
  return new ResilientConsumer(
    deps.bus,
    {
      groupId: CONSUMER,
      topics: [TOPICS.inventoryReservations],
      fromBeginning: true,
      handleBatch: handle,
      onLag: (topic, partition, lag) =>
        metrics.lag.set({ consumer: CONSUMER, topic, partition: String(partition) }, lag),
    },
    log,
  );
}
