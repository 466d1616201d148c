export { cloudEvent, cloudEventMessage } from './cloud-event';
export { type ConsumerMetrics, consumerMetrics } from './consumer-metrics';
export { type EventBusConfig, createEventBus } from './create-event-bus';
export { deadLetter, deadLetterTopic } from './dead-letter';
export {
  DEAD_LETTER_TOPICS,
  DeadLetterDesk,
  type DeskLetter,
  type DeskOutcome,
  type LetterSelection,
  MAX_LETTER_IDS,
} from './dead-letters/dead-letter-desk';
export {
  type DeadLetterAction,
  type DeadLetterActionKind,
  deadLetterAction,
  DLQ_ACTIONS_TOPIC,
  letterStatus,
  replayMessage,
} from './dead-letters/dead-letter-replay';
export { deadLetterId, toRecentDeadLetter } from './dead-letters/dead-letter-view';
export { loadEventBusConfig } from './event-bus-config';
export type { ConsumerOptions, EventBus, IncomingMessage, OutgoingMessage } from './event-bus';
export { type DecodedEvent, EventDecoder } from './event-decoder';
export { type ConsumerDeps, type EventConsumerDefinition, eventConsumer, processGroupId } from './event-consumer';
export { EventSchemas } from './event-schemas';
export { InProcessEventBus } from './in-process-event-bus';
export { inbox } from './inbox';
export { Outbox } from './outbox';
export { type TracedMessage, consumerSpan, tracedConsume, tracedPublish } from './message-tracing';
export { ResilientConsumer } from './resilient-consumer';
