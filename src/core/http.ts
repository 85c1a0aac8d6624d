// The HTTP transport under every client: Node's own fetch, a timeout per request, and failures
// with no answer turned into ConnectionError / TimeoutError with the address redacted. Large
// bodies go both ways as streams (a file being uploaded, a file being downloaded): never held
// whole, with a timeout on silence rather than on the whole transfer.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { ConfigurationError, ConnectionError, TimeoutError } from './errors.js';
import { redactUrl } from './redact.js';

/** What the transport reads of an answer: Node's Response has it, and so does core/node-fetch.ts's. */
export interface FetchResponse {
  status: number;
  headers: { forEach(callback: (value: string, key: string) => void): void };
  text(): Promise<string>;
  /** The answer's bytes as they arrive; a transport that carries text only has none (textOnly). */
  body?: ReadableStream<Uint8Array> | null;
}

/**
 * The HTTP transport. One that carries text only (core/node-fetch.ts: text bodies, answers read
 * whole) says so with `textOnly`; streamed uploads and downloads then go through Node's fetch.
 */
export type FetchLike = ((input: string, init: RequestInit) => Promise<FetchResponse>) & { textOnly?: boolean };

/** A body sent as it is read (a file's bytes); its chunks are never gathered. */
export type StreamBody = AsyncIterable<Uint8Array>;

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /**
   * Text, or a stream. With a string `timeoutMs` bounds the whole exchange; with a stream (and for
   * openStream's answers) it bounds each silence: no chunk sent or received for that long.
   */
  body?: string | StreamBody;
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

export function headersToRecord(headers: FetchResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

/** A timeout that starts again on every sign of life (touch); its signal aborts after a silence. */
class IdleTimeout {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly signal = this.controller.signal;

  constructor(private readonly ms: number) {
    this.touch();
  }

  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(new Error('idle timeout')), this.ms);
    this.timer.unref?.();
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/** A stream body that touches the idle timeout with every chunk it gives. */
async function* touching(body: StreamBody, idle: IdleTimeout): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) {
    idle.touch();
    yield chunk;
  }
}

interface Exchange {
  response: FetchResponse;
  /** Whether our timeout (not the caller's signal) ended it. */
  timedOut: () => boolean;
  idle: IdleTimeout | undefined;
}

/** Sends a request and waits for the answer's head; failures with no answer become our errors. */
async function exchange(request: HttpRequest, fetchImpl: FetchLike, secrets: Iterable<string> | undefined, streamed: boolean): Promise<Exchange> {
  const idle = streamed || typeof request.body === 'object' ? new IdleTimeout(request.timeoutMs) : undefined;
  const timeout = idle ? idle.signal : AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const shown = () => redactUrl(request.url, secrets);
  const body = request.body === undefined || typeof request.body === 'string' ? request.body : touching(request.body, idle!);
  let response: FetchResponse;
  // Streams need a transport that carries them.
  const transport: FetchLike = fetchImpl.textOnly && (streamed || typeof body === 'object') ? fetch : fetchImpl;
  try {
    response = await transport(request.url, {
      method: request.method,
      headers: request.headers,
      body: body as RequestInit['body'],
      signal,
      redirect: 'manual',
      // A stream body is sent as it is read (fetch requires saying so).
      ...(typeof body === 'object' ? { duplex: 'half' } : {}),
    } as RequestInit);
  } catch (error) {
    idle?.clear();
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
  return { response, timedOut: () => timeout.aborted, idle };
}

/** The error of an answer that broke off while it was read. */
function brokenAnswer(error: unknown, exchanged: Exchange, request: HttpRequest, secrets: Iterable<string> | undefined): Error {
  const shown = redactUrl(request.url, secrets);
  if (exchanged.timedOut()) {
    const how = exchanged.idle ? `stopped for more than ${request.timeoutMs} ms` : `did not finish within ${request.timeoutMs} ms`;
    return new TimeoutError(`the answer from ${shown} ${how}`, 'maybe', 'TIMEOUT');
  }
  return new ConnectionError(`the connection to ${shown} broke while reading the answer: ${causeCode(error) ?? (error as Error).message}`, 'maybe', causeCode(error));
}

export async function send(
  request: HttpRequest,
  fetchImpl: FetchLike = fetch,
  secrets?: Iterable<string>,
): Promise<HttpResponse> {
  // Node's fetch reads a stream body ahead of the socket (a 1 GB upload would sit in memory):
  // with the default fetch, a stream body goes through node:http, which waits for the socket.
  if (typeof request.body === 'object' && fetchImpl === fetch) return sendStreamBody(request, request.body, secrets);
  const exchanged = await exchange(request, fetchImpl, secrets, false);
  let text: string;
  try {
    text = await exchanged.response.text();
  } catch (error) {
    if (request.signal?.aborted && !exchanged.timedOut()) throw error;
    throw brokenAnswer(error, exchanged, request, secrets);
  } finally {
    exchanged.idle?.clear();
  }
  return { status: exchanged.response.status, headers: headersToRecord(exchanged.response.headers), text };
}

/** A request whose body is a stream, sent through node:http(s) with the socket's backpressure. */
function sendStreamBody(request: HttpRequest, body: StreamBody, secrets: Iterable<string> | undefined): Promise<HttpResponse> {
  const shown = () => redactUrl(request.url, secrets);
  const idle = new IdleTimeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, idle.signal]) : idle.signal;
  const url = new URL(request.url);
  const transport = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<HttpResponse>((resolve, reject) => {
    let answered = false;
    const fail = (error: unknown) => {
      idle.clear();
      if (idle.signal.aborted) {
        reject(new TimeoutError(`${answered ? 'the answer from' : 'no answer from'} ${shown()}: nothing moved for ${request.timeoutMs} ms`, 'maybe', 'TIMEOUT'));
      } else if (request.signal?.aborted) {
        reject(request.signal.reason);
      } else {
        const code = causeCode(error);
        const reached = code && notReachedCodes.has(code) ? 'no' : 'maybe';
        reject(new ConnectionError(`cannot reach ${shown()}: ${code ?? (error as Error).message}`, reached, code));
      }
    };
    const req = transport(url, { method: request.method, headers: request.headers, signal }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        idle.touch();
        chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        idle.clear();
        const headers: Record<string, string> = {};
        for (const [key, value] of Object.entries(res.headers)) if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
        resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', fail);
    void (async () => {
      try {
        for await (const chunk of body) {
          // Aborted or broken while the next chunk was read: leave, which closes the source.
          if (req.destroyed) return;
          idle.touch();
          if (!req.write(chunk)) await new Promise<void>((done) => {
            if (req.destroyed) return done();
            const go = () => {
              req.off('drain', go);
              req.off('close', go);
              done();
            };
            req.on('drain', go);
            req.on('close', go);
          });
          if (req.destroyed) return;
        }
        req.end();
      } catch (error) {
        req.destroy(error as Error);
      }
    })();
  });
}

export interface HttpStreamResponse {
  status: number;
  headers: Record<string, string>;
  /**
   * The body as it arrives (empty for an answer without one). A silence longer than `timeoutMs`
   * or a broken connection makes it fail with TimeoutError / ConnectionError.
   */
  body: Readable;
}

/** Sends a request and hands back its answer's body as a stream, for answers too large to hold (downloads). */
export async function openStream(request: HttpRequest, fetchImpl: FetchLike = fetch, secrets?: Iterable<string>): Promise<HttpStreamResponse> {
  const exchanged = await exchange(request, fetchImpl, secrets, true);
  const { response, idle } = exchanged;
  const source = response.body;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (!source) return;
    const reader = source.getReader();
    try {
      for (;;) {
        let next: Awaited<ReturnType<typeof reader.read>>;
        try {
          next = await reader.read();
        } catch (error) {
          if (request.signal?.aborted && !exchanged.timedOut()) throw error;
          throw brokenAnswer(error, exchanged, request, secrets);
        }
        if (next.done) return;
        idle?.touch();
        yield next.value;
      }
    } finally {
      idle?.clear();
      reader.releaseLock();
      // A reader that stopped early (an error on our side) frees the connection.
      await source.cancel().catch(() => undefined);
    }
  }
  return { status: response.status, headers: headersToRecord(response.headers), body: Readable.from(chunks(), { objectMode: false }) };
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
