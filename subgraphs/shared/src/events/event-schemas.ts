import fs from 'node:fs';
import path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { CloudEvent } from './cloud-event';
import type { IncomingMessage } from './event-bus';

/** Why a message could not be taken as an event. */
export type EventRejection = { reason: 'INVALID_JSON' | 'SCHEMA_VIOLATION' | 'UNKNOWN_TOPIC'; detail: string };

export type ParsedEvent<Data> = { ok: true; event: CloudEvent<Data> } | ({ ok: false } & EventRejection);

/** `schema/events`, found from wherever this module runs (sources, dist, or an image). */
function findSchemaDir(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'schema', 'events');
    if (fs.existsSync(path.join(candidate, 'cloudevent.schema.json'))) return candidate;
  }
  throw new Error(`schema/events not found above ${__dirname}`);
}

/**
 * The JSON Schemas of `schema/events/<topic>.schema.json`, compiled once. Events are
 * checked on the way in: what does not parse or does not match is rejected with a
 * reason a person can act on, and goes to the dead-letter topic.
 */
export class EventSchemas {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(dir = findSchemaDir()) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const files = fs.readdirSync(dir).filter((file) => file.endsWith('.schema.json'));
    for (const file of files) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), file);
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
