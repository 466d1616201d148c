import fs from 'node:fs';
import path from 'node:path';
import { EVENT_SCHEMA_DIR } from '@stockgraph/events';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { CloudEvent } from './cloud-event';
import type { IncomingMessage } from './event-bus';

/** Why a message could not be taken as an event. */
export type EventRejection = { reason: 'INVALID_JSON' | 'SCHEMA_VIOLATION' | 'UNKNOWN_TOPIC'; detail: string };

export type ParsedEvent<Data> = { ok: true; event: CloudEvent<Data> } | ({ ok: false } & EventRejection);

/**
 * The JSON Schemas of `schema/events/<topic>.schema.json` (the `@stockgraph/events`
 * contracts), compiled once. Events are
 * checked on the way in: what does not parse or does not match is rejected with a
 * reason a person can act on, and goes to the dead-letter topic.
 */
export class EventSchemas {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(dir = EVENT_SCHEMA_DIR) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const files = fs.readdirSync(dir).filter((file) => file.endsWith('.schema.json'));
    for (const file of files) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as object, file);
    for (const file of files) {
      if (file === 'cloudevent.schema.json') continue;
      this.validators.set(file.replace(/\.schema\.json$/, ''), ajv.getSchema(file) as ValidateFunction);
    }
  }

  /** Parses and validates one message of `topic` (the topic names the schema). */
  parse<Data>(topic: string, message: Pick<IncomingMessage, 'value'>): ParsedEvent<Data> {
    const validate = this.validators.get(topic);
    if (!validate) return { ok: false, reason: 'UNKNOWN_TOPIC', detail: `no schema for topic ${topic}` };
    let value: unknown;
    try {
      value = JSON.parse(message.value ?? '');
    } catch (error) {
      return { ok: false, reason: 'INVALID_JSON', detail: (error as Error).message };
    }
    if (!validate(value)) {
      const detail = (validate.errors ?? [])
        .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
        .slice(0, 5)
        .join('; ');
      return { ok: false, reason: 'SCHEMA_VIOLATION', detail };
    }
    return { ok: true, event: value as CloudEvent<Data> };
  }
}
