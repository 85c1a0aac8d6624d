// The MCP server of one session: the tool list of the chosen mode, the calls, and the reference
// pages as resources. Built on the SDK's low-level Server so that arguments are checked by the
// library's own rule (core parseInput) and answered in its words, not by a second validator.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { ValidationError } from '../core/errors.js';
import { callEntry, failureText, toolError } from './call.js';
import { callMethod, callToolName, compactTools, describe, describeToolName, search, searchToolName } from './compact-tools.js';
import { exportTool, runExport, type ExportSettings } from './export-tool.js';
import { exportToolName, methodTool } from './method-tools.js';
import type { Offer } from './offer.js';
import { listResources, readResource } from './resources.js';

/** `all`: a tool per allowed method; `compact`: search, describe and call; `auto`: by the size of the full list. */
export type ToolMode = 'all' | 'compact' | 'auto';

/**
 * Above this many bytes of tool definitions (about 10 000 tokens of an agent's context, spent on
 * every turn) `auto` chooses the compact set. Measured: one Bitrix24 method tool is 0.6–5 KB.
 */
export const autoCompactBytes = 40_000;

export interface ServerSettings {
  mode: ToolMode;
  export: ExportSettings;
  version: string;
}

export interface ToolList {
  mode: 'all' | 'compact';
  tools: Tool[];
  /** Bytes of the tools/list answer's `tools` as JSON. */
  bytes: number;
}

/** The tools of the session, in the chosen (or, for `auto`, the fitting) mode. */
export function toolList(offer: Offer, settings: ServerSettings): ToolList {
  const extra = exportTool(offer, settings.export);
  const make = (mode: 'all' | 'compact'): ToolList => {
    const tools = [...(mode === 'all' ? offer.entries.map(methodTool) : compactTools(offer)), ...(extra ? [extra] : [])];
    return { mode, tools, bytes: Buffer.byteLength(JSON.stringify(tools)) };
  };
  if (settings.mode !== 'auto') return make(settings.mode);
  const all = make('all');
  return all.bytes <= autoCompactBytes ? all : make('compact');
}

function instructions(offer: Offer, list: ToolList): string {
  const services = [...new Set(offer.served.map((s) => s.service.title.en))].join(', ');
  const how =
    list.mode === 'all'
      ? 'Each tool is one API method.'
      : `Find a method with ${searchToolName}, read its arguments with ${describeToolName}, call it with ${callToolName}.`;
  return (
    `Uzel: ${services}. ${how} Arguments are checked before anything is sent; an error names the argument. ` +
    'List methods return one page and page.nextCursor; pass it back as "cursor" for the next page, or use ' +
    `${exportToolName} to write every row to a file. Each method's reference page is a resource uzel://docs/{en|ru}/{service}/{command}.`
  );
}

/**
 * Arguments a closed tool schema does not name (the SDK's low-level server does not check them): a
 * method's argument put beside "method" instead of inside "arguments" would otherwise be dropped
 * silently, and a filtered call would read everything.
 */
function unknownArguments(tool: Tool | undefined, args: Record<string, unknown>): ValidationError | undefined {
  if (!tool || tool.inputSchema.additionalProperties !== false) return undefined;
  const known = Object.keys(tool.inputSchema.properties ?? {});
  const unknown = Object.keys(args).filter((key) => !known.includes(key));
  if (unknown.length === 0) return undefined;
  return new ValidationError(unknown.map((key) => ({ path: key, message: `unknown argument of ${tool.name}: expected ${known.join(', ')}` })));
}

export function createServer(offer: Offer, settings: ServerSettings): Server {
  const list = toolList(offer, settings);
  const server = new Server(
    { name: 'uzel', title: 'Uzel', version: settings.version },
    { capabilities: { tools: {}, resources: {} }, instructions: instructions(offer, list) },
  );
  const offered = new Set(list.tools.map((t) => t.name));
  // The server's own tools (search, describe, call, export) by name; a method's tool checks its arguments itself.
  const metaTools = new Map(list.tools.filter((t) => !offer.byTool(t.name)).map((t) => [t.name, t]));

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: list.tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name } = request.params;
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    if (!offered.has(name)) throw new McpError(ErrorCode.InvalidParams, `no tool ${JSON.stringify(name)} is offered here`);
    const astray = unknownArguments(metaTools.get(name), args);
    if (astray) return toolError(failureText(name, astray));
    if (name === exportToolName) {
      const token = request.params._meta?.progressToken;
      const progress = async (rows: number, message: string) => {
        if (token === undefined) return;
        await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: rows, message } });
      };
      return runExport(offer, settings.export, args, progress, extra.signal);
    }
    if (list.mode === 'compact') {
      if (name === searchToolName) return search(offer, args);
      if (name === describeToolName) return describe(offer, args);
      if (name === callToolName) return callMethod(offer, args, extra.signal);
    }
    const target = offer.byTool(name)!;
    return callEntry(target.served, target.entry, request.params.arguments, extra.signal);
  });
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: listResources(offer) }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const found = await readResource(offer, request.params.uri);
    if (!found) throw new McpError(ErrorCode.InvalidParams, `no resource ${JSON.stringify(request.params.uri)} here (see resources/list)`);
    return found;
  });
  return server;
}
