import { TOPICS, type OrderStatusChangedData } from '@stockgraph/events';
import { CoalescingQueue, type Logger, traceparentOf } from '@stockgraph/runtime';
import {
  consumerSpan,
  type EventBus,
  type EventDecoder,
  type IncomingMessage,
  ResilientConsumer,
} from '@stockgraph/messaging';
import { type Order, statusRank } from '../domain/order';
import { InvalidOrderRecordError } from '../domain/order-record';
import { orderOfEvent } from './order-events';

interface Watcher {
  orderId: string;
  /** Rank of the newest status this watcher was given. */
  rank: number;
  queue: CoalescingQueue<Order>;
}

/** An order has a handful of transitions; more than this queued means a stuck reader. */
const WATCHER_BUFFER = 16;

/**
 * Feeds `orderUpdated` from `order.events.v1`: a transition reaches watchers once it is
 * committed and published, whichever instance made it. Each instance reads the topic in
 * a group of its own, so every instance sees every order's events. A status is never
 * reached twice, so a watcher is only given statuses further along than the last one it
 * got: duplicates, replays and the event of the state it started from are dropped.
 */
export class OrderUpdatesFeed {
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly consumer: ResilientConsumer;

  constructor(
    bus: EventBus,
    groupId: string,
    private readonly decoder: EventDecoder,
    log: Logger,
  ) {
    this.consumer = new ResilientConsumer(
      bus,
      {
        groupId,
        topics: [TOPICS.orderEvents],
        fromBeginning: false,
        handleBatch: (messages) => this.dispatch(messages),
      },
      log,
    );
  }

  start(): void {
    this.consumer.start();
  }

  /** True once the consumer has joined its group: events published from now on will be seen. */
  get ready(): boolean {
    return this.consumer.ready;
  }

  get watcherCount(): number {
    let n = 0;
    for (const set of this.watchers.values()) n += set.size;
    return n;
  }

  /**
   * The order as it stands now, then each later state as it is published; end the
   * iteration to stop. Null when there is no such order. The watcher is registered before
   * the order is read, so a transition committed in between is not missed.
   */
  async watch(
    orderId: string,
    load: (id: string) => Promise<Order | null>,
  ): Promise<AsyncIterableIterator<Order> | null> {
    const watcher: Watcher = {
      orderId,
      rank: -1,
      queue: new CoalescingQueue<Order>(
        WATCHER_BUFFER,
        (order) => order.status,
        () => this.remove(watcher),
      ),
    };
    const set = this.watchers.get(orderId) ?? new Set<Watcher>();
    set.add(watcher);
    this.watchers.set(orderId, set);
    let current: Order | null;
    try {
      current = await load(orderId);
    } catch (error) {
      watcher.queue.close();
      throw error;
    }
    if (!current) {
      watcher.queue.close();
      return null;
    }
    this.offer(watcher, current);
    return watcher.queue;
  }

  async stop(): Promise<void> {
    for (const set of [...this.watchers.values()]) for (const watcher of [...set]) watcher.queue.close();
    await this.consumer.stop();
  }

  private remove(watcher: Watcher): void {
    const set = this.watchers.get(watcher.orderId);
    set?.delete(watcher);
    if (set?.size === 0) this.watchers.delete(watcher.orderId);
  }

  private async dispatch(messages: IncomingMessage[]): Promise<void> {
    for (const { event, message } of await this.decoder.decode<OrderStatusChangedData>(messages)) {
      let order: Order;
      try {
        order = orderOfEvent(event.data);
      } catch (error) {
        // Valid by the schema yet no order our transitions make (a held status with no hold).
        if (!(error instanceof InvalidOrderRecordError)) throw error;
        await this.decoder.reject(message, 'INVALID_ORDER', error.message);
        continue;
      }
      // While tracing is on, the order's delivery continues the trace of the change that moved it.
      const span = consumerSpan('order-live-feed', { event, message });
      const traceparent = span ? traceparentOf(span) : undefined;
      const traced: Order & { traceparent?: string } = traceparent ? { ...order, traceparent } : order;
      for (const watcher of this.watchers.get(order.id) ?? []) this.offer(watcher, traced);
      span?.end();
    }
  }

  private offer(watcher: Watcher, order: Order): void {
    const rank = statusRank(order.status);
    if (rank <= watcher.rank) return;
    watcher.rank = rank;
    watcher.queue.push(order);
  }
}
