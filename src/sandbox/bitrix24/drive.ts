// The portal's Drive (api-reference/disk/): storages, a tree of folders and files whose bytes live
// on disk in the sandbox's temp space, versions, the trash, external links and rights. It knows
// nothing of HTTP: the disk.* handlers (methods/disk.ts), the upload and download routes
// (disk-transfer.ts) and other sandbox code (a chat's files folder) all go through this class.
//
// For other sandbox code, the short way:
//   const folder = state.drive.folderForChat(chatId, userId);        // im.disk.folder.get
//   const file = state.drive.putFile(folder.ID, 'act.pdf', bytes, userId);   // bytes: Buffer
//   const big = await state.drive.putFileStream(folder.ID, 'dump.zip', readable, userId);
//   state.drive.read(file.ID) → a stream of the bytes; state.drive.pathOf(file.ID) → the file on disk
import { createReadStream, createWriteStream, copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, type ReadStream } from 'node:fs';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { PortalError } from './errors.js';
import { Table } from './state.js';
import { SeededRandom } from '../common/random.js';

/** What a storage belongs to. `restapp` is an application's own storage; `im` holds chats' files. */
export type StorageType = 'user' | 'group' | 'common' | 'restapp' | 'im';

export interface Storage {
  ID: number;
  NAME: string;
  CODE: string | null;
  MODULE_ID: string;
  ENTITY_TYPE: StorageType;
  ENTITY_ID: string;
  ROOT_OBJECT_ID: number;
}

/** 0 live, 3 put into the trash itself, 4 went to the trash with a parent folder. */
export type DeletedType = 0 | 3 | 4;

/** A right on an object: a level (one of driveTasks) for an access code (U5, D3, DR1, AU, G2, CHAT12). */
export interface Right {
  TASK_ID: number;
  ACCESS_CODE: string;
}

/** A folder or a file: one table, one ID sequence, as the portal keeps them. */
export interface DriveObject {
  ID: number;
  NAME: string;
  CODE: string | null;
  STORAGE_ID: number;
  TYPE: 'folder' | 'file';
  /** null for a storage's root folder. */
  PARENT_ID: number | null;
  DELETED_TYPE: DeletedType;
  /** epoch seconds */
  CREATE_TIME: number;
  UPDATE_TIME: number;
  DELETE_TIME: number | null;
  CREATED_BY: number;
  UPDATED_BY: number;
  DELETED_BY: number;
  /** Rights given on this object itself; children inherit them. */
  rights: Right[];
  /** The token of its external link (`/~token`), once one was asked for. */
  externalLink: string | null;
  /** For DELETED_TYPE 4: the object whose trashing took this one along (its restore brings it back). */
  trashedWith: number | null;
  /** Files: the current content (b_file's ID), its size in bytes and the content counter. */
  FILE_ID?: number;
  SIZE?: number;
  GLOBAL_CONTENT_VERSION?: number;
}

export interface FileVersion {
  ID: number;
  OBJECT_ID: number;
  FILE_ID: number;
  SIZE: number;
  NAME: string;
  GLOBAL_CONTENT_VERSION: number;
  CREATE_TIME: number;
  CREATED_BY: number;
}

/** The access levels (disk.rights.getTasks), weakest first. `level` orders them. */
export const driveTasks = [
  { ID: 71, NAME: 'disk_access_read', TITLE: 'Чтение', level: 1 },
  { ID: 73, NAME: 'disk_access_add', TITLE: 'Добавление', level: 2 },
  { ID: 75, NAME: 'disk_access_edit', TITLE: 'Редактирование', level: 3 },
  { ID: 77, NAME: 'disk_access_sharing', TITLE: 'Редактирование с правом доступа', level: 4 },
  { ID: 79, NAME: 'disk_access_full', TITLE: 'Полный доступ', level: 5 },
] as const;

export type AccessLevel = 'read' | 'add' | 'edit' | 'sharing' | 'full';
const levelOf: Record<AccessLevel, number> = { read: 1, add: 2, edit: 3, sharing: 4, full: 5 };

export function taskId(level: AccessLevel): number {
  return driveTasks[levelOf[level] - 1]!.ID;
}

/** Who the Drive asks about: the portal's users and departments, read through the state. */
export interface DriveDirectory {
  userName(id: number): string | undefined;
  /** The user's departments and every department above them. */
  departmentsOf(id: number): { own: number[]; withParents: number[] };
  /** The portal's administrator (full rights everywhere). */
  isAdmin(id: number): boolean;
}

/** Who acts: a user, and for an application its code (it may use its own storage). */
export interface DriveActor {
  userId: number;
  appCode?: string;
}

/** Bytes stored on disk under a FILE_ID. */
interface Blob {
  FILE_ID: number;
  SIZE: number;
}

/** Options of an upload, as disk.folder.uploadfile takes them. */
export interface PutOptions {
  generateUniqueName?: boolean;
  rights?: Right[];
}

const nowSec = (): number => Math.floor(Date.now() / 1000);

// Temp directories still present, removed at exit if their sandbox was never closed.
const liveDirs = new Set<string>();
let exitHook = false;

function trackDir(dir: string): void {
  liveDirs.add(dir);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const d of liveDirs) rmSync(d, { recursive: true, force: true });
  });
}

/** The `(1)` suffix a portal gives a name taken in its folder: "Акт.docx" → "Акт (1).docx". */
export function numberedName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/** The text of a 400 ERROR_NOT_FOUND of the disk pages, with the ID in place of their `X`. */
export function notFound(id: unknown): PortalError {
  return new PortalError(400, 'ERROR_NOT_FOUND', `Could not find entity with id \`${String(id)}\``);
}

export function accessDenied(): PortalError {
  return new PortalError(400, 'ACCESS_DENIED', 'Access denied');
}

function nameTaken(type: 'folder' | 'file'): PortalError {
  return new PortalError(400, 'DISK_OBJ_22000', type === 'folder' ? 'Папка с таким именем уже есть' : 'Файл с таким именем уже есть');
}

export class DriveStore {
  readonly storages = new Table<Storage>();
  readonly objects = new Table<DriveObject>();
  readonly versions = new Table<FileVersion>();
  /** Extra access codes of a user (a chat's members get CHAT<id>), from other parts of the sandbox. */
  private readonly resolvers: ((userId: number) => string[])[] = [];
  private dir: string | null = null;
  private lastFileId = 30_000;
  private readonly links = new Map<string, number>();
  private linkRandom = new SeededRandom(13);
  /** Signs the tokens of download and upload links, so that a link cannot be forged or changed. */
  private readonly linkKey = randomBytes(32);

  constructor(private readonly directory: DriveDirectory) {}

  // ——— bytes on disk ———

  /** The sandbox's temp space for bytes, made on first use and removed by close(). */
  private blobDir(): string {
    if (!this.dir) {
      this.dir = mkdtempSync(join(tmpdir(), 'uzel-drive-sandbox-'));
      trackDir(this.dir);
    }
    return this.dir;
  }

  /** The file on disk holding a content (FILE_ID). */
  blobPath(fileId: number): string {
    return join(this.blobDir(), String(fileId));
  }

  private storeBytes(bytes: Buffer): Blob {
    this.lastFileId += 1;
    writeFileSync(this.blobPath(this.lastFileId), bytes);
    return { FILE_ID: this.lastFileId, SIZE: bytes.length };
  }

  /** Streams bytes to disk, never holding them whole; the partial file goes if the stream fails. */
  private async storeStream(source: NodeJS.ReadableStream | AsyncIterable<Uint8Array>): Promise<Blob> {
    this.lastFileId += 1;
    const fileId = this.lastFileId;
    const path = this.blobPath(fileId);
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(source as NodeJS.ReadableStream, counter, createWriteStream(path));
    } catch (error) {
      rmSync(path, { force: true });
      throw error;
    }
    return { FILE_ID: fileId, SIZE: size };
  }

  private copyBlob(fileId: number): Blob {
    this.lastFileId += 1;
    copyFileSync(this.blobPath(fileId), this.blobPath(this.lastFileId));
    return { FILE_ID: this.lastFileId, SIZE: statSync(this.blobPath(this.lastFileId)).size };
  }

  private dropBlob(fileId: number): void {
    if (this.dir) rmSync(this.blobPath(fileId), { force: true });
  }

  /** The bytes of a file's current content (or of one version), from `start` to `end` inclusive. */
  read(objectId: number, range?: { start: number; end: number }, versionId?: number): ReadStream {
    const fileId = versionId !== undefined ? this.versions.get(versionId)?.FILE_ID : this.objects.get(objectId)?.FILE_ID;
    if (fileId === undefined) throw notFound(versionId ?? objectId);
    return createReadStream(this.blobPath(fileId), range ? { start: range.start, end: range.end } : {});
  }

  /** The path on disk of a file's current content (tests compare checksums with it). */
  pathOf(objectId: number): string {
    const fileId = this.objects.get(objectId)?.FILE_ID;
    if (fileId === undefined) throw notFound(objectId);
    return this.blobPath(fileId);
  }

  // ——— storages and the tree ———

  /** A storage with its root folder. */
  addStorage(init: Omit<Storage, 'ID' | 'ROOT_OBJECT_ID'>, createdBy: number, rights: Right[] = []): Storage {
    const id = this.storages.nextId();
    const root = this.newObject({ NAME: init.NAME, STORAGE_ID: id, TYPE: 'folder', PARENT_ID: null }, createdBy);
    root.rights = rights;
    return this.storages.put({ ...init, ID: id, ROOT_OBJECT_ID: root.ID });
  }

  /** A user's own storage, made on first need as the portal does. */
  userStorage(userId: number): Storage {
    for (const s of this.storages.rows.values()) if (s.ENTITY_TYPE === 'user' && s.ENTITY_ID === String(userId)) return s;
    const name = this.directory.userName(userId) ?? `Пользователь ${userId}`;
    return this.addStorage({ NAME: name, CODE: null, MODULE_ID: 'disk', ENTITY_TYPE: 'user', ENTITY_ID: String(userId) }, userId);
  }

  /** An application's storage (disk.storage.getforapp), made on its first call. */
  appStorage(appCode: string, userId: number): Storage {
    for (const s of this.storages.rows.values()) if (s.ENTITY_TYPE === 'restapp' && s.CODE === appCode) return s;
    return this.addStorage({ NAME: appCode, CODE: appCode, MODULE_ID: 'disk', ENTITY_TYPE: 'restapp', ENTITY_ID: String(this.storages.size + 1) }, userId);
  }

  /** The storage of the messenger's files: each chat has a folder there. */
  private imStorage(): Storage {
    for (const s of this.storages.rows.values()) if (s.ENTITY_TYPE === 'im') return s;
    return this.addStorage({ NAME: 'IM', CODE: null, MODULE_ID: 'im', ENTITY_TYPE: 'im', ENTITY_ID: 'im' }, 1);
  }

  /**
   * A chat's files folder (im.disk.folder.get), made on first need. Its members reach it by the
   * access code CHAT<id>: register who they are with addAccessResolver.
   */
  folderForChat(chatId: number, createdBy: number): DriveObject {
    const storage = this.imStorage();
    const name = `chat${chatId}`;
    const existing = this.children(storage.ROOT_OBJECT_ID).find((o) => o.NAME === name && o.TYPE === 'folder');
    if (existing) return existing;
    const folder = this.newObject({ NAME: name, STORAGE_ID: storage.ID, TYPE: 'folder', PARENT_ID: storage.ROOT_OBJECT_ID }, createdBy);
    folder.rights = [{ TASK_ID: taskId('edit'), ACCESS_CODE: `CHAT${chatId}` }];
    return folder;
  }

  /** Other sandbox parts add access codes of a user (a chat engineer: CHAT<id> for each chat of the user). */
  addAccessResolver(resolver: (userId: number) => string[]): void {
    this.resolvers.push(resolver);
  }

  private newObject(init: Pick<DriveObject, 'NAME' | 'STORAGE_ID' | 'TYPE' | 'PARENT_ID'>, userId: number, at = nowSec()): DriveObject {
    return this.objects.put({
      ID: this.objects.nextId(),
      CODE: null,
      DELETED_TYPE: 0,
      CREATE_TIME: at,
      UPDATE_TIME: at,
      DELETE_TIME: null,
      CREATED_BY: userId,
      UPDATED_BY: userId,
      DELETED_BY: 0,
      rights: [],
      externalLink: null,
      trashedWith: null,
      ...init,
    });
  }

  storage(id: number): Storage | undefined {
    return this.storages.get(id);
  }

  /** A live or trashed object of the given type. */
  object(id: number, type?: 'folder' | 'file'): DriveObject | undefined {
    const o = this.objects.get(id);
    return o && (!type || o.TYPE === type) ? o : undefined;
  }

  /** The live children of a folder, in ID order. */
  children(folderId: number): DriveObject[] {
    return this.objects.all().filter((o) => o.PARENT_ID === folderId && o.DELETED_TYPE === 0);
  }

  /** The object and the folders above it, nearest first. */
  ancestry(id: number): DriveObject[] {
    const chain: DriveObject[] = [];
    let current = this.objects.get(id);
    while (current && chain.length < 1000) {
      chain.push(current);
      current = current.PARENT_ID === null ? undefined : this.objects.get(current.PARENT_ID);
    }
    return chain;
  }

  /** Every object below a folder (not the folder itself), trashed ones too. */
  descendants(folderId: number): DriveObject[] {
    const out: DriveObject[] = [];
    const queue = [folderId];
    while (queue.length > 0) {
      const parent = queue.shift()!;
      for (const o of this.objects.rows.values()) {
        if (o.PARENT_ID === parent) {
          out.push(o);
          if (o.TYPE === 'folder') queue.push(o.ID);
        }
      }
    }
    return out;
  }

  /** "Папка/Папка в папке/test.png": the path below the storage's root. */
  pathBelowRoot(id: number): string {
    return this.ancestry(id)
      .filter((o) => o.PARENT_ID !== null)
      .reverse()
      .map((o) => o.NAME)
      .join('/');
  }

  // ——— rights ———

  /** The access codes a user holds: U<id>, AU, G2, D<dept>, DR<dept and above>, and the resolvers' ones. */
  accessCodes(userId: number): Set<string> {
    const { own, withParents } = this.directory.departmentsOf(userId);
    const codes = new Set([`U${userId}`, 'AU', 'G2', '*']);
    for (const d of own) codes.add(`D${d}`);
    for (const d of withParents) codes.add(`DR${d}`);
    for (const resolve of this.resolvers) for (const c of resolve(userId)) codes.add(c);
    return codes;
  }

  /** The strongest level an actor holds on an object (0: none): the owner and the administrator hold full rights. */
  levelFor(actor: DriveActor, id: number): number {
    const chain = this.ancestry(id);
    const storage = chain[0] ? this.storages.get(chain[0].STORAGE_ID) : undefined;
    if (!storage) return 0;
    if (this.directory.isAdmin(actor.userId)) return levelOf.full;
    if (storage.ENTITY_TYPE === 'user' && storage.ENTITY_ID === String(actor.userId)) return levelOf.full;
    if (storage.ENTITY_TYPE === 'restapp' && actor.appCode !== undefined && storage.CODE === actor.appCode) return levelOf.full;
    const codes = this.accessCodes(actor.userId);
    let best = 0;
    for (const o of chain) {
      for (const r of o.rights) {
        if (!codes.has(r.ACCESS_CODE)) continue;
        const task = driveTasks.find((t) => t.ID === r.TASK_ID);
        if (task && task.level > best) best = task.level;
      }
    }
    return best;
  }

  can(actor: DriveActor, id: number, level: AccessLevel): boolean {
    return this.levelFor(actor, id) >= levelOf[level];
  }

  /** Whether `id` is a file on the Drive, not in the trash, that the actor may read. */
  readableFile(actor: DriveActor, id: number): boolean {
    const file = this.object(id, 'file');
    return file !== undefined && file.DELETED_TYPE === 0 && this.can(actor, id, 'read');
  }

  /** Throws the disk pages' 400 ACCESS_DENIED when the actor lacks the level. */
  require(actor: DriveActor, id: number, level: AccessLevel): void {
    if (!this.can(actor, id, level)) throw accessDenied();
  }

  /** Gives a user a level on a folder (disk.folder.sharetouser), replacing what the user had there. */
  share(folderId: number, userId: number, level: AccessLevel): void {
    const folder = this.objects.get(folderId);
    if (!folder) throw notFound(folderId);
    folder.rights = [...folder.rights.filter((r) => r.ACCESS_CODE !== `U${userId}`), { TASK_ID: taskId(level), ACCESS_CODE: `U${userId}` }];
  }

  // ——— names ———

  private nameIsFree(parentId: number, name: string, except?: number): boolean {
    const lower = name.toLowerCase();
    return !this.children(parentId).some((o) => o.ID !== except && o.NAME.toLowerCase() === lower);
  }

  /** The name to use in a folder: as given when free, numbered with `unique`, else DISK_OBJ_22000. */
  freeName(parentId: number, name: string, type: 'folder' | 'file', unique = false, except?: number): string {
    if (this.nameIsFree(parentId, name, except)) return name;
    if (!unique) throw nameTaken(type);
    for (let n = 1; ; n += 1) {
      const candidate = numberedName(name, n);
      if (this.nameIsFree(parentId, candidate, except)) return candidate;
    }
  }

  // ——— writes ———

  private liveFolder(id: number): DriveObject {
    const folder = this.objects.get(id);
    if (!folder || folder.TYPE !== 'folder' || folder.DELETED_TYPE !== 0) throw notFound(id);
    return folder;
  }

  addFolder(parentId: number, name: string, userId: number, rights: Right[] = []): DriveObject {
    const parent = this.liveFolder(parentId);
    const folder = this.newObject({ NAME: this.freeName(parentId, name, 'folder'), STORAGE_ID: parent.STORAGE_ID, TYPE: 'folder', PARENT_ID: parentId }, userId);
    folder.rights = rights;
    return folder;
  }

  private addFile(parentId: number, name: string, blob: Blob, userId: number, options: PutOptions, at = nowSec()): DriveObject {
    const parent = this.liveFolder(parentId);
    let finalName: string;
    try {
      finalName = this.freeName(parentId, name, 'file', options.generateUniqueName ?? false);
    } catch (error) {
      this.dropBlob(blob.FILE_ID);
      throw error;
    }
    const file = this.newObject({ NAME: finalName, STORAGE_ID: parent.STORAGE_ID, TYPE: 'file', PARENT_ID: parentId }, userId, at);
    file.rights = options.rights ?? [];
    file.FILE_ID = blob.FILE_ID;
    file.SIZE = blob.SIZE;
    file.GLOBAL_CONTENT_VERSION = 1;
    this.recordVersion(file, userId, at);
    return file;
  }

  /** Stores bytes held in memory as a new file of a folder (names as uploadfile: DISK_OBJ_22000 or numbered). */
  putFile(folderId: number, name: string, bytes: Buffer, userId: number, options: PutOptions = {}): DriveObject {
    this.liveFolder(folderId);
    this.freeName(folderId, name, 'file', options.generateUniqueName ?? false);
    return this.addFile(folderId, name, this.storeBytes(bytes), userId, options);
  }

  /**
   * Streams bytes to disk as a new file of a folder. The folder and the name are checked before
   * the first byte and again at the end (another upload may have taken the name meanwhile).
   */
  async putFileStream(folderId: number, name: string, source: NodeJS.ReadableStream | AsyncIterable<Uint8Array>, userId: number, options: PutOptions = {}): Promise<DriveObject> {
    this.liveFolder(folderId);
    this.freeName(folderId, name, 'file', options.generateUniqueName ?? false);
    const blob = await this.storeStream(source);
    return this.addFile(folderId, name, blob, userId, options);
  }

  private recordVersion(file: DriveObject, userId: number, at: number): FileVersion {
    return this.versions.put({
      ID: this.versions.nextId(),
      OBJECT_ID: file.ID,
      FILE_ID: file.FILE_ID!,
      SIZE: file.SIZE!,
      NAME: file.NAME,
      GLOBAL_CONTENT_VERSION: file.GLOBAL_CONTENT_VERSION!,
      CREATE_TIME: at,
      CREATED_BY: userId,
    });
  }

  private setContent(file: DriveObject, blob: Blob, userId: number): DriveObject {
    const at = nowSec();
    file.FILE_ID = blob.FILE_ID;
    file.SIZE = blob.SIZE;
    file.GLOBAL_CONTENT_VERSION = (file.GLOBAL_CONTENT_VERSION ?? 0) + 1;
    file.UPDATE_TIME = at;
    file.UPDATED_BY = userId;
    this.recordVersion(file, userId, at);
    return file;
  }

  /** Overwrites a file's content: the old content stays as a version (disk.file.uploadversion). */
  putVersion(fileId: number, bytes: Buffer, userId: number): DriveObject {
    const file = this.objects.get(fileId);
    if (!file || file.TYPE !== 'file') throw notFound(fileId);
    return this.setContent(file, this.storeBytes(bytes), userId);
  }

  /** Makes an old version the current content again, as a new version (disk.file.restorefromversion). */
  restoreVersion(fileId: number, versionId: number, userId: number): DriveObject {
    const file = this.objects.get(fileId);
    if (!file || file.TYPE !== 'file') throw notFound(fileId);
    const version = this.versions.get(versionId);
    if (!version) throw notFound(versionId);
    if (version.OBJECT_ID !== fileId) throw new PortalError(400, 'DISK_FILE_22004', 'Невозможно восстановить версию из другого файла');
    return this.setContent(file, this.copyBlob(version.FILE_ID), userId);
  }

  /** A file's versions, newest first. */
  versionsOf(fileId: number): FileVersion[] {
    return this.versions.all().filter((v) => v.OBJECT_ID === fileId).reverse();
  }

  rename(id: number, newName: string, userId: number): DriveObject {
    const o = this.objects.get(id);
    if (!o) throw notFound(id);
    if (o.PARENT_ID === null) {
      o.NAME = newName;
    } else if (o.NAME !== newName) {
      o.NAME = this.freeName(o.PARENT_ID, newName, o.TYPE, false, o.ID);
    }
    o.UPDATE_TIME = nowSec();
    o.UPDATED_BY = userId;
    return o;
  }

  /** Moves an object under a live folder (not into itself or below itself). */
  move(id: number, targetFolderId: number, userId: number): DriveObject {
    const o = this.objects.get(id);
    if (!o || o.DELETED_TYPE !== 0) throw notFound(id);
    const target = this.liveFolder(targetFolderId);
    if (this.ancestry(target.ID).some((a) => a.ID === o.ID)) throw new PortalError(400, 'ERROR_ARGUMENT', 'Invalid value of parameter {Parameter #1}');
    if (o.PARENT_ID === target.ID) return o;
    o.NAME = this.freeName(target.ID, o.NAME, o.TYPE);
    o.PARENT_ID = target.ID;
    this.setStorage(o, target.STORAGE_ID);
    o.UPDATE_TIME = nowSec();
    o.UPDATED_BY = userId;
    return o;
  }

  private setStorage(o: DriveObject, storageId: number): void {
    o.STORAGE_ID = storageId;
    if (o.TYPE === 'folder') for (const d of this.descendants(o.ID)) d.STORAGE_ID = storageId;
  }

  /** Copies an object (a folder with its live contents) under a live folder; file bytes are copied. */
  copy(id: number, targetFolderId: number, userId: number): DriveObject {
    const o = this.objects.get(id);
    if (!o || o.DELETED_TYPE !== 0) throw notFound(id);
    const target = this.liveFolder(targetFolderId);
    if (this.ancestry(target.ID).some((a) => a.ID === o.ID)) throw new PortalError(400, 'ERROR_ARGUMENT', 'Invalid value of parameter {Parameter #1}');
    return this.copyInto(o, target, this.freeName(target.ID, o.NAME, o.TYPE), userId);
  }

  private copyInto(o: DriveObject, target: DriveObject, name: string, userId: number): DriveObject {
    if (o.TYPE === 'file') {
      const blob = this.copyBlob(o.FILE_ID!);
      return this.addFile(target.ID, name, blob, userId, {});
    }
    const folder = this.newObject({ NAME: name, STORAGE_ID: target.STORAGE_ID, TYPE: 'folder', PARENT_ID: target.ID }, userId);
    for (const child of this.children(o.ID)) this.copyInto(child, folder, child.NAME, userId);
    return folder;
  }

  /** Puts an object into the trash (DELETED_TYPE 3); what is below it goes along (4). */
  trash(id: number, userId: number): DriveObject {
    const o = this.objects.get(id);
    if (!o) throw notFound(id);
    if (o.PARENT_ID === null) throw new PortalError(400, 'DISK_OBJ_22000', 'Could not delete root folder');
    if (o.DELETED_TYPE !== 0) return o;
    const at = nowSec();
    const mark = (x: DriveObject, type: DeletedType, withId: number | null) => {
      x.DELETED_TYPE = type;
      x.DELETE_TIME = at;
      x.DELETED_BY = userId;
      x.trashedWith = withId;
    };
    mark(o, 3, null);
    if (o.TYPE === 'folder') for (const d of this.descendants(o.ID)) if (d.DELETED_TYPE === 0) mark(d, 4, o.ID);
    return o;
  }

  /**
   * Brings an object back from the trash with what went along with it. Its name is numbered when
   * taken meanwhile; when its folder is gone or in the trash, it comes back to the storage's root.
   */
  restore(id: number, userId: number): DriveObject {
    const o = this.objects.get(id);
    if (!o) throw notFound(id);
    if (o.DELETED_TYPE === 0) return o;
    const parent = o.PARENT_ID === null ? undefined : this.objects.get(o.PARENT_ID);
    if (o.PARENT_ID !== null && (!parent || parent.DELETED_TYPE !== 0)) {
      o.PARENT_ID = this.storages.get(o.STORAGE_ID)!.ROOT_OBJECT_ID;
    }
    if (o.PARENT_ID !== null) o.NAME = this.freeName(o.PARENT_ID, o.NAME, o.TYPE, true, o.ID);
    const clear = (x: DriveObject) => {
      x.DELETED_TYPE = 0;
      x.DELETE_TIME = null;
      x.DELETED_BY = 0;
      x.trashedWith = null;
    };
    clear(o);
    o.UPDATE_TIME = nowSec();
    o.UPDATED_BY = userId;
    if (o.TYPE === 'folder') for (const d of this.descendants(o.ID)) if (d.DELETED_TYPE === 4 && d.trashedWith === o.ID) clear(d);
    return o;
  }

  /** Deletes an object for good, with everything below it, their versions and bytes. */
  destroy(id: number): void {
    const o = this.objects.get(id);
    if (!o) throw notFound(id);
    if (o.PARENT_ID === null) throw new PortalError(400, 'DISK_OBJ_22000', 'Could not delete root folder');
    const gone = o.TYPE === 'folder' ? [o, ...this.descendants(o.ID)] : [o];
    for (const x of gone) {
      for (const v of this.versionsOf(x.ID)) {
        this.dropBlob(v.FILE_ID);
        this.versions.delete(v.ID);
      }
      if (x.FILE_ID !== undefined) this.dropBlob(x.FILE_ID);
      if (x.externalLink) this.links.delete(x.externalLink);
      this.objects.delete(x.ID);
    }
  }

  // ——— external links ———

  /** The token of an object's public link (/~token), made once and kept. */
  externalLink(id: number): string {
    const o = this.objects.get(id);
    if (!o) throw notFound(id);
    if (!o.externalLink) {
      // Drawn from a seeded sequence: the same data gives the same links (the generated docs show one).
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
      let token: string;
      do token = Array.from({ length: 5 }, () => this.linkRandom.pick([...alphabet])).join('');
      while (this.links.has(token));
      o.externalLink = token;
      this.links.set(token, o.ID);
    }
    return o.externalLink;
  }

  /** The live object behind a public link token. */
  byExternalLink(token: string): DriveObject | undefined {
    const id = this.links.get(token);
    const o = id === undefined ? undefined : this.objects.get(id);
    return o && o.DELETED_TYPE === 0 ? o : undefined;
  }

  // ——— signed links (DOWNLOAD_URL, uploadUrl) ———

  /** A token `disk|<fields, base64url>|<signature>` carrying what a link is for. */
  signLink(fields: Record<string, string | number>): string {
    const payload = Buffer.from(new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString()).toString('base64url');
    return `disk|${payload}|${createHmac('sha256', this.linkKey).update(payload).digest('base64url')}`;
  }

  /** The fields of a token made by signLink, or undefined when it is broken or forged. */
  readLink(token: string): Record<string, string> | undefined {
    const [kind, payload, signature] = token.split('|');
    if (kind !== 'disk' || !payload || !signature) return undefined;
    const expected = createHmac('sha256', this.linkKey).update(payload).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return Object.fromEntries(new URLSearchParams(Buffer.from(payload, 'base64url').toString('utf8')));
  }

  // ——— life cycle ———

  /** Empties the Drive and its bytes (the state's reset reseeds it). */
  clear(): void {
    this.storages.clear();
    this.objects.clear();
    this.versions.clear();
    this.links.clear();
    this.linkRandom = new SeededRandom(13);
    this.lastFileId = 30_000;
    if (this.dir) {
      rmSync(this.dir, { recursive: true, force: true });
      mkdirSync(this.dir, { recursive: true });
    }
  }

  /** Removes the bytes' temp space; the sandbox's close() calls it. */
  close(): void {
    if (!this.dir) return;
    rmSync(this.dir, { recursive: true, force: true });
    liveDirs.delete(this.dir);
    this.dir = null;
  }
}
