// Reads one command's options with commander. Every option collects its values as text (a
// repeated option gives a list); turning text into typed values is the schema's business (coerce.ts).
import { Command, CommanderError, Option } from 'commander';
import { runCommand } from './examples.js';
import { UsageError } from './exit-codes.js';
import type { CliOption } from './options.js';

export type RawValues = Map<CliOption, (string | boolean)[]>;

const collect = (value: string, previous: unknown): string[] => [...(Array.isArray(previous) ? (previous as string[]) : []), value];

/** Parses `args` against `options`; throws UsageError for anything commander refuses. */
export function parseOptions(options: CliOption[], args: string[], commandLabel: string): RawValues {
  const command = new Command(commandLabel)
    .exitOverride()
    .helpOption(false)
    .allowExcessArguments(false)
    .configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
  const byAttribute = new Map<string, CliOption>();
  for (const option of options) {
    const value = option.takes === 'flag' ? '' : option.takes === 'optional' ? ' [value]' : ' <value>';
    const flags = `${option.short ? `-${option.short}, ` : ''}--${option.long}${value}`;
    const commanderOption = new Option(flags);
    if (option.takes !== 'flag') commanderOption.argParser(collect);
    command.addOption(commanderOption);
    byAttribute.set(commanderOption.attributeName(), option);
  }
  try {
    command.parse(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      throw new UsageError(`${error.message.replace(/^error: /, '').replace(/\n/g, ' ')} (see: ${commandLabel.replace(/^uzel /, `${runCommand} `)} --help)`);
    }
    throw error;
  }
  const out: RawValues = new Map();
  for (const [attribute, value] of Object.entries(command.opts())) {
    const option = byAttribute.get(attribute);
    if (!option || value === undefined) continue;
    out.set(option, Array.isArray(value) ? (value as string[]) : [value as string | boolean]);
  }
  return out;
}
