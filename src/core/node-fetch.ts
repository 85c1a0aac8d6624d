// A fetch over node:http and node:https, for short-lived processes (the CLI). Node's own fetch
// loads its HTTP engine (undici) on first use, which costs a one-call process more CPU than the
// call itself (measured in bench/cli-startup.ts). It does what core/http.ts's send() needs and no
// more: method, headers, a text body, an abort signal, no redirects followed, the answer as text.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FetchLike, FetchResponse } from './http.js';

function answerOf(message: IncomingMessage): FetchResponse {
  const body = new Promise<string>((resolve, reject) => {
    // Decoded chunk by chunk: a long answer never sits whole in a Buffer beside its text.
    message.setEncoding('utf8');
    let text = '';
    message.on('data', (chunk: string) => (text += chunk));
    message.on('end', () => resolve(text));
    message.on('error', reject);
    // A connection closed before the end of the body is an error, as fetch's text() makes it.
    message.on('close', () => {
      if (!message.complete) reject(Object.assign(new Error('the connection closed before the answer ended'), { code: 'ECONNRESET' }));
    });
  });
  body.catch(() => {}); // read or not, a broken body must not become an unhandled rejection
  return {
    status: message.statusCode ?? 0,
    headers: {
      forEach(callback) {
        for (const [key, value] of Object.entries(message.headers)) {
          if (value !== undefined) callback(Array.isArray(value) ? value.join(', ') : value, key);
        }
      },
    },
    text: () => body,
  };
}

// Not through `new Headers()`: that class is undici's too.
function headerRecord(given: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!given) return out;
  if (Array.isArray(given)) for (const [key, value] of given) out[key!.toLowerCase()] = value!;
  else if (typeof (given as Headers).forEach === 'function') (given as Headers).forEach((value, key) => (out[key] = value));
  else for (const [key, value] of Object.entries(given)) out[key.toLowerCase()] = value;
  return out;
}

/**
 * Sends one request; resolves with the status and headers, the body read by text(). Errors carry
 * Node's codes (ECONNREFUSED, certificate codes). Text only: core/http.ts sends streams (the
 * Drive's uploads and downloads) through Node's fetch instead.
 */
export const nodeFetch: FetchLike = Object.assign((input: string, init: RequestInit) =>
  new Promise((resolve, reject) => {
    const url = new URL(input);
    const request = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : undefined;
    if (!request) {
      reject(new TypeError(`unsupported protocol ${url.protocol}`));
      return;
    }
    const headers = headerRecord(init.headers);
    const body = init.body === undefined || init.body === null ? undefined : Buffer.from(String(init.body), 'utf8');
    if (body) headers['content-length'] = String(body.length);
    const outgoing = request(url, { method: init.method ?? 'GET', headers, signal: init.signal ?? undefined }, (message) => resolve(answerOf(message)));
    outgoing.on('error', reject);
    outgoing.end(body);
  }) as Promise<FetchResponse>, { textOnly: true });
