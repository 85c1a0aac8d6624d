// The catalogue: every API method declared once, as data. The typed library functions, the CLI
// commands and the reference pages are all derived from these entries.
import { z } from 'zod';
import { ValidationError, type ServiceName, type ValidationIssue } from './errors.js';
import { ourWords } from './zod-messages.js';
import type { CatalogueIndex } from './catalogue-index.js';
import type { FetchLike } from './http.js';

/** A text in the two languages of our users. */
export interface Text {
  en: string;
  ru: string;
}

export interface ParamSpec<S extends z.ZodType = z.ZodType> {
  /** Input schema: optional()/default() for parameters that are not required; transforms give the wire value. */
  schema: S;
  description: Text;
  /** CLI option name without dashes, as oint spells it (e.g. 'event'). */
  cli: string;
  /** One-letter CLI short form, as oint has it for this method. */
  short?: string;
  /**
   * Where the value goes on the wire, when not under the parameter's own name. Service-specific:
   * a Bitrix24 parameter name, a Planfix element path ('task/workers/addUsers'), a Diadoc query name.
   */
  wire?: string;
  /** The value is an object whose keys are themselves the wire parameters (oint's --fields). */
  spread?: boolean;
  /** Diadoc: the value travels in the query (default) or as the JSON body. */
  in?: 'query' | 'body';
  /** An example value for the docs and help. */
  example?: unknown;
}

export type Params = Record<string, ParamSpec>;

/** How a list method pages: the fields are named here, one generic walker does the rest. */
export type PagingSpec =
  /**
   * Bitrix24: `start` offsets of 50, `next`/`total` in the answer; rows at `rows` inside `result`
   * when nested. `idField` is the rows' ID field (`ID` by default) and `idKey` its name in the
   * request's filter, order and select where the two differ (tasks.task.list: rows carry `id`,
   * requests say `ID`); export() slices the list by them.
   */
  | { style: 'bitrix-start'; rows?: string; idField?: string; idKey?: string }
  /** An offset/limit pair in the request, rows as the result array. */
  | { style: 'offset-limit'; offset: string; limit: string; max: number }
  /** Page numbers: `page` (from 1) and `size` in the request, rows at `items`, the total at `total` in the answer. */
  | { style: 'page'; page: string; size: string; max: number; items: string; total: string };

export interface MethodEntry<P extends Params = Params, R extends z.ZodType = z.ZodType> {
  /** Set by defineSection from the key: the English library name, e.g. getUserParticipationStatus. */
  name: string;
  /** Set by defineSection: the section id, e.g. 'calendar-events'. */
  section: string;
  /** Set by defineSection: the section's title. */
  sectionTitle: Text;
  service: ServiceName;
  /** The name OpenIntegrations (oint) users know, e.g. ПолучитьСтатусУчастияПользователя. */
  ruName: string;
  /** The service's own method: 'calendar.meeting.status.get', 'task.changeWorkers', 'GET /GetEmployee'. */
  remote: string;
  summary: Text;
  params: P;
  /** The shape of the method's result (for Bitrix24 the `result` field of the answer). */
  result: R;
  access: 'read' | 'write';
  /**
   * A write that removes or discards data (delete, remove, trash…). Derived from the names by
   * core/policy.ts (effectOf); set it only where a name misleads (true or false).
   */
  destructive?: boolean;
  paging?: PagingSpec;
  /** The official documentation page of the method. */
  docs: string;
  /**
   * Escape hatch for methods whose wire parameters are not a plain renaming of the input
   * (e.g. oint's ИзменитьСтатусПользователя → user.update with ACTIVE). Receives parsed input.
   */
  toWire?: (input: Record<string, unknown>) => Record<string, unknown>;
  /**
   * Rules across parameters (exactly one of …, … goes with …, a start not after its end), checked
   * after the schema, before any request. Messages name other parameters through `nameOf`, so
   * the library says `orgId` and the CLI `--org`.
   */
  check?: (input: Record<string, unknown>, nameOf: (key: string) => string) => ValidationIssue[];
  /**
   * The entry reads or writes files on the machine that runs it by path (a file's content given as
   * a path). Uploads and downloads (`transfer`) and the chat-file flow are such entries without
   * saying so. Front ends serving remote callers (the gateway, the MCP server) do not offer them:
   * a caller must not read or write the server's own files (see core/policy.ts).
   */
  localFiles?: true;
  /** Example input for the docs, the help and the tour. */
  example?: Record<string, unknown>;
  /**
   * An entry that makes no request (oint's "structure" functions): its answer is the template of
   * this schema — another entry's input or one of its parameters — built by core/template.ts.
   * `remote` then names the method whose input it describes. Its parameters are templateParams.
   */
  template?: z.ZodType;
  /**
   * An entry that makes no request and answers from its own input (oint's block builders,
   * ПолучитьБлокКартинки): the value it builds is the answer's result. `remote` names the method
   * whose input the value is part of.
   */
  build?: (input: Record<string, unknown>) => unknown;
  /**
   * An entry carried out by a sequence of requests that the service's client knows by this name
   * (sending a file to a chat: its folder, the upload, the commit). `remote` is the last step.
   */
  flow?: string;
  /**
   * The answer's result reshaped after the call, for an entry whose answer is a view of the
   * method's (oint's filter structure built from a *.getFields answer). Gets the parsed input.
   */
  reshape?: (result: unknown, input: Record<string, unknown>) => unknown;
  /**
   * Bytes travel with this method. `upload`: the parameter `param` holds a file (a path, or bytes
   * in the library) that the service's client sends in the request when small and through the
   * service's upload address when large, streamed from disk. `download`: the answer names a file
   * whose bytes the client streams to CallOptions.to (the CLI: --out, atomically, or stdout).
   */
  transfer?: { kind: 'upload'; param: string } | { kind: 'download' };
}

/** Whether an entry answers without any request, so without a connection. */
/** Whether an entry touches the local file system by path (localFiles, a transfer, the chat-file flow). */
export const touchesLocalFiles = (entry: AnyEntry): boolean => entry.localFiles === true || entry.transfer !== undefined || entry.flow === 'chat-file';

export const isOffline = (entry: AnyEntry): boolean => entry.template !== undefined || entry.build !== undefined;

export type AnyEntry = MethodEntry<Params, z.ZodType>;

export interface SectionInfo {
  id: string;
  title: Text;
}

type EntryInit<P extends Params, R extends z.ZodType> = Omit<MethodEntry<P, R>, 'name' | 'section' | 'sectionTitle' | 'service'>;

/**
 * Declares one section of a service's catalogue. Keys are the English method names; the entry
 * gets its name, section and service from here, so they are never written twice.
 */
export function defineSection<const M extends Record<string, EntryInit<Params, z.ZodType>>>(
  service: ServiceName,
  section: SectionInfo,
  methods: M,
): { [K in keyof M]: M[K] extends EntryInit<infer P, infer R> ? MethodEntry<P, R> : never } {
  const out: Record<string, AnyEntry> = {};
  for (const [name, init] of Object.entries(methods)) {
    out[name] = { ...init, name, section: section.id, sectionTitle: section.title, service } as AnyEntry;
  }
  return out as never;
}

type ObjectOf<P extends Params> = z.ZodObject<{ [K in keyof P]: P[K]['schema'] }>;
export type InputOf<E> = E extends MethodEntry<infer P, z.ZodType> ? z.input<ObjectOf<P>> : never;
export type WireInputOf<E> = E extends MethodEntry<infer P, z.ZodType> ? z.output<ObjectOf<P>> : never;
export type ResultOf<E> = E extends MethodEntry<Params, infer R> ? z.output<R> : never;

/** The typed function of an entry resolving to `Out`; the input is optional when nothing in it is required. */
export type CatalogueFunction<E, Out> = Record<never, never> extends InputOf<E>
  ? (input?: InputOf<E>, options?: CallOptions) => Promise<Out>
  : (input: InputOf<E>, options?: CallOptions) => Promise<Out>;

/** The sections of a catalogue, in the order their first entries appear. */
export function sectionsOf(entries: Iterable<AnyEntry>): SectionInfo[] {
  const seen = new Map<string, SectionInfo>();
  for (const entry of entries) if (!seen.has(entry.section)) seen.set(entry.section, { id: entry.section, title: entry.sectionTitle });
  return [...seen.values()];
}

/** Turns camelCase into kebab-case: getUserParticipationStatus → get-user-participation-status. */
export function kebabCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase();
}

/** The CLI command name of an entry. */
export const commandName = (entry: AnyEntry): string => kebabCase(entry.name);

const schemaCache = new WeakMap<AnyEntry, z.ZodType>();

/** The whole input schema of an entry (strict: unknown parameters are an error). */
export function inputSchema(entry: AnyEntry): z.ZodType {
  let schema = schemaCache.get(entry);
  if (!schema) {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, spec] of Object.entries(entry.params)) shape[key] = spec.schema;
    schema = z.strictObject(shape);
    schemaCache.set(entry, schema);
  }
  return schema;
}

export interface ParseOptions {
  /** How a parameter is named inside messages: its key in the library (default), its option in the CLI. */
  nameOf?: (key: string) => string;
}

/**
 * Validates input before any request; throws ValidationError naming each parameter at fault, in
 * our words (schemas' own messages, else one translation of zod's issues).
 */
export function parseInput(entry: AnyEntry, input: unknown, options: ParseOptions = {}): Record<string, unknown> {
  const nameOf = options.nameOf ?? ((key: string) => key);
  if (input !== undefined && input !== null && (typeof input !== 'object' || Array.isArray(input))) {
    throw new ValidationError([{ path: '', message: `expected the parameters as an object, not ${Array.isArray(input) ? 'a list' : typeof input}` }], entry.name);
  }
  const result = inputSchema(entry).safeParse(input ?? {}, { error: ourWords });
  if (result.success) {
    const parsed = result.data as Record<string, unknown>;
    const issues = entry.check?.(parsed, nameOf) ?? [];
    if (issues.length > 0) throw new ValidationError(issues, entry.name);
    return parsed;
  }
  const issues = result.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      // At the top level the known keys are the method's parameters; inside an object, its fields.
      const known = issue.path.length === 0 ? `: expected one of ${Object.keys(entry.params).map(nameOf).join(', ') || 'none'}` : '';
      return issue.keys.map((key) => ({
        path: [...issue.path, key].join('.'),
        message: `${issue.path.length === 0 ? 'unknown parameter' : 'unknown field'}${known}`,
      }));
    }
    return [{ path: issue.path.map(String).join('.'), message: issue.message }];
  });
  throw new ValidationError(issues, entry.name);
}

/**
 * Maps parsed input to wire parameters by the entries' `wire`/`spread` declarations. Paths with
 * `separator` (Planfix element paths) become nested objects.
 */
export function toWireParams(entry: AnyEntry, parsed: Record<string, unknown>, separator?: string): Record<string, unknown> {
  if (entry.toWire) return entry.toWire(parsed);
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(entry.params)) {
    const value = parsed[key];
    if (value === undefined) continue;
    if (spec.spread) {
      Object.assign(out, value as Record<string, unknown>);
      continue;
    }
    const path = separator ? (spec.wire ?? key).split(separator) : [spec.wire ?? key];
    let target = out;
    for (const part of path.slice(0, -1)) {
      const next = target[part];
      if (typeof next !== 'object' || next === null) target[part] = {};
      target = target[part] as Record<string, unknown>;
    }
    target[path[path.length - 1]!] = value;
  }
  return out;
}

/** Whether a parameter must be given (its schema does not accept undefined). */
export function isRequired(spec: ParamSpec): boolean {
  return !spec.schema.safeParse(undefined).success;
}

/** The input examples call the method with (docs, OpenAPI): the entry's example, else the required parameters' examples. */
export function exampleInput(entry: AnyEntry): Record<string, unknown> {
  if (entry.example) return entry.example;
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(entry.params)) if (isRequired(spec) && spec.example !== undefined) out[key] = spec.example;
  return out;
}

/** Connection settings of a service, as the CLI and the profiles know them. */
export interface ConnectionOption {
  /** Key in the client's connection values, e.g. 'url'. */
  key: string;
  cli: string;
  short?: string;
  /** The short form when a method's own parameter holds `short` (oint: Bitrix24's token is -k then). */
  shortWhenTaken?: string;
  /** Environment variable, e.g. UZEL_BITRIX24_URL. */
  env: string;
  secret: boolean;
  description: Text;
}

/**
 * A connection setting kept only in profiles (an OAuth application's secret, a refresh token):
 * neither a command option nor an environment variable, because a refresh rotates it and the new
 * value must be written back where it came from.
 */
export type StoredSetting = Pick<ConnectionOption, 'key' | 'cli' | 'secret' | 'description'>;

/**
 * A service before its catalogue is loaded: how to connect, and the index that finds a method and
 * loads only its section (the CLI's path for one call: no other section's schemas are built).
 */
export interface ServiceBase {
  id: ServiceName;
  title: Text;
  index: CatalogueIndex;
  connection: ConnectionOption[];
  stored?: StoredSetting[];
  /** The answer of an entry that makes no request (isOffline), from its parsed input; needs no connection. */
  answerOffline?(entry: AnyEntry, parsed: Record<string, unknown>): unknown;
  /** Builds a client from connection values (from options, environment or a profile). */
  connect(values: Record<string, string | undefined>, options?: ConnectOptions): CatalogueClient;
}

/** What a front end (CLI, docs, later MCP) needs to know of a service: the base and the whole catalogue. */
export interface ServiceDefinition extends ServiceBase {
  sections: SectionInfo[];
  methods: AnyEntry[];
  /**
   * The whole answer of invoke() around an entry's `result`, when the client returns more than the
   * result (Bitrix24: `{ result, time, total, next }`): where the result sits, and the answer's
   * schema for a result schema (the gateway's OpenAPI document, the MCP tools' output schemas).
   * The answer is the result itself when absent.
   */
  answer?: { resultKey: string; schema: (result: z.ZodType) => z.ZodType };
}

export interface ConnectOptions {
  /** Called with each request and its timing, secrets already masked (the CLI's --debug). */
  onDebug?: (line: string) => void;
  /** Receives connection values the client changed (rotated OAuth tokens), to store where they came from. */
  onValues?: (values: Record<string, string>) => void | Promise<void>;
  /**
   * Receives credentials the client met inside answers (links the service made for the caller
   * carry one, such as a Drive file's DOWNLOAD_URL), to be masked from then on.
   */
  onSecrets?: (values: string[]) => void;
  /**
   * The service's request limit as the account has it: a preset's name (Bitrix24: "standard",
   * "enterprise") or the bucket's numbers; the client's default when absent. A client shared by
   * many callers (the HTTP gateway) keeps the whole account under it.
   */
  rateLimit?: string | { capacity: number; drainPerSecond: number };
  /** The HTTP transport (default: Node's fetch); the CLI gives core/node-fetch.ts's. */
  fetch?: FetchLike;
}

/** The generic face of every service client, for front ends that walk the catalogue. */
export interface CatalogueClient {
  /** Calls one catalogue method; resolves to the service's answer as a JSON-able value. */
  invoke(entry: AnyEntry, input: unknown, options?: CallOptions): Promise<unknown>;
  /** Walks every row of a list method. */
  iterate(entry: AnyEntry, input: unknown, options?: IterateOptions): AsyncIterable<unknown>;
  /** Whether iterate() hands out checkpoints for this list and resumes from them. */
  canResume?(entry: AnyEntry): boolean;
  /** Releases what the client holds (timers, sessions); optional. */
  close?(): Promise<void>;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * Methods that download (entry.transfer.kind 'download'): where the bytes go — a file path
   * (written atomically: a temp file renamed at the end) or a writable stream (left open).
   */
  to?: string | NodeJS.WritableStream;
}

/** Options of a whole-list walk; clients that cannot resume ignore the checkpoint ones. */
export interface IterateOptions extends CallOptions {
  /**
   * Rows handed over so far and, when the client knows it, the share of the list they cover
   * (0..1), for progress and an estimate of the time left.
   */
  onProgress?: (rows: number, share?: number) => void;
  /** Called after every batch of rows handed over with the state to resume from (plain JSON). */
  onCheckpoint?: (state: unknown) => void | Promise<void>;
  /** A state from onCheckpoint of an earlier walk of the same list with the same input. */
  resume?: unknown;
}

/** Builds the typed functions of a catalogue over a client's generic invoke. */
export function bindMethods(
  client: Pick<CatalogueClient, 'invoke'>,
  catalogue: Record<string, AnyEntry>,
): Record<string, (input?: unknown, options?: CallOptions) => Promise<unknown>> {
  const out: Record<string, (input?: unknown, options?: CallOptions) => Promise<unknown>> = {};
  for (const [name, entry] of Object.entries(catalogue)) {
    out[name] = (input, options) => client.invoke(entry, input, options);
  }
  return out;
}
