import { randomUUID } from 'node:crypto';
import { activeTraceparent } from '@stockgraph/runtime';
import type { OutgoingMessage } from './event-bus';

/** The Kafka `content-type` header of a structured-mode CloudEvent. */
export const CLOUDEVENT_CONTENT_TYPE = 'application/cloudevents+json';

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
  /**
   * The CloudEvents distributed-tracing extension: the W3C trace context the event was made
   * in, present only while tracing is on. Readers that cannot parse it ignore it.
   */
  traceparent?: string;
}

/** What a producer says about one event; the rest of the envelope is filled in. */
export interface CloudEventFields<Data> {
  source: string;
  type: string;
  subject?: string;
  data: Data;
  /** Defaults to a fresh UUID. */
  id?: string;
  /** Defaults to now. */
  time?: Date;
}

/** Builds a CloudEvent with a fresh id and the current time unless given, in the active trace. */
export function cloudEvent<Data>(fields: CloudEventFields<Data>): CloudEvent<Data> {
  const traceparent = activeTraceparent();
  return {
    specversion: '1.0',
    id: fields.id ?? randomUUID(),
    source: fields.source,
    type: fields.type,
    ...(fields.subject === undefined ? {} : { subject: fields.subject }),
    time: (fields.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    data: fields.data,
    ...(traceparent ? { traceparent } : {}),
  };
}

/**
 * The one way to put an event on a topic: the CloudEvent in structured JSON mode as the
 * value, keyed so that one thing's events stay in order (the key is also the subject
 * unless one is given). While tracing is on, the trace context rides along twice: in the
 * event (where it stays) and as the Kafka `traceparent` header (which each hop rewrites).
 */
export function cloudEventMessage<Data>(topic: string, key: string, fields: CloudEventFields<Data>): OutgoingMessage {
  const event = cloudEvent({ ...fields, subject: fields.subject ?? key });
  return {
    topic,
    key,
    value: JSON.stringify(event),
    headers: {
      'content-type': CLOUDEVENT_CONTENT_TYPE,
      ...(event.traceparent ? { traceparent: event.traceparent } : {}),
    },
  };
}
