// The one way Uzel sends a file to an upload address the portal gave (disk.*.uploadfile answered
// without fileContent: { field, uploadUrl }; api-reference/files/how-to-upload-files.md): a
// multipart/form-data body with one file part, streamed chunk by chunk, never held whole. Used
// by the Drive's uploads and by files sent to a chat.
import { randomBytes } from 'node:crypto';
import { ApiError } from '../../core/errors.js';

export interface FileForm {
  /** The whole body: the part's head, the file's chunks, the closing boundary. */
  body: AsyncGenerator<Uint8Array>;
  /** Bytes the form adds around the file (for Content-Length: the file's size plus this). */
  overhead: number;
  contentType: string;
}

/**
 * A name inside a quoted header parameter, escaped as browsers send it (HTML's form encoding:
 * quote, CR, LF), and the backslash too, which PHP's parser reads as an escape inside quotes.
 */
function quoted(text: string): string {
  return text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/\\/g, '%5C');
}

/** A form of one file part named `field`, the file called `name`, its bytes from `chunks`. */
export function fileForm(field: string, name: string, chunks: AsyncIterable<Uint8Array>): FileForm {
  const boundary = `----uzel${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(field)}"; filename="${quoted(name)}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* body(): AsyncGenerator<Uint8Array> {
    yield head;
    yield* chunks;
    yield tail;
  }
  return { body: body(), overhead: head.length + tail.length, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * The portal's front server refused the body as too large (HTTP 413, whatever page it sent):
 * an ApiError that says so, for uploads to the Drive and to chats alike.
 */
export function tooLargeRefusal(method: string, name: string, redact: (text: string) => string): ApiError {
  return new ApiError(
    { service: 'bitrix24', method, status: 413, code: 'REQUEST_ENTITY_TOO_LARGE', description: `the portal refused the file ${name} as too large` },
    redact,
  );
}

/**
 * The credentials inside an address the portal gave (its `auth` and `token` parameters), as they
 * are and percent-encoded: to be masked wherever the address is shown.
 */
export function linkSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    return ['auth', 'token'].flatMap((key) => {
      const value = parsed.searchParams.get(key);
      return value && value.length >= 4 ? [value, encodeURIComponent(value)] : [];
    });
  } catch {
    // Not a URL: the caller's check of the answer reports it.
    return [];
  }
}
