import { setTimeout as delay } from 'node:timers/promises';
import type { Admin } from 'kafkajs';

/** Kafka's answers that mean "created, but not served yet": asked again until the deadline. */
const NOT_YET = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION']);

/** The type of the Kafka error under kafkajs's wrappers (retries exceeded, non-retriable). */
function kafkaErrorType(error: unknown): string {
  for (let cause = error; cause; cause = (cause as { cause?: unknown }).cause) {
    const type = (cause as { type?: unknown }).type;
    if (typeof type === 'string') return type;
  }
  return '';
}

/**
 * Waits until every partition of `topics` has a leader that answers for it. kafkajs's own
 * wait (`createTopics` with `waitForLeaders`) gives up on the first "this server does not host
 * this topic-partition", which a busy broker answers for a while after creating a topic, and
 * a leader named in the metadata may still refuse a write as "not the leader" for a moment
 * longer: the publish that created the topic then failed. Asking each partition's offsets goes
 * to its leader, so it succeeds only once the leader serves.
 */
export async function untilTopicsLead(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      const led = found.every((topic) => topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0));
      if (led) {
        await Promise.all(topics.map((topic) => admin.fetchTopicOffsets(topic)));
        return;
      }
    } catch (error) {
      if (!NOT_YET.has(kafkaErrorType(error))) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Kafka topics ${topics.join(', ')} have no leader after ${timeoutMs} ms: is the broker overloaded?`,
      );
    await delay(pause);
  }
}
