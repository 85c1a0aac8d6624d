// The HTTP transport under every client: Node's own fetch, a timeout per request, and failures
// with no answer turned into ConnectionError / TimeoutError with the address redacted.
import { ConfigurationError, ConnectionError, TimeoutError } from './errors.js';
import { redactUrl } from './redact.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Text, or a stream of bytes sent as they come (a file upload). */
  body?: string | ReadableStream<Uint8Array>;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text (all three services answer text: JSON, XML, plain). */
  text: string;
}

// Errors that prove the request never left this machine or was never accepted.
const notReachedCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID']);

function causeCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    // Connection attempts to several addresses fail as an AggregateError.
    const errors = (e as { errors?: unknown }).errors;
    e = (e as { cause?: unknown }).cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return undefined;
}

export function headersToRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

export async function send(
  request: HttpRequest,
  fetchImpl: FetchLike = fetch,
  secrets?: Iterable<string>,
): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const shown = () => redactUrl(request.url, secrets);
  let response: Response;
  try {
    response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
      redirect: 'manual',
      // Node's fetch sends a stream only half-duplex.
      ...(typeof request.body === 'object' ? { duplex: 'half' } : {}),
    } as RequestInit);
  } catch (error) {
    if (timeout.aborted) {
      throw new TimeoutError(`no answer from ${shown()} within ${request.timeoutMs} ms`, 'maybe', 'TIMEOUT');
    }
    if (request.signal?.aborted) throw error;
    const code = causeCode(error);
    const reached = code && notReachedCodes.has(code) ? 'no' : 'maybe';
    const hint = code?.includes('CERT') || code?.includes('SELF_SIGNED')
      ? ' (for a sandbox started with --tls, trust its certificate: NODE_EXTRA_CA_CERTS=<cert path>)'
      : '';
    const detail = code ?? ((error as { cause?: Error }).cause?.message || (error as Error).message);
    throw new ConnectionError(`cannot reach ${shown()}: ${detail}${hint}`, reached, code);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (timeout.aborted) {
      throw new TimeoutError(`the answer from ${shown()} did not finish within ${request.timeoutMs} ms`, 'maybe', 'TIMEOUT');
    }
    throw new ConnectionError(`the connection to ${shown()} broke while reading the answer: ${causeCode(error) ?? (error as Error).message}`, 'maybe', causeCode(error));
  }
  return { status: response.status, headers: headersToRecord(response.headers), text };
}

const loopbackHosts = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return loopbackHosts.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname.endsWith('.localhost');
}

/**
 * Secrets travel over HTTPS only; plain HTTP is allowed for loopback addresses (a local sandbox).
 * Returns the parsed URL.
 */
export function requireSecureUrl(url: string, what: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The value is not echoed: a malformed "URL" is often a token or key given in the wrong place.
    throw new ConfigurationError(`${what} is not a valid URL (${url.length} characters; expected https://host/…)`);
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return parsed;
  if (parsed.protocol === 'http:') {
    throw new ConfigurationError(
      `${what} uses plain http:// for ${parsed.hostname}; credentials are only sent over https:// (plain http is allowed for loopback sandboxes only)`,
    );
  }
  throw new ConfigurationError(`${what} must be an https:// address, got ${parsed.protocol}`);
}
