// disk.storage.*, disk.folder.*, disk.file.*, disk.version.get and disk.rights.getTasks, from their
// pages (api-reference/disk/): parameters, answers and the errors of each page's table, all 400.
// Answers read from the portal's tables carry every value as a string; objects a call has just
// made (addfolder, addsubfolder, uploadfile) carry ID, REAL_OBJECT_ID, DELETED_TYPE, FILE_ID and
// GLOBAL_CONTENT_VERSION as numbers, as the pages show them.
import { PortalError } from '../errors.js';
import { isoDate } from '../dates.js';
import { compileFilter, matches, type ValueKind } from '../filter.js';
import { isRecord, pick, toBool, toInt, toList, toStr, type Params } from '../params.js';
import { accessDenied, driveTasks, notFound, type AccessLevel, type DriveActor, type DriveObject, type DriveStore, type FileVersion, type Right, type Storage } from '../drive.js';
import type { CallContext, MethodHandler, MethodResult } from './types.js';

const pageSize = 50;

const badParam = (n: 0 | 1): PortalError => new PortalError(400, 'ERROR_ARGUMENT', `Invalid value of parameter {Parameter #${n}}`);

/** A required whole-number parameter; absent or not a number is the page's ERROR_ARGUMENT. */
function needId(params: Params, name: string, n: 0 | 1): number {
  const id = toInt(pick(params, name));
  if (id === undefined) throw badParam(n);
  return id;
}

function needText(params: Params, name: string, n: 0 | 1): string {
  const text = toStr(pick(params, name));
  if (text === undefined || text.trim() === '') throw badParam(n);
  return text;
}

const actorOf = (ctx: CallContext): DriveActor => ({ userId: ctx.userId, ...(ctx.caller.appCode ? { appCode: ctx.caller.appCode } : {}) });

const drive = (ctx: CallContext): DriveStore => ctx.state.drive;

const time = (sec: number | null): string | null => (sec === null ? null : isoDate(sec));

// ——— views ———

function storageView(s: Storage): Record<string, unknown> {
  return {
    ID: String(s.ID),
    NAME: s.NAME,
    CODE: s.CODE,
    MODULE_ID: s.MODULE_ID,
    ENTITY_TYPE: s.ENTITY_TYPE,
    ENTITY_ID: s.ENTITY_ID,
    ROOT_OBJECT_ID: String(s.ROOT_OBJECT_ID),
  };
}

/** The page in the portal's interface: a user's, a group's or the shared documents' Drive. */
function detailUrl(ctx: CallContext, o: DriveObject): string {
  const store = drive(ctx);
  const storage = store.storage(o.STORAGE_ID);
  const kind = o.TYPE === 'file' ? 'file' : 'path';
  const path = store.pathBelowRoot(o.ID);
  const base = ctx.baseUrl ?? '';
  switch (storage?.ENTITY_TYPE) {
    case 'user':
      return `${base}/company/personal/user/${storage.ENTITY_ID}/disk/${kind}/${path}`;
    case 'group':
      return `${base}/workgroups/group/${storage.ENTITY_ID}/disk/${kind}/${path}`;
    case 'common':
      return `${base}/docs/${kind}/${path}`;
    default:
      return `${base}/disk/${kind}/${path}`;
  }
}

/** DOWNLOAD_URL: a signed link carrying the caller's credential (download.json serves it). */
export function downloadUrl(ctx: CallContext, fields: { id: number; service: 'file' | 'version' }): string {
  const token = drive(ctx).signLink({ ...fields, user: ctx.userId });
  return `${ctx.baseUrl ?? ''}/rest/download.json?auth=${encodeURIComponent(ctx.caller.credential ?? '')}&token=${encodeURIComponent(token)}`;
}

type Form = 'read' | 'created';

/** A folder or a file as the disk pages show it; `created` for an object the call has just made. */
export function objectView(ctx: CallContext, o: DriveObject, form: Form = 'read'): Record<string, unknown> {
  const num = (v: number) => (form === 'created' ? v : String(v));
  const out: Record<string, unknown> = {
    ID: num(o.ID),
    NAME: o.NAME,
    CODE: o.CODE,
    STORAGE_ID: String(o.STORAGE_ID),
    TYPE: o.TYPE,
  };
  if (o.TYPE === 'folder') out.REAL_OBJECT_ID = num(o.ID);
  out.PARENT_ID = o.PARENT_ID === null ? null : String(o.PARENT_ID);
  out.DELETED_TYPE = num(o.DELETED_TYPE);
  if (o.TYPE === 'file') {
    out.GLOBAL_CONTENT_VERSION = num(o.GLOBAL_CONTENT_VERSION ?? 1);
    out.FILE_ID = num(o.FILE_ID ?? 0);
    out.SIZE = String(o.SIZE ?? 0);
  }
  out.CREATE_TIME = time(o.CREATE_TIME);
  out.UPDATE_TIME = time(o.UPDATE_TIME);
  out.DELETE_TIME = time(o.DELETE_TIME);
  out.CREATED_BY = String(o.CREATED_BY);
  out.UPDATED_BY = String(o.UPDATED_BY);
  out.DELETED_BY = form === 'created' ? null : String(o.DELETED_BY);
  if (o.TYPE === 'file') out.DOWNLOAD_URL = downloadUrl(ctx, { id: o.ID, service: 'file' });
  out.DETAIL_URL = detailUrl(ctx, o);
  return out;
}

function versionView(ctx: CallContext, v: FileVersion): Record<string, unknown> {
  return {
    ID: String(v.ID),
    OBJECT_ID: String(v.OBJECT_ID),
    SIZE: String(v.SIZE),
    NAME: v.NAME,
    GLOBAL_CONTENT_VERSION: String(v.GLOBAL_CONTENT_VERSION),
    CREATE_TIME: time(v.CREATE_TIME),
    CREATED_BY: String(v.CREATED_BY),
    DOWNLOAD_URL: downloadUrl(ctx, { id: v.ID, service: 'version' }),
  };
}

// ——— lists: filter, order, pages of 50 ———

function listPage<T>(rows: T[], params: Params): MethodResult {
  const startValue = toInt(pick(params, 'start')) ?? 0;
  const start = Math.max(0, startValue);
  const page = rows.slice(start, start + pageSize);
  const out: MethodResult = { result: page, rows: page.length };
  if (startValue >= 0) {
    out.total = rows.length;
    if (start + pageSize < rows.length) out.next = start + pageSize;
  }
  return out;
}

function filtered<T>(rows: T[], params: Params, kinds: Record<string, ValueKind>, valueOf: (row: T, field: string) => string | number | null): T[] {
  const conditions = compileFilter(pick(params, 'filter'), (field) => kinds[field]);
  let out = rows.filter((row) => conditions.every((c) => matches(c, valueOf(row, c.field))));
  const order = pick(params, 'order');
  if (isRecord(order)) {
    const keys = Object.entries(order).map(([field, dir]) => ({ field: field.toUpperCase(), desc: (toStr(dir) ?? '').toUpperCase() === 'DESC' }));
    out = [...out].sort((a, b) => {
      for (const { field, desc } of keys) {
        if (!(field in kinds)) continue;
        const va = valueOf(a, field);
        const vb = valueOf(b, field);
        const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va ?? '').localeCompare(String(vb ?? ''), 'ru');
        if (c !== 0) return desc ? -c : c;
      }
      return 0;
    });
  }
  return out;
}

const storageKinds: Record<string, ValueKind> = { ID: 'int', NAME: 'str', CODE: 'str', ENTITY_TYPE: 'str', ENTITY_ID: 'str' };

const objectKinds: Record<string, ValueKind> = {
  ID: 'int',
  NAME: 'str',
  TYPE: 'str',
  CODE: 'str',
  STORAGE_ID: 'int',
  PARENT_ID: 'int',
  CREATE_TIME: 'date',
  UPDATE_TIME: 'date',
  DELETE_TIME: 'date',
  DELETED_TYPE: 'int',
};

function objectValue(o: DriveObject, field: string): string | number | null {
  const value = (o as unknown as Record<string, unknown>)[field];
  return typeof value === 'number' || typeof value === 'string' ? value : null;
}

/** The live children a user may read, filtered and ordered as the request asks. */
function childrenList(ctx: CallContext, folderId: number, params: Params): MethodResult {
  const store = drive(ctx);
  const actor = actorOf(ctx);
  const visible = store.children(folderId).filter((o) => store.can(actor, o.ID, 'read'));
  const page = listPage(filtered(visible, params, objectKinds, objectValue), params);
  page.result = (page.result as DriveObject[]).map((o) => objectView(ctx, o));
  return page;
}

// ——— fields ———

const describe = (type: string, filter: boolean) => ({ TYPE: type, USE_IN_FILTER: filter, USE_IN_SHOW: true });

const storageFields = {
  ID: describe('integer', true),
  NAME: describe('string', true),
  CODE: describe('string', true),
  MODULE_ID: describe('string', false),
  ENTITY_TYPE: describe('string', true),
  ENTITY_ID: describe('string', true),
  ROOT_OBJECT_ID: describe('integer', false),
};

const commonObjectFields = {
  ID: describe('integer', true),
  NAME: describe('string', true),
  TYPE: describe('enum', true),
  CODE: describe('string', true),
  STORAGE_ID: describe('integer', true),
};

/** The times and authors both folders and files describe. */
const stampFields = {
  CREATE_TIME: describe('datetime', true),
  UPDATE_TIME: describe('datetime', true),
  DELETE_TIME: describe('datetime', true),
  CREATED_BY: describe('integer', false),
  UPDATED_BY: describe('integer', false),
  DELETED_BY: describe('integer', false),
};

const folderFields = {
  ...commonObjectFields,
  REAL_OBJECT_ID: describe('integer', false),
  PARENT_ID: describe('integer', true),
  ...stampFields,
  DELETED_TYPE: describe('enum', true),
};

const fileFields = {
  ...commonObjectFields,
  PARENT_ID: describe('integer', true),
  ...stampFields,
  GLOBAL_CONTENT_VERSION: describe('integer', false),
  FILE_ID: describe('integer', false),
  SIZE: describe('integer', false),
  DELETED_TYPE: describe('enum', true),
};

// ——— lookups with rights ———

function storageFor(ctx: CallContext, params: Params, n: 0 | 1 = 0): Storage {
  const id = needId(params, 'id', n);
  const s = drive(ctx).storage(id);
  if (!s) throw notFound(id);
  return s;
}

/** An object of a type by `id`, live unless `trashed` is allowed, that the caller holds `level` on. */
function objectFor(ctx: CallContext, params: Params, type: 'folder' | 'file', n: 0 | 1, level: AccessLevel, trashed = false, name = 'id'): DriveObject {
  const id = needId(params, name, n);
  const o = drive(ctx).object(id, type);
  if (!o || (!trashed && o.DELETED_TYPE !== 0)) throw notFound(id);
  drive(ctx).require(actorOf(ctx), o.ID, level);
  return o;
}

/** `rights`: a list of {TASK_ID, ACCESS_CODE} with a known level; others are skipped. */
function readRights(params: Params): Right[] {
  const list = toList(pick(params, 'rights')) ?? [];
  const out: Right[] = [];
  for (const item of list) {
    if (!isRecord(item)) continue;
    const task = toInt(pick(item, 'TASK_ID'));
    const code = toStr(pick(item, 'ACCESS_CODE'));
    if (task !== undefined && code && driveTasks.some((t) => t.ID === task)) out.push({ TASK_ID: task, ACCESS_CODE: code });
  }
  return out;
}

function dataName(params: Params): string | undefined {
  const data = pick(params, 'data');
  const name = isRecord(data) ? toStr(pick(data, 'NAME')) : undefined;
  return name === undefined || name.trim() === '' ? undefined : name;
}

/** A file or folder name the portal accepts: no slashes or reserved characters, not "." or "..". */
function checkName(name: string, n: 0 | 1): string {
  if (/[\\/:*?"<>|]/.test(name) || name === '.' || name === '..' || name.length > 255) throw badParam(n);
  return name;
}

// ——— uploads ———

const base64Text = /^[A-Za-z0-9+/]*={0,2}$/;

/** fileContent: [name, base64]; the bytes, or ERROR_COULD_NOT_SAVE_FILE when they do not decode. */
function decodeContent(value: unknown): Buffer {
  const list = toList(value) ?? [];
  const text = toStr(list[1])?.replace(/\s+/g, '') ?? '';
  if (list.length < 2 || text.length % 4 === 1 || !base64Text.test(text)) throw new PortalError(400, 'ERROR_COULD_NOT_SAVE_FILE', 'Could not save file');
  return Buffer.from(text, 'base64');
}

/**
 * disk.folder.uploadfile / disk.storage.uploadfile into `folder`: with fileContent the file is
 * made at once; without it the answer is the upload address (`field`, `uploadUrl`), whose token
 * keeps the folder, the name from data, generateUniqueName and rights for the POST that follows.
 */
function upload(ctx: CallContext, params: Params, folder: DriveObject): MethodResult {
  const store = drive(ctx);
  store.require(actorOf(ctx), folder.ID, 'add');
  const unique = toBool(pick(params, 'generateUniqueName')) ?? false;
  const rights = readRights(params);
  const content = pick(params, 'fileContent');
  const name = dataName(params);
  if (content === undefined || content === null || content === '') {
    const token = store.signLink({
      folder: folder.ID,
      user: ctx.userId,
      unique: unique ? 1 : 0,
      ...(name ? { name } : {}),
      ...(rights.length > 0 ? { rights: JSON.stringify(rights) } : {}),
      ...(ctx.caller.appCode ? { app: ctx.caller.appCode } : {}),
    });
    const uploadUrl = `${ctx.baseUrl ?? ''}/rest/upload.json?auth=${encodeURIComponent(ctx.caller.credential ?? '')}&token=${encodeURIComponent(token)}`;
    return { result: { field: 'file', uploadUrl } };
  }
  if (!name) throw new PortalError(400, 'DISK_BASE_SERVICE_22001', 'Error: required parameter NAME (DISK_BASE_SERVICE_22001)');
  const bytes = decodeContent(content);
  const file = store.putFile(folder.ID, checkName(name, 0), bytes, ctx.userId, { generateUniqueName: unique, rights });
  return { result: objectView(ctx, file, 'created'), rows: 1 };
}

// ——— the methods ———

const storageGetList: MethodHandler = (params, ctx) => {
  const store = drive(ctx);
  const actor = actorOf(ctx);
  store.userStorage(ctx.userId);
  const visible = store.storages.all().filter((s) => s.MODULE_ID === 'disk' && store.can(actor, s.ROOT_OBJECT_ID, 'read'));
  const rows = filtered(visible, params, storageKinds, (s, f) => (s as unknown as Record<string, string | number | null>)[f] ?? null);
  const page = listPage(rows, params);
  page.result = (page.result as Storage[]).map(storageView);
  return page;
};

const storageGet: MethodHandler = (params, ctx) => {
  const s = storageFor(ctx, params);
  drive(ctx).require(actorOf(ctx), s.ROOT_OBJECT_ID, 'read');
  return { result: storageView(s), rows: 1 };
};

const storageRename: MethodHandler = (params, ctx) => {
  const s = storageFor(ctx, params);
  const newName = needText(params, 'newName', 1);
  // Administrator only (the page's "who may call").
  if (ctx.userId !== 1) throw accessDenied();
  s.NAME = newName;
  drive(ctx).object(s.ROOT_OBJECT_ID)!.NAME = newName;
  return { result: storageView(s), rows: 1 };
};

const storageGetForApp: MethodHandler = (_params, ctx) => {
  if (ctx.caller.kind !== 'app' || !ctx.caller.appCode) throw new PortalError(400, 'ACCESS_DENIED', 'Access denied! Application context required');
  return { result: storageView(drive(ctx).appStorage(ctx.caller.appCode, ctx.userId)), rows: 1 };
};

const storageAddFolder: MethodHandler = (params, ctx) => {
  const s = storageFor(ctx, params);
  const name = dataName(params);
  if (!name) throw badParam(1);
  drive(ctx).require(actorOf(ctx), s.ROOT_OBJECT_ID, 'add');
  const folder = drive(ctx).addFolder(s.ROOT_OBJECT_ID, checkName(name, 1), ctx.userId, readRights(params));
  return { result: objectView(ctx, folder, 'created'), rows: 1 };
};

const storageGetChildren: MethodHandler = (params, ctx) => childrenList(ctx, storageFor(ctx, params).ROOT_OBJECT_ID, params);

const storageUploadFile: MethodHandler = (params, ctx) => {
  const s = storageFor(ctx, params);
  return upload(ctx, params, drive(ctx).object(s.ROOT_OBJECT_ID, 'folder')!);
};

const folderGet: MethodHandler = (params, ctx) => ({ result: objectView(ctx, objectFor(ctx, params, 'folder', 1, 'read', true)), rows: 1 });

const folderGetChildren: MethodHandler = (params, ctx) => childrenList(ctx, objectFor(ctx, params, 'folder', 1, 'read').ID, params);

const folderAddSubfolder: MethodHandler = (params, ctx) => {
  const folder = objectFor(ctx, params, 'folder', 1, 'add');
  const name = dataName(params);
  if (!name) throw badParam(1);
  const created = drive(ctx).addFolder(folder.ID, checkName(name, 1), ctx.userId, readRights(params));
  return { result: objectView(ctx, created, 'created'), rows: 1 };
};

/** copyto / moveto: the object by `id` with `level`, the target folder by `targetFolderId` with add. */
function relocate(params: Params, ctx: CallContext, type: 'folder' | 'file', n: 0 | 1, level: AccessLevel, how: 'copy' | 'move'): MethodResult {
  const o = objectFor(ctx, params, type, n, level);
  const targetId = needId(params, 'targetFolderId', n);
  const target = drive(ctx).object(targetId, 'folder');
  if (!target || target.DELETED_TYPE !== 0) throw notFound(targetId);
  drive(ctx).require(actorOf(ctx), target.ID, 'add');
  const out = how === 'copy' ? drive(ctx).copy(o.ID, target.ID, ctx.userId) : drive(ctx).move(o.ID, target.ID, ctx.userId);
  return { result: objectView(ctx, out), rows: 1 };
}

function rename(params: Params, ctx: CallContext, type: 'folder' | 'file', n: 0 | 1): MethodResult {
  const o = objectFor(ctx, params, type, n, 'edit');
  const newName = checkName(needText(params, 'newName', n), n);
  return { result: objectView(ctx, drive(ctx).rename(o.ID, newName, ctx.userId)), rows: 1 };
}

function trash(params: Params, ctx: CallContext, type: 'folder' | 'file', n: 0 | 1, level: AccessLevel): MethodResult {
  const o = objectFor(ctx, params, type, n, level);
  const out = drive(ctx).trash(o.ID, ctx.userId);
  return { result: { ...objectView(ctx, out), DELETED_TYPE: out.DELETED_TYPE }, rows: 1 };
}

function restore(params: Params, ctx: CallContext, type: 'folder' | 'file', n: 0 | 1): MethodResult {
  const o = objectFor(ctx, params, type, n, type === 'folder' ? 'full' : 'edit', true);
  // A folder comes back by the administrator's hand only (disk-folder-restore.md).
  if (type === 'folder' && ctx.userId !== 1) throw accessDenied();
  return { result: objectView(ctx, drive(ctx).restore(o.ID, ctx.userId)), rows: 1 };
}

function destroy(params: Params, ctx: CallContext, type: 'folder' | 'file', n: 0 | 1): MethodResult {
  const o = objectFor(ctx, params, type, n, 'full', true);
  drive(ctx).destroy(o.ID);
  return { result: true, rows: 1 };
}

function externalLink(params: Params, ctx: CallContext, type: 'folder' | 'file', n: 0 | 1): MethodResult {
  const o = objectFor(ctx, params, type, n, 'read');
  return { result: `${ctx.baseUrl ?? ''}/~${drive(ctx).externalLink(o.ID)}`, rows: 1 };
}

const taskNames = new Map<string, AccessLevel>([
  ['disk_access_read', 'read'],
  ['disk_access_add', 'add'],
  ['disk_access_edit', 'edit'],
  ['disk_access_full', 'full'],
]);

const folderShareToUser: MethodHandler = (params, ctx) => {
  const folder = objectFor(ctx, params, 'folder', 1, 'sharing');
  const userId = needId(params, 'userId', 1);
  const level = taskNames.get(toStr(pick(params, 'taskName')) ?? '');
  if (!level) throw accessDenied();
  // Nobody gives more than they hold.
  if (!drive(ctx).can(actorOf(ctx), folder.ID, level)) throw accessDenied();
  if (!ctx.state.users.get(userId)) throw badParam(1);
  drive(ctx).share(folder.ID, userId, level);
  return { result: true, rows: 1 };
};

const fileGet: MethodHandler = (params, ctx) => ({ result: objectView(ctx, objectFor(ctx, params, 'file', 0, 'read', true)), rows: 1 });

const fileUploadVersion: MethodHandler = (params, ctx) => {
  const file = objectFor(ctx, params, 'file', 0, 'edit');
  const content = pick(params, 'fileContent');
  if (content === undefined || content === null || content === '') throw badParam(0);
  let bytes: Buffer;
  try {
    bytes = decodeContent(content);
  } catch {
    throw new PortalError(400, 'DISK_FILE_22002', 'Could not save file');
  }
  return { result: objectView(ctx, drive(ctx).putVersion(file.ID, bytes, ctx.userId)), rows: 1 };
};

const fileGetVersions: MethodHandler = (params, ctx) => {
  const file = objectFor(ctx, params, 'file', 0, 'read', true);
  const page = listPage(drive(ctx).versionsOf(file.ID), params);
  page.result = (page.result as FileVersion[]).map((v) => versionView(ctx, v));
  return page;
};

const fileRestoreFromVersion: MethodHandler = (params, ctx) => {
  const file = objectFor(ctx, params, 'file', 0, 'full');
  const versionId = needId(params, 'versionId', 0);
  return { result: objectView(ctx, drive(ctx).restoreVersion(file.ID, versionId, ctx.userId)), rows: 1 };
};

const versionGet: MethodHandler = (params, ctx) => {
  const id = toInt(pick(params, 'id'));
  if (id === undefined) throw new PortalError(400, 'ERROR_ARGUMENT', 'Invalid value of parameter `id`');
  const version = drive(ctx).versions.get(id);
  if (!version) throw notFound(id);
  drive(ctx).require(actorOf(ctx), version.OBJECT_ID, 'read');
  return { result: versionView(ctx, version), rows: 1 };
};

const rightsGetTasks: MethodHandler = () => ({
  result: [...driveTasks].reverse().map((t) => ({ ID: String(t.ID), NAME: t.NAME, TITLE: t.TITLE })),
});

export const diskMethods: Record<string, MethodHandler> = {
  'disk.storage.getfields': () => ({ result: storageFields }),
  'disk.storage.getlist': storageGetList,
  'disk.storage.gettypes': () => ({ result: ['user', 'common', 'group'] }),
  'disk.storage.get': storageGet,
  'disk.storage.rename': storageRename,
  'disk.storage.getforapp': storageGetForApp,
  'disk.storage.addfolder': storageAddFolder,
  'disk.storage.getchildren': storageGetChildren,
  'disk.storage.uploadfile': storageUploadFile,
  'disk.folder.getfields': () => ({ result: folderFields }),
  'disk.folder.get': folderGet,
  'disk.folder.getchildren': folderGetChildren,
  'disk.folder.addsubfolder': folderAddSubfolder,
  'disk.folder.copyto': (p, ctx) => relocate(p, ctx, 'folder', 1, 'read', 'copy'),
  'disk.folder.moveto': (p, ctx) => relocate(p, ctx, 'folder', 1, 'edit', 'move'),
  'disk.folder.rename': (p, ctx) => rename(p, ctx, 'folder', 1),
  'disk.folder.deletetree': (p, ctx) => destroy(p, ctx, 'folder', 1),
  'disk.folder.markdeleted': (p, ctx) => trash(p, ctx, 'folder', 1, 'full'),
  'disk.folder.restore': (p, ctx) => restore(p, ctx, 'folder', 1),
  'disk.folder.sharetouser': folderShareToUser,
  'disk.folder.getexternallink': (p, ctx) => externalLink(p, ctx, 'folder', 1),
  'disk.folder.uploadfile': (p, ctx) => upload(ctx, p, objectFor(ctx, p, 'folder', 0, 'read')),
  'disk.file.getfields': () => ({ result: fileFields }),
  'disk.file.get': fileGet,
  'disk.file.rename': (p, ctx) => rename(p, ctx, 'file', 0),
  'disk.file.copyto': (p, ctx) => relocate(p, ctx, 'file', 0, 'read', 'copy'),
  'disk.file.moveto': (p, ctx) => relocate(p, ctx, 'file', 0, 'edit', 'move'),
  'disk.file.delete': (p, ctx) => destroy(p, ctx, 'file', 0),
  'disk.file.markdeleted': (p, ctx) => trash(p, ctx, 'file', 0, 'edit'),
  'disk.file.restore': (p, ctx) => restore(p, ctx, 'file', 0),
  'disk.file.getexternallink': (p, ctx) => externalLink(p, ctx, 'file', 0),
  'disk.file.uploadversion': fileUploadVersion,
  'disk.file.getversions': fileGetVersions,
  'disk.file.restorefromversion': fileRestoreFromVersion,
  'disk.version.get': versionGet,
  'disk.rights.gettasks': rightsGetTasks,
};
