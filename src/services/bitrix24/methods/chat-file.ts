// A local file to send to a chat: its path, its bytes, or a stream of them. Unlike the small
// inline files (file-input.ts) it is never read whole: the upload streams it
// (services/bitrix24/upload.ts). Its size is checked before any request.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';

/**
 * The largest file sent: a cloud portal takes POST requests of at most 2 GB
 * (api-reference/files/how-to-upload-files.md); a megabyte is left for the form around the file.
 */
export const chatFileMaxBytes = 2 * 1024 ** 3 - 1024 ** 2;

/** Where the bytes come from; `size` is known for a path and for bytes. */
export type FileSource =
  | { kind: 'path'; path: string; name: string; size: number }
  | { kind: 'bytes'; bytes: Uint8Array; size: number }
  | { kind: 'stream'; stream: AsyncIterable<Uint8Array> };

const isStream = (value: unknown): value is AsyncIterable<Uint8Array> =>
  typeof value === 'object' && value !== null && typeof (value as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function';

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** The complaint about a file of `size` bytes over `limit`, or undefined. */
export function sizeProblem(size: number, limit: number, what: string): string | undefined {
  return size > limit ? `${what} is ${megabytes(size)}; the portal takes files of at most ${megabytes(limit)}` : undefined;
}

/** A local file's path, bytes (Uint8Array, Buffer) or a stream (a Node Readable, any async iterable of bytes). */
export const fileSource = () =>
  z
    .union([z.string().min(1), z.instanceof(Uint8Array), z.custom<AsyncIterable<Uint8Array>>(isStream)], {
      error: 'expected the path of a local file, its bytes, or a stream of them',
    })
    .transform((value, ctx): FileSource => {
      if (value instanceof Uint8Array) {
        const problem = sizeProblem(value.byteLength, chatFileMaxBytes, 'the file');
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
        return { kind: 'bytes', bytes: value, size: value.byteLength };
      }
      if (typeof value !== 'string') return { kind: 'stream', stream: value };
      let size: number;
      try {
        const stat = statSync(value);
        if (!stat.isFile()) {
          ctx.addIssue({ code: 'custom', message: `${value} is not a file` });
          return z.NEVER;
        }
        size = stat.size;
      } catch {
        ctx.addIssue({ code: 'custom', message: `there is no readable file ${value}` });
        return z.NEVER;
      }
      const problem = sizeProblem(size, chatFileMaxBytes, value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
      return { kind: 'path', path: value, name: basename(value), size };
    });
