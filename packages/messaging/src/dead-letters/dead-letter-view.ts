import type { RecentDeadLetter } from '@stockgraph/domain';
import type { IncomingMessage } from '../event-bus';

const PREVIEW_CHARS = 200;
const LABEL_CHARS = 200;
// The dead-letter writer already cuts detail to 1,000; a foreign producer may not have.
const DETAIL_CHARS = 1000;

/**
 * A dead letter's id: `<dlq topic>:<partition>:<offset>`, where it sits on the bus: unique,
 * stable, the same for every reader (the CLI's and the services'), without the namespace.
 */
export const deadLetterId = (dlqTopic: string, partition: number, offset: string): string =>
  `${dlqTopic}:${partition}:${offset}`;

/** What the ops page shows of one dead letter, every string bounded. */
export function toRecentDeadLetter(message: IncomingMessage): RecentDeadLetter {
  const header = (name: string, max: number): string | null => {
    const value = message.headers[name];
    return typeof value === 'string' ? bounded(value, max) : null;
  };
  const partition = message.headers['dlq-source-partition'];
  const offset = message.headers['dlq-source-offset'];
  return {
    key: message.key === null ? null : bounded(message.key, PREVIEW_CHARS),
    reason: header('dlq-reason', LABEL_CHARS),
    detail: header('dlq-detail', DETAIL_CHARS),
    consumer: header('dlq-consumer', LABEL_CHARS),
    failedAt: isoTime(message.headers['dlq-failed-at']) ?? isoTime(message.timestamp),
    sourceTopic: header('dlq-source-topic', LABEL_CHARS),
    sourcePartition: typeof partition === 'string' && /^\d{1,9}$/.test(partition) ? Number(partition) : null,
    sourceOffset: typeof offset === 'string' && /^\d{1,20}$/.test(offset) ? offset : null,
    valuePreview: message.value === null ? null : bounded(message.value, PREVIEW_CHARS),
  };
}

/**
 * At most `max` characters of `text`, a cut one ending with '…' (never half a surrogate
 * pair). The cut is copied: a V8 slice keeps its whole parent alive, and the parent may be
 * a megabyte-sized value.
 */
export function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return Buffer.from(`${text.slice(0, end)}…`, 'utf8').toString('utf8');
}

/** An ISO 8601 time, or null when `value` is not one (or is out of Date's range). */
function isoTime(value: string | number | undefined): string | null {
  if (value === undefined || (typeof value === 'string' && value.length > 64)) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}
