// Templates of a method's input, for the user to fill: derived from the catalogue's schemas, never
// written by hand. oint's "structure" functions (ПолучитьСтруктуруЛида, ПолучитьСтруктуруЧата…)
// are catalogue entries whose answer is such a template; the CLI's --input-template prints one for any
// method.
import { z } from 'zod';
import type { Params, ParamSpec, Text } from './catalogue.js';
import { alternatives, describeType, jsonSchemaOf, kinds, type JsonSchema } from './schema-info.js';

export interface TemplateOptions {
  /** Leave every value empty ('' for a value, [] for a list, {} for a map) instead of saying what it takes. */
  empty?: boolean;
  /** The language of the descriptions of what each value takes. */
  lang?: keyof Text;
}

/** Objects nested deeper than this are shown as "object (JSON)": templates are for reading. */
const maxDepth = 4;

/**
 * The template of a schema: an object's known fields (each filled in the same way, recursively),
 * a list of one template of its item when the items are objects, and for any other value what it
 * takes ("string", "integer", "Y|N | boolean", "date-time (ISO 8601)", …) — or an empty value with
 * `empty`. A field's own description, where the schema has one, is used instead of its type.
 */
export function templateOf(schema: z.ZodType, options: TemplateOptions = {}): unknown {
  return fill(jsonSchemaOf(schema), options, 0);
}

function fill(js: JsonSchema, options: TemplateOptions, depth: number): unknown {
  const alts = alternatives(js);
  const object = alts.find((a) => a.properties && Object.keys(a.properties).length > 0);
  if (object?.properties && depth < maxDepth) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(object.properties)) out[key] = fill(field, options, depth + 1);
    return out;
  }
  const list = alts.find((a) => a.items?.properties && Object.keys(a.items.properties).length > 0);
  if (list?.items && depth < maxDepth) return [fill(list.items, options, depth + 1)];
  if (options.empty) {
    const k = kinds(js);
    if (k.size === 1 && k.has('array')) return [];
    if (k.size === 1 && k.has('object')) return {};
    return '';
  }
  return js.description ?? describeType(js, options.lang ?? 'en');
}

/**
 * The template of a method's whole input, keyed by each parameter's name in `nameOf` (the CLI
 * passes the option names, the library its keys).
 */
export function inputTemplate(params: Params, options: TemplateOptions & { nameOf?: (key: string, spec: ParamSpec) => string } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(params)) out[options.nameOf?.(key, spec) ?? key] = fill(jsonSchemaOf(spec.schema), options, 0);
  return out;
}

/** The parameters of a template entry, as oint's structure functions have them (--empty, -e). */
export const templateParams = {
  empty: {
    schema: z.boolean().optional(),
    cli: 'empty',
    short: 'e',
    description: {
      en: 'Leave the values empty instead of saying what each takes',
      ru: 'Оставить значения пустыми вместо описания того, что в них ожидается',
    },
    example: false,
  },
} as const satisfies Params;

/** The answer of a template entry for its parsed input. */
export function templateAnswer(schema: z.ZodType, input: Record<string, unknown>): unknown {
  return templateOf(schema, { empty: input.empty === true });
}
