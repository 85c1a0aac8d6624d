// The compact tool set, for catalogues too large to list whole: search the allowed methods,
// describe one (its schemas and reference page), call one. The same access rule decides what the
// search finds and what may be called, and the call is the per-method tool's own (call.ts).
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { ValidationError } from '../core/errors.js';
import { effectOf } from '../core/policy.js';
import { callEntry, failureText, toolError } from './call.js';
import { describeEntry, titleOf } from './method-tools.js';
import type { Offer, Offered } from './offer.js';
import { docsUri } from './resources.js';
import { cursorProperty, inputSchemaOf, outputSchemaOf } from './schemas.js';

export const searchToolName = 'search_methods';
export const describeToolName = 'describe_method';
export const callToolName = 'call_method';

const methodProperty = { type: 'string', description: `the method's tool name as ${searchToolName} gives it (or service/command, or its Russian name)` };

const summaryOfMethod = {
  type: 'object',
  properties: {
    method: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'string' },
    effect: { type: 'string', enum: ['read', 'write', 'destructive'] },
    list: { type: 'boolean' },
  },
  required: ['method', 'title', 'summary', 'effect', 'list'],
};

export function compactTools(offer: Offer): Tool[] {
  const services = [...new Set(offer.entries.map((o) => o.served.service.id))];
  return [
    {
      name: searchToolName,
      title: 'Search methods',
      description:
        `Finds the methods this server offers (${services.join(', ')}) by words of their names and summaries, English or Russian ` +
        `(e.g. "deal list", "сотрудник"); no words lists them all. Then ${describeToolName} gives one's arguments and ${callToolName} calls it.`,
      inputSchema: {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'words to find; every word must match' },
          service: { type: 'string', enum: services, description: 'only this service' },
          limit: { type: 'integer', minimum: 1, maximum: 100, description: 'at most this many methods (default 20)' },
        },
        additionalProperties: false,
      },
      outputSchema: { type: 'object', properties: { methods: { type: 'array', items: summaryOfMethod }, found: { type: 'integer' } }, required: ['methods', 'found'] },
      annotations: { title: 'Search methods', readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    {
      name: describeToolName,
      title: 'Describe a method',
      description: `A method's description, its arguments (JSON Schema), its answer's schema, whether it changes data, and the URI of its reference page.`,
      inputSchema: { type: 'object', properties: { method: methodProperty }, required: ['method'], additionalProperties: false },
      annotations: { title: 'Describe a method', readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    {
      name: callToolName,
      title: 'Call a method',
      description:
        `Calls a method with its arguments (as ${describeToolName} gives them); the answer is {answer, page?}. A list method returns one page: ` +
        `pass page.nextCursor back as "cursor" (with "method" only) for the next.`,
      inputSchema: {
        type: 'object',
        properties: {
          method: methodProperty,
          arguments: { type: 'object', description: "the method's arguments", additionalProperties: true },
          cursor: cursorProperty,
        },
        required: ['method'],
        additionalProperties: false,
      },
      annotations: {
        title: 'Call a method',
        // What the offered methods can do, at most: read-only when the policy lets nothing else through.
        readOnlyHint: offer.entries.every((o) => effectOf(o.entry) === 'read'),
        destructiveHint: offer.entries.some((o) => effectOf(o.entry) === 'destructive'),
        openWorldHint: true,
      },
    },
  ];
}

function summaryOf(o: Offered) {
  return { method: o.tool, title: titleOf(o), summary: `${o.entry.summary.en} (${o.entry.ruName})`, effect: effectOf(o.entry), list: Boolean(o.entry.paging) };
}

function found(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
}

// A word without its ending, so that "сделка" finds "сделки" and "employees" finds "employee"
// (Russian nouns change their last letters with case and number).
const stem = (word: string): string => (word.length >= 5 ? word.slice(0, word.length - Math.min(2, word.length - 4)) : word);

/** Every word of the query (or its stem) in one of the entry's names, summaries or section titles (case ignored). */
function matches(o: Offered, words: string[]): boolean {
  const e = o.entry;
  const text = [o.tool, e.name, e.ruName, e.remote, e.summary.en, e.summary.ru, e.sectionTitle.en, e.sectionTitle.ru].join(' ').toLowerCase();
  return words.every((word) => text.includes(stem(word)));
}

export function search(offer: Offer, args: Record<string, unknown>): CallToolResult {
  const { query, service, limit } = args;
  if (query !== undefined && typeof query !== 'string') return toolError(failureText(searchToolName, badArg('query', 'expected words as text')));
  if (limit !== undefined && !(Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= 100)) {
    return toolError(failureText(searchToolName, badArg('limit', 'expected a whole number from 1 to 100')));
  }
  const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const hits = offer.entries.filter((o) => (service === undefined || o.served.service.id === service) && matches(o, words));
  return found({ methods: hits.slice(0, (limit as number | undefined) ?? 20).map(summaryOf), found: hits.length });
}

function badArg(path: string, message: string): ValidationError {
  return new ValidationError([{ path, message }]);
}

/** The method named by `method`, or the tool error saying why there is none. */
function methodOf(offer: Offer, args: Record<string, unknown>, tool: string): { offered: Offered } | { error: CallToolResult } {
  try {
    return { offered: offer.resolve(args.method) };
  } catch (error) {
    return { error: toolError(failureText(tool, error)) };
  }
}

export function describe(offer: Offer, args: Record<string, unknown>): CallToolResult {
  const method = methodOf(offer, args, describeToolName);
  if ('error' in method) return method.error;
  const o = method.offered;
  const e = o.entry;
  return found({
    ...summaryOf(o),
    description: describeEntry(o),
    remote: e.remote,
    arguments: inputSchemaOf(e),
    result: outputSchemaOf(o.served.service, e),
    reference: docsUri('en', e),
    referenceRu: docsUri('ru', e),
    officialDocs: e.docs,
  });
}

export async function callMethod(offer: Offer, args: Record<string, unknown>, signal?: AbortSignal): Promise<CallToolResult> {
  const method = methodOf(offer, args, callToolName);
  if ('error' in method) return method.error;
  const o = method.offered;
  const given = args.arguments;
  if (args.cursor !== undefined) {
    if (given !== undefined) return toolError(failureText(o.tool, badCursor()));
    return callEntry(o.served, o.entry, { cursor: args.cursor }, signal);
  }
  return callEntry(o.served, o.entry, given, signal);
}

function badCursor(): ValidationError {
  return badArg('cursor', 'pass the cursor without arguments: it already carries those of the first page');
}
