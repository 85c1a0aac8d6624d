// Drive: folders — https://apidocs.bitrix24.ru/api-reference/disk/folder/
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { templateParams } from '../../../core/template.js';
import { child, childrenFilter, docs, fieldDescription, folder, folderId, offset, title } from './disk-shapes.js';
import { id } from './schemas.js';

const targetId = {
  schema: id(),
  wire: 'targetFolderId',
  // oint spells it so.
  cli: 'tagetid',
  short: 't',
  description: { en: 'ID of the folder to put it in', ru: 'ID каталога, в который поместить' },
  example: 3,
} as const;

/**
 * oint's filter structure from disk.folder.getfields: the fields marked USE_IN_FILTER, each with
 * its type, or empty with --empty.
 */
function filterStructure(result: unknown, input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  if (result === null || typeof result !== 'object') return out;
  for (const [name, field] of Object.entries(result as Record<string, unknown>)) {
    const described = fieldDescription.safeParse(field);
    if (described.success && described.data.USE_IN_FILTER) out[name] = input.empty === true ? '' : described.data.TYPE;
  }
  return out;
}

export const diskFolders = defineSection(
  'bitrix24',
  { id: 'disk-folders', title: { en: 'Drive: folders', ru: 'Работа с каталогами' } },
  {
    getFolderFilterStructure: {
      ruName: 'ПолучитьСтруктуруФильтраКаталога',
      remote: 'disk.folder.getfields',
      summary: {
        en: 'Gets the fields a folder\'s children may be filtered by (from disk.folder.getfields), with their types',
        ru: 'Получает поля, по которым фильтруются элементы каталога (из disk.folder.getfields), с их типами',
      },
      access: 'read',
      docs: docs('folder/disk-folder-get-fields'),
      params: { ...templateParams },
      toWire: () => ({}),
      reshape: filterStructure,
      result: z.record(z.string(), z.string()).describe('Field → its type (empty with --empty)'),
      example: {},
    },
    getFolder: {
      ruName: 'ПолучитьИнформациюОКаталоге',
      remote: 'disk.folder.get',
      summary: { en: 'Gets a folder', ru: 'Получает каталог' },
      access: 'read',
      docs: docs('folder/disk-folder-get'),
      params: { folderId },
      result: folder,
      example: { folderId: 2 },
    },
    getFolderChildren: {
      ruName: 'ПолучитьДочерниеЭлементыКаталога',
      remote: 'disk.folder.getchildren',
      summary: { en: 'Gets the folders and files in a folder', ru: 'Получает каталоги и файлы внутри каталога' },
      access: 'read',
      paging: { style: 'bitrix-start' },
      docs: docs('folder/disk-folder-get-children'),
      params: {
        folderId,
        filter: { ...childrenFilter, short: 'l' },
        offset,
      },
      result: z.array(child),
      example: { folderId: 2, filter: { TYPE: 'folder' } },
    },
    addSubfolder: {
      ruName: 'СоздатьПодкаталог',
      remote: 'disk.folder.addsubfolder',
      summary: { en: 'Creates a folder inside a folder', ru: 'Создает каталог внутри каталога' },
      access: 'write',
      docs: docs('folder/disk-folder-add-subfolder'),
      params: { folderId, title: title({ en: 'Name of the new folder', ru: 'Название нового каталога' }, 'Ноябрь') },
      toWire: (input) => ({ id: input.folderId, data: { NAME: input.title } }),
      result: folder,
      example: { folderId: 2, title: 'Ноябрь' },
    },
    copyFolder: {
      ruName: 'СкопироватьКаталог',
      remote: 'disk.folder.copyto',
      summary: { en: 'Copies a folder with its contents into another folder', ru: 'Копирует каталог с содержимым в другой каталог' },
      access: 'write',
      docs: docs('folder/disk-folder-copy-to'),
      params: { folderId, targetId },
      result: folder,
      example: { folderId: 5, targetId: 3 },
    },
    moveFolder: {
      ruName: 'ПереместитьКаталог',
      remote: 'disk.folder.moveto',
      summary: { en: 'Moves a folder into another folder', ru: 'Перемещает каталог в другой каталог' },
      access: 'write',
      docs: docs('folder/disk-folder-move-to'),
      params: { folderId, targetId },
      result: folder,
      example: { folderId: 5, targetId: 3 },
    },
    renameFolder: {
      ruName: 'ПереименоватьКаталог',
      remote: 'disk.folder.rename',
      summary: { en: 'Renames a folder', ru: 'Переименовывает каталог' },
      access: 'write',
      docs: docs('folder/disk-folder-rename'),
      params: { folderId, title: { ...title({ en: 'New name of the folder', ru: 'Новое название каталога' }, 'Договоры поставки'), wire: 'newName' } },
      result: folder,
      example: { folderId: 2, title: 'Договоры поставки' },
    },
    deleteFolder: {
      ruName: 'УдалитьКаталог',
      remote: 'disk.folder.deletetree',
      summary: { en: 'Deletes a folder with its contents for good', ru: 'Безвозвратно удаляет каталог с содержимым' },
      access: 'write',
      docs: docs('folder/disk-folder-delete-tree'),
      params: { folderId },
      result: z.boolean(),
      example: { folderId: 4 },
    },
    trashFolder: {
      ruName: 'ПоместитьКаталогВКорзину',
      remote: 'disk.folder.markdeleted',
      summary: { en: 'Puts a folder with its contents into the trash', ru: 'Помещает каталог с содержимым в корзину' },
      access: 'write',
      docs: docs('folder/disk-folder-mark-deleted'),
      params: { folderId },
      result: folder,
      example: { folderId: 4 },
    },
    restoreFolder: {
      ruName: 'ВосстановитьКаталог',
      remote: 'disk.folder.restore',
      summary: { en: 'Brings a folder back from the trash (administrator)', ru: 'Восстанавливает каталог из корзины (администратор)' },
      access: 'write',
      docs: docs('folder/disk-folder-restore'),
      params: { folderId },
      result: folder,
      example: { folderId: 4 },
    },
    getFolderExternalLink: {
      ruName: 'ПолучитьВнешнююСсылкуКаталога',
      remote: 'disk.folder.getexternallink',
      summary: { en: 'Gets a public link to a folder', ru: 'Получает публичную ссылку на каталог' },
      access: 'read',
      docs: docs('folder/disk-folder-get-external-link'),
      params: { folderId },
      result: z.string().describe('The public address'),
      example: { folderId: 4 },
    },
  },
);
