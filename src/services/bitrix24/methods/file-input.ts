// File contents as parameters take them: bytes, or the path of a local file (what oint's
// "Строка, ДвоичныеДанные" options carry on a command line). The file is read while the input is
// checked, so a missing or unreadable file is refused naming the parameter, before any request.
// Bitrix24 takes small files inline as base64 (api-reference/files/how-to-upload-files.md):
// a chat's avatar, the files of a feed post.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';

/** The largest file sent inline as base64: past this, upload to the Drive and pass its ID. */
export const inlineFileMaxBytes = 16 * 1024 * 1024;

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Reads a local file for a parameter, or says why it cannot: the issue's text, never a stack. */
function readLocal(path: string, limit: number): Uint8Array | string {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return `${path} is not a file`;
    size = stat.size;
  } catch {
    return `there is no readable file ${path}`;
  }
  if (size > limit) return `${path} is ${megabytes(size)}; files sent inline may be at most ${megabytes(limit)}`;
  try {
    return new Uint8Array(readFileSync(path));
  } catch {
    return `${path} could not be read`;
  }
}

/** A file's content: bytes, or a local path read now; the wire value is the bytes. */
export const fileContent = (limit = inlineFileMaxBytes) =>
  z.union([z.instanceof(Uint8Array), z.string().min(1)], { error: 'expected the path of a local file, or its bytes' }).transform((value, ctx) => {
    if (value instanceof Uint8Array) {
      if (value.byteLength > limit) ctx.addIssue({ code: 'custom', message: `${megabytes(value.byteLength)} of bytes; files sent inline may be at most ${megabytes(limit)}` });
      return value;
    }
    const read = readLocal(value, limit);
    if (typeof read === 'string') {
      ctx.addIssue({ code: 'custom', message: read });
      return z.NEVER;
    }
    return read;
  });

/**
 * Files by name: name → bytes or a local path (oint's --files). A path's own file name is used
 * where the key is empty. The wire form is Bitrix24's [[name, base64], …].
 */
export const namedFiles = () =>
  z
    .record(z.string(), fileContent())
    .refine((files) => Object.keys(files).length > 0, { error: 'expected at least one file: {"name.pdf": "path/to/file.pdf"}' });

/** Bitrix24's inline file form: [name, base64]. */
export function inlineFiles(files: Record<string, Uint8Array>): [string, string][] {
  return Object.entries(files).map(([name, bytes]) => [name, Buffer.from(bytes).toString('base64')]);
}

/** The bytes of an inline value as base64. */
export const base64Of = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** The file name of a path, for a parameter that gives only a path. */
export const fileNameOf = (path: string): string => basename(path);
