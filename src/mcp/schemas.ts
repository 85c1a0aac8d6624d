// The JSON Schemas an agent sees: a tool's input from its entry's parameters (core/schema-info.ts,
// the input side of each zod schema, with the parameter's English description) and its output
// from the entry's result, placed where the service's answer carries it.
import { isRequired, type AnyEntry, type ServiceDefinition } from '../core/catalogue.js';
import { jsonSchemaOf, type JsonSchema } from '../core/schema-info.js';

export type ObjectSchema = { type: 'object'; properties: Record<string, object>; required?: string[]; [key: string]: unknown };

/** A schema to embed: a copy without its `$schema` header. */
function embedded(schema: JsonSchema): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema as JsonSchema & { $schema?: string };
  return rest;
}

export const cursorProperty = {
  type: 'string',
  description: 'page.nextCursor of the previous page, passed back alone (it carries the other arguments)',
};

/** The input schema of an entry's tool: its parameters, and `cursor` for list methods. */
export function inputSchemaOf(entry: AnyEntry): ObjectSchema {
  const properties: Record<string, object> = {};
  const required: string[] = [];
  for (const [key, spec] of Object.entries(entry.params)) {
    properties[key] = { ...embedded(jsonSchemaOf(spec.schema)), description: spec.description.en };
    if (isRequired(spec)) required.push(key);
  }
  if (entry.paging) properties.cursor = cursorProperty;
  // A cursor stands for the whole input, so with one nothing else is required.
  return { type: 'object', properties, ...(required.length > 0 && !entry.paging && { required }), additionalProperties: false };
}

const pageSchema = {
  type: 'object',
  description: 'this page: rows read, the total when the service counted it, and the cursor of the next page when there is one',
  properties: { rows: { type: 'integer' }, total: { type: 'integer' }, nextCursor: { type: 'string' } },
  required: ['rows'],
};

/**
 * A result schema as a promise about types, not presence: `required` dropped at every depth. An
 * agent's `select` (Bitrix24) or a service's optional fields leave members out, and a client that
 * checks structured results against the schema (the SDK's does) must not turn a good answer into
 * an error.
 */
function typesOnly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(typesOnly);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (key !== 'required' || !Array.isArray(item)) out[key] = typesOnly(item);
  return out;
}

/** The output schema of an entry's tool: { answer, page? } with the answer as the service gives it. */
export function outputSchemaOf(service: ServiceDefinition, entry: AnyEntry): ObjectSchema {
  const result = typesOnly(embedded(jsonSchemaOf(entry.result))) as Record<string, unknown>;
  const answer = service.answer ? { type: 'object', properties: { [service.answer.resultKey]: result } } : result;
  return {
    type: 'object',
    properties: { answer, ...(entry.paging && { page: pageSchema }) },
    required: entry.paging ? ['answer', 'page'] : ['answer'],
  };
}
