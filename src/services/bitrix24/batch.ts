// `batch`: any number of commands, 50 per request. References `$result[name][FIELD]` work inside
// one request on the portal; across requests this code substitutes the values itself.
import { echo } from '../../core/echo.js';
import { ValidationError, type ApiError } from '../../core/errors.js';
import type { Bitrix24Answer, Bitrix24Time } from './answer.js';
import { bitrixError } from './answer.js';
import { encodeQuery } from './encode.js';
import { guessAccess, type Access } from './access.js';

export const maxBatchCommands = 50;

export interface BatchCommand {
  method: string;
  params?: Record<string, unknown>;
}

/** Commands by name (an object), or a list (named by their index). A string is `method?query`. */
export type BatchCommands = Record<string, BatchCommand | string> | (BatchCommand | string)[];

export interface BatchOptions {
  /** Stop at the first failing command (the portal's halt=1). */
  halt?: boolean;
  signal?: AbortSignal;
}

export interface BatchResult {
  /** Results by command name; a command that returned null keeps null. */
  result: Record<string, unknown>;
  /** Errors by command name. */
  errors: Record<string, ApiError>;
  total: Record<string, number>;
  next: Record<string, number>;
  time: Record<string, Bitrix24Time>;
  /** Names of commands not run because an earlier one failed with halt. */
  skipped: string[];
}

export interface BatchTransport {
  /** Sends one `batch` request; `methods` are its commands' methods (for the operating-time check). */
  send(params: Record<string, unknown>, access: Access, methods: string[], signal?: AbortSignal): Promise<Bitrix24Answer>;
  /** Each command counts against its own method's execution time. */
  recordTime(method: string, time: Bitrix24Time): void;
}

interface Prepared {
  name: string;
  method: string;
  query: string;
}

const referencePattern = /\$result\[([^\]]+)\]((?:\[[^\]]*\])*)/g;

function prepare(commands: BatchCommands): Prepared[] {
  const entries: [string, BatchCommand | string][] = Array.isArray(commands)
    ? commands.map((c, i) => [String(i), c])
    : Object.entries(commands);
  return entries.map(([name, command]) => {
    if (typeof command === 'string') {
      const [method = '', query = ''] = command.split(/\?(.*)/s);
      return { name, method, query };
    }
    if (!command || typeof command.method !== 'string') {
      throw new ValidationError([{ path: `commands.${name}`, message: 'each command needs a "method"' }], 'batch');
    }
    return { name, method: command.method, query: encodeQuery(command.params ?? {}) };
  }).map((c) => {
    if (!/^[a-z0-9_.]+$/i.test(c.method)) {
      throw new ValidationError([{ path: `commands.${c.name}`, message: `${echo(c.method)} is not a REST method name` }], 'batch');
    }
    if (c.method.toLowerCase() === 'batch') {
      throw new ValidationError([{ path: `commands.${c.name}`, message: 'a batch cannot contain another batch' }], 'batch');
    }
    return c;
  });
}

/** Resolves `$result[name][a][b]` against results of commands sent in earlier requests. */
function substitute(query: string, known: Map<string, unknown>): string {
  return query.replace(referencePattern, (whole, name: string, path: string) => {
    if (!known.has(name)) return whole;
    let value: unknown = known.get(name);
    for (const key of path.match(/\[([^\]]*)\]/g) ?? []) {
      const k = key.slice(1, -1);
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[k] : undefined;
    }
    return value === undefined || value === null ? '' : encodeURIComponent(String(value));
  });
}

function emptyToRecord<T>(value: unknown): Record<string, T> {
  // The portal sends an empty section as [] and a list batch's sections as arrays.
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v as T]));
  return (value ?? {}) as Record<string, T>;
}

export async function runBatch(transport: BatchTransport, commands: BatchCommands, options: BatchOptions): Promise<BatchResult> {
  const prepared = prepare(commands);
  const out: BatchResult = { result: {}, errors: {}, total: {}, next: {}, time: {}, skipped: [] };
  const known = new Map<string, unknown>();
  const chunks: Prepared[][] = [];
  for (let i = 0; i < prepared.length; i += maxBatchCommands) chunks.push(prepared.slice(i, i + maxBatchCommands));
  // Chunks are independent unless a command refers to a command of another chunk, or halt is on.
  const crossReferences = chunks.some((chunk, index) =>
    index > 0 &&
    chunk.some((c) => [...c.query.matchAll(referencePattern)].some((m) => !chunk.some((o) => o.name === m[1]))),
  );
  const sequential = options.halt || crossReferences;

  const runChunk = async (chunk: Prepared[]): Promise<boolean> => {
    const cmd: Record<string, string> = {};
    for (const c of chunk) cmd[c.name] = `${c.method}?${substitute(c.query, known)}`.replace(/\?$/, '');
    const access: Access = chunk.every((c) => guessAccess(c.method) === 'read') ? 'read' : 'write';
    const answer = await transport.send({ halt: options.halt ? 1 : 0, cmd }, access, [...new Set(chunk.map((c) => c.method))], options.signal);
    const inner = (answer.result ?? {}) as Record<string, unknown>;
    const results = emptyToRecord<unknown>(inner.result);
    const errors = emptyToRecord<{ error?: string; error_description?: string }>(inner.result_error);
    for (const c of chunk) {
      if (c.name in results) {
        out.result[c.name] = results[c.name] ?? null;
        known.set(c.name, results[c.name] ?? null);
      }
      const e = errors[c.name];
      if (e) out.errors[c.name] = bitrixError(c.method, 400, String(e.error ?? ''), String(e.error_description ?? ''), (s) => s);
    }
    Object.assign(out.total, emptyToRecord<number>(inner.result_total));
    Object.assign(out.next, emptyToRecord<number>(inner.result_next));
    const times = emptyToRecord<Bitrix24Time>(inner.result_time);
    Object.assign(out.time, times);
    for (const c of chunk) if (times[c.name]) transport.recordTime(c.method, times[c.name]!);
    const failed = Object.keys(errors).length > 0;
    if (options.halt && failed) {
      for (const c of chunk) if (!(c.name in results) && !(c.name in errors)) out.skipped.push(c.name);
    }
    return !failed;
  };

  if (sequential) {
    for (let i = 0; i < chunks.length; i += 1) {
      const ok = await runChunk(chunks[i]!);
      if (!ok && options.halt) {
        for (const later of chunks.slice(i + 1)) out.skipped.push(...later.map((c) => c.name));
        break;
      }
    }
  } else {
    await Promise.all(chunks.map(runChunk));
  }
  return out;
}
