// The one multipart form Uzel sends files in (Drive uploads and files sent to a chat).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileForm, linkSecrets } from '../../../src/services/bitrix24/multipart.js';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield Buffer.from(p);
}

test('one file part around the streamed chunks; its overhead is what Content-Length adds to the size', async () => {
  const form = fileForm('file', 'Акт "итог"\r\n\\.pdf', chunks('%PDF-', '1.7'));
  const out: Buffer[] = [];
  for await (const c of form.body) out.push(Buffer.from(c));
  const body = Buffer.concat(out).toString('utf8');
  const boundary = /boundary=(.+)$/.exec(form.contentType)![1]!;
  assert.equal(
    body,
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="Акт %22итог%22%0D%0A%5C.pdf"\r\nContent-Type: application/octet-stream\r\n\r\n%PDF-1.7\r\n--${boundary}--\r\n`,
  );
  assert.equal(Buffer.byteLength(body), 8 + form.overhead);
  assert.notEqual(fileForm('file', 'x', chunks()).contentType, form.contentType, 'a fresh boundary per form');
});

test('the credentials of an upload or download address are found, as they are and percent-encoded', () => {
  assert.deepEqual(linkSecrets('https://b24.example/upload/?auth=a/b+c&token=disk|123&x=1'), ['a/b c', 'a%2Fb%20c', 'disk|123', 'disk%7C123']);
  assert.deepEqual(linkSecrets('not a url'), []);
});
