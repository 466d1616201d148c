import { randomUUID } from 'node:crypto';

/** A CloudEvents 1.0 event in structured JSON mode, as carried in every Kafka message value. */
export interface CloudEvent<Data = unknown> {
  /** Always "1.0". */
  specversion: '1.0';
  /** Unique per event; consumers de-duplicate on it. */
  id: string;
  /** The producing service, as a URI reference such as `/stockgraph/inventory`. */
  source: string;
  /** What happened, reverse-DNS style, such as `io.stockgraph.inventory.stock.changed.v1`. */
  type: string;
  /** The thing the event is about (a sku, a reservation id, an order id). */
  subject?: string;
  /** When it happened, RFC 3339. */
  time: string;
  /** Always "application/json": `data` is a JSON object. */
  datacontenttype: 'application/json';
  /** The event's payload; its shape is fixed by `schema/events/<topic>.schema.json`. */
  data: Data;
}

/** Builds a CloudEvent with a fresh id and the current time unless given. */
export function cloudEvent<Data>(fields: {
  source: string;
  type: string;
  subject?: string;
  data: Data;
  id?: string;
  time?: Date;
}): CloudEvent<Data> {
  return {
    specversion: '1.0',
    id: fields.id ?? randomUUID(),
    source: fields.source,
    type: fields.type,
    ...(fields.subject === undefined ? {} : { subject: fields.subject }),
    time: (fields.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    data: fields.data,
  };
}
