import { contextOf, endSpan, type Span, SpanKind, startSpan, traceparentOf, withSpanActive } from '@stockgraph/runtime';
import type { CloudEvent } from './cloud-event';
import type { IncomingMessage, OutgoingMessage } from './event-bus';

/** A consumed message, with its event once decoded (whose tracing extension is the fallback). */
export interface TracedMessage {
  message: IncomingMessage;
  event?: Pick<CloudEvent, 'id' | 'traceparent'>;
}

/** Where messages go, as OpenTelemetry's messaging conventions name it. */
const KAFKA = { 'messaging.system': 'kafka' } as const;

/**
 * A publish of messages that carry a trace (`traceparent` header, written with the outbox
 * row): each gets a producer span in its own trace, and its header is rewritten to that
 * span so its consumers continue from the publish. Messages without one pass untouched,
 * so with tracing off this costs a header lookup per message.
 */
export function tracedPublish(messages: readonly OutgoingMessage[]): {
  messages: OutgoingMessage[];
  end(error?: unknown): void;
} {
  const spans: Span[] = [];
  const out = messages.map((message) => {
    const carried = message.headers?.traceparent;
    if (!carried) return message;
    const span = startSpan(`send ${message.topic}`, {
      kind: SpanKind.PRODUCER,
      parent: contextOf(carried),
      attributes: {
        ...KAFKA,
        'messaging.operation.type': 'send',
        'messaging.destination.name': message.topic,
        'messaging.kafka.message.key': message.key,
      },
    });
    spans.push(span);
    const traceparent = traceparentOf(span);
    return traceparent ? { ...message, headers: { ...message.headers, traceparent } } : message;
  });
  return { messages: out, end: (error) => spans.forEach((span) => endSpan(span, error)) };
}

/**
 * Runs a consumer's work on a batch with a consumer span per event, each in the trace its
 * message carried (the Kafka header, else the CloudEvent's extension), all spanning the
 * batch's work: every trace shows when and where its event was applied. The work runs in
 * the first event's span, so its SQL and what it publishes nest there. An event that
 * carries no trace gets none, unless `newTraces` (a source outside stockgraph, such as a
 * warehouse count): then it starts its own.
 */
export async function tracedConsume<T>(
  consumer: string,
  items: readonly TracedMessage[],
  work: () => Promise<T>,
  options: { newTraces?: boolean } = {},
): Promise<T> {
  const spans: Span[] = [];
  for (const item of items) {
    const span = consumerSpan(consumer, item, items.length, options.newTraces);
    if (span) spans.push(span);
  }
  const [first] = spans;
  if (!first) return work();
  try {
    const result = await withSpanActive(first, work);
    spans.forEach((span) => endSpan(span));
    return result;
  } catch (error) {
    spans.forEach((span) => endSpan(span, error));
    throw error;
  }
}

/**
 * The consumer span of one message, in the trace it carried; null when it carried none
 * (unless `newTrace`). The caller ends it. Live feeds use it directly: they hand the span's
 * `traceparent` on to the subscriptions the event reaches.
 */
export function consumerSpan(
  consumer: string,
  { event, message }: TracedMessage,
  batchSize = 1,
  newTrace = false,
): Span | null {
  const carried = message.headers.traceparent ?? event?.traceparent;
  if (!carried && !newTrace) return null;
  return startSpan(`process ${message.topic}`, {
    kind: SpanKind.CONSUMER,
    parent: contextOf(carried),
    attributes: {
      ...KAFKA,
      'messaging.operation.type': 'process',
      'messaging.consumer.group.name': consumer,
      'messaging.destination.name': message.topic,
      'messaging.destination.partition.id': String(message.partition),
      'messaging.kafka.offset': Number(message.offset),
      'messaging.batch.message_count': batchSize,
      ...(event ? { 'messaging.message.id': event.id } : {}),
    },
  });
}
