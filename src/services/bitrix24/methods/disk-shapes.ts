// What the Drive's methods (https://apidocs.bitrix24.ru/api-reference/disk/) answer, and the
// parameters their sections share. Values read from the portal come as strings; a folder or file
// just made comes with some numbers (the pages show both), so IDs take either.
import { statSync } from 'node:fs';
import { z } from 'zod';
import { count, filter, id, idOut, start } from './schemas.js';

export const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/disk/${page}.html`;

/** A storage (disk.storage.get). */
export const storage = z.looseObject({
  ID: idOut(),
  NAME: z.string(),
  CODE: z.string().nullable(),
  MODULE_ID: z.string(),
  ENTITY_TYPE: z.string().describe('user, common, group or restapp'),
  ENTITY_ID: idOut(),
  ROOT_OBJECT_ID: idOut(),
});

const objectFields = {
  ID: idOut(),
  NAME: z.string(),
  CODE: z.string().nullable(),
  STORAGE_ID: idOut(),
  PARENT_ID: idOut().nullable(),
  DELETED_TYPE: idOut().describe('0 live, 3 in the trash, 4 in the trash with its folder'),
  CREATE_TIME: z.string(),
  UPDATE_TIME: z.string(),
  DELETE_TIME: z.string().nullable(),
  CREATED_BY: idOut(),
  UPDATED_BY: idOut(),
  DELETED_BY: idOut().nullable(),
  DETAIL_URL: z.string(),
};

/** A folder (disk.folder.get). */
export const folder = z.looseObject({ ...objectFields, TYPE: z.literal('folder'), REAL_OBJECT_ID: idOut().optional() });

/** A file (disk.file.get); DOWNLOAD_URL carries the caller's credential: keep it private. */
export const file = z.looseObject({
  ...objectFields,
  TYPE: z.literal('file'),
  GLOBAL_CONTENT_VERSION: idOut(),
  FILE_ID: idOut(),
  SIZE: idOut().describe('bytes'),
  DOWNLOAD_URL: z.string(),
});

/** A child of a storage or folder: a folder or a file. */
export const child = z.union([folder, file]);

/** The fields of a folder or file one may filter its children by (disk.folder.getfields: USE_IN_FILTER). */
export const childFilterFields = z.looseObject({
  ID: id().optional(),
  NAME: z.string().optional(),
  TYPE: z.enum(['folder', 'file']).optional(),
  CODE: z.string().optional(),
  STORAGE_ID: id().optional(),
  PARENT_ID: id().optional(),
  CREATE_TIME: z.string().describe('date-time (ISO 8601)').optional(),
  UPDATE_TIME: z.string().describe('date-time (ISO 8601)').optional(),
  DELETE_TIME: z.string().describe('date-time (ISO 8601)').optional(),
  DELETED_TYPE: z.enum(['0', '3', '4']).optional(),
});

/** One field as disk.*.getfields describe it. */
export const fieldDescription = z.looseObject({ TYPE: z.string(), USE_IN_FILTER: z.boolean(), USE_IN_SHOW: z.boolean() });

/**
 * A file to upload: a path in the CLI (and the library), or the bytes themselves in the library.
 * A path is checked before any request: it must name a readable regular file.
 */
export const fileSource = () =>
  z.union([
    z.string().min(1, { error: 'give the path of a file' }).superRefine((path, ctx) => {
      let problem: string | undefined;
      try {
        if (!statSync(path).isFile()) problem = 'is not a file';
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        problem = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'cannot be read';
      }
      if (problem) ctx.addIssue({ code: 'custom', message: `${problem}: give the path of a file to upload` });
    }),
    z.instanceof(Uint8Array),
  ], { error: 'expected the path of a file (or, in the library, its bytes)' });

/** Rights on a new object: levels (disk.rights.getTasks) for access codes (U5, D3, DR1, AU). */
export const rights = () => z.array(z.object({ TASK_ID: count('a task ID'), ACCESS_CODE: z.string().min(1) }));

export const storageId = {
  schema: id(),
  wire: 'id',
  cli: 'storageid',
  short: 's',
  description: { en: 'Storage ID', ru: 'ID хранилища' },
  example: 1,
} as const;

export const folderId = {
  schema: id(),
  wire: 'id',
  cli: 'folderid',
  short: 'f',
  description: { en: 'Folder ID', ru: 'ID каталога' },
  example: 2,
} as const;

export const fileId = {
  schema: id(),
  wire: 'id',
  cli: 'fileid',
  short: 'f',
  description: { en: 'File ID', ru: 'ID файла' },
  example: 6,
} as const;

export const title = (what: { en: string; ru: string }, example: string) =>
  ({
    schema: z.string().min(1),
    cli: 'title',
    short: 't',
    description: what,
    example,
  }) as const;

export const childrenFilter = {
  schema: filter().optional(),
  cli: 'filter',
  description: {
    en: 'Filter: fields of disk.folder.getfields with prefixes (>=, >, <=, <, @, !@, %, =%, !=, !)',
    ru: 'Фильтр: поля disk.folder.getfields с префиксами (>=, >, <=, <, @, !@, %, =%, !=, !)',
  },
  example: { TYPE: 'file' },
} as const;

export const offset = {
  schema: start().optional(),
  wire: 'start',
  cli: 'offset',
  description: { en: 'Offset of the page (multiples of 50)', ru: 'Смещение страницы (кратно 50)' },
  example: 0,
} as const;

export const uniqueName = {
  schema: z.boolean().optional(),
  wire: 'generateUniqueName',
  cli: 'unique',
  description: {
    en: 'When the name is taken in the folder, number it ("Act (1).pdf") instead of failing',
    ru: 'Если имя в каталоге занято, пронумеровать его («Акт (1).pdf») вместо ошибки',
  },
  example: true,
} as const;
