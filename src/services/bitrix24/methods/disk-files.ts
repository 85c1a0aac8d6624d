// Drive: files — https://apidocs.bitrix24.ru/api-reference/disk/file/ and the uploads of
// https://apidocs.bitrix24.ru/api-reference/disk/folder/disk-folder-upload-file.html
// Uploads go in the request (fileContent, base64) when the file is small and through the
// two-step upload address (uploadUrl) when it is large, streamed from disk: the client chooses.
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { docs, file, fileId, fileSource, folderId, rights, storageId, title, uniqueName } from './disk-shapes.js';
import { id } from './schemas.js';

const source = {
  schema: fileSource(),
  wire: 'fileContent',
  cli: 'file',
  short: 'f',
  description: {
    en: 'The file to upload: its path (in the library also its bytes); small files go in the request, large ones through the upload address',
    ru: 'Загружаемый файл: путь к нему (в библиотеке также его байты); небольшие файлы идут в запросе, большие — через адрес загрузки',
  },
  example: 'test/data/drive/act-sverki.txt',
} as const;

const fileName = title({ en: 'Name of the file on the Drive', ru: 'Имя файла на Диске' }, 'Акт сверки.txt');

const toFolder = {
  schema: id(),
  wire: 'targetFolderId',
  cli: 'folderid',
  short: 'l',
  description: { en: 'ID of the folder to put it in', ru: 'ID каталога, в который поместить' },
  example: 3,
} as const;

/** Where upload parameters go on the wire: the name in data.NAME, the rest under their own names. */
const uploadWire = (target: string) => (input: Record<string, unknown>) => ({
  id: input[target],
  data: { NAME: input.title },
  fileContent: input.file,
  ...(input.unique !== undefined ? { generateUniqueName: input.unique } : {}),
  ...(input.rights !== undefined ? { rights: input.rights } : {}),
});

export const diskFiles = defineSection(
  'bitrix24',
  { id: 'disk-files', title: { en: 'Drive: files', ru: 'Работа с файлами' } },
  {
    uploadFileToStorage: {
      ruName: 'ЗагрузитьФайлВХранилище',
      remote: 'disk.storage.uploadfile',
      summary: { en: 'Uploads a file into a storage\'s root', ru: 'Загружает файл в корень хранилища' },
      access: 'write',
      docs: docs('storage/disk-storage-upload-file'),
      transfer: { kind: 'upload', param: 'file' },
      params: {
        title: fileName,
        file: source,
        storageId,
        rights: {
          schema: rights().optional(),
          cli: 'rights',
          short: 'r',
          description: {
            en: 'Rights on the file: [{"TASK_ID": 71, "ACCESS_CODE": "U5"}] (levels from disk.rights.getTasks)',
            ru: 'Права на файл: [{"TASK_ID": 71, "ACCESS_CODE": "U5"}] (уровни из disk.rights.getTasks)',
          },
          example: [{ TASK_ID: 71, ACCESS_CODE: 'D3' }],
        },
        unique: uniqueName,
      },
      toWire: uploadWire('storageId'),
      result: file,
      example: { storageId: 1, title: 'Акт сверки.txt', file: 'test/data/drive/act-sverki.txt' },
    },
    uploadFileToFolder: {
      ruName: 'ЗагрузитьФайлВКаталог',
      remote: 'disk.folder.uploadfile',
      summary: { en: 'Uploads a file into a folder', ru: 'Загружает файл в каталог' },
      access: 'write',
      docs: docs('folder/disk-folder-upload-file'),
      transfer: { kind: 'upload', param: 'file' },
      params: {
        title: fileName,
        file: source,
        folderId: { ...folderId, short: 'l' },
        unique: uniqueName,
      },
      toWire: uploadWire('folderId'),
      result: file,
      example: { folderId: 2, title: 'Акт сверки.txt', file: 'test/data/drive/act-sverki.txt', unique: true },
    },
    getFile: {
      ruName: 'ПолучитьИнформациюОФайле',
      remote: 'disk.file.get',
      summary: { en: 'Gets a file\'s data (DOWNLOAD_URL carries your credential)', ru: 'Получает данные файла (DOWNLOAD_URL содержит ваши учетные данные)' },
      access: 'read',
      docs: docs('file/disk-file-get'),
      params: { fileId },
      result: file,
      example: { fileId: 6 },
    },
    downloadFile: {
      ruName: 'СкачатьФайл',
      remote: 'disk.file.get',
      summary: {
        en: 'Downloads a file\'s bytes (DOWNLOAD_URL) to --out, atomically, or to stdout; resumes a broken transfer',
        ru: 'Скачивает байты файла (DOWNLOAD_URL) в --out, атомарно, или в stdout; продолжает прерванную передачу',
      },
      access: 'read',
      docs: docs('file/disk-file-get'),
      transfer: { kind: 'download' },
      params: { fileId },
      result: file,
      example: { fileId: 8 },
    },
    renameFile: {
      ruName: 'ПереименоватьФайл',
      remote: 'disk.file.rename',
      summary: { en: 'Renames a file', ru: 'Переименовывает файл' },
      access: 'write',
      docs: docs('file/disk-file-rename'),
      params: { fileId, title: { ...title({ en: 'New name of the file', ru: 'Новое имя файла' }, 'Договор поставки № 14 (подписан).txt'), wire: 'newName' } },
      result: file,
      example: { fileId: 6, title: 'Договор поставки № 14 (подписан).txt' },
    },
    copyFile: {
      ruName: 'СкопироватьФайл',
      remote: 'disk.file.copyto',
      summary: { en: 'Copies a file into a folder', ru: 'Копирует файл в каталог' },
      access: 'write',
      docs: docs('file/disk-file-copy-to'),
      params: { fileId, folderId: toFolder },
      result: file,
      example: { fileId: 6, folderId: 3 },
    },
    moveFile: {
      ruName: 'ПереместитьФайлВКаталог',
      remote: 'disk.file.moveto',
      summary: { en: 'Moves a file into a folder', ru: 'Перемещает файл в каталог' },
      access: 'write',
      docs: docs('file/disk-file-move-to'),
      params: { fileId, folderId: toFolder },
      result: file,
      example: { fileId: 6, folderId: 3 },
    },
    deleteFile: {
      ruName: 'УдалитьФайл',
      remote: 'disk.file.delete',
      summary: { en: 'Deletes a file for good, with its versions', ru: 'Безвозвратно удаляет файл с его версиями' },
      access: 'write',
      docs: docs('file/disk-file-delete'),
      params: { fileId },
      result: z.boolean(),
      example: { fileId: 7 },
    },
    trashFile: {
      ruName: 'ПоместитьФайлВКорзину',
      remote: 'disk.file.markdeleted',
      summary: { en: 'Puts a file into the trash', ru: 'Помещает файл в корзину' },
      access: 'write',
      docs: docs('file/disk-file-mark-deleted'),
      params: { fileId },
      result: file,
      example: { fileId: 7 },
    },
    restoreFile: {
      ruName: 'ВосстановитьФайл',
      remote: 'disk.file.restore',
      summary: { en: 'Brings a file back from the trash', ru: 'Восстанавливает файл из корзины' },
      access: 'write',
      docs: docs('file/disk-file-restore'),
      params: { fileId },
      result: file,
      example: { fileId: 7 },
    },
    getFileExternalLink: {
      ruName: 'ПолучитьВнешнююСсылкуФайла',
      remote: 'disk.file.getexternallink',
      summary: { en: 'Gets a public link to a file', ru: 'Получает публичную ссылку на файл' },
      access: 'read',
      docs: docs('file/disk-file-get-external-link'),
      params: { fileId },
      result: z.string().describe('The public address'),
      example: { fileId: 6 },
    },
  },
);
