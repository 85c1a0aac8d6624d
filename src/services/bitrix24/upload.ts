// Sending a local file to a chat, the way the portal takes files (api-reference/chats/files/):
// the chat's Drive folder (im.disk.folder.get), an upload address for it (disk.folder.uploadfile
// without fileContent answers { field, uploadUrl }), the bytes POSTed there as a multipart form —
// streamed, never held whole — and the uploaded file committed to the chat as a message
// (im.disk.file.commit). A Drive file already there is committed directly.
import { createReadStream } from 'node:fs';
import { ApiError, ValidationError } from '../../core/errors.js';
import type { HttpResponse, StreamBody } from '../../core/http.js';
import type { Bitrix24Answer } from './answer.js';
import { readAnswer } from './answer.js';
import { chatFileMaxBytes, sizeProblem, type FileSource } from './methods/chat-file.js';
import { fileForm, linkSecrets, tooLargeRefusal } from './multipart.js';

/** What the flow needs of the client: its REST calls, a streamed POST, and its secret masking. */
export interface UploadSteps {
  call(method: string, params: Record<string, unknown>): Promise<Bitrix24Answer>;
  post(url: string, body: StreamBody, headers: Record<string, string>): Promise<HttpResponse>;
  redact(text: string): string;
  /** An address's secrets (the upload address carries the caller's token) join the masked ones. */
  addSecrets(...values: string[]): void;
}

export interface ChatFileInput {
  chatId: number;
  fileId?: number;
  file?: FileSource;
  fileName?: string;
  description?: string;
}

/** The bytes of a source, chunk by chunk; a stream past `limit` stops with `tooLarge`. */
async function* chunksOf(source: FileSource, limit: number, tooLarge: (size: number) => Error): AsyncGenerator<Uint8Array> {
  if (source.kind === 'bytes') {
    yield source.bytes;
    return;
  }
  const stream = source.kind === 'path' ? createReadStream(source.path) : source.stream;
  let sent = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    sent += bytes.byteLength;
    if (sent > limit) throw tooLarge(sent);
    yield bytes;
  }
}

/**
 * Sends a file to a chat; resolves to im.disk.file.commit's answer. `maxBytes` (default: the
 * portal's 2 GB request limit) is checked before any request where the size is known, and while
 * streaming otherwise. A portal refusing the body as too large (HTTP 413) is an ApiError saying so.
 */
export async function sendChatFile(steps: UploadSteps, input: ChatFileInput, maxBytes = chatFileMaxBytes): Promise<Bitrix24Answer> {
  const commit = (fileId: unknown) =>
    steps.call('im.disk.file.commit', { CHAT_ID: input.chatId, FILE_ID: fileId, ...(input.description !== undefined ? { MESSAGE: input.description } : {}) });
  if (input.file === undefined) return commit(input.fileId);
  const source = input.file;
  const tooLarge = (size: number) => new ValidationError([{ path: 'file', message: sizeProblem(size, maxBytes, 'the file') ?? 'the file is too large' }], 'sendFile');
  if ('size' in source && source.size > maxBytes) throw tooLarge(source.size);
  const name = input.fileName ?? (source.kind === 'path' ? source.name : undefined);
  if (!name) throw new ValidationError([{ path: 'fileName', message: 'give the file a name: bytes and streams carry none' }], 'sendFile');

  const folder = (await steps.call('im.disk.folder.get', { CHAT_ID: input.chatId })).result as { ID?: unknown };
  const target = (await steps.call('disk.folder.uploadfile', { id: folder.ID })).result as { field?: unknown; uploadUrl?: unknown };
  if (typeof target.uploadUrl !== 'string' || typeof target.field !== 'string') {
    throw new ApiError({ service: 'bitrix24', method: 'disk.folder.uploadfile', status: 200, code: '', description: 'the answer gave no upload address (uploadUrl, field)' });
  }
  const uploadUrl = new URL(target.uploadUrl);
  steps.addSecrets(...linkSecrets(target.uploadUrl));

  let overflow: Error | undefined;
  const form = fileForm(target.field, name, chunksOf(source, maxBytes, (size) => (overflow = tooLarge(size))));
  const headers: Record<string, string> = { 'content-type': form.contentType, accept: 'application/json' };
  if ('size' in source) headers['content-length'] = String(source.size + form.overhead);
  let response: HttpResponse;
  try {
    response = await steps.post(uploadUrl.toString(), form.body, headers);
  } catch (error) {
    throw overflow ?? error;
  }
  if (response.status === 413) throw tooLargeRefusal('disk.folder.uploadfile', name, steps.redact);
  const answer = readAnswer('disk.folder.uploadfile', response.status, response.headers['content-type'] ?? '', response.text, steps.redact);
  if (answer instanceof Error) throw answer;
  const uploaded = answer.result as { ID?: unknown };
  return commit(uploaded.ID);
}
