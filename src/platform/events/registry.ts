import type { Static, TObject } from '@sinclair/typebox';

/** Payload schemas of a module's events, by event name (`<aggregate>.<past-tense verb>`). */
export type EventSchemas = Record<string, TObject>;

/** The payload types of `S`: event name → `Static` of its schema (what a module merges into `AppEvents`). */
export type EventPayloads<S extends EventSchemas> = { [K in keyof S]: Static<S[K]> };

/** An event type as the platform knows it: its payload schema and the module that publishes it. */
export interface EventDefinition {
  type: string;
  module: string;
  schema: TObject;
}

/** Every event type defined so far, by name (each module's `*.events.ts` defines its own when imported). */
const definitions = new Map<string, EventDefinition>();

/**
 * Declares the events `module` publishes, with their payload schemas (TypeBox objects: the
 * payload types derive from them with `Static`, and the AsyncAPI document and the schema tests
 * read them). Call it once per module, at the top level of its `*.events.ts`.
 * @returns `schemas`, unchanged.
 * @throws Error when another module already defined one of the names.
 */
export function defineEvents<const S extends EventSchemas>(module: string, schemas: S): S {
  for (const [type, schema] of Object.entries(schemas)) {
    const known = definitions.get(type);
    if (known && known.module !== module) throw new Error(`event ${type} is defined by both ${known.module} and ${module}`);
    definitions.set(type, { type, module, schema });
  }
  return schemas;
}

/** Every defined event type, by name (see {@link defineEvents}). */
export function eventDefinitions(): ReadonlyMap<string, EventDefinition> {
  return definitions;
}

/** An AsyncAPI 3.0 document (the parts Comptoir writes). */
export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string };
  defaultContentType: string;
  channels: Record<string, { address: string; description: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, { action: 'send' | 'receive'; channel: { $ref: string }; messages: { $ref: string }[]; summary: string; 'x-module': string }>;
  components: { messages: Record<string, { name: string; contentType: string; payload: { $ref: string } }>; schemas: Record<string, object> };
}

/** `schema` as plain JSON Schema (TypeBox's symbol keys dropped). */
const jsonSchema = (schema: TObject): object => JSON.parse(JSON.stringify(schema)) as object;

/**
 * The AsyncAPI 3.0 document of the defined events: one channel per event type (its address is
 * the event name), its message with the payload's JSON Schema (`components.messages` and
 * `components.schemas`, keyed by event name), a `send` operation by the publishing module and a
 * `receive` operation by each consumer in `consumers` (event type → consumer names, e.g.
 * `OutboxRelay.consumers()`). Operation ids are `<module>.send.<event>` and
 * `<consumer>.receive.<event>`. Types consumed but defined by no module are left out.
 */
export function asyncApiDocument(consumers: ReadonlyMap<string, readonly string[]>, version: string): AsyncApiDocument {
  const doc: AsyncApiDocument = {
    asyncapi: '3.0.0',
    info: {
      title: 'Comptoir events',
      version,
      description: 'Events the modules publish through the transactional outbox, delivered at least once to each consuming module (in process, or through RabbitMQ in services mode).',
    },
    defaultContentType: 'application/json',
    channels: {},
    operations: {},
    components: { messages: {}, schemas: {} },
  };
  const types = [...definitions.values()].sort((a, b) => a.type.localeCompare(b.type));
  for (const { type, module, schema } of types) {
    const channel = { $ref: `#/channels/${type}` };
    const message = { $ref: `#/channels/${type}/messages/${type}` };
    doc.components.schemas[type] = jsonSchema(schema);
    doc.components.messages[type] = { name: type, contentType: 'application/json', payload: { $ref: `#/components/schemas/${type}` } };
    doc.channels[type] = { address: type, description: schema.description ?? type, messages: { [type]: { $ref: `#/components/messages/${type}` } } };
    doc.operations[`${module}.send.${type}`] = { action: 'send', channel, messages: [message], summary: `${module} publishes ${type}`, 'x-module': module };
    for (const consumer of consumers.get(type) ?? []) {
      doc.operations[`${consumer}.receive.${type}`] = { action: 'receive', channel, messages: [message], summary: `${consumer} consumes ${type}`, 'x-module': consumer };
    }
  }
  return doc;
}
