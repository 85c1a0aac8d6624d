import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { PortalState } from '../../../src/sandbox/bitrix24/state.js';
import { PortalError } from '../../../src/sandbox/bitrix24/errors.js';
import { numberedName } from '../../../src/sandbox/bitrix24/drive.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function bytesOf(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function refusal(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => e instanceof PortalError && e.code === code && e.status === 400);
}

test('the seeded Drive: a storage per user, the shared documents, a group, files with bytes', () => {
  const state = new PortalState({ users: 12 });
  const drive = state.drive;
  try {
    const types = drive.storages.all().map((s) => s.ENTITY_TYPE);
    assert.equal(types.filter((t) => t === 'user').length, 12);
    assert.ok(types.includes('common') && types.includes('group'));
    const common = drive.storages.all().find((s) => s.ENTITY_TYPE === 'common')!;
    const names = drive.children(common.ROOT_OBJECT_ID).map((o) => o.NAME);
    assert.deepEqual(names, ['Договоры', 'Счета', 'Регламенты']);
    const price = drive.objects.all().find((o) => o.NAME === 'Прайс-лист 2026.csv')!;
    assert.match(readFileSync(drive.pathOf(price.ID), 'utf8'), /Вентилятор канальный/);
    assert.equal(price.SIZE, readFileSync(drive.pathOf(price.ID)).length);
    assert.equal(drive.pathBelowRoot(price.ID), 'Счета/Прайс-лист 2026.csv');
  } finally {
    drive.close();
  }
});

test('a chat\'s folder and uploads into it: bytes kept exactly, names numbered or refused', async () => {
  const state = new PortalState({ users: 12 });
  const drive = state.drive;
  try {
    const folder = drive.folderForChat(42, 3);
    assert.equal(drive.folderForChat(42, 3).ID, folder.ID, 'one folder per chat');
    const bytes = Buffer.from('акт сверки за ноябрь\n'.repeat(100));
    const file = drive.putFile(folder.ID, 'Акт.txt', bytes, 3);
    assert.equal(sha(await bytesOf(drive.read(file.ID))), sha(bytes));
    refusal(() => drive.putFile(folder.ID, 'акт.TXT', bytes, 3), 'DISK_OBJ_22000');
    const second = drive.putFile(folder.ID, 'Акт.txt', bytes, 3, { generateUniqueName: true });
    assert.equal(second.NAME, 'Акт (1).txt');
    const big = Buffer.alloc(3 * 1024 * 1024 + 7, 0x5a);
    const streamed = await drive.putFileStream(folder.ID, 'dump.bin', Readable.from([big.subarray(0, 1000), big.subarray(1000)]), 3);
    assert.equal(streamed.SIZE, big.length);
    assert.equal(sha(readFileSync(drive.pathOf(streamed.ID))), sha(big));
    const part = await bytesOf(drive.read(streamed.ID, { start: 10, end: 19 }));
    assert.equal(part.length, 10);
    // Chat members reach the folder through the access code a resolver gives them.
    assert.equal(drive.can({ userId: 7 }, folder.ID, 'read'), false);
    drive.addAccessResolver((userId) => (userId === 7 ? ['CHAT42'] : []));
    assert.equal(drive.can({ userId: 7 }, file.ID, 'edit'), true);
  } finally {
    drive.close();
  }
});

test('versions, the trash, deletion and rights', () => {
  const state = new PortalState({ users: 12 });
  const drive = state.drive;
  try {
    const own = drive.userStorage(4);
    const folder = drive.addFolder(own.ROOT_OBJECT_ID, 'Сканы', 4);
    const file = drive.putFile(folder.ID, 'паспорт.pdf', Buffer.from('v1'), 4);
    drive.putVersion(file.ID, Buffer.from('version two'), 4);
    assert.equal(file.GLOBAL_CONTENT_VERSION, 2);
    assert.equal(file.SIZE, 11);
    const versions = drive.versionsOf(file.ID);
    assert.deepEqual(versions.map((v) => v.SIZE), [11, 2]);
    drive.restoreVersion(file.ID, versions[1]!.ID, 4);
    assert.equal(readFileSync(drive.pathOf(file.ID), 'utf8'), 'v1');

    drive.trash(folder.ID, 4);
    assert.equal(folder.DELETED_TYPE, 3);
    assert.equal(file.DELETED_TYPE, 4);
    assert.deepEqual(drive.children(own.ROOT_OBJECT_ID).filter((o) => o.ID === folder.ID), []);
    drive.restore(folder.ID, 4);
    assert.equal(file.DELETED_TYPE, 0);
    refusal(() => drive.trash(own.ROOT_OBJECT_ID, 4), 'DISK_OBJ_22000');

    // The owner and the administrator hold full rights; a colleague none, until shared.
    assert.equal(drive.can({ userId: 4 }, file.ID, 'full'), true);
    assert.equal(drive.can({ userId: 1 }, file.ID, 'full'), true);
    assert.equal(drive.can({ userId: 6 }, file.ID, 'read'), false);
    drive.share(folder.ID, 6, 'read');
    assert.equal(drive.can({ userId: 6 }, file.ID, 'read'), true);
    assert.equal(drive.can({ userId: 6 }, file.ID, 'edit'), false);

    const path = drive.pathOf(file.ID);
    drive.destroy(folder.ID);
    assert.equal(existsSync(path), false, 'the bytes go with the file');
    assert.equal(drive.object(file.ID), undefined);
    refusal(() => drive.destroy(file.ID), 'ERROR_NOT_FOUND');
  } finally {
    drive.close();
  }
});

test('the temp space goes with close()', () => {
  const state = new PortalState({ users: 12 });
  const file = state.drive.objects.all().find((o) => o.TYPE === 'file')!;
  const path = state.drive.pathOf(file.ID);
  assert.ok(existsSync(path));
  state.drive.close();
  assert.equal(existsSync(path), false);
});

test('numbered names keep the extension', () => {
  assert.equal(numberedName('Акт.docx', 2), 'Акт (2).docx');
  assert.equal(numberedName('README', 1), 'README (1)');
  assert.equal(numberedName('.env', 1), '.env (1)');
});
