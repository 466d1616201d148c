/**
 * Name of the warehouse ingestion: its consumer group (prefixed `inventory-`), its inbox
 * rows and its metrics label. Changing it replays the topic from the beginning. Topic
 * names and event types live in `@stockgraph/events`.
 */
export const INGESTION_CONSUMER = 'warehouse-ingestion';
