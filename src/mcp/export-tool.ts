// The explicit export: every row of a list method written to a file as NDJSON (one JSON row a
// line, numbers exact), its path and count returned — never the rows into the agent's context —
// with progress notifications while it reads. Files go only into the server's export folder.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { parseInput } from '../core/catalogue.js';
import { ValidationError } from '../core/errors.js';
import { formatJson } from '../core/json-text.js';
import { maskLiterals } from '../core/redact.js';
import { failureText, toolError } from './call.js';
import { exportToolName } from './method-tools.js';
import type { Offer, Offered } from './offer.js';

/** Progress is told every this many rows (a Bitrix24 page), and at the end. */
const progressEvery = 50;

export interface ExportSettings {
  /** The folder export files are written to. */
  folder: string;
}

export function exportTool(offer: Offer, settings: ExportSettings): Tool | undefined {
  const lists = offer.entries.filter((o) => o.entry.paging).map((o) => o.tool);
  if (lists.length === 0) return undefined;
  return {
    name: exportToolName,
    title: 'Export rows to a file',
    description:
      `Reads every row of a list method, page after page, into a new NDJSON file (one JSON row a line) in ${settings.folder}, ` +
      'and returns its path and the number of rows; progress is reported while it reads. For lists too long to read page by page.',
    inputSchema: {
      type: 'object',
      properties: {
        method: { type: 'string', enum: lists, description: 'the list method' },
        arguments: { type: 'object', description: "the method's arguments (a filter, a sort…), as for the method itself", additionalProperties: true },
        file: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$', description: 'a new file name in the export folder (default: the method and the time)' },
      },
      required: ['method'],
      additionalProperties: false,
    },
    outputSchema: { type: 'object', properties: { path: { type: 'string' }, rows: { type: 'integer' } }, required: ['path', 'rows'] },
    annotations: { title: 'Export rows to a file', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  };
}

export interface Progress {
  (rows: number, message: string): Promise<void>;
}

function fileOf(offered: Offered, file: unknown): string {
  if (file === undefined) return `${offered.tool}-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson`;
  if (typeof file !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(file)) {
    throw new ValidationError([{ path: 'file', message: 'expected a plain file name (letters, digits, . _ -), written into the export folder' }]);
  }
  return file;
}

export async function runExport(offer: Offer, settings: ExportSettings, args: Record<string, unknown>, progress: Progress, signal?: AbortSignal): Promise<CallToolResult> {
  let offered: Offered | undefined;
  try {
    offered = offer.resolve(args.method);
    if (!offered.entry.paging) throw new ValidationError([{ path: 'method', message: `${offered.tool} is not a list method` }]);
    const input = args.arguments ?? {};
    parseInput(offered.entry, input);
    const path = join(settings.folder, fileOf(offered, args.file));
    if (await stat(path).catch(() => undefined)) throw new ValidationError([{ path: 'file', message: `${path} exists: name a new file` }]);
    await mkdir(settings.folder, { recursive: true });
    const rows = await writeRows(offered, input, path, progress, signal);
    const value = { path, rows };
    return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
  } catch (error) {
    return toolError(failureText(offered?.tool ?? exportToolName, error), offered?.served.secrets);
  }
}

/** Writes into a side file renamed at the end, so that a failed export leaves no half file. */
async function writeRows(offered: Offered, input: unknown, path: string, progress: Progress, signal?: AbortSignal): Promise<number> {
  const partial = `${path}.partial`;
  const out = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
  let count = 0;
  try {
    await once(out, 'open');
    for await (const row of offered.served.client.iterate(offered.entry, input, signal ? { signal } : {})) {
      if (!out.write(`${maskLiterals(formatJson(row, false), offered.served.secrets)}\n`)) await once(out, 'drain');
      count += 1;
      if (count % progressEvery === 0) await progress(count, `${count} rows read`);
    }
    out.end();
    await once(out, 'finish');
    await rename(partial, path);
    await progress(count, `done: ${count} rows in ${path}`);
    return count;
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
