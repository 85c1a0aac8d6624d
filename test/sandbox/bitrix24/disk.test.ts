import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { getJson, postJson, userToken, type Reply } from './http.js';

const sha = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('bitrix24 sandbox: the Drive (disk.*)', () => {
  let sb: Bitrix24Sandbox;
  let call: (method: string, params?: Record<string, unknown>) => Promise<Reply>;
  let asUser: (userId: number) => Promise<(method: string, params?: Record<string, unknown>) => Promise<Reply>>;
  let common: { ID: string; ROOT_OBJECT_ID: string };
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { users: 14 } });
    call = (method, params = {}) => postJson(sb.info.webhookUrl + method, params);
    asUser = async (userId) => {
      const token = await userToken(sb, userId);
      return (method, params = {}) => postJson(`${sb.url}/rest/${method}`, { ...params, auth: token });
    };
    const list = await call('disk.storage.getlist', { filter: { ENTITY_TYPE: 'common' } });
    common = (list.body.result as typeof common[])[0]!;
  });
  after(() => sb.close());

  test('storages: the list with a filter, one storage, the types, the fields', async () => {
    const all = await call('disk.storage.getlist');
    assert.equal(all.status, 200);
    assert.equal(all.body.total, 16, 'a storage per user, the shared documents and a group');
    const first = (all.body.result as Record<string, unknown>[])[0]!;
    assert.deepEqual(Object.keys(first), ['ID', 'NAME', 'CODE', 'MODULE_ID', 'ENTITY_TYPE', 'ENTITY_ID', 'ROOT_OBJECT_ID']);
    assert.equal(typeof first.ID, 'string');
    const one = await call('disk.storage.get', { id: common.ID });
    assert.equal((one.body.result as Record<string, unknown>).NAME, 'Общий диск');
    assert.deepEqual((await call('disk.storage.gettypes')).body.result, ['user', 'common', 'group']);
    const fields = (await call('disk.storage.getfields')).body.result as Record<string, { USE_IN_FILTER: boolean }>;
    assert.equal(fields.ENTITY_TYPE!.USE_IN_FILTER, true);
    const page = await call('disk.storage.getlist', { start: 10 });
    assert.equal((page.body.result as unknown[]).length, 6);
  });

  test('storage errors as the pages give them', async () => {
    const missing = await call('disk.storage.get');
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body, { error: 'ERROR_ARGUMENT', error_description: 'Invalid value of parameter {Parameter #0}' });
    const unknown = await call('disk.storage.get', { id: 9999 });
    assert.deepEqual(unknown.body, { error: 'ERROR_NOT_FOUND', error_description: 'Could not find entity with id `9999`' });
    const forApp = await call('disk.storage.getforapp');
    assert.deepEqual(forApp.body, { error: 'ACCESS_DENIED', error_description: 'Access denied! Application context required' });
    const noName = await call('disk.storage.addfolder', { id: common.ID, data: {} });
    assert.equal(noName.body.error, 'ERROR_ARGUMENT');
    const taken = await call('disk.storage.addfolder', { id: common.ID, data: { NAME: 'договоры' } });
    assert.deepEqual(taken.body, { error: 'DISK_OBJ_22000', error_description: 'Папка с таким именем уже есть' });
  });

  test('the application\'s storage, and a storage renamed by the administrator only', async () => {
    const app = await postJson(`${sb.url}/rest/disk.storage.getforapp`, { auth: sb.info.accessToken });
    const storage = app.body.result as Record<string, string>;
    assert.equal(storage.ENTITY_TYPE, 'restapp');
    assert.equal(storage.CODE, sb.info.clientId);
    const again = await postJson(`${sb.url}/rest/disk.storage.getforapp`, { auth: sb.info.accessToken });
    assert.equal((again.body.result as Record<string, string>).ID, storage.ID);
    const renamed = await call('disk.storage.rename', { id: storage.ID, newName: 'Выгрузки интеграции' });
    assert.equal((renamed.body.result as Record<string, string>).NAME, 'Выгрузки интеграции');
    const other = await asUser(6);
    const refused = await other('disk.storage.rename', { id: storage.ID, newName: 'Моё' });
    assert.deepEqual(refused.body, { error: 'ACCESS_DENIED', error_description: 'Access denied' });
  });

  test('folders: add, get, children with a filter, rename, copy, move, the trash, delete', async () => {
    const added = await call('disk.storage.addfolder', { id: common.ID, data: { NAME: 'Акты' } });
    const folder = added.body.result as Record<string, unknown>;
    assert.equal(typeof folder.ID, 'number', 'a new folder\'s ID is a number, as the page shows');
    assert.equal(folder.PARENT_ID, common.ROOT_OBJECT_ID);
    assert.match(String(folder.DETAIL_URL), /\/docs\/path\/Акты$/);
    const sub = (await call('disk.folder.addsubfolder', { id: folder.ID, data: { NAME: '2026' } })).body.result as Record<string, unknown>;
    const got = (await call('disk.folder.get', { id: sub.ID })).body.result as Record<string, unknown>;
    assert.equal(got.ID, String(sub.ID));
    assert.equal(got.DELETED_TYPE, '0');
    const children = await call('disk.storage.getchildren', { id: common.ID, filter: { '%NAME': 'кт' } });
    assert.deepEqual((children.body.result as Record<string, unknown>[]).map((c) => c.NAME), ['Акты']);
    const renamed = await call('disk.folder.rename', { id: sub.ID, newName: 'Год 2026' });
    assert.equal((renamed.body.result as Record<string, unknown>).NAME, 'Год 2026');
    const copy = await call('disk.folder.copyto', { id: sub.ID, targetFolderId: common.ROOT_OBJECT_ID });
    assert.equal((copy.body.result as Record<string, unknown>).NAME, 'Год 2026');
    const again = await call('disk.folder.copyto', { id: sub.ID, targetFolderId: common.ROOT_OBJECT_ID });
    assert.deepEqual(again.body, { error: 'DISK_OBJ_22000', error_description: 'Папка с таким именем уже есть' });
    const intoItself = await call('disk.folder.moveto', { id: folder.ID, targetFolderId: sub.ID });
    assert.equal(intoItself.body.error, 'ERROR_ARGUMENT');
    const moved = await call('disk.folder.moveto', { id: (copy.body.result as Record<string, unknown>).ID, targetFolderId: folder.ID });
    assert.equal(moved.body.error, 'DISK_OBJ_22000', 'the folder already holds one of that name');

    const trashed = await call('disk.folder.markdeleted', { id: folder.ID });
    assert.equal((trashed.body.result as Record<string, unknown>).DELETED_TYPE, 3);
    const gone = await call('disk.folder.getchildren', { id: folder.ID });
    assert.equal(gone.body.error, 'ERROR_NOT_FOUND');
    const restored = await call('disk.folder.restore', { id: folder.ID });
    assert.equal((restored.body.result as Record<string, unknown>).DELETED_TYPE, '0');
    const inside = await call('disk.folder.getchildren', { id: folder.ID });
    assert.deepEqual((inside.body.result as Record<string, unknown>[]).map((c) => c.NAME), ['Год 2026']);
    const root = await call('disk.folder.markdeleted', { id: common.ROOT_OBJECT_ID });
    assert.deepEqual(root.body, { error: 'DISK_OBJ_22000', error_description: 'Could not delete root folder' });
    assert.equal((await call('disk.folder.deletetree', { id: folder.ID })).body.result, true);
    assert.equal((await call('disk.folder.get', { id: folder.ID })).body.error, 'ERROR_NOT_FOUND');
    assert.deepEqual((await call('disk.folder.get')).body, { error: 'ERROR_ARGUMENT', error_description: 'Invalid value of parameter {Parameter #1}' });
  });

  test('upload in the request (fileContent base64): names taken, numbered, bytes exact', async () => {
    const folder = (await call('disk.storage.addfolder', { id: common.ID, data: { NAME: 'Входящие' } })).body.result as Record<string, unknown>;
    const bytes = Buffer.from('Счёт № 118 от 12.11.2026\nИтого: 48 300 руб.\n');
    const up = await call('disk.folder.uploadfile', { id: folder.ID, data: { NAME: 'Счет 118.txt' }, fileContent: ['Счет 118.txt', bytes.toString('base64')] });
    assert.equal(up.status, 200);
    const file = up.body.result as Record<string, unknown>;
    assert.equal(file.SIZE, String(bytes.length));
    assert.equal(typeof file.FILE_ID, 'number');
    const taken = await call('disk.folder.uploadfile', { id: folder.ID, data: { NAME: 'Счет 118.txt' }, fileContent: ['x', bytes.toString('base64')] });
    assert.deepEqual(taken.body, { error: 'DISK_OBJ_22000', error_description: 'Файл с таким именем уже есть' });
    const numbered = await call('disk.folder.uploadfile', { id: folder.ID, data: { NAME: 'Счет 118.txt' }, fileContent: ['x', bytes.toString('base64')], generateUniqueName: true });
    assert.equal((numbered.body.result as Record<string, unknown>).NAME, 'Счет 118 (1).txt');
    const noName = await call('disk.folder.uploadfile', { id: folder.ID, fileContent: ['x', 'YQ=='] });
    assert.deepEqual(noName.body, { error: 'DISK_BASE_SERVICE_22001', error_description: 'Error: required parameter NAME (DISK_BASE_SERVICE_22001)' });
    const broken = await call('disk.folder.uploadfile', { id: folder.ID, data: { NAME: 'b.txt' }, fileContent: ['b.txt', 'не base64!'] });
    assert.deepEqual(broken.body, { error: 'ERROR_COULD_NOT_SAVE_FILE', error_description: 'Could not save file' });
    const download = await fetch(String(file.DOWNLOAD_URL));
    assert.equal(download.status, 200);
    assert.equal(sha(Buffer.from(await download.arrayBuffer())), sha(bytes));
    const toStorage = await call('disk.storage.uploadfile', { id: common.ID, data: { NAME: 'Приказ.txt' }, fileContent: ['Приказ.txt', 'cHJpa2F6'] });
    assert.equal((toStorage.body.result as Record<string, unknown>).PARENT_ID, common.ROOT_OBJECT_ID);
  });

  test('upload in two steps (uploadUrl, multipart) and download with ranges', async () => {
    const folder = (await call('disk.storage.addfolder', { id: common.ID, data: { NAME: 'Выгрузки' } })).body.result as Record<string, unknown>;
    const step1 = await call('disk.folder.uploadfile', { id: folder.ID });
    const target = step1.body.result as { field: string; uploadUrl: string };
    assert.equal(target.field, 'file');
    assert.ok(target.uploadUrl.startsWith(`${sb.url}/rest/upload.json?auth=`));
    const bytes = Buffer.alloc(2 * 1024 * 1024 + 3);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 31 + 7) % 251;
    const form = new FormData();
    form.append(target.field, new Blob([bytes]), 'выгрузка.bin');
    const step2 = await fetch(target.uploadUrl, { method: 'POST', body: form });
    assert.equal(step2.status, 200);
    const file = ((await step2.json()) as { result: Record<string, unknown> }).result;
    assert.equal(file.NAME, 'выгрузка.bin');
    assert.equal(file.SIZE, String(bytes.length));
    const whole = await fetch(String(file.DOWNLOAD_URL));
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.equal(sha(Buffer.from(await whole.arrayBuffer())), sha(bytes));
    const part = await fetch(String(file.DOWNLOAD_URL), { headers: { range: 'bytes=1000-1999' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 1000-1999/${bytes.length}`);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), bytes.subarray(1000, 2000));
    const tail = await fetch(String(file.DOWNLOAD_URL), { headers: { range: 'bytes=-5' } });
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), bytes.subarray(-5));
    const past = await fetch(String(file.DOWNLOAD_URL), { headers: { range: `bytes=${bytes.length}-` } });
    assert.equal(past.status, 416);
    // The same upload address again: the name is taken now.
    const second = await fetch(target.uploadUrl, { method: 'POST', body: form });
    assert.equal(second.status, 400);
    assert.equal(((await second.json()) as { error: string }).error, 'DISK_OBJ_22000');
    // A forged token, a bad credential.
    const forged = await fetch(target.uploadUrl.replace(/token=[^&]+/, 'token=disk%7Cabc%7Cdef'), { method: 'POST', body: form });
    assert.equal(forged.status, 400);
    const badAuth = await fetch(String(file.DOWNLOAD_URL).replace(/auth=[^&]+/, 'auth=nope'));
    assert.equal(badAuth.status, 401);
  });

  test('files: get, rename, copy, move, versions, the trash, delete, external links', async () => {
    const folder = (await call('disk.storage.addfolder', { id: common.ID, data: { NAME: 'Черновики' } })).body.result as Record<string, unknown>;
    const other = (await call('disk.storage.addfolder', { id: common.ID, data: { NAME: 'Чистовики' } })).body.result as Record<string, unknown>;
    const up = await call('disk.folder.uploadfile', { id: folder.ID, data: { NAME: 'Письмо.txt' }, fileContent: ['Письмо.txt', Buffer.from('v1').toString('base64')] });
    const id = (up.body.result as Record<string, unknown>).ID;
    const got = (await call('disk.file.get', { id })).body.result as Record<string, unknown>;
    assert.deepEqual(Object.keys(got), [
      'ID', 'NAME', 'CODE', 'STORAGE_ID', 'TYPE', 'PARENT_ID', 'DELETED_TYPE', 'GLOBAL_CONTENT_VERSION', 'FILE_ID', 'SIZE',
      'CREATE_TIME', 'UPDATE_TIME', 'DELETE_TIME', 'CREATED_BY', 'UPDATED_BY', 'DELETED_BY', 'DOWNLOAD_URL', 'DETAIL_URL',
    ]);
    assert.match(String(got.CREATE_TIME), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);
    assert.equal((await call('disk.file.rename', { id, newName: 'Письмо клиенту.txt' })).body.result && true, true);
    const copy = (await call('disk.file.copyto', { id, targetFolderId: other.ID })).body.result as Record<string, unknown>;
    assert.equal(copy.NAME, 'Письмо клиенту.txt');
    const clash = await call('disk.file.moveto', { id, targetFolderId: other.ID });
    assert.deepEqual(clash.body, { error: 'DISK_OBJ_22000', error_description: 'Файл с таким именем уже есть' });
    assert.equal((await call('disk.file.delete', { id: copy.ID })).body.result, true);
    const moved = (await call('disk.file.moveto', { id, targetFolderId: other.ID })).body.result as Record<string, unknown>;
    assert.equal(moved.PARENT_ID, String(other.ID));

    const v2 = await call('disk.file.uploadversion', { id, fileContent: ['Письмо.txt', Buffer.from('version 2').toString('base64')] });
    assert.equal((v2.body.result as Record<string, unknown>).GLOBAL_CONTENT_VERSION, '2');
    const versions = (await call('disk.file.getversions', { id })).body.result as Record<string, unknown>[];
    assert.deepEqual(versions.map((v) => v.SIZE), ['9', '2']);
    const oldBytes = await fetch(String(versions[1]!.DOWNLOAD_URL));
    assert.equal(await oldBytes.text(), 'v1');
    const version = (await call('disk.version.get', { id: versions[1]!.ID })).body.result as Record<string, unknown>;
    assert.equal(version.OBJECT_ID, String(id));
    await call('disk.file.restorefromversion', { id, versionId: versions[1]!.ID });
    const now = (await call('disk.file.get', { id })).body.result as Record<string, unknown>;
    assert.equal(await (await fetch(String(now.DOWNLOAD_URL))).text(), 'v1');
    const foreign = await call('disk.file.restorefromversion', { id: copy.ID, versionId: versions[1]!.ID });
    assert.equal(foreign.body.error, 'ERROR_NOT_FOUND', 'the copy was deleted');

    const link = (await call('disk.file.getexternallink', { id })).body.result as string;
    assert.match(link, new RegExp(`^${sb.url}/~[\\w-]{5}$`));
    assert.equal(await (await fetch(link)).text(), 'v1');
    const folderLink = (await call('disk.folder.getexternallink', { id: other.ID })).body.result as string;
    assert.match(await (await fetch(folderLink)).text(), /Письмо клиенту\.txt/);

    const trashed = (await call('disk.file.markdeleted', { id })).body.result as Record<string, unknown>;
    assert.equal(trashed.DELETED_TYPE, 3);
    assert.equal((await fetch(link)).status, 404, 'a link to a file in the trash serves nothing');
    assert.equal((await fetch(String(now.DOWNLOAD_URL))).status, 404);
    assert.equal(((await call('disk.file.restore', { id })).body.result as Record<string, unknown>).DELETED_TYPE, '0');
    assert.equal((await call('disk.file.delete', { id })).body.result, true);
    assert.deepEqual((await call('disk.file.get', { id })).body, { error: 'ERROR_NOT_FOUND', error_description: `Could not find entity with id \`${String(id)}\`` });
    assert.deepEqual((await call('disk.file.get')).body, { error: 'ERROR_ARGUMENT', error_description: 'Invalid value of parameter {Parameter #0}' });
    assert.equal((await call('disk.rights.gettasks')).body.result && true, true);
  });

  test('rights: a colleague sees the shared documents, not another\'s storage; sharing opens a folder', async () => {
    const colleague = await asUser(9);
    const own = ((await call('disk.storage.getlist', { filter: { ENTITY_TYPE: 'user', ENTITY_ID: '1' } })).body.result as Record<string, string>[])[0]!;
    const denied = await colleague('disk.storage.get', { id: own.ID });
    assert.deepEqual(denied.body, { error: 'ACCESS_DENIED', error_description: 'Access denied' });
    const visible = (await colleague('disk.storage.getlist')).body.result as Record<string, string>[];
    // Their own, the shared documents, their project group, and the calling application's own.
    assert.deepEqual(visible.map((s) => s.ENTITY_TYPE).sort(), ['common', 'group', 'restapp', 'user']);
    assert.equal(visible.find((s) => s.ENTITY_TYPE === 'user')!.ENTITY_ID, '9');
    // Every employee reads the shared documents; only sales and accounting add to them.
    const children = await colleague('disk.storage.getchildren', { id: common.ID });
    assert.ok((children.body.result as unknown[]).length >= 3);
    const refused = await colleague('disk.storage.addfolder', { id: common.ID, data: { NAME: 'Моя папка' } });
    assert.equal(refused.body.error, 'ACCESS_DENIED');
    const reports = (await call('disk.storage.getchildren', { id: own.ID })).body.result as Record<string, string>[];
    const folder = reports.find((r) => r.NAME === 'Отчеты')!;
    assert.equal((await colleague('disk.folder.get', { id: folder.ID })).body.error, 'ACCESS_DENIED');
    assert.equal((await call('disk.folder.sharetouser', { id: folder.ID, userId: 9, taskName: 'disk_access_read' })).body.result, true);
    assert.equal(((await colleague('disk.folder.get', { id: folder.ID })).body.result as Record<string, string>).NAME, 'Отчеты');
    const up = await colleague('disk.folder.uploadfile', { id: folder.ID, data: { NAME: 'x.txt' }, fileContent: ['x.txt', 'eA=='] });
    assert.deepEqual(up.body, { error: 'ACCESS_DENIED', error_description: 'Access denied' });
    const badTask = await call('disk.folder.sharetouser', { id: folder.ID, userId: 9, taskName: 'disk_access_everything' });
    assert.equal(badTask.body.error, 'ACCESS_DENIED');
    // A download link works for the user it was made for only while that user may read.
    const file = ((await call('disk.folder.uploadfile', { id: folder.ID, data: { NAME: 'итоги.txt' }, fileContent: ['итоги.txt', 'aXRvZ2k='] })).body.result as Record<string, string>);
    const theirs = ((await colleague('disk.file.get', { id: file.ID })).body.result as Record<string, string>).DOWNLOAD_URL!;
    assert.equal(await (await fetch(theirs)).text(), 'itogi');
    const scopeLess = await getJson(`${sb.info.webhookUrl}disk.storage.getlist`);
    assert.equal(scopeLess.status, 200);
  });

  test('a method outside the disk scope is refused', async () => {
    sb.setScope({ webhook: ['crm'] });
    try {
      const r = await call('disk.storage.getlist');
      assert.equal(r.status, 403);
      assert.equal(r.body.error, 'insufficient_scope');
    } finally {
      sb.setScope({ webhook: ['calendar', 'crm', 'department', 'disk', 'im', 'user', 'user_basic', 'user_brief'] });
    }
  });
});
