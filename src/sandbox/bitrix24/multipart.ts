// A streaming reader of multipart/form-data bodies: parts come out as events, a file part's bytes
// in the chunks they arrived in, so a body of any size passes through without being held whole.
// The next chunk is read only when the consumer asks for the next event: backpressure for free.

export type MultipartEvent =
  | { type: 'part'; name: string; filename?: string; contentType?: string }
  | { type: 'data'; chunk: Buffer }
  | { type: 'end' };

export class MultipartError extends Error {
  override name = 'MultipartError';
}

/** The boundary of a multipart/form-data Content-Type, or undefined for any other type. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

/** Content-Disposition's name and filename (filename* of RFC 5987 first, then a quoted UTF-8 one). */
function readHeaders(text: string): { name: string; filename?: string; contentType?: string } {
  let name = '';
  let filename: string | undefined;
  let contentType: string | undefined;
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-type') contentType = value;
    if (key !== 'content-disposition') continue;
    name = /;\s*name="([^"]*)"/i.exec(value)?.[1] ?? /;\s*name=([^;\s]+)/i.exec(value)?.[1] ?? '';
    const extended = /;\s*filename\*=(?:UTF-8|utf-8)''([^;\s]+)/.exec(value)?.[1];
    if (extended !== undefined) {
      try {
        filename = decodeURIComponent(extended);
      } catch {
        filename = extended;
      }
    } else {
      filename = /;\s*filename="((?:[^"\\]|\\.)*)"/i.exec(value)?.[1]?.replace(/\\(.)/g, '$1');
    }
  }
  return { name, ...(filename !== undefined ? { filename } : {}), ...(contentType ? { contentType } : {}) };
}

const maxHeaderBytes = 16 * 1024;

/** Reads a multipart body into events; throws MultipartError on a body that breaks the format. */
export async function* multipartEvents(source: AsyncIterable<Buffer | Uint8Array | string>, boundary: string): AsyncGenerator<MultipartEvent> {
  const opening = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buf: Buffer = Buffer.alloc(0);
  let state: 'preamble' | 'after' | 'headers' | 'body' | 'done' = 'preamble';
  for await (const raw of source) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    for (;;) {
      if (state === 'done') break;
      if (state === 'preamble') {
        const at = buf.indexOf(opening);
        if (at < 0) {
          buf = buf.subarray(Math.max(0, buf.length - opening.length + 1));
          break;
        }
        buf = buf.subarray(at + opening.length);
        state = 'after';
        continue;
      }
      if (state === 'after') {
        if (buf.length < 2) break;
        if (buf[0] === 0x2d && buf[1] === 0x2d) {
          state = 'done';
          break;
        }
        if (buf[0] !== 0x0d || buf[1] !== 0x0a) throw new MultipartError('a boundary is not followed by a line break');
        buf = buf.subarray(2);
        state = 'headers';
        continue;
      }
      if (state === 'headers') {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buf.length > maxHeaderBytes) throw new MultipartError('the headers of a part are too long');
          break;
        }
        const headers = readHeaders(buf.subarray(0, end).toString('utf8'));
        buf = buf.subarray(end + 4);
        state = 'body';
        yield { type: 'part', ...headers };
        continue;
      }
      // state === 'body': everything up to the delimiter is data; keep a tail that may start one.
      const at = buf.indexOf(delimiter);
      if (at < 0) {
        const keep = delimiter.length - 1;
        if (buf.length > keep) {
          const data = buf.subarray(0, buf.length - keep);
          buf = buf.subarray(buf.length - keep);
          yield { type: 'data', chunk: data };
        }
        break;
      }
      if (at > 0) yield { type: 'data', chunk: buf.subarray(0, at) };
      buf = buf.subarray(at + delimiter.length);
      state = 'after';
      yield { type: 'end' };
    }
  }
  if (state !== 'done') throw new MultipartError('the body ended before its closing boundary');
}
