// JSON with exact big integers. Diadoc timestamps are .NET ticks (about 6.4e17), past 2^53, so
// plain JSON.parse / JSON.stringify would round them. Integers outside the safe range are read as
// bigint, and bigint values are written as bare integer literals.

export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

export class JsonSyntaxError extends Error {}

/** Serialises like JSON.stringify (compact), writing bigint as an exact integer; undefined members are skipped. */
export function stringifyJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item) => (item === undefined ? 'null' : stringifyJson(item))).join(',')}]`;
      }
      const parts: string[] = [];
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (item === undefined || typeof item === 'function') continue;
        parts.push(`${JSON.stringify(key)}:${stringifyJson(item)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return 'null';
  }
}

/** Parses JSON text; integers beyond Number.MAX_SAFE_INTEGER come back as bigint. */
export function parseJson(text: string): JsonValue {
  const parser = new Parser(text);
  parser.skipSpace();
  const value = parser.value();
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail('unexpected text after the JSON value');
  return value;
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(message: string): never {
    throw new JsonSyntaxError(`${message} at position ${this.pos}`);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos] as string)) this.pos += 1;
  }

  value(): JsonValue {
    const ch = this.text[this.pos];
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return this.string();
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.number();
    if (this.text.startsWith('true', this.pos)) return this.literal('true', true);
    if (this.text.startsWith('false', this.pos)) return this.literal('false', false);
    if (this.text.startsWith('null', this.pos)) return this.literal('null', null);
    return this.fail(ch === undefined ? 'unexpected end of JSON' : `unexpected character ${JSON.stringify(ch)}`);
  }

  private literal<T extends JsonValue>(word: string, value: T): T {
    this.pos += word.length;
    return value;
  }

  private object(): { [key: string]: JsonValue } {
    const result: { [key: string]: JsonValue } = {};
    this.pos += 1;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos += 1;
      return result;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('expected a property name');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail('expected ":"');
      this.pos += 1;
      this.skipSpace();
      // defineProperty: a "__proto__" key must stay an ordinary member.
      Object.defineProperty(result, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const next = this.text[this.pos];
      this.pos += 1;
      if (next === '}') return result;
      if (next !== ',') this.fail('expected "," or "}"');
    }
  }

  private array(): JsonValue[] {
    const result: JsonValue[] = [];
    this.pos += 1;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos += 1;
      return result;
    }
    for (;;) {
      this.skipSpace();
      result.push(this.value());
      this.skipSpace();
      const next = this.text[this.pos];
      this.pos += 1;
      if (next === ']') return result;
      if (next !== ',') this.fail('expected "," or "]"');
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos += 1;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (ch === '"') {
        this.pos += 1;
        // JSON.parse of the exact slice handles every escape correctly.
        return JSON.parse(this.text.slice(start, this.pos)) as string;
      }
      if (ch === '\\') this.pos += 1;
      else if (ch !== undefined && ch < ' ') this.fail('control character in a string');
      this.pos += 1;
    }
    return this.fail('unterminated string');
  }

  private number(): number | bigint {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!match) return this.fail('malformed number');
    const literal = match[0];
    this.pos += literal.length;
    if (match[2] === undefined && match[3] === undefined) {
      const big = BigInt(literal);
      if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) return big;
    }
    return Number(literal);
  }
}
