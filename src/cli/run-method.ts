// Runs one catalogue method from the command line: options → validated input → credentials →
// the service's client → the answer as JSON (or every row as NDJSON with --all).
import { commandName, isOffline, isRequired, parseInput, type AnyEntry, type CallOptions, type ServiceDefinition } from '../core/catalogue.js';
import { echo } from '../core/echo.js';
import { inputTemplate } from '../core/template.js';
import { ValidationError } from '../core/errors.js';
import { coerceOption } from './coerce.js';
import { runCommand } from './examples.js';
import { openClient, resolveConnection } from './credentials.js';
import { OutputError, UsageError } from './exit-codes.js';
import { Diagnostics, write, type Io } from './io.js';
import { formatJson } from './json-text.js';
import { emitAnswer, fileProblem, openOutput, type OutputTarget } from './output.js';
import { methodOptions, serviceShorts, type CliOption } from './options.js';
import { parseOptions, type RawValues } from './parse-options.js';
import { describeType, jsonSchemaOf } from '../core/schema-info.js';

export interface GlobalFlags {
  profile?: string;
  out?: string;
  all: boolean;
  raw: boolean;
  pretty?: boolean;
  debug: boolean;
  template: boolean;
}

export function globalFlags(raw: RawValues): GlobalFlags {
  const flags: GlobalFlags = { all: false, raw: false, debug: false, template: false };
  for (const [option, values] of raw) {
    if (option.kind !== 'global') continue;
    const last = values[values.length - 1];
    if (option.key === 'profile' && typeof last === 'string') flags.profile = last;
    if (option.key === 'out' && typeof last === 'string') flags.out = last;
    if (option.key === 'all') flags.all = true;
    if (option.key === 'debug') flags.debug = true;
    if (option.key === 'template') flags.template = true;
    if (option.key === 'raw') flags.raw = true;
    if (option.key === 'pretty') flags.pretty = true;
    if (option.key === 'compact') flags.pretty = false;
  }
  return flags;
}

export function connectionValues(raw: RawValues): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [option, values] of raw) {
    const last = values[values.length - 1];
    if (option.kind === 'connection' && typeof last === 'string') out[option.key] = last;
  }
  return out;
}

/** Maps a parameter path (eventId, filter.from) to the option the user typed (--event, --filter.from). */
function optionPath(options: CliOption[], path: string): string {
  const [head, ...rest] = path.split('.');
  const option = options.find((o) => o.kind !== 'global' && o.key === head);
  if (!option) return path;
  return `--${option.long}${rest.length ? ` (${rest.join('.')})` : ''}`;
}

/** Builds the method's input from the options, checked against the catalogue before any request. */
export function buildInput(entry: AnyEntry, options: CliOption[], raw: RawValues, label: string): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const option of options) {
    if (option.kind !== 'param' || !option.param) continue;
    const values = raw.get(option);
    if (!values) {
      if (isRequired(option.param)) missing.push(`--${option.long} (${describeType(jsonSchemaOf(option.param.schema), 'en')})`);
      continue;
    }
    input[option.key] = coerceOption(values, option.param.schema, `--${option.long}`);
  }
  if (missing.length > 0) {
    throw new UsageError(`missing required option${missing.length > 1 ? 's' : ''}: ${missing.join(', ')} (see: ${label} --help)`);
  }
  try {
    // Messages name other parameters as options: --org, not orgId.
    parseInput(entry, input, { nameOf: (key) => optionPath(options, key) });
  } catch (error) {
    if (error instanceof ValidationError) {
      const issues = error.issues.map((issue) => ({ path: optionPath(options, issue.path), message: issue.message }));
      issues[issues.length - 1]!.message += ` (see: ${label} --help)`;
      throw new ValidationError(issues);
    }
    throw error;
  }
  return input;
}

export async function runMethod(service: ServiceDefinition, entry: AnyEntry, args: string[], io: Io, diag: Diagnostics): Promise<number> {
  const label = `${runCommand} ${service.id} ${commandName(entry)}`;
  const options = methodOptions(service, entry);
  let raw: RawValues;
  try {
    raw = parseOptions(options, args, label, () => serviceShorts(service));
  } catch (error) {
    // --all is no option of a method that does not page: say why rather than "unknown option".
    if (!entry.paging && error instanceof UsageError && error.message.startsWith('unknown option "--all"')) {
      throw new UsageError(`--all works only for list methods; ${commandName(entry)} is not one (see: ${label} --help)`);
    }
    throw error;
  }
  const flags = globalFlags(raw);
  if (flags.debug) diag.debug = true;
  if (flags.template) {
    // Keyed by option names, so the filled template can be passed back as they are.
    const target = await openOutput(flags.out, io);
    try {
      const template = inputTemplate(entry.params, { nameOf: (_key, spec) => spec.cli });
      await emitAnswer(target, `${formatJson(template, flags.pretty ?? (flags.out !== undefined || io.stdoutIsTTY))}\n`, io, 'the template was built');
    } finally {
      await target.discard();
    }
    return 0;
  }
  const input = buildInput(entry, options, raw, label);
  if (isOffline(entry) && service.answerOffline) {
    // A template or a block: built here, with no connection and no request.
    const target = await openOutput(flags.out, io);
    try {
      const answer = service.answerOffline(entry, parseInput(entry, input));
      await emitAnswer(target, `${formatJson(answer, flags.pretty ?? (flags.out !== undefined || io.stdoutIsTTY))}\n`, io, 'the answer was built');
    } finally {
      await target.discard();
    }
    return 0;
  }

  const connection = resolveConnection(service, connectionValues(raw), flags.profile, io, diag);
  const client = openClient(service, connection, diag);
  const started = performance.now();
  // Checked and opened before any request: a bad --out must not cost a write its answer.
  const target = await openOutput(flags.out, io);
  try {
    if (flags.all) {
      await streamAll(client.iterate(entry, input), target, flags, io, diag);
    } else if (entry.transfer?.kind === 'download') {
      await download(client.invoke(entry, input, { to: target.stream() }), target, flags, io, diag);
    } else {
      // `raw` is a client option beyond CallOptions; clients that keep no text ignore it.
      const answer = await client.invoke(entry, input, flags.raw ? ({ raw: true } as CallOptions) : {});
      const pretty = flags.pretty ?? (flags.out !== undefined || io.stdoutIsTTY);
      const text = withoutSecrets(typeof answer === 'string' && flags.raw ? (answer.endsWith('\n') ? answer : `${answer}\n`) : `${formatJson(answer, pretty)}\n`, diag);
      await emitAnswer(target, text, io, `${entry.remote} was carried out`);
    }
  } finally {
    await target.discard();
    await client.close?.();
  }
  if (flags.debug) {
    diag.line(`debug: ${entry.remote} done in ${Math.round(performance.now() - started)} ms; ${Math.round(performance.now())} ms since the process started`);
  }
  return 0;
}

/**
 * An answer may carry the caller's own credential (the Drive's DOWNLOAD_URL holds the access token):
 * the connection's secrets are masked in it, as everywhere else; nothing else is touched.
 */
function withoutSecrets(text: string, diag: Diagnostics): string {
  let out = text;
  for (const secret of diag.secrets) if (secret.length >= 8) out = out.split(secret).join('***');
  return out;
}

/**
 * A download: the bytes go to --out (a temp file renamed at the end) or to stdout; the file's
 * data (with the bytes' count and SHA-256) then goes to stdout with --out, to stderr without.
 */
async function download(running: Promise<unknown>, target: OutputTarget, flags: GlobalFlags, io: Io, diag: Diagnostics): Promise<void> {
  const answer = await running;
  try {
    await target.commit();
  } catch (error) {
    throw new OutputError(`the file was downloaded, but ${echo(target.path ?? 'stdout')} could not be written (${fileProblem(error)}); it is left as it was`);
  }
  if (target.path !== undefined) {
    await write(io.stdout, withoutSecrets(`${formatJson(answer, flags.pretty ?? io.stdoutIsTTY)}\n`, diag));
    return;
  }
  const facts = (answer as { download?: { bytes?: number; sha256?: string } }).download;
  diag.line(`${facts?.bytes ?? 0} bytes written to stdout (sha256 ${facts?.sha256 ?? '?'})`);
}

async function streamAll(rows: AsyncIterable<unknown>, target: OutputTarget, flags: GlobalFlags, io: Io, diag: Diagnostics): Promise<void> {
  const progress = io.stderrIsTTY;
  let count = 0;
  let shownAt = 0;
  const started = performance.now();
  try {
    for await (const row of rows) {
      const line = `${formatJson(row, false)}\n`;
      try {
        await target.write(line);
      } catch (error) {
        if (target.path === undefined) throw error;
        // A list only reads: nothing is lost by stopping; the file is left as it was.
        throw new OutputError(`row ${count + 1} could not be written to ${echo(target.path)} (${fileProblem(error)}); stopped reading; a file is left as it was`);
      }
      count += 1;
      if (progress && performance.now() - shownAt > 100) {
        shownAt = performance.now();
        const rate = Math.round(count / Math.max(0.001, (shownAt - started) / 1000));
        io.stderr.write(`\r${count} rows… (${rate}/s)`);
      }
    }
    try {
      await target.commit();
    } catch (error) {
      throw new OutputError(`${count} rows were read, but ${echo(target.path ?? 'stdout')} could not be written (${fileProblem(error)}); it is left as it was`);
    }
  } finally {
    if (progress) io.stderr.write('\r\x1b[K');
  }
  if (progress || flags.debug) diag.line(`${count} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
