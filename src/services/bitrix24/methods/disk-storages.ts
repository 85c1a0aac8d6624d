// Drive: storages — https://apidocs.bitrix24.ru/api-reference/disk/storage/
// Each user, workgroup, the company's shared documents and each application have a storage with
// a root folder; folders and files live below it.
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { childrenFilter, child, docs, folder, offset, storage, storageId, title } from './disk-shapes.js';
import { filter } from './schemas.js';

export const diskStorages = defineSection(
  'bitrix24',
  { id: 'disk-storages', title: { en: 'Drive: storages', ru: 'Работа с хранилищами' } },
  {
    getStorages: {
      ruName: 'ПолучитьСписокХранилищ',
      remote: 'disk.storage.getlist',
      summary: { en: 'Gets the storages the user may read', ru: 'Получает хранилища, доступные пользователю' },
      access: 'read',
      paging: { style: 'bitrix-start' },
      docs: docs('storage/disk-storage-get-list'),
      params: {
        filter: {
          schema: filter().optional(),
          cli: 'filter',
          description: {
            en: 'Filter: ID, NAME, CODE, ENTITY_TYPE (user, common, group), ENTITY_ID, with prefixes',
            ru: 'Фильтр: ID, NAME, CODE, ENTITY_TYPE (user, common, group), ENTITY_ID, с префиксами',
          },
          example: { ENTITY_TYPE: 'common' },
        },
        offset,
      },
      result: z.array(storage),
      example: { filter: { ENTITY_TYPE: 'common' } },
    },
    getStorage: {
      ruName: 'ПолучитьХранилище',
      remote: 'disk.storage.get',
      summary: { en: 'Gets a storage', ru: 'Получает хранилище' },
      access: 'read',
      docs: docs('storage/disk-storage-get'),
      params: { storageId },
      result: storage,
      example: { storageId: 1 },
    },
    renameStorage: {
      ruName: 'ПереименоватьХранилище',
      remote: 'disk.storage.rename',
      summary: { en: 'Renames a storage (administrator)', ru: 'Переименовывает хранилище (администратор)' },
      access: 'write',
      docs: docs('storage/disk-storage-rename'),
      params: { storageId, title: { ...title({ en: 'New name of the storage', ru: 'Новое название хранилища' }, 'Документы отдела продаж'), wire: 'newName' } },
      result: storage,
      example: { storageId: 1, title: 'Документы отдела продаж' },
    },
    getAppStorage: {
      ruName: 'ПолучитьХранилищеПриложения',
      remote: 'disk.storage.getforapp',
      summary: { en: 'Gets the calling application\'s own storage (OAuth only)', ru: 'Получает собственное хранилище приложения (только OAuth)' },
      access: 'read',
      docs: docs('storage/disk-storage-get-for-app'),
      params: {},
      result: storage,
    },
    addStorageFolder: {
      ruName: 'СоздатьКаталогВХранилище',
      remote: 'disk.storage.addfolder',
      summary: { en: 'Creates a folder in a storage\'s root', ru: 'Создает каталог в корне хранилища' },
      access: 'write',
      docs: docs('storage/disk-storage-add-folder'),
      params: { storageId, title: title({ en: 'Name of the new folder', ru: 'Название нового каталога' }, 'Акты сверки') },
      toWire: (input) => ({ id: input.storageId, data: { NAME: input.title } }),
      result: folder,
      example: { storageId: 1, title: 'Акты сверки' },
    },
    getStorageChildren: {
      ruName: 'ПолучитьСодержимоеХранилища',
      remote: 'disk.storage.getchildren',
      summary: { en: 'Gets the folders and files in a storage\'s root', ru: 'Получает каталоги и файлы в корне хранилища' },
      access: 'read',
      paging: { style: 'bitrix-start' },
      docs: docs('storage/disk-storage-get-children'),
      params: { storageId, filter: childrenFilter, offset },
      result: z.array(child),
      example: { storageId: 1 },
    },
  },
);
