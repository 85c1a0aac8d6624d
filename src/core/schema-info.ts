// What a parameter's schema expects, read from its JSON Schema (input side): the kinds of value,
// enums, defaults; and a short human description of the type for help and docs.
import { z } from 'zod';
import type { Text } from '../core/catalogue.js';

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  pattern?: string;
  format?: string;
  default?: unknown;
  description?: string;
};

const caches = { input: new WeakMap<z.ZodType, JsonSchema>(), output: new WeakMap<z.ZodType, JsonSchema>() };

/** The JSON Schema (draft 2020-12) of what a schema takes (`input`, default) or gives (`output`). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const cache = caches[io];
  let js = cache.get(schema);
  if (!js) {
    try {
      js = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
    } catch {
      js = {};
    }
    cache.set(schema, js);
  }
  return js;
}

/** The alternatives of a schema, unions flattened. */
export function alternatives(js: JsonSchema): JsonSchema[] {
  const list = js.anyOf ?? js.oneOf;
  if (list) return list.flatMap(alternatives);
  if (Array.isArray(js.type)) return js.type.map((type) => ({ ...js, type }));
  return [js];
}

export type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null' | 'any';

function kindOf(js: JsonSchema): Kind {
  const type = typeof js.type === 'string' ? js.type : undefined;
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'string' || type === 'boolean' || type === 'array' || type === 'object' || type === 'null') return type;
  const values = js.enum ?? (js.const !== undefined ? [js.const] : undefined);
  if (values && values.length > 0) {
    const t = typeof values[0];
    if (t === 'string' || t === 'number' || t === 'boolean') return t;
  }
  if (js.properties) return 'object';
  if (js.items) return 'array';
  return 'any';
}

export function kinds(js: JsonSchema): Set<Kind> {
  return new Set(alternatives(js).map(kindOf));
}

const datePattern = /^\^\\d\{4\}-\\d\{2\}-\\d\{2\}\$$/;
const dateTimePattern = /^\^\\d\{4\}-\\d\{2\}-\\d\{2\}\(/;

function describeOne(js: JsonSchema, lang: keyof Text): string | undefined {
  const ru = lang === 'ru';
  const values = js.enum ?? (js.const !== undefined ? [js.const] : undefined);
  if (values) return values.map((v) => String(v)).join('|');
  switch (kindOf(js)) {
    case 'string':
      if (js.pattern && datePattern.test(js.pattern)) return ru ? 'Дата (ГГГГ-ММ-ДД)' : 'date (YYYY-MM-DD)';
      if (js.pattern && dateTimePattern.test(js.pattern)) return ru ? 'Дата (ISO 8601)' : 'date-time (ISO 8601)';
      if (js.pattern === '^\\d+$' || js.pattern === '^-?\\d+$') return ru ? 'Число' : 'integer';
      if (js.format === 'date-time') return ru ? 'Дата (ISO 8601)' : 'date-time (ISO 8601)';
      return ru ? 'Строка' : 'string';
    case 'number':
      return typeof js.type === 'string' && js.type === 'integer' ? (ru ? 'Число' : 'integer') : ru ? 'Число' : 'number';
    case 'boolean':
      return ru ? 'Булево' : 'boolean';
    case 'array': {
      const item = js.items ? describeType(js.items, lang) : undefined;
      return ru ? `Массив${item ? ` из ${item}` : ''}` : `array${item ? ` of ${item}` : ''}`;
    }
    case 'object':
      return ru ? 'Структура (JSON)' : 'object (JSON)';
    case 'null':
      return undefined;
    default:
      return undefined;
  }
}

/** A short description of what the parameter takes, e.g. "integer", "array of integer", "Y|N | boolean". */
export function describeType(js: JsonSchema, lang: keyof Text): string {
  const parts: string[] = [];
  for (const alt of alternatives(js)) {
    const text = describeOne(alt, lang);
    if (text && !parts.includes(text)) parts.push(text);
  }
  if (parts.length === 0) return lang === 'ru' ? 'Любой' : 'any';
  return parts.join(' | ');
}

/** The schema's default value, if it declares one. */
export function defaultOf(js: JsonSchema): unknown {
  if (js.default !== undefined) return js.default;
  for (const alt of js.anyOf ?? js.oneOf ?? []) if (alt.default !== undefined) return alt.default;
  return undefined;
}
