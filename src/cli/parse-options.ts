// Reads one command's options with commander. Every option collects its values as text (a
// repeated option gives a list); turning text into typed values is the schema's business (coerce.ts).
import { createRequire } from 'node:module';
import type * as Commander from 'commander';
import { echo } from '../core/echo.js';
import { UsageError } from './exit-codes.js';
import type { CliOption } from './options.js';
import { closestOptions } from './suggest.js';

// Required, not imported: importing a CommonJS package from ESM first scans its source for
// export names, a cost a one-call process pays at every start.
const { Command, CommanderError, Option } = createRequire(import.meta.url)('commander') as typeof Commander;

export type RawValues = Map<CliOption, (string | boolean)[]>;

const collect = (value: string, previous: unknown): string[] => [...(Array.isArray(previous) ? (previous as string[]) : []), value];

/** What a short form means in the service's other commands (letter → long names), for hints; computed only on error. */
export type ShortsElsewhere = () => Map<string, Map<string, number>>;

/** The message for an unknown option: the closest options of this command, or what a short form means elsewhere. */
export function unknownOptionMessage(flag: string, options: CliOption[], elsewhere?: ShortsElsewhere): string {
  const name = flag.replace(/=.*$/s, '');
  let hint = '';
  if (/^-[^-]/.test(name)) {
    const letter = name.slice(1, 2);
    const meanings = [...(elsewhere?.().get(letter)?.keys() ?? [])];
    const here = options.filter((o) => meanings.includes(o.long));
    if (here.length > 0) {
      hint = ` (in other commands -${letter} is ${meanings.map((l) => `--${l}`).join(' or ')}; here: ${here.map((o) => `--${o.long}${o.short ? ` (-${o.short})` : ''}`).join(', ')})`;
    }
  } else {
    const near = closestOptions(name.replace(/^-+/, ''), options);
    if (near.length > 0) hint = ` (did you mean ${near.map((o) => `--${o.long}`).join(' or ')}?)`;
  }
  return `unknown option ${echo(name)}${hint}`;
}

/** Parses `args` against `options`; throws UsageError for anything commander refuses. */
export function parseOptions(options: CliOption[], args: string[], commandLabel: string, elsewhere?: ShortsElsewhere): RawValues {
  const command = new Command(commandLabel)
    .exitOverride()
    .helpOption(false)
    .showSuggestionAfterError(false)
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
      const unknown = error.code === 'commander.unknownOption' ? /unknown option '(.*)'$/s.exec(error.message) : null;
      if (unknown) throw new UsageError(`${unknownOptionMessage(unknown[1]!, options, elsewhere)} (see: ${commandLabel} --help)`);
      throw new UsageError(`${error.message.replace(/^error: /, '').replace(/\n/g, ' ')} (see: ${commandLabel} --help)`);
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
