// `batch`: any number of commands, 50 per request. References `$result[name][FIELD]` work inside
// one request on the portal; across requests this code substitutes the values itself, the way the
// portal does (docs: api-reference/how-to-call-rest-api/batch.md): on the command's parameters
// after they are read, so that a parameter that is exactly one reference takes the referred value
// whole — a list or an object stays a structure (`ID[0]=1&ID[1]=2`), whichever request it is in.
import { echo } from '../../core/echo.js';
import { ValidationError, type ApiError } from '../../core/errors.js';
import type { Bitrix24Answer, Bitrix24Time } from './answer.js';
import { bitrixError } from './answer.js';
import { decodeQuery, encodeQuery, normalizeParams, type WireParams, type WireValue } from './encode.js';
import { guessAccess, type Access } from './access.js';

export const maxBatchCommands = 50;

/** Text the portal reads, inside a batch command, as a reference to another command's result. */
export const batchReference = /\$result\[/;

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
  /** Called as each request of the batch leaves (after the client's bucket admitted it). */
  onSent?: () => void;
}

export interface BatchResult {
  /** Results by command name; a command that returned null keeps null. */
  result: Record<string, unknown>;
  /**
   * Errors by command name: the portal's (ApiError), or a ValidationError for a command not sent
   * because a reference to an earlier request resolved to an empty list or object.
   */
  errors: Record<string, ApiError | ValidationError>;
  total: Record<string, number>;
  next: Record<string, number>;
  time: Record<string, Bitrix24Time>;
  /** Names of commands not run because an earlier one failed with halt. */
  skipped: string[];
}

export interface BatchTransport {
  /** Sends one `batch` request; `methods` are its commands' methods (for the operating-time wait). */
  send(params: Record<string, unknown>, access: Access, methods: string[], signal?: AbortSignal, onSent?: () => void): Promise<Bitrix24Answer>;
  /** Each command counts against its own method's execution time. */
  recordTime(method: string, time: Bitrix24Time): void;
  /**
   * A command the portal refused for its method's operating time (it ran nothing): true when the
   * client waits for the method and sends the command again, false to hand the error back.
   */
  refused(method: string): boolean;
}

interface Prepared {
  name: string;
  method: string;
  params: WireParams;
  /** Names of the commands its parameters refer to. */
  refersTo: Set<string>;
}

const referenceIn = /\$result\[([^\]]+)\]((?:\[[^\]]*\])*)/g;
const wholeReference = /^\$result\[([^\]]+)\]((?:\[[^\]]*\])*)$/;

/** Visits every text leaf of a parameter value with its path (`filter.TITLE`). */
export function eachString(value: WireValue, visit: (s: string, path: string) => void, path = ''): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => eachString(v, visit, `${path}.${i}`));
  else Object.entries(value).forEach(([k, v]) => eachString(v, visit, `${path}.${k}`));
}

function prepare(commands: BatchCommands): Prepared[] {
  const entries: [string, BatchCommand | string][] = Array.isArray(commands)
    ? commands.map((c, i) => [String(i), c])
    : Object.entries(commands);
  return entries.map(([name, command]) => {
    let method: string;
    let raw: Record<string, unknown>;
    if (typeof command === 'string') {
      const [m = '', query = ''] = command.split(/\?(.*)/s);
      method = m;
      raw = decodeQuery(query);
    } else if (command && typeof command.method === 'string') {
      method = command.method;
      raw = command.params ?? {};
    } else {
      throw new ValidationError([{ path: `commands.${name}`, message: 'each command needs a "method"' }], 'batch');
    }
    if (!/^[a-z0-9_.]+$/i.test(method)) {
      throw new ValidationError([{ path: `commands.${name}`, message: `${echo(method)} is not a REST method name` }], 'batch');
    }
    if (method.toLowerCase() === 'batch') {
      throw new ValidationError([{ path: `commands.${name}`, message: 'a batch cannot contain another batch' }], 'batch');
    }
    if (/[[\]]/.test(name)) {
      throw new ValidationError([{ path: `commands.${name}`, message: 'a command name cannot contain "[" or "]" (references $result[name] could not name it)' }], 'batch');
    }
    // The same normalisation as call(): the command means what it would mean sent alone.
    const params = normalizeParams(raw, `batch ${method}`, `commands.${name}`);
    const refersTo = new Set<string>();
    for (const v of Object.values(params)) eachString(v, (s) => { if (s.includes('$result[')) for (const m of s.matchAll(referenceIn)) refersTo.add(m[1]!); });
    return { name, method, params, refersTo };
  });
}

function resolve(known: Map<string, unknown>, name: string, path: string): unknown {
  let value = known.get(name);
  for (const m of path.matchAll(/\[([^\]]*)\]/g)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[m[1]!];
  }
  return value;
}

/** A referred value in the request model: structures kept, anything absent is empty. */
function asWire(value: unknown): WireValue {
  if (isEmptyStructure(value)) return '';
  return normalizeParams({ v: value }).v ?? '';
}

function isEmptyStructure(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

/**
 * Resolves references to commands run in earlier requests; others stay for the portal. A
 * reference that resolves to an empty list or object cannot travel in a query string (the portal
 * would see no value, or "" — in a filter, no condition): its path goes to `empty`.
 */
function substitute(value: WireValue, known: Map<string, unknown>, path: string, empty: string[]): WireValue {
  if (typeof value === 'string') {
    const whole = wholeReference.exec(value);
    if (whole && known.has(whole[1]!)) {
      const found = resolve(known, whole[1]!, whole[2]!);
      if (isEmptyStructure(found)) empty.push(`${path} (${value})`);
      return asWire(found);
    }
    return value.replace(referenceIn, (ref, name: string, refPath: string) => {
      if (!known.has(name)) return ref;
      const found = resolve(known, name, refPath);
      // Inside longer text a structure can only be text; JSON is what the portal writes too.
      return found === undefined || found === null ? '' : typeof found === 'object' ? JSON.stringify(found) : String(asWire(found));
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, known, `${path}.${i}`, empty));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, known, `${path}.${k}`, empty)]));
}

function emptyToRecord<T>(value: unknown): Record<string, T> {
  // The portal sends an empty section as [] and a list batch's sections as arrays.
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v as T]));
  return (value ?? {}) as Record<string, T>;
}

export async function runBatch(transport: BatchTransport, commands: BatchCommands, options: BatchOptions): Promise<BatchResult> {
  const prepared = prepare(commands);
  const out: BatchResult = { result: {}, errors: {}, total: {}, next: {}, time: {}, skipped: [] };
  /** Results (or undefined for failures) of commands already run, for references across requests. */
  const known = new Map<string, unknown>();
  const chunks: Prepared[][] = [];
  for (let i = 0; i < prepared.length; i += maxBatchCommands) chunks.push(prepared.slice(i, i + maxBatchCommands));
  // Chunks are independent unless a command refers to a command of another chunk, or halt is on.
  const crossReferences = chunks.some((chunk, index) =>
    index > 0 && chunk.some((c) => [...c.refersTo].some((name) => !chunk.some((o) => o.name === name))),
  );
  const sequential = options.halt || crossReferences;

  const sendCommands = async (commandsToSend: Prepared[]) => {
    const cmd: Record<string, string> = {};
    const notSent: Record<string, ValidationError> = {};
    for (const c of commandsToSend) {
      const empty: string[] = [];
      const params = c.refersTo.size === 0 ? c.params : Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, substitute(v, known, k, empty)]));
      if (empty.length > 0) {
        notSent[c.name] = new ValidationError(
          empty.map((p) => ({
            path: `commands.${c.name}.${p}`,
            message: 'the reference resolved to an empty list or object, which a query string cannot carry (the portal would read no value, in a filter no condition); the command was not sent',
          })),
          `batch ${c.method}`,
        );
        // With halt, what follows a failed command is not run.
        if (options.halt) break;
        continue;
      }
      const query = encodeQuery(params);
      cmd[c.name] = query ? `${c.method}?${query}` : c.method;
    }
    if (Object.keys(cmd).length === 0) return { results: {}, errors: {}, totals: {}, nexts: {}, times: {}, notSent };
    const access: Access = commandsToSend.every((c) => guessAccess(c.method) === 'read') ? 'read' : 'write';
    const methods = [...new Set(commandsToSend.map((c) => c.method))];
    const answer = await transport.send({ halt: options.halt ? 1 : 0, cmd }, access, methods, options.signal, options.onSent);
    const inner = (answer.result ?? {}) as Record<string, unknown>;
    return {
      results: emptyToRecord<unknown>(inner.result),
      errors: emptyToRecord<{ error?: string; error_description?: string }>(inner.result_error),
      totals: emptyToRecord<number>(inner.result_total),
      nexts: emptyToRecord<number>(inner.result_next),
      times: emptyToRecord<Bitrix24Time>(inner.result_time),
      notSent,
    };
  };

  const runChunk = async (chunk: Prepared[]): Promise<boolean> => {
    let pending = chunk;
    let failed = false;
    while (pending.length > 0) {
      const { results, errors, totals, nexts, times, notSent } = await sendCommands(pending);
      const again: Prepared[] = [];
      let haltedAt = -1;
      const refusal = (name: string) => String(errors[name]?.error) === 'OPERATION_TIME_LIMIT';
      // A command the portal ran in this request saw `$result[name]` of a refused command as empty.
      const seenMissing = (name: string) =>
        pending.some((o) => o.name !== name && o.refersTo.has(name) && (o.name in results || (o.name in errors && !refusal(o.name))));
      pending.forEach((c, i) => {
        const refusedHere = notSent[c.name];
        if (refusedHere) {
          out.errors[c.name] = refusedHere;
          known.set(c.name, undefined);
          failed = true;
          if (options.halt && haltedAt < 0) haltedAt = i;
          return;
        }
        if (c.name in results) {
          out.result[c.name] = results[c.name] ?? null;
          known.set(c.name, results[c.name] ?? null);
        }
        if (c.name in totals) out.total[c.name] = totals[c.name]!;
        if (c.name in nexts) out.next[c.name] = nexts[c.name]!;
        const time = times[c.name];
        if (time) {
          out.time[c.name] = time;
          transport.recordTime(c.method, time);
        }
        const e = errors[c.name];
        if (e) {
          // Refused for its operating time: the portal ran nothing, so it may be sent again —
          // unless a command that ran beside it referred to it: that one saw it fail, and so does the caller.
          if (refusal(c.name) && transport.refused(c.method) && !seenMissing(c.name)) {
            again.push(c);
            if (options.halt && haltedAt < 0) haltedAt = i;
            return;
          }
          out.errors[c.name] = bitrixError(c.method, 400, String(e.error ?? ''), String(e.error_description ?? ''), (s) => s);
          known.set(c.name, undefined);
          failed = true;
          if (options.halt && haltedAt < 0) haltedAt = i;
        }
      });
      if (options.halt && haltedAt >= 0) {
        const notRun = pending.slice(haltedAt + 1).filter((c) => !(c.name in results) && !(c.name in errors));
        if (failed) {
          out.skipped.push(...notRun.map((c) => c.name));
          return false;
        }
        // Only a refusal stopped the chain: send it and what halt left out, in order.
        again.push(...notRun);
      }
      pending = again;
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
