import { TOPICS, type StockChangedData } from '@stockgraph/events';
import { stockKey } from '@stockgraph/domain';
import { CoalescingQueue, type Logger, traceparentOf } from '@stockgraph/runtime';
import {
  consumerSpan,
  type EventBus,
  type EventDecoder,
  type IncomingMessage,
  ResilientConsumer,
} from '@stockgraph/messaging';

/** A stock change as subscribers receive it. */
export interface LiveStockChange extends StockChangedData {
  /** The CloudEvent id. */
  eventId: string;
  /** When this feed handed it to subscribers (performance.now()), to time how long it waits to be executed. */
  dispatchedAt: number;
  /** The trace the change's delivery continues, while tracing is on. */
  traceparent?: string;
  /** Part of the current state a subscription started with (CurrentStock), not a change. */
  current?: true;
}

export interface StockFilter {
  skus?: readonly string[] | null;
  locationIds?: readonly string[] | null;
}

interface Subscriber {
  skus: Set<string> | null;
  locationIds: Set<string> | null;
  queue: CoalescingQueue<LiveStockChange>;
}

// A subscriber here is usually a gateway's upstream serving many clients at once (it watches
// the union of their skus, or all): it must absorb a burst the size of a consumer batch
// without coalescing, since one coalesced event is a missed update for each of its clients.
const SUBSCRIBER_BUFFER = 10_000;

/**
 * Feeds `stockChanged` from `inventory.stock.v1`, and only from there: a change reaches
 * subscribers once it is committed and published, whichever instance made it. Each
 * instance reads the topic in a consumer group of its own, so every instance sees every
 * event. Duplicates and replays (an outbox batch published twice) are dropped by the
 * per-(sku, location) version, so no subscriber sees a change twice or out of order.
 * Events that fail their schema are dead-lettered by the decoder and reach no one.
 */
export class LiveStockFeed {
  private readonly subscribers = new Set<Subscriber>();
  /** Subscribers by sku they watch; those watching every sku are in `everySku`. */
  private readonly bySku = new Map<string, Set<Subscriber>>();
  private readonly everySku = new Set<Subscriber>();
  private opened = 0;
  private readonly versions = new Map<string, number>();
  private readonly consumer: ResilientConsumer;

  constructor(
    bus: EventBus,
    groupId: string,
    private readonly decoder: EventDecoder,
    log: Logger,
    private readonly onLoss: (kind: 'coalesced' | 'dropped') => void = () => undefined,
    /** Told how long each change took from its commit to reaching this feed, in seconds. */
    private readonly onLag: (seconds: number) => void = () => undefined,
    /** Told how long a change waited in a subscription's queue before that subscription ran it, in seconds. */
    private readonly onQueued: (seconds: number) => void = () => undefined,
  ) {
    this.consumer = new ResilientConsumer(
      bus,
      {
        groupId,
        topics: [TOPICS.inventoryStock],
        fromBeginning: false,
        handleBatch: (messages) => this.dispatch(messages),
      },
      log,
    );
  }

  /** Starts consuming in the background, retrying while the broker is unreachable. */
  start(): void {
    this.consumer.start();
  }

  /** True once the consumer has joined its group: events published from now on will be seen. */
  get ready(): boolean {
    return this.consumer.ready;
  }

  /** Changes matching the filter, as they are consumed; end the iteration to unsubscribe. */
  subscribe(filter: StockFilter): AsyncIterableIterator<LiveStockChange> {
    const subscriber: Subscriber = {
      skus: filter.skus ? new Set(filter.skus) : null,
      locationIds: filter.locationIds ? new Set(filter.locationIds) : null,
      queue: new CoalescingQueue<LiveStockChange>(
        SUBSCRIBER_BUFFER,
        (change) => stockKey(change.sku, change.locationId),
        () => this.remove(subscriber),
        this.onLoss,
      ),
    };
    this.subscribers.add(subscriber);
    this.opened += 1;
    if (!subscriber.skus) this.everySku.add(subscriber);
    for (const sku of subscriber.skus ?? []) {
      const set = this.bySku.get(sku) ?? new Set<Subscriber>();
      set.add(subscriber);
      this.bySku.set(sku, set);
    }
    return subscriber.queue;
  }

  private remove(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
    this.everySku.delete(subscriber);
    for (const sku of subscriber.skus ?? []) {
      const set = this.bySku.get(sku);
      set?.delete(subscriber);
      if (set?.size === 0) this.bySku.delete(sku);
    }
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Subscriptions opened since start: with the count open, tells a new subscription from an old one still open. */
  get subscriptionsOpened(): number {
    return this.opened;
  }

  /** A subscription is running this change now (called by its resolver). */
  executing(change: LiveStockChange): void {
    this.onQueued((performance.now() - change.dispatchedAt) / 1000);
  }

  async stop(): Promise<void> {
    for (const subscriber of [...this.subscribers]) subscriber.queue.close();
    await this.consumer.stop();
  }

  private async dispatch(messages: IncomingMessage[]): Promise<void> {
    for (const decoded of await this.decoder.decode<StockChangedData>(messages)) {
      const { event } = decoded;
      const key = stockKey(event.data.sku, event.data.locationId);
      if ((this.versions.get(key) ?? -1) >= event.data.version) continue;
      this.versions.set(key, event.data.version);
      const span = consumerSpan('inventory-live-feed', decoded);
      const traceparent = span ? traceparentOf(span) : undefined;
      const change: LiveStockChange = {
        ...event.data,
        eventId: event.id,
        dispatchedAt: performance.now(),
        ...(traceparent ? { traceparent } : {}),
      };
      this.onLag((Date.now() - change.changedAt) / 1000);
      for (const audience of [this.bySku.get(change.sku), this.everySku]) {
        for (const subscriber of audience ?? []) {
          if (subscriber.locationIds && !subscriber.locationIds.has(change.locationId)) continue;
          subscriber.queue.push(change);
        }
      }
      span?.end();
    }
  }
}
