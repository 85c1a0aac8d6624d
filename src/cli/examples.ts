// Example command lines for help and docs, built from an entry's example input. Credentials are
// shown as environment variables, so an example can be pasted as it is once they are set.
import type { AnyEntry, ServiceBase } from '../core/catalogue.js';
import { commandName, isOffline, isRequired } from '../core/catalogue.js';
import { exampleConnectionKeys } from './connection-hints.js';
import { formatJson } from '../core/json-text.js';

export type Shell = 'bash' | 'cmd';

// Defined with the top help, which must load no catalogue module.
import { runCommand } from './top-help.js';
export { runCommand };

function bashQuote(text: string): string {
  if (/^[A-Za-z0-9_.,:@/+=-]+$/.test(text)) return text;
  if (!/["$`\\!]/.test(text)) return `"${text}"`;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function cmdQuote(text: string): string {
  if (/^[A-Za-z0-9_.,:@/+=-]+$/.test(text)) return text;
  // Node on Windows splits arguments by the MSVC rules: \" is a quote inside a quoted argument.
  return `"${text.replace(/(\\*)"/g, '$1$1\\"')}"`;
}

export function quote(text: string, shell: Shell): string {
  return shell === 'bash' ? bashQuote(text) : cmdQuote(text);
}

/** The text an option value is written as: plain for scalars, compact JSON for the rest. */
export function optionText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  return formatJson(value, false);
}

/** The option/value pairs of a method's example: the usual connection options, then the parameters. */
export function exampleArgs(service: ServiceBase, entry: AnyEntry, shell: Shell): [string, string | undefined][] {
  const out: [string, string | undefined][] = [];
  const keys = exampleConnectionKeys[service.id] ?? service.connection.slice(0, 1).map((c) => c.key);
  // An entry answered without a request needs no connection.
  for (const c of isOffline(entry) ? [] : service.connection.filter((o) => keys.includes(o.key))) {
    out.push([`--${c.cli}`, shell === 'bash' ? `"$${c.env}"` : `"%${c.env}%"`]);
  }
  for (const [key, spec] of Object.entries(entry.params)) {
    // The entry's example input, else the parameter's own example when it must be given.
    const value = entry.example ? entry.example[key] : isRequired(spec) ? spec.example : undefined;
    if (value === undefined) continue;
    out.push([`--${spec.cli}`, quote(optionText(value), shell)]);
  }
  return out;
}

/** A whole example command; multiline uses the shell's continuation (\ or ^). */
export function exampleCommand(
  service: ServiceBase,
  entry: AnyEntry,
  shell: Shell,
  options: { multiline?: boolean; name?: string } = {},
): string {
  const head = `${runCommand} ${service.id} ${options.name ?? commandName(entry)}`;
  const parts = exampleArgs(service, entry, shell).map(([flag, value]) => (value === undefined ? flag : `${flag} ${value}`));
  if (!options.multiline) return [head, ...parts].join(' ');
  const cont = shell === 'bash' ? ' \\' : ' ^';
  return [head, ...parts].map((line, i, all) => (i < all.length - 1 ? line + cont : line)).join('\n');
}
