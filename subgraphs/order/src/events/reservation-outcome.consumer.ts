import { RESERVATION_EVENT_TYPES, TOPICS, type ReservationEventData } from '@stockgraph/events';
import { type ConsumerDeps, eventConsumer, type ResilientConsumer } from '@stockgraph/messaging';
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
export function reservationOutcomeConsumer(deps: ConsumerDeps, lifecycle: OrderLifecycleService): ResilientConsumer {
  const count = (result: string) => deps.metrics.processed.inc({ consumer: CONSUMER, result });
  return eventConsumer<ReservationEventData>(deps, {
    name: CONSUMER,
    sharedGroup: true,
    topics: [TOPICS.inventoryReservations],
    fromBeginning: true,
    handle: async (events) => {
      for (const { event } of events) {
        const outcome = OUTCOMES[event.type];
        const settled = outcome ? await lifecycle.settleHold(event.data.reservationId, outcome) : null;
        count(settled ? 'applied' : 'unchanged');
      }
    },
  });
}
