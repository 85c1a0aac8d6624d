// The Drive's byte routes, outside the REST methods:
// - GET/HEAD /rest/download.json?auth=…&token=… — a DOWNLOAD_URL: the caller's credential must
//   still be good and its user still able to read the file; single byte ranges are served (206).
// - POST /rest/upload.json?auth=…&token=… — an uploadUrl: multipart/form-data with the file in the
//   field `file`, streamed to disk; answers like disk.folder.uploadfile.
// - GET /~<token> — an external link: a file's bytes, or a folder's list of files as a small page.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import { PortalError } from './errors.js';
import { isoUtc } from './dates.js';
import { parseQuery, toStr } from './params.js';
import type { AuthRegistry, Caller } from './auth.js';
import type { PortalState } from './state.js';
import type { DriveObject, Right } from './drive.js';
import { objectView } from './methods/disk.js';
import { boundaryOf, multipartEvents, MultipartError } from './multipart.js';

export interface TransferOptions {
  state: PortalState;
  auth: AuthRegistry;
  baseUrl: () => string;
  /** The largest upload body, in bytes (a cloud portal's 2 GB by default). */
  uploadMaxBytes: number;
}

/** A cloud portal takes POST requests of at most 2 GB (api-reference/files/how-to-upload-files.md). */
export const defaultUploadMaxBytes = 2 * 1024 ** 3;

function tooLarge(limit: number): PortalError {
  return new PortalError(413, 'REQUEST_ENTITY_TOO_LARGE', `Request body is larger than ${limit} bytes`);
}

/** The paths these routes answer. */
export function isTransferPath(path: string): boolean {
  return path.startsWith('/~') || /^\/rest\/(download|upload)(\.json)?$/.test(path);
}

/** The upload route reads its own body, streamed: the server must not buffer it. */
export function isStreamedUpload(req: IncomingMessage): boolean {
  return req.method === 'POST' && /^\/rest\/upload(\.json)?(\?|$)/.test(req.url ?? '');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

const mimeTypes: Record<string, string> = {
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  json: 'application/json',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const mimeOf = (name: string): string => mimeTypes[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` within a size; 'unsatisfiable' past the end; undefined: serve it all. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges or another unit: the whole file, as RFC 9110 allows.
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Waits until a stream takes more data, or is gone; leaves no listener behind. */
function drained(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

export class DiskTransfer {
  constructor(private readonly o: TransferOptions) {}

  async handle(path: string, query: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (path.startsWith('/~')) return this.publicLink(path.slice(2), req, res);
      const params = parseQuery(query);
      const caller = this.o.auth.linkCaller(params.auth, Date.now() / 1000);
      const token = this.o.state.drive.readLink(toStr(params.token) ?? '');
      if (path.startsWith('/rest/download')) return this.download(token, caller, req, res);
      return await this.upload(token, caller, req, res);
    } catch (error) {
      if (!(error instanceof PortalError)) throw error;
      // An upload refused before its body was read: read it to its end so that the client gets the answer.
      if (!req.readableEnded) {
        req.resume();
        await once(req, 'end').catch(() => undefined);
      }
      return sendJson(res, error.status, error.toBody());
    }
  }

  private download(token: Record<string, string> | undefined, caller: Caller, req: IncomingMessage, res: ServerResponse): void {
    const drive = this.o.state.drive;
    // A link made for another user is as good as a forged one.
    if (!token || Number(token.user) !== caller.userId) throw new PortalError(404, 'ERROR_NOT_FOUND', 'File not found');
    const id = Number(token.id);
    let file: DriveObject | undefined;
    let size: number;
    let versionId: number | undefined;
    if (token.service === 'version') {
      const version = drive.versions.get(id);
      file = version ? drive.object(version.OBJECT_ID, 'file') : undefined;
      size = version?.SIZE ?? 0;
      versionId = version?.ID;
    } else {
      file = drive.object(id, 'file');
      size = file?.SIZE ?? 0;
    }
    if (!file || file.DELETED_TYPE !== 0) throw new PortalError(404, 'ERROR_NOT_FOUND', 'File not found');
    if (!drive.can({ userId: caller.userId }, file.ID, 'read')) throw new PortalError(403, 'ACCESS_DENIED', 'Access denied');
    this.serveFile(file, size, versionId, req, res, 'attachment');
  }

  private serveFile(file: DriveObject, size: number, versionId: number | undefined, req: IncomingMessage, res: ServerResponse, disposition: 'attachment' | 'inline'): void {
    const range = parseRange(req.headers.range, size);
    const headers: Record<string, string | number> = {
      'content-type': mimeOf(file.NAME),
      'content-disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(file.NAME)}`,
      'accept-ranges': 'bytes',
      'last-modified': new Date(file.UPDATE_TIME * 1000).toUTCString(),
    };
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${size}`, 'content-length': 0 });
      res.end();
      return;
    }
    const status = range ? 206 : 200;
    const span = range ?? { start: 0, end: size - 1 };
    res.writeHead(status, {
      ...headers,
      'content-length': size === 0 ? 0 : span.end - span.start + 1,
      ...(range ? { 'content-range': `bytes ${span.start}-${span.end}/${size}` } : {}),
    });
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    const stream = this.o.state.drive.read(file.ID, span, versionId);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  private async upload(token: Record<string, string> | undefined, caller: Caller, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now() / 1000;
    const drive = this.o.state.drive;
    if (req.method !== 'POST') throw new PortalError(405, 'ERROR_METHOD_NOT_ALLOWED', 'Use POST with multipart/form-data');
    if (!token || token.folder === undefined || Number(token.user) !== caller.userId) throw new PortalError(400, 'ERROR_ARGUMENT', 'Invalid value of parameter {Parameter #0}');
    const folderId = Number(token.folder);
    const folder = drive.object(folderId, 'folder');
    if (!folder || folder.DELETED_TYPE !== 0) throw new PortalError(400, 'ERROR_NOT_FOUND', `Could not find entity with id \`${folderId}\``);
    const actor = { userId: caller.userId, ...(token.app ? { appCode: token.app } : {}) };
    drive.require(actor, folderId, 'add');
    const boundary = boundaryOf(req.headers['content-type']);
    if (!boundary) throw new PortalError(400, 'ERROR_COULD_NOT_SAVE_FILE', 'Could not save file');
    const rights = token.rights ? (JSON.parse(token.rights) as Right[]) : [];
    const options = { generateUniqueName: token.unique === '1', rights };
    // The front server refuses a declared length over the limit before reading the body, and
    // counts an undeclared one as it comes (the file is then not kept).
    const limit = this.o.uploadMaxBytes;
    if (Number(req.headers['content-length']) > limit) throw tooLarge(limit);
    let received = 0;
    let overflow = false;

    let saved: Promise<DriveObject> | undefined;
    let sink: PassThrough | undefined;
    // The file part's bytes go to `sink` while it is open; the sink ends only once the whole body
    // was read within the limit, so that a body over it keeps nothing, whichever part overflows.
    let fileOpen = false;
    try {
      for await (const event of multipartEvents(req, boundary)) {
        if (event.type === 'part') {
          if (event.name !== 'file' || saved) continue;
          const name = token.name ?? event.filename;
          if (!name) throw new PortalError(400, 'DISK_BASE_SERVICE_22001', 'Error: required parameter NAME (DISK_BASE_SERVICE_22001)');
          sink = new PassThrough();
          fileOpen = true;
          saved = drive.putFileStream(folderId, name, sink, caller.userId, options);
          // A refusal before the first byte (a taken name) must not leave the loop waiting on drain.
          saved.catch(() => sink?.destroy());
        } else if (event.type === 'data' && (received += event.chunk.length) > limit) {
          // Read on to the end, so that the client is there for the answer.
          overflow = true;
          sink?.destroy();
        } else if (event.type === 'data' && fileOpen && sink && !sink.destroyed) {
          if (!sink.write(event.chunk)) await drained(sink);
        } else if (event.type === 'end') {
          fileOpen = false;
        }
      }
    } catch (error) {
      sink?.destroy();
      if (error instanceof MultipartError) throw new PortalError(400, 'ERROR_COULD_NOT_SAVE_FILE', 'Could not save file');
      throw error;
    }
    if (overflow) {
      sink?.destroy();
      await saved?.catch(() => undefined);
      throw tooLarge(limit);
    }
    sink?.end();
    if (!saved) throw new PortalError(400, 'ERROR_COULD_NOT_SAVE_FILE', 'Could not save file');
    const file = await saved;
    const finish = Date.now() / 1000;
    const ctx = {
      userId: caller.userId,
      state: this.o.state,
      nowSec: finish,
      caller: { kind: caller.kind, scopes: caller.scopes, ...(caller.credential ? { credential: caller.credential } : {}) },
      baseUrl: this.o.baseUrl(),
    };
    sendJson(res, 200, {
      result: objectView(ctx, file, 'created'),
      time: { start: started, finish, duration: finish - started, processing: finish - started, date_start: isoUtc(started), date_finish: isoUtc(finish) },
    });
  }

  /** An external link: a file's bytes inline; a folder's live files as a list of their own links. */
  private publicLink(token: string, req: IncomingMessage, res: ServerResponse): void {
    const drive = this.o.state.drive;
    const o = drive.byExternalLink(decodeURIComponent(token.split('/')[0] ?? ''));
    if (!o) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body><h1>Ссылка не найдена</h1></body></html>');
      return;
    }
    if (o.TYPE === 'file') return this.serveFile(o, o.SIZE ?? 0, undefined, req, res, 'inline');
    const escape = (t: string) => t.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    const items = drive
      .children(o.ID)
      .filter((c) => c.TYPE === 'file')
      .map((c) => `<li><a href="/~${drive.externalLink(c.ID)}">${escape(c.NAME)}</a> (${c.SIZE ?? 0} байт)</li>`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<html><body><h1>${escape(o.NAME)}</h1><ul>${items.join('')}</ul></body></html>`);
  }
}
