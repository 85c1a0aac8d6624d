// Bytes to and from the portal's Drive (api-reference/disk/, files/how-to-upload-files.md):
// - upload: in the request (fileContent: [name, base64]) when the file is small, else in two steps
//   — the method without fileContent answers {field, uploadUrl}, and the file goes there as
//   multipart/form-data, streamed from disk in chunks, never held whole;
// - download: DOWNLOAD_URL (it carries the caller's credential) streamed to a file, written
//   atomically, or to a stream; a connection that breaks mid-file is resumed with a Range request.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join, resolve } from 'node:path';
import { ConnectionError, InvalidResponseError, TimeoutError, ValidationError } from '../../core/errors.js';
import { openStream, send, type FetchLike } from '../../core/http.js';
import type { CallOptions } from '../../core/catalogue.js';
import type { SecretSet } from '../../core/redact.js';
import { readAnswer, type Bitrix24Answer, type DownloadFacts } from './answer.js';
import type { Access } from './access.js';
import { fileForm, linkSecrets, tooLargeRefusal } from './multipart.js';

/** Files up to this size go in the request as base64 (a third larger); larger ones through uploadUrl. */
export const defaultInlineUploadBytes = 4 * 1024 * 1024;

/** How many times a download broken mid-file is resumed before giving up. */
const resumeAttempts = 5;

const chunkBytes = 1024 * 1024;

/** What the transfers need of the client. */
export interface TransferHost {
  call(method: string, params: Record<string, unknown>, options: CallOptions & { access?: Access }): Promise<Bitrix24Answer>;
  fetchImpl: FetchLike;
  timeoutMs: number;
  secrets: SecretSet;
  debug(line: string): void;
  redact(text: string): string;
}

/** The credentials inside a link the portal gave (auth, token): masked wherever the link is shown. */
function hideLinkSecrets(host: TransferHost, url: string): void {
  host.secrets.add(...linkSecrets(url));
}

async function sizeOf(source: string | Uint8Array): Promise<number> {
  return typeof source === 'string' ? (await stat(source)).size : source.length;
}

/** The file's bytes as chunks: read from disk, or sliced from memory. */
async function* chunksOf(source: string | Uint8Array): AsyncGenerator<Uint8Array> {
  if (typeof source !== 'string') {
    for (let at = 0; at < source.length; at += chunkBytes) yield source.subarray(at, at + chunkBytes);
    return;
  }
  for await (const chunk of createReadStream(source, { highWaterMark: chunkBytes })) yield chunk as Buffer;
}

/**
 * Uploads through a disk.*.uploadfile method. `wire` holds the method's parameters with the file
 * (a path or bytes) at fileContent and its name at data.NAME.
 */
export async function uploadFile(
  host: TransferHost,
  method: string,
  wire: Record<string, unknown>,
  options: CallOptions,
  inlineLimit = defaultInlineUploadBytes,
): Promise<Bitrix24Answer> {
  const source = wire.fileContent as string | Uint8Array;
  const name = String((wire.data as { NAME?: unknown } | undefined)?.NAME ?? '');
  const size = await sizeOf(source);
  if (size <= inlineLimit) {
    const bytes = typeof source === 'string' ? await readSmall(source) : Buffer.from(source);
    host.debug(`… ${method}: ${size} bytes go in the request (base64)`);
    return host.call(method, { ...wire, fileContent: [name, bytes.toString('base64')] }, { ...options, access: 'write' });
  }
  const rest = { ...wire };
  delete rest.fileContent;
  const first = await host.call(method, rest, { ...options, access: 'write' });
  const target = first.result as { field?: unknown; uploadUrl?: unknown } | null;
  if (!target || typeof target.uploadUrl !== 'string' || typeof target.field !== 'string') {
    throw new InvalidResponseError(`bitrix24 ${method}: expected {field, uploadUrl} for an upload in two steps`, 'bitrix24', method, 200, 'application/json', host.redact(JSON.stringify(first.result).slice(0, 200)));
  }
  hideLinkSecrets(host, target.uploadUrl);
  const form = fileForm(target.field, name, chunksOf(source));
  host.debug(`→ POST ${target.uploadUrl} (${size} bytes, multipart, streamed)`);
  const started = performance.now();
  // A write: sent once; a failure mid-body is the caller's to judge (the file may or may not be there).
  const response = await send(
    {
      method: 'POST',
      url: target.uploadUrl,
      headers: { 'content-type': form.contentType, 'content-length': String(size + form.overhead), accept: 'application/json' },
      body: form.body,
      timeoutMs: options.timeoutMs ?? host.timeoutMs,
      signal: options.signal,
    },
    host.fetchImpl,
    host.secrets,
  );
  host.debug(`← ${response.status} upload in ${Math.round(performance.now() - started)} ms`);
  if (response.status === 413) throw tooLargeRefusal(method, name, (s) => host.redact(s));
  const answer = readAnswer(method, response.status, response.headers['content-type'] ?? '', response.text, (s) => host.redact(s));
  if (answer instanceof Error) throw answer;
  return answer;
}

async function readSmall(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}


/** Writes to a stream with its backpressure; never ends it. */
async function put(to: NodeJS.WritableStream, chunk: Uint8Array): Promise<void> {
  if (!to.write(chunk)) await Promise.race([once(to, 'drain'), once(to, 'close')]);
}

/** A temp file beside the target, renamed over it at the end; removed if the process exits first. */
async function atomicFile(path: string): Promise<{ stream: NodeJS.WritableStream; commit(): Promise<void>; discard(): Promise<void> }> {
  const full = resolve(path);
  const temp = join(dirname(full), `.${basename(full)}.${process.pid}.${randomBytes(4).toString('hex')}.part`);
  const stream = createWriteStream(temp, { flags: 'wx', mode: 0o666 });
  await once(stream, 'open');
  const cleanup = () => rmSync(temp, { force: true });
  process.once('exit', cleanup);
  const closed = async () => {
    if (stream.closed) return;
    stream.end();
    await once(stream, 'close');
  };
  return {
    stream,
    async commit() {
      await closed();
      // On disk before the rename: a crash leaves the old file or the whole new one.
      const handle = await open(temp, 'r+');
      await handle.sync().finally(() => handle.close());
      await rename(temp, full);
      process.off('exit', cleanup);
    },
    async discard() {
      await closed().catch(() => undefined);
      await rm(temp, { force: true }).catch(() => undefined);
      process.off('exit', cleanup);
    },
  };
}

/**
 * Downloads a file of the Drive: disk.file.get, then its DOWNLOAD_URL streamed to `to` (a path:
 * written atomically; a stream: written, left open). Resolves to disk.file.get's answer with
 * `download` facts. The size the portal gave is checked at the end.
 */
export async function downloadFile(host: TransferHost, wire: Record<string, unknown>, options: CallOptions): Promise<Bitrix24Answer & { download: DownloadFacts }> {
  const to = options.to;
  if (to === undefined || to === '') {
    throw new ValidationError([{ path: 'to', message: 'a download needs options.to: the path of the file to write, or a writable stream' }]);
  }
  const answer = await host.call('disk.file.get', wire, { signal: options.signal, timeoutMs: options.timeoutMs, access: 'read' });
  const info = answer.result as { DOWNLOAD_URL?: unknown; SIZE?: unknown } | null;
  const url = info?.DOWNLOAD_URL;
  if (typeof url !== 'string') {
    throw new InvalidResponseError('bitrix24 disk.file.get: the answer has no DOWNLOAD_URL', 'bitrix24', 'disk.file.get', 200, 'application/json', '');
  }
  hideLinkSecrets(host, url);
  const expected = Number(info?.SIZE);
  const file = typeof to === 'string' ? await atomicFile(to) : undefined;
  const sink = file ? file.stream : (to as NodeJS.WritableStream);
  const hash = createHash('sha256');
  let written = 0;
  let resumed = 0;
  try {
    for (;;) {
      const headers: Record<string, string> = { accept: '*/*', 'user-agent': 'uzel (Node.js)' };
      if (written > 0) headers.range = `bytes=${written}-`;
      host.debug(`→ GET ${url}${written > 0 ? ` (from byte ${written})` : ''}`);
      const response = await openStream({ method: 'GET', url, headers, timeoutMs: options.timeoutMs ?? host.timeoutMs, signal: options.signal }, host.fetchImpl, host.secrets);
      if (response.status >= 300) {
        let text = '';
        for await (const chunk of response.body) text += (chunk as Buffer).toString('utf8');
        const refused = readAnswer('disk.file.get', response.status, response.headers['content-type'] ?? '', text, (s) => host.redact(s));
        throw refused instanceof Error ? refused : new InvalidResponseError(`bitrix24 download: HTTP ${response.status}`, 'bitrix24', 'disk.file.get', response.status, '', '');
      }
      if (written > 0 && response.status !== 206) {
        response.body.destroy();
        throw new ConnectionError('the download broke off and the portal does not resume it (no partial answer to a Range request)', 'maybe');
      }
      try {
        for await (const chunk of response.body) {
          hash.update(chunk as Buffer);
          written += (chunk as Buffer).length;
          await put(sink, chunk as Buffer);
        }
        break;
      } catch (error) {
        const broken = error instanceof ConnectionError || error instanceof TimeoutError;
        const resumable = response.headers['accept-ranges'] === 'bytes';
        if (!broken || !resumable || resumed >= resumeAttempts || options.signal?.aborted) throw error;
        resumed += 1;
        host.debug(`… the download broke at byte ${written}; resuming (${resumed} of ${resumeAttempts})`);
      }
    }
    if (Number.isFinite(expected) && written !== expected) {
      throw new InvalidResponseError(`bitrix24 download: ${written} bytes came, the file has ${expected}`, 'bitrix24', 'disk.file.get', 200, '', '');
    }
    await file?.commit();
  } catch (error) {
    await file?.discard();
    throw error;
  }
  host.debug(`← ${written} bytes downloaded`);
  const facts: DownloadFacts = { bytes: written, sha256: hash.digest('hex'), resumed, ...(typeof to === 'string' ? { path: resolve(to) } : {}) };
  return { ...answer, download: facts };
}
