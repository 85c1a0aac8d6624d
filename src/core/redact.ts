// Secret redaction. Every error message, debug line and `toString()` passes through here, so a
// webhook code, token, password or key can never reach the user's terminal or logs.

const mask = '***';

// Secrets recognisable by their place, whoever registered them.
const patterns: [RegExp, string][] = [
  // Bitrix24 webhook: /rest/<user>/<code>/
  [/(\/rest\/\d+\/)[^/?#\s"']+/g, `$1${mask}`],
  // name=value secrets in query strings, form bodies and DiadocAuth headers
  [
    /\b(auth|access_token|refresh_token|client_secret|code|token|password|ddauth_token|sid|signature|apikey|api_key)=([^&\s,"']+)/gi,
    `$1=${mask}`,
  ],
  // "name": "value" secrets in JSON
  [
    /("(?:auth|access_token|refresh_token|client_secret|token|password|sid|signature|apiKey|api_key|Password)"\s*:\s*")([^"]*)(")/g,
    `$1${mask}$3`,
  ],
  // <sid>…</sid>, <signature>…</signature>, <password>…</password> in XML
  [/(<(sid|signature|password)>)([^<]*)(<\/\2>)/g, `$1${mask}$4`],
  // Authorization headers
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${mask}`],
];

/** Masks well-known secret shapes and any of the given literal secrets inside a text. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = maskLiterals(text, secrets);
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Masks only the given literal secrets (not the shapes `redact` knows): for data passed on whole,
 * such as an answer's fields, where "code=…" may be a value of the user's own.
 */
export function maskLiterals(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would mask ordinary words; real secrets are longer.
    if (secret && secret.length >= 4) out = out.split(secret).join(mask);
  }
  return out;
}

/** Keeps the literal secrets one client knows (its tokens change over time, e.g. on refresh). */
export class SecretSet implements Iterable<string> {
  private readonly values = new Set<string>();

  add(...values: (string | undefined | null)[]): void {
    for (const v of values) if (v) this.values.add(v);
  }

  has(value: string): boolean {
    return this.values.has(value);
  }

  redact(text: string): string {
    return redact(text, this.values);
  }

  [Symbol.iterator](): Iterator<string> {
    return this.values[Symbol.iterator]();
  }
}

/** Masks a URL for display: secrets in the path and the query, and any user:password part. */
export function redactUrl(url: string, secrets?: Iterable<string>): string {
  let out = url;
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = u.username ? mask : '';
      u.password = u.password ? mask : '';
      out = u.toString();
    }
  } catch {
    // not a URL: redact as plain text
  }
  return redact(out, secrets);
}
