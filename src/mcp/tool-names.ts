// MCP tool names (the protocol allows ^[a-zA-Z0-9_-]{1,64}$): `<service>_<command>`, the command
// as the CLI spells it (bitrix24_get-user-participation-status), so one name serves the CLI, the
// docs and the agent, and the service prefix keeps methods of two services apart.
import { createHash } from 'node:crypto';
import { commandName, type AnyEntry } from '../core/catalogue.js';

const maxLength = 64;

/** The tool name of a catalogue entry. */
export function toolName(entry: AnyEntry): string {
  const name = `${entry.service}_${commandName(entry)}`.replace(/[^a-zA-Z0-9_-]/g, '-');
  if (name.length <= maxLength) return name;
  // Never met today (the longest is under 40): cut, and keep names apart by a hash of the whole.
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 6);
  return `${name.slice(0, maxLength - 7)}-${hash}`;
}
