import { CoalescingQueue, EventBus, IncomingMessage, Logger, ResilientConsumer } from '@stockgraph/shared';
import { stockKey } from '@stockgraph/shared/domain';
import type { StockChangedData } from './stock-events';
import { STOCK_TOPIC } from './topics';

/** A stock change as subscribers receive it. */
export interface LiveStockChange extends StockChangedData {
  /** The CloudEvent id. */
  eventId: string;
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

const SUBSCRIBER_BUFFER = 1000;

/**
 * Feeds `stockChanged` from `inventory.stock.v1`, and only from there: a change reaches
 * subscribers once it is committed and published, whichever instance made it. Each
 * instance reads the topic in a consumer group of its own, so every instance sees every
 * event. Duplicates and replays (an outbox batch published twice) are dropped by the
 * per-(sku, location) version, so no subscriber sees a change twice or out of order.
 */
export class LiveStockFeed {
  private readonly subscribers = new Set<Subscriber>();
  /** Subscribers by sku they watch; those watching every sku are in `everySku`. */
  private readonly bySku = new Map<string, Set<Subscriber>>();
  private readonly everySku = new Set<Subscriber>();
  private readonly versions = new Map<string, number>();
  private readonly consumer: ResilientConsumer;

  constructor(
    bus: EventBus,
    groupId: string,
    private readonly log: Logger,
    private readonly onLoss: (kind: 'coalesced' | 'dropped') => void = () => undefined,
    /** Told how long each change took from its commit to reaching this feed, in seconds. */
    private readonly onLag: (seconds: number) => void = () => undefined,
  ) {
    this.consumer = new ResilientConsumer(
      bus,
      { groupId, topics: [STOCK_TOPIC], fromBeginning: false, handleBatch: async (messages) => this.dispatch(messages) },
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

  async stop(): Promise<void> {
    for (const subscriber of [...this.subscribers]) subscriber.queue.close();
    await this.consumer.stop();
  }

  private dispatch(messages: IncomingMessage[]): void {
    for (const message of messages) {
      const change = this.parse(message);
      if (!change) continue;
      const key = stockKey(change.sku, change.locationId);
      if ((this.versions.get(key) ?? -1) >= change.version) continue;
      this.versions.set(key, change.version);
      this.onLag((Date.now() - change.changedAt) / 1000);
      for (const audience of [this.bySku.get(change.sku), this.everySku]) {
        for (const subscriber of audience ?? []) {
          if (subscriber.locationIds && !subscriber.locationIds.has(change.locationId)) continue;
          subscriber.queue.push(change);
        }
      }
    }
  }

  private parse(message: IncomingMessage): LiveStockChange | null {
    try {
      const event = JSON.parse(message.value ?? '') as { id?: unknown; data?: Partial<StockChangedData> };
      const data = event.data;
      if (typeof event.id !== 'string' || !data || typeof data.sku !== 'string' || typeof data.locationId !== 'string' || typeof data.version !== 'number') {
        throw new Error('not a stock.changed event');
      }
      return { ...(data as StockChangedData), eventId: event.id };
    } catch (error) {
      // The outbox is the only writer of this topic, so this is a bug, not input to dead-letter.
      this.log.error({ err: error, topic: message.topic, offset: message.offset }, 'unreadable stock event skipped by the live feed');
      return null;
    }
  }
}
