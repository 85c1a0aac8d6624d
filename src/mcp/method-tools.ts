// One MCP tool per allowed catalogue entry: its name, a title, a description in English with the
// Russian name and summary, the input and output schemas, and annotations from its effect.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { commandName, type AnyEntry } from '../core/catalogue.js';
import { effectOf } from '../core/policy.js';
import type { Offered } from './offer.js';
import { inputSchemaOf, outputSchemaOf } from './schemas.js';

/** The tool that writes every row of a list method to a file. */
export const exportToolName = 'export_rows';

// Changing one record to given values twice leaves it as once; adding twice makes two. The
// catalogue does not say which a write is, so only these verbs claim it.
const idempotentWrite = /^(update|set|change)[A-Z]/;

/** The tool's annotations: what calling it does, for clients that ask before a change. */
export function annotationsOf(entry: AnyEntry, title: string): NonNullable<Tool['annotations']> {
  const effect = effectOf(entry);
  return {
    title,
    readOnlyHint: effect === 'read',
    destructiveHint: effect === 'destructive',
    idempotentHint: effect !== 'write' || idempotentWrite.test(entry.name),
    openWorldHint: true,
  };
}

/** The description: what it does (English, then the Russian name and summary), what it changes, how it pages. */
export function describeEntry(offered: Offered): string {
  const { entry, served } = offered;
  const lines = [entry.summary.en, `${entry.ruName} — ${entry.summary.ru}`];
  const effect = effectOf(entry);
  if (effect === 'write') lines.push(`Changes data in ${served.service.title.en}.`);
  if (effect === 'destructive') lines.push(`Removes data in ${served.service.title.en}.`);
  if (entry.paging) lines.push(`Returns one page: pass page.nextCursor back as {"cursor"} for the next; ${exportToolName} writes every row to a file.`);
  return lines.join('\n');
}

export function titleOf(offered: Offered): string {
  const words = commandName(offered.entry).replace(/-/g, ' ');
  return `${offered.served.service.title.en}: ${words}`;
}

export function methodTool(offered: Offered): Tool {
  const title = titleOf(offered);
  return {
    name: offered.tool,
    title,
    description: describeEntry(offered),
    inputSchema: inputSchemaOf(offered.entry),
    outputSchema: outputSchemaOf(offered.served.service, offered.entry),
    annotations: annotationsOf(offered.entry, title),
  };
}
