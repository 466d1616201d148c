import type { Logger } from '@stockgraph/runtime';
import type { ConsumerOptions, EventBus, EventConsumer } from './event-bus';

const RETRY_MS = 2000;

/**
 * A consumer that keeps trying to join while the broker is unreachable (a service must
 * start, and stay up, without Kafka) and reports when it has joined. A consumer that later
 * stops for good on its own is joined again the same way, never left silently dead.
 */
export class ResilientConsumer {
  private consumer: EventConsumer | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = true;
  private joined = false;

  constructor(
    private readonly bus: EventBus,
    private readonly options: ConsumerOptions,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  /** True once the consumer has joined its group. */
  get ready(): boolean {
    return this.joined;
  }

  /** See ConsumerOptions.sharedGroup: not a readiness check. */
  get sharedGroup(): boolean {
    return this.options.sharedGroup === true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.stop();
  }

  private async connect(): Promise<void> {
    try {
      const consumer = await this.bus.consume(this.options);
      if (this.stopped) {
        await consumer.stop();
        return;
      }
      this.consumer = consumer;
      this.joined = true;
      void consumer.ended.then((error) => this.lost(consumer, error));
    } catch (error) {
      if (this.stopped) return;
      this.log.warn({ err: error, groupId: this.options.groupId, retryMs: RETRY_MS }, 'cannot consume yet; retrying');
      this.retry = setTimeout(() => void this.connect(), RETRY_MS);
    }
  }

  /** The joined consumer gave up for good: not ready until a new one has joined. */
  private lost(consumer: EventConsumer, error: Error): void {
    if (this.stopped || this.consumer !== consumer) return;
    this.consumer = undefined;
    this.joined = false;
    this.log.error(
      { err: error, groupId: this.options.groupId, retryMs: RETRY_MS },
      'consumer stopped for good; joining again',
    );
    this.retry = setTimeout(
      () =>
        void consumer
          .stop()
          .catch(() => undefined)
          .then(() => this.connect()),
      RETRY_MS,
    );
  }
}
