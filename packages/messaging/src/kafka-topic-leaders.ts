import { setTimeout as delay } from 'node:timers/promises';
import type { Admin } from 'kafkajs';

/** Kafka's answers that mean "created, but not served yet": asked again until the deadline. */
const NOT_YET = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * Waits until every partition of `topics` has a leader. kafkajs's own wait (`createTopics`
 * with `waitForLeaders`) gives up on the first "this server does not host this
 * topic-partition", which a busy broker answers for a while after creating a topic: the
 * publish that created it then failed.
 */
export async function untilTopicsLead(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      if (found.every((topic) => topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if (!NOT_YET.has((error as { type?: string }).type ?? '')) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Kafka topics ${topics.join(', ')} have no leader after ${timeoutMs} ms: is the broker overloaded?`,
      );
    await delay(pause);
  }
}
