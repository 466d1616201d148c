// The operations summary as the gateway's `GET /ops/summary` sends it: the one definition
// the gateway builds and the ops page (web/) reads. It imports nothing, so the page's build
// type-checks against it without building the gateway.

/** The checkout circuit's states, by the value of catalog's `inventory_circuit_state` gauge. */
export const CIRCUIT_STATES = ['closed', 'half-open', 'open'] as const;

/** What `GET /ops/summary` answers. */
export interface OpsSummary {
  sampledAt: string;
  services: Array<{ service: string; reachable: boolean; error?: string }>;
  deadLetters: Array<{ service: string; topic: string; reason: string; count: number }>;
  consumerLag: Array<{ service: string; consumer: string; topic: string; partition: string; lag: number }>;
  checkout: {
    circuit: (typeof CIRCUIT_STATES)[number] | 'unknown';
    inventoryCalls: Array<{ outcome: string; total: number }>;
    /** Calls a second since the previous summary (null on the first). */
    inventoryCallsPerSecond: number | null;
  };
  /** The newest dead letters per `<topic>.dlq`, read by this gateway itself (metrics only count them). */
  recentDeadLetters: RecentDeadLetters;
}

/** One dead letter as the ops page shows it: why it failed, where it came from, and a bounded look at what it carried. */
export interface RecentDeadLetter {
  /** The original message's key (sku, reservation id, order id), at most 200 characters. */
  key: string | null;
  /** `dlq-reason`, such as `SCHEMA_VIOLATION`; null when the message has no such header. */
  reason: string | null;
  /** `dlq-detail`: what exactly was wrong, at most 1,000 characters. */
  detail: string | null;
  /** `dlq-consumer`: the reader that refused it (several read some topics). */
  consumer: string | null;
  /** `dlq-failed-at`, else when the bus accepted the dead letter; ISO 8601. */
  failedAt: string | null;
  /** `dlq-source-topic`: the topic the original was read from. */
  sourceTopic: string | null;
  /** `dlq-source-partition`. */
  sourcePartition: number | null;
  /** `dlq-source-offset`, a decimal string (Kafka offsets are 64-bit). */
  sourceOffset: string | null;
  /** The start of the original value (the event as sent), at most 200 characters; a cut one ends with '…'. */
  valuePreview: string | null;
}

/** One dead-letter topic: how many letters this gateway has read from it, and the newest few. */
export interface DeadLetterTopicTail {
  /** `<topic>.dlq`, without the deployment's KAFKA_NAMESPACE. */
  topic: string;
  /** Dead letters read since this gateway started reading the topic from its beginning. */
  seen: number;
  /** The newest first. */
  latest: RecentDeadLetter[];
}

/** The `recentDeadLetters` of the operations summary. */
export interface RecentDeadLetters {
  /** False while this gateway reads no dead-letter topics (no event bus configured, or not yet joined): `topics` is then empty. */
  available: boolean;
  topics: DeadLetterTopicTail[];
}
