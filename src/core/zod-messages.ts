// Zod's issues in our words: one translation for every schema that has no message of its own.
// Schemas with our own texts (core/values.ts, the services' schemas) keep theirs; this covers the
// rest, so no user ever reads "Too small: expected number to be >0", a regular expression, 2^53−1
// or a bare "Invalid input".
import type { z } from 'zod';

type RawIssue = Parameters<z.core.$ZodErrorMap>[0] & {
  input?: unknown;
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  exact?: boolean;
  format?: string;
  values?: unknown[];
  divisor?: number;
  keys?: string[];
  /** invalid_union: the issues of each form, already in our words. */
  errors?: { code?: string; path: PropertyKey[]; message: string }[][];
};

/** What a value is, in words ("a number", "a list", "true"), to say what was given. */
export function kindOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : 'a Date';
  switch (typeof value) {
    case 'string':
      return value === '' ? 'an empty text' : 'text';
    case 'number':
      return Number.isFinite(value) ? 'a number' : 'a number that is not finite';
    case 'boolean':
      return String(value);
    case 'bigint':
      return 'a bigint';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

const expectedWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  bigint: 'a whole number',
  date: 'a date',
  array: 'a list',
  tuple: 'a list',
  object: 'an object (JSON)',
  record: 'an object (JSON)',
  map: 'an object (JSON)',
  null: 'null',
  never: 'nothing here',
};

const formatWords: Record<string, string> = {
  email: 'an e-mail address',
  url: 'a URL',
  uuid: 'a GUID such as 6dc8c481-7cec-4675-8fd3-711cbe752eaa',
  guid: 'a GUID such as 6dc8c481-7cec-4675-8fd3-711cbe752eaa',
  base64: 'Base64 text',
  base64url: 'Base64url text',
  datetime: 'an ISO 8601 date-time',
  date: 'a date as YYYY-MM-DD',
  time: 'a time as hh:mm[:ss]',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
};

const safeLimit = (n: number | bigint) => Number(n) >= Number.MAX_SAFE_INTEGER || Number(n) <= Number.MIN_SAFE_INTEGER;

function bound(issue: RawIssue, small: boolean): string {
  const limit = (small ? issue.minimum : issue.maximum) ?? 0;
  const inclusive = issue.inclusive !== false;
  const origin = issue.origin ?? 'number';
  if (origin === 'string') {
    if (small && Number(limit) === 1 && inclusive) return 'cannot be empty';
    return issue.exact ? `expected exactly ${limit} characters` : `expected ${small ? 'at least' : 'at most'} ${limit} characters`;
  }
  if (origin === 'array' || origin === 'set') {
    if (small && Number(limit) === 1 && inclusive) return 'expected a list of at least one item';
    return issue.exact ? `expected exactly ${limit} items` : `expected ${small ? 'at least' : 'at most'} ${limit} items`;
  }
  if (origin === 'date') return `expected a date ${small ? 'from' : 'up to'} ${String(limit)}`;
  const whole = origin === 'int' || origin === 'bigint' ? 'a whole number' : 'a number';
  // zod's integer check bounds at 2^53−1: say what that means instead of the figure.
  if (safeLimit(limit)) return `expected ${whole} small enough to be exact (within 2^53)`;
  if (small) return Number(limit) === 0 && !inclusive ? `expected ${whole} greater than 0` : `expected ${whole} ${inclusive ? 'of at least' : 'greater than'} ${limit}`;
  return `expected ${whole} ${inclusive ? 'of at most' : 'less than'} ${limit}`;
}

const listOf = (values: unknown[]) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');

type Def = { type?: string; options?: unknown[]; entries?: Record<string, unknown>; values?: unknown[]; in?: unknown; innerType?: unknown; element?: unknown };
const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;

/** The accepted forms of a schema in words, for a union's message; undefined when unknown. */
export function describeSchema(schema: unknown): string | undefined {
  const def = defOf(schema);
  if (!def) return undefined;
  switch (def.type) {
    case 'union': {
      const parts = (def.options ?? []).map(describeSchema);
      if (parts.some((p) => p === undefined)) return undefined;
      const unique = [...new Set(parts)];
      return unique.length > 1 ? `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}` : unique[0];
    }
    case 'enum':
      return `one of ${listOf(Object.values(def.entries ?? {}))}`;
    case 'literal':
      return listOf(def.values ?? []);
    case 'pipe':
      return describeSchema(def.in);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return describeSchema(def.innerType);
    default:
      return def.type ? expectedWords[def.type] : undefined;
  }
}

/** The message of an issue no schema worded. */
export function issueInOurWords(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = expectedWords[issue.expected ?? ''] ?? issue.expected ?? 'another kind of value';
      if (issue.input === undefined) return `required: expected ${expected}`;
      if (issue.expected === 'number' && typeof issue.input === 'number') return 'expected a finite number';
      // Text is what a command line always gives: say what is expected, not "not text".
      return typeof issue.input === 'string' ? `expected ${expected}` : `expected ${expected}, not ${kindOfValue(issue.input)}`;
    }
    case 'too_small':
      return bound(issue, true);
    case 'too_big':
      return bound(issue, false);
    case 'invalid_format':
      return `expected ${formatWords[issue.format ?? ''] ?? 'text in the documented format (see the help)'}`;
    case 'not_multiple_of':
      return `expected a multiple of ${issue.divisor}`;
    case 'invalid_value': {
      const values = issue.values ?? [];
      return values.length === 1 ? `expected ${listOf(values)}` : `expected one of: ${listOf(values)}`;
    }
    case 'invalid_union': {
      // One form fits the kind of value given and fails deeper (a field of an object): its issues
      // say what is wrong, where "expected text or an object, not an object" would contradict.
      const branches = (issue.errors ?? []).filter((b) => b.some((i) => i.path.length > 0));
      if (branches.length === 1) return branches[0]!.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
      const forms = describeSchema((issue as { inst?: unknown }).inst) ?? 'another form of value (see the help)';
      if (issue.input === undefined) return `required: expected ${forms}`;
      // Text that fits no form is still text: say what is expected, not "not text".
      return typeof issue.input === 'string' ? `expected ${forms}` : `expected ${forms}, not ${kindOfValue(issue.input)}`;
    }
    case 'invalid_key':
      return 'has a key that is not allowed';
    case 'invalid_element':
      return 'has an item that is not allowed';
    case 'unrecognized_keys':
      return `unknown field${(issue.keys?.length ?? 0) > 1 ? 's' : ''}: ${(issue.keys ?? []).join(', ')}`;
    default:
      return 'this value is not accepted (see the help)';
  }
}

/** Zod's per-parse error map: our words for every issue a schema left unworded. */
export const ourWords: z.core.$ZodErrorMap = (issue) => issueInOurWords(issue as RawIssue);
