import { createRequire } from 'node:module';

/**
 * kafkajs 2.2.4 keeps every process busy at rest, in its request queue (one per broker
 * connection; a service holds five or six):
 *
 * - After every response it schedules a check of pending requests even when none is
 *   pending and no throttle holds, with a negative delay that Node runs as 1 ms; the check
 *   schedules the next one, so each connection spins a thousand times a second for nothing
 *   (tulios/kafkajs#1556, #1704; the fixes proposed there were never released). Without a
 *   pending request no timer is needed: only `push` queues one, and it schedules its own
 *   check; a response or a timeout checks the queue itself. So the check is scheduled only
 *   while something waits, as kafkajs does then (at the throttle's end, or after 10 ms
 *   when a full in-flight window holds it).
 * - Each connection looks for timed-out requests every 100 ms, though a request times out
 *   after 30 s. Once a second is plenty: a timeout is reported up to a second late.
 *
 * On this project's stack at rest the first was most of every service's CPU and the second
 * most of its remaining wake-ups.
 */

/** The part of kafkajs's RequestQueue this reads and replaces. */
export interface KafkaRequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests: (this: KafkaRequestQueue) => void;
  scheduleCheckPendingRequests(): void;
  /** Called with each response from the broker. */
  fulfillRequest: (this: KafkaRequestQueue, response: unknown) => void;
  enforceRequestTimeout: boolean;
  requestTimeout: number;
  requestTimeoutIntervalId: NodeJS.Timeout | null;
  inflight: Map<unknown, { sentAt: number; requestTimeout: number; timeoutRequest(): void }>;
  isConnected(): boolean;
  destroy(): void;
  scheduleRequestTimeoutCheck(): void;
}

/** The version this was written against: another one may have fixed, or moved, the loop. */
const FIXED_VERSION = '2.2.4';
/** kafkajs's own pause before looking again when requests wait on a full in-flight window. */
const CHECK_PENDING_MS = 10;
/** How often a connection looks for requests past their timeout (kafkajs: every 100 ms). */
const REQUEST_TIMEOUT_CHECK_MS = 1000;

const load = createRequire(__filename);

/** kafkajs's request queue class, as the installed kafkajs defines it. */
export function kafkaRequestQueueClass(): { prototype: KafkaRequestQueue } & (new (
  options: object,
) => KafkaRequestQueue) {
  return load('kafkajs/src/network/requestQueue') as ReturnType<typeof kafkaRequestQueueClass>;
}

function scheduleCheckPendingRequests(this: KafkaRequestQueue): void {
  if (this.throttleCheckTimeoutId !== null || this.pending.length === 0) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_MS,
  );
}

function scheduleRequestTimeoutCheck(this: KafkaRequestQueue): void {
  if (!this.enforceRequestTimeout) return;
  this.destroy();
  this.requestTimeoutIntervalId = setInterval(
    () => {
      const now = Date.now();
      for (const request of this.inflight.values()) {
        if (now - request.sentAt > request.requestTimeout) request.timeoutRequest();
      }
      if (!this.isConnected()) this.destroy();
    },
    Math.min(this.requestTimeout, REQUEST_TIMEOUT_CHECK_MS),
  );
}

let applied = false;

/**
 * Replaces the two methods once per process. Throws when the installed kafkajs is not
 * the version it was written for, so an upgrade is a decision, not a silent change.
 */
export function fixKafkajsIdleSpin(): void {
  if (applied) return;
  const { version } = load('kafkajs/package.json') as { version: string };
  if (version !== FIXED_VERSION) {
    throw new Error(
      `kafkajs ${version} is installed, but its idle fix was written for ${FIXED_VERSION}: check whether ` +
        'the new version still spins at rest (tulios/kafkajs#1556), then update or remove kafkajs-idle-fix.ts',
    );
  }
  Object.assign(kafkaRequestQueueClass().prototype, { scheduleCheckPendingRequests, scheduleRequestTimeoutCheck });
  applied = true;
}
