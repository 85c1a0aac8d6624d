// Carries out one catalogue method for an agent: arguments checked by the library's own rule
// (core parseInput: the same messages, before any request), the service's answer as structured
// content { answer, page? } and as exact JSON text, and every failure as a tool error in one line
// with no secret and no stack.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { parseInput, type AnyEntry, type CatalogueClient, type ServiceDefinition } from '../core/catalogue.js';
import { UzelError, ValidationError } from '../core/errors.js';
import { formatJson, toJsonData } from '../core/json-text.js';
import { maskLiterals, redact } from '../core/redact.js';
import { decodeCursor, encodeCursor, pageOf, withPageSize, type PageInfo } from './pages.js';
import { toolName } from './tool-names.js';

/** A served service: its definition, its client, and the literal secrets of its connection. */
export interface Served {
  service: ServiceDefinition;
  client: CatalogueClient;
  secrets: Set<string>;
}

/** A failed call as the agent sees it: one line, secrets masked. */
export function toolError(text: string, secrets: Iterable<string> = []): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: redact(text, secrets) }] };
}

/** The words of a failure: what the library says, never a stack. */
export function failureText(tool: string, error: unknown): string {
  if (error instanceof ValidationError) {
    const issues = error.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    return `invalid arguments for ${tool}: ${issues}; nothing was sent`;
  }
  if (error instanceof UzelError) return error.message;
  if (error instanceof Error && error.name === 'AbortError') return `${tool} was cancelled`;
  return `${tool} failed: ${error instanceof Error ? error.message : String(error)}`;
}

/** The arguments of the call: the cursor's, or the agent's own with the page size settled. */
export function argumentsOf(entry: AnyEntry, raw: unknown): Record<string, unknown> {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new ValidationError([{ path: '', message: `expected the arguments as an object, not ${Array.isArray(raw) ? 'a list' : typeof raw}` }]);
  }
  const args = { ...((raw ?? {}) as Record<string, unknown>) };
  if (!entry.paging) return args;
  if (args.cursor !== undefined) {
    const others = Object.keys(args).filter((key) => key !== 'cursor');
    if (others.length > 0) throw new ValidationError([{ path: 'cursor', message: `pass the cursor alone: it already carries ${others.join(', ')} of the first page` }]);
    return decodeCursor(toolName(entry), args.cursor);
  }
  delete args.cursor;
  return withPageSize(entry, args);
}

/** The JSON text of a result with every number as the service sent it (Diadoc's ticks digit for digit). */
function resultText(answer: unknown, page: PageInfo | undefined): string {
  return `{"answer":${formatJson(answer, false)}${page ? `,"page":${JSON.stringify(page)}` : ''}}`;
}

/** Calls an entry with the agent's arguments; resolves to the tool's result, never throws. */
export async function callEntry(served: Served, entry: AnyEntry, raw: unknown, signal?: AbortSignal): Promise<CallToolResult> {
  const tool = toolName(entry);
  try {
    const args = argumentsOf(entry, raw);
    // Checked here as well as in the client, so that a bad argument is refused before anything else.
    parseInput(entry, args);
    const answer = await served.client.invoke(entry, args, signal ? { signal } : {});
    let page: PageInfo | undefined;
    if (entry.paging) {
      const { rows, total, next } = pageOf(served.service, entry, args, answer);
      page = { rows, ...(total !== undefined && { total }), ...(next && { nextCursor: encodeCursor(tool, next) }) };
    }
    // An empty answer (a write that answers nothing) is null, so that `answer` is always there.
    const structured = { answer: toJsonData(answer) ?? null, ...(page && { page }) };
    const text = maskLiterals(resultText(answer, page), served.secrets);
    return {
      content: [{ type: 'text', text }],
      structuredContent: JSON.parse(maskLiterals(JSON.stringify(structured), served.secrets)) as Record<string, unknown>,
    };
  } catch (error) {
    return toolError(failureText(tool, error), served.secrets);
  }
}
