import type { Logger } from '@stockgraph/runtime';
import type { ConsumerMetrics } from './consumer-metrics';
import type { CloudEvent } from './cloud-event';
import { deadLetter } from './dead-letter';
import type { EventBus, IncomingMessage, OutgoingMessage } from './event-bus';
import type { EventSchemas } from './event-schemas';

/** A consumed event with the message it came in, for provenance (offsets, headers). */
export interface DecodedEvent<Data> {
  event: CloudEvent<Data>;
  message: IncomingMessage;
}

/**
 * The way in for every consumer: each message is checked against its topic's JSON
 * Schema; what fails goes to `<topic>.dlq` with the reason and the consumer's name in its
 * headers (so ops can tell which reader refused it), is counted, and is left behind. A
 * malformed event therefore never stalls a consumer, never crashes it, and never
 * disappears into a log line. The dead letters are published before the batch is
 * acknowledged, so a crash in between sends them again rather than losing them.
 */
export class EventDecoder {
  constructor(
    /** The consumer's name, as in `stock_events_processed_total{consumer}`. */
    private readonly consumer: string,
    private readonly schemas: EventSchemas,
    private readonly bus: Pick<EventBus, 'publish'>,
    private readonly metrics: ConsumerMetrics,
    private readonly log: Logger,
  ) {}

  /** The events of `messages` that match their schema, in order; the rest dead-lettered. */
  async decode<Data>(messages: readonly IncomingMessage[]): Promise<Array<DecodedEvent<Data>>> {
    const decoded: Array<DecodedEvent<Data>> = [];
    const letters: OutgoingMessage[] = [];
    for (const message of messages) {
      const parsed = this.schemas.parse<Data>(message.topic, message);
      if (parsed.ok) decoded.push({ event: parsed.event, message });
      else letters.push(this.letter(message, parsed.reason, parsed.detail));
    }
    if (letters.length > 0) await this.bus.publish(letters);
    return decoded;
  }

  /** Dead-letters a message that matched its schema yet means nothing this consumer can apply. */
  async reject(message: IncomingMessage, reason: string, detail: string): Promise<void> {
    await this.bus.publish([this.letter(message, reason, detail)]);
  }

  private letter(message: IncomingMessage, reason: string, detail: string): OutgoingMessage {
    this.metrics.deadLetters.inc({ topic: message.topic, reason });
    this.metrics.processed.inc({ consumer: this.consumer, result: 'dead_lettered' });
    this.log.warn(
      {
        consumer: this.consumer,
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        reason,
        detail,
      },
      'event refused; sent to the dead-letter topic',
    );
    return deadLetter(message, reason, detail, this.consumer);
  }
}
