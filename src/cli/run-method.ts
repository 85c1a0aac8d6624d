// Runs one catalogue method from the command line: options → validated input → credentials →
// the service's client → the answer as JSON (or every row as NDJSON with --all).
import { commandName, isOffline, isRequired, parseInput, type AnyEntry, type CallOptions, type CatalogueClient, type ServiceBase, type ServiceDefinition } from '../core/catalogue.js';
import { echo } from '../core/echo.js';
import { inputTemplate } from '../core/template.js';
import { ValidationError } from '../core/errors.js';
import { coerceOption } from './coerce.js';
import { runCommand } from './examples.js';
import { openClient, resolveConnection } from './credentials.js';
import { OutputError, UsageError } from './exit-codes.js';
import { Diagnostics, write, type Io } from './io.js';
import { formatJson } from '../core/json-text.js';
import { emitAnswer, fileProblem, openOutput, type OutputTarget } from './output.js';
import { openResumable, type ResumableOutput } from './resume.js';
import { methodOptions, serviceShorts, type CliOption } from './options.js';
import { parseOptions, type RawValues } from './parse-options.js';
import { describeType, jsonSchemaOf } from '../core/schema-info.js';
import { loadService } from '../services/registry.js';

export interface GlobalFlags {
  profile?: string;
  out?: string;
  all: boolean;
  resume?: string;
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
    if (option.key === 'resume' && typeof last === 'string') flags.resume = last;
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
    throw asOptionError(error, options, label);
  }
  return input;
}

/** A ValidationError about the method's parameters, told in option names with the help hint. */
function asOptionError(error: unknown, options: CliOption[], label: string): unknown {
  if (!(error instanceof ValidationError)) return error;
  const issues = error.issues.map((issue) => ({ path: optionPath(options, issue.path), message: issue.message }));
  if (issues.length > 0) issues[issues.length - 1]!.message += ` (see: ${label} --help)`;
  return new ValidationError(issues);
}

/**
 * Reads the options. An unknown short form's hint tells what the letter means in the service's
 * other commands; that needs the whole catalogue, so only that error loads it.
 */
async function readOptions(service: ServiceBase, options: CliOption[], args: string[], label: string): Promise<RawValues> {
  try {
    return parseOptions(options, args, label, 'methods' in service ? () => serviceShorts(service as ServiceDefinition) : undefined);
  } catch (error) {
    if ('methods' in service || !(error instanceof UsageError) || !/^unknown option "-[^-]/.test(error.message)) throw error;
    const whole = await loadService(service.id);
    return parseOptions(options, args, label, () => serviceShorts(whole));
  }
}

/** Runs one entry; `service` may be a base (the entry's section alone loaded) or the whole service. */
export async function runMethod(service: ServiceBase, entry: AnyEntry, args: string[], io: Io, diag: Diagnostics): Promise<number> {
  const label = `${runCommand} ${service.id} ${commandName(entry)}`;
  const options = methodOptions(service, entry);
  let raw: RawValues;
  try {
    raw = await readOptions(service, options, args, label);
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
    await emitBuilt(inputTemplate(entry.params, { nameOf: (_key, spec) => spec.cli }), flags, io);
    return 0;
  }
  const input = buildInput(entry, options, raw, label);
  if (isOffline(entry) && service.answerOffline) {
    // A template or a block: built here, with no connection and no request.
    await emitBuilt(service.answerOffline(entry, parseInput(entry, input)), flags, io);
    return 0;
  }

  if (flags.resume !== undefined && (!flags.all || flags.out === undefined)) {
    throw new UsageError(`--resume works with --all and --out (the file the rows are appended to) (see: ${label} --help)`);
  }
  const connection = resolveConnection(service, connectionValues(raw), flags.profile, io, diag);
  const client = openClient(service, connection, diag);
  if (flags.resume !== undefined && !client.canResume?.(entry)) {
    await client.close?.();
    throw new UsageError(`--resume: ${commandName(entry)} is not read in a way that can be resumed; leave --resume out`);
  }
  const started = performance.now();
  if (flags.resume !== undefined) {
    const output = await openResumable(flags.out!, flags.resume, `${service.id} ${commandName(entry)}`);
    try {
      await streamAll(client, entry, input, output, flags, io, diag);
      await output.finish();
    } finally {
      await output.close();
      await client.close?.();
    }
    return 0;
  }
  // Checked and opened before any request: a bad --out must not cost a write its answer.
  const target = await openOutput(flags.out, io);
  try {
    if (flags.all) {
      // What the list walk refuses of the input (--offset -1) is named as the option.
      await streamAll(client, entry, input, target, flags, io, diag).catch((error: unknown) => {
        throw error instanceof ValidationError && error.method === entry.name ? asOptionError(error, options, label) : error;
      });
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

/** Writes an answer built here, with no request (a template, a block), where --out says. */
async function emitBuilt(value: unknown, flags: GlobalFlags, io: Io): Promise<void> {
  const target = await openOutput(flags.out, io);
  try {
    await emitAnswer(target, `${formatJson(value, flags.pretty ?? (flags.out !== undefined || io.stdoutIsTTY))}\n`, io, 'the answer was built');
  } finally {
    await target.discard();
  }
}

/** Lines are written in chunks of about this many bytes (one write per row would cost a system call each). */
const chunkBytes = 256 * 1024;

/** "1:05" or "2:03:10". */
function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const hms = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  return (hms[0] ? hms : hms.slice(1)).map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, '0'))).join(':');
}

/**
 * Every row as a line of NDJSON. On a terminal, stderr shows the rows, their rate and, when the
 * client knows how much of the list is done, the share and the time left. With --resume the
 * client's checkpoints are recorded after the rows before them are written.
 */
async function streamAll(
  client: CatalogueClient,
  entry: AnyEntry,
  input: unknown,
  target: OutputTarget | ResumableOutput,
  flags: GlobalFlags,
  io: Io,
  diag: Diagnostics,
): Promise<void> {
  const progress = io.stderrIsTTY;
  const resumable = 'checkpoint' in target ? target : undefined;
  const path = resumable ? flags.out : (target as OutputTarget).path;
  const rowsBefore = resumable?.rowsBefore ?? 0;
  let count = 0;
  let share: number | undefined;
  let shareAtStart: number | undefined;
  let shownAt = 0;
  let chunk = '';
  let written = 0;
  const started = performance.now();
  const flush = async () => {
    if (chunk === '') return;
    // Rows may carry the caller's credential too (a folder's files: DOWNLOAD_URL).
    const text = withoutSecrets(chunk, diag);
    chunk = '';
    try {
      await target.write(text);
    } catch (error) {
      if (path === undefined) throw error;
      // A list only reads: nothing is lost by stopping; the file is left as it was.
      throw new OutputError(`row ${written + 1} could not be written to ${echo(path)} (${fileProblem(error)}); stopped reading; ${resumable ? 'run again with the same --resume to go on' : 'a file is left as it was'}`);
    }
    written = count;
  };
  const show = () => {
    shownAt = performance.now();
    const seconds = Math.max(0.001, (shownAt - started) / 1000);
    const rate = count / seconds;
    let line = `${rowsBefore + count} rows · ${Math.round(rate)}/s`;
    if (share !== undefined && share > 0) {
      const doneHere = share - (shareAtStart ?? 0);
      line += ` · ${Math.floor(share * 100)}%`;
      if (doneHere > 0 && share < 1) line += ` · ~${clock((seconds * (1 - share)) / doneHere)} left`;
    }
    io.stderr.write(`\r${line}\x1b[K`);
  };
  const rows = client.iterate(entry, input, {
    onProgress: (_rows, fraction) => {
      if (fraction === undefined) return;
      shareAtStart ??= resumable?.resume !== undefined ? fraction : 0;
      share = fraction;
    },
    ...(resumable && {
      resume: resumable.resume,
      onCheckpoint: async (state: unknown) => {
        await flush();
        await resumable.checkpoint(state);
      },
    }),
  });
  try {
    for await (const row of rows) {
      chunk += `${formatJson(row, false)}\n`;
      count += 1;
      if (chunk.length >= chunkBytes) await flush();
      if (progress && performance.now() - shownAt > 100) show();
    }
    await flush();
    if (!resumable) {
      const out = target as OutputTarget;
      try {
        await out.commit();
      } catch (error) {
        throw new OutputError(`${count} rows were read, but ${echo(out.path ?? 'stdout')} could not be written (${fileProblem(error)}); it is left as it was`);
      }
    }
  } finally {
    if (progress) io.stderr.write('\r\x1b[K');
  }
  const total = rowsBefore + count;
  if (progress || flags.debug) diag.line(`${total} rows in ${((performance.now() - started) / 1000).toFixed(1)} s${rowsBefore ? ` (${rowsBefore} of them by earlier runs)` : ''}`);
}
