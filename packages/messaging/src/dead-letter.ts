import type { IncomingMessage, OutgoingMessage } from './event-bus';

/** The dead-letter topic of a topic: `<topic>.dlq`. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/**
 * A message that cannot be processed, on its way to `<topic>.dlq`: the original key and
 * bytes untouched, and headers saying why and where it came from, so it can be fixed and
 * replayed. `consumer` names the reader that refused it, when several read the topic.
 */
export function deadLetter(
  message: IncomingMessage,
  reason: string,
  detail: string,
  consumer?: string,
): OutgoingMessage {
  return {
    topic: deadLetterTopic(message.topic),
    key: message.key ?? '',
    value: message.value ?? '',
    headers: {
      ...message.headers,
      'dlq-reason': reason,
      'dlq-detail': detail.slice(0, 1000),
      'dlq-source-topic': message.topic,
      'dlq-source-partition': String(message.partition),
      'dlq-source-offset': message.offset,
      'dlq-failed-at': new Date().toISOString(),
      ...(consumer === undefined ? {} : { 'dlq-consumer': consumer }),
    },
  };
}
