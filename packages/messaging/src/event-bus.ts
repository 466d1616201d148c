/** A message to publish: the bus keeps messages with one key in order. */
export interface OutgoingMessage {
  topic: string;
  /** Partitioning key (sku, reservation id, order id): one key, one ordered stream. */
  key: string;
  /** The serialized CloudEvent. */
  value: string;
  headers?: Record<string, string>;
}

/** A message as a consumer sees it. `value` is raw so a consumer can dead-letter what it cannot parse. */
export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  /** When the bus accepted it, epoch ms. */
  timestamp: number;
}

export interface ConsumerOptions {
  /** Consumers with one group share the work; each group sees every message. */
  groupId: string;
  topics: string[];
  /** Where a group with no committed position starts. */
  fromBeginning?: boolean;
  /**
   * False: the group never commits a position, so every start (and every rejoin) reads
   * from where `fromBeginning` says again, for a view kept in memory and rebuilt on each
   * start. Messages may then be delivered again, so such a handler must tolerate repeats.
   * True when omitted. The in-process bus never keeps a position past its consumer anyway.
   */
  commitPositions?: boolean;
  /**
   * Handles messages of one partition in order. The position is committed only after it
   * resolves; if it throws, the batch is delivered again (at least once), so handlers
   * must be idempotent and dead-letter what can never succeed.
   */
  handleBatch(messages: IncomingMessage[]): Promise<void>;
  /** Partitions handled at once (each still in order); 1 when omitted. */
  concurrency?: number;
  /** Told, after each batch, how many messages of that partition are still to be read. */
  onLag?(topic: string, partition: number, lag: number): void;
  /**
   * The group is shared by every instance of the service (each event handled by one of them),
   * as opposed to one of this instance's own. Such a consumer does not hold up readiness: its
   * join may wait out a crashed instance's session, and what the instance serves does not
   * depend on it (another instance consumes meanwhile, or the events wait in Kafka).
   */
  sharedGroup?: boolean;
}

export interface EventConsumer {
  stop(): Promise<void>;
  /**
   * Settles with the cause when the consumer stopped on its own and will not resume (the
   * client gave up on an error it does not retry); never after `stop`.
   */
  readonly ended: Promise<Error>;
}

/**
 * The port every service uses for events. Two adapters implement it: an in-process bus
 * for the embedded mode and Kafka for the distributed mode; domain code never knows which.
 */
export interface EventBus {
  /** Makes sure the topics exist (Kafka creates them with the configured partitions); a no-op in process. */
  prepareTopics(topics: readonly string[]): Promise<void>;
  publish(messages: OutgoingMessage[]): Promise<void>;
  consume(options: ConsumerOptions): Promise<EventConsumer>;
  /**
   * Partitions of `topics` where the group's committed position points at messages the
   * broker no longer keeps (retention deleted them): the group missed events for good, and
   * a reader that needs all of them must rebuild from a snapshot. A partition where the
   * group committed nothing counts from its first offset, so it is expired once retention
   * deleted anything there; empty while nothing was deleted.
   */
  expiredPositions(groupId: string, topics: readonly string[]): Promise<Array<{ topic: string; partition: number }>>;
  close(): Promise<void>;
}
