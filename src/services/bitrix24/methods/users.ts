// Users — https://apidocs.bitrix24.ru/api-reference/user/
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { templateParams } from '../../../core/template.js';
import { filter, filterFields, id, idOut, ids, select, sortOrder, start, yn } from './schemas.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/user/${page}.html`;

/**
 * A user as user.get / user.search / user.current return one. Which fields come back depends on
 * the webhook's scope and on `select`, so only the ID is certain.
 */
export const user = z.looseObject({
  ID: idOut(),
  ACTIVE: z.boolean().optional(),
  NAME: z.string().nullable().optional(),
  LAST_NAME: z.string().nullable().optional(),
  SECOND_NAME: z.string().nullable().optional(),
  EMAIL: z.string().nullable().optional(),
  LAST_LOGIN: z.string().nullable().optional(),
  DATE_REGISTER: z.string().optional(),
  TIME_ZONE: z.string().nullable().optional(),
  IS_ONLINE: z.enum(['Y', 'N']).optional(),
  PERSONAL_GENDER: z.enum(['M', 'F', '']).nullable().optional(),
  PERSONAL_BIRTHDAY: z.string().nullable().optional(),
  WORK_POSITION: z.string().nullable().optional(),
  UF_DEPARTMENT: z.array(z.number()).nullable().optional(),
  UF_EMPLOYMENT_DATE: z.string().nullable().optional(),
  USER_TYPE: z.enum(['employee', 'extranet', 'email']).optional(),
});

const email = () => z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: 'expected an e-mail address' });

/** Profile fields of user.add / user.update (the documented ones typed; others pass as given). */
const profile = z.looseObject({
  EMAIL: email(),
  NAME: z.string().optional(),
  LAST_NAME: z.string().optional(),
  SECOND_NAME: z.string().optional(),
  PERSONAL_GENDER: z.enum(['M', 'F', '']).optional(),
  PERSONAL_PROFESSION: z.string().optional(),
  PERSONAL_WWW: z.string().optional(),
  PERSONAL_BIRTHDAY: z.string().optional(),
  PERSONAL_PHONE: z.string().optional(),
  PERSONAL_MOBILE: z.string().optional(),
  PERSONAL_CITY: z.string().optional(),
  WORK_PHONE: z.string().optional(),
  WORK_COMPANY: z.string().optional(),
  WORK_POSITION: z.string().optional(),
  WORK_DEPARTMENT: z.string().optional(),
  UF_DEPARTMENT: ids().optional(),
  UF_PHONE_INNER: z.string().optional(),
  UF_SKYPE: z.string().optional(),
  UF_INTERESTS: z.string().optional(),
  UF_SKILLS: z.string().optional(),
});

const newUser = profile
  .extend({ EXTRANET: yn().optional(), SONET_GROUP_ID: ids().optional() })
  // The docs: an employee needs a department, an extranet user needs a workgroup.
  .refine((f) => f.EXTRANET === 'Y' || (f.UF_DEPARTMENT?.length ?? 0) > 0, {
    error: 'an employee needs UF_DEPARTMENT (or EXTRANET: Y with SONET_GROUP_ID)',
    path: ['UF_DEPARTMENT'],
  })
  .refine((f) => f.EXTRANET !== 'Y' || (f.SONET_GROUP_ID?.length ?? 0) > 0, {
    error: 'an extranet user needs SONET_GROUP_ID (the workgroups to join)',
    path: ['SONET_GROUP_ID'],
  });

const userId = {
  schema: id(),
  wire: 'ID',
  cli: 'userid',
  short: 's',
  description: { en: 'User ID', ru: 'ID пользователя' },
  example: 1,
} as const;

/** Options user.get and user.search share. */
const listOptions = {
  sortBy: {
    schema: z.string().min(1).optional(),
    wire: 'sort',
    cli: 'sortby',
    description: { en: 'Field to sort by (ID by default)', ru: 'Поле сортировки (по умолчанию ID)' },
    example: 'LAST_NAME',
  },
  order: {
    schema: sortOrder().optional(),
    cli: 'order',
    description: { en: 'Sort direction: ASC or DESC', ru: 'Направление сортировки: ASC или DESC' },
    example: 'ASC',
  },
  select: {
    schema: select().optional(),
    cli: 'select',
    description: { en: 'Fields to return (masks * and UF_* allowed)', ru: 'Возвращаемые поля (допустимы маски * и UF_*)' },
    example: ['ID', 'NAME', 'LAST_NAME', 'WORK_POSITION'],
  },
  adminMode: {
    schema: z.boolean().optional(),
    wire: 'ADMIN_MODE',
    cli: 'adminmode',
    description: { en: 'Administrator mode: data of any user', ru: 'Режим администратора: данные любых пользователей' },
  },
  offset: {
    schema: start().optional(),
    wire: 'start',
    cli: 'offset',
    description: { en: 'Offset of the page (multiples of 50; -1 skips counting)', ru: 'Смещение страницы (кратно 50; -1 — без подсчета)' },
    example: 0,
  },
} as const;

type ListInput = {
  sortBy?: string;
  order?: string;
  select?: string[];
  adminMode?: boolean;
  offset?: number;
};

function listWire(input: ListInput, filterValue: Record<string, unknown> | undefined): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  if (filterValue && Object.keys(filterValue).length > 0) wire.FILTER = filterValue;
  if (input.sortBy !== undefined) wire.sort = input.sortBy;
  if (input.order !== undefined) wire.order = input.order;
  if (input.select !== undefined) wire.select = input.select;
  if (input.adminMode !== undefined) wire.ADMIN_MODE = input.adminMode;
  if (input.offset !== undefined) wire.start = input.offset;
  return wire;
}

const searchFilter = z
  .looseObject({
    FIND: z.string().min(1).optional(),
    NAME: z.string().optional(),
    LAST_NAME: z.string().optional(),
    WORK_POSITION: z.string().optional(),
    UF_DEPARTMENT_NAME: z.string().optional(),
    USER_TYPE: z.enum(['employee', 'extranet', 'email']).optional(),
  })
  .refine((f) => f.FIND === undefined || Object.keys(f).length === 1, {
    error: 'FIND searches every field at once and cannot be combined with other fields',
    path: ['FIND'],
  });

export const users = defineSection(
  'bitrix24',
  { id: 'users', title: { en: 'Users', ru: 'Управление пользователями' } },
  {
    addUser: {
      ruName: 'СоздатьПользователя',
      remote: 'user.add',
      summary: { en: 'Invites a user to the portal', ru: 'Приглашает пользователя на портал' },
      access: 'write',
      docs: docs('user-add'),
      params: {
        fields: {
          schema: newUser,
          spread: true,
          cli: 'fields',
          short: 'f',
          description: {
            en: 'Profile: EMAIL and UF_DEPARTMENT (or EXTRANET: Y with SONET_GROUP_ID), NAME, LAST_NAME, WORK_POSITION, …',
            ru: 'Профиль: EMAIL и UF_DEPARTMENT (или EXTRANET: Y и SONET_GROUP_ID), NAME, LAST_NAME, WORK_POSITION, …',
          },
          example: { EMAIL: 'a.smirnova@severny-veter.ru', NAME: 'Анна', LAST_NAME: 'Смирнова', UF_DEPARTMENT: [7] },
        },
      },
      result: z.number().int().positive(),
      example: { fields: { EMAIL: 'a.smirnova@severny-veter.ru', NAME: 'Анна', LAST_NAME: 'Смирнова', WORK_POSITION: 'Менеджер по продажам', UF_DEPARTMENT: [7] } },
    },
    updateUser: {
      ruName: 'ИзменитьПользователя',
      remote: 'user.update',
      summary: { en: 'Changes a user\'s profile', ru: 'Изменяет данные пользователя' },
      access: 'write',
      docs: docs('user-update'),
      params: {
        userId,
        fields: {
          schema: profile.partial().extend({ ACTIVE: yn().optional() }),
          spread: true,
          cli: 'fields',
          short: 'f',
          description: { en: 'Profile fields to change', ru: 'Изменяемые поля профиля' },
          example: { WORK_POSITION: 'Старший менеджер по продажам', UF_PHONE_INNER: '215' },
        },
      },
      result: z.boolean(),
      example: { userId: 11, fields: { WORK_POSITION: 'Старший менеджер по продажам' } },
    },
    changeUserStatus: {
      ruName: 'ИзменитьСтатусПользователя',
      remote: 'user.update',
      summary: { en: 'Dismisses a user or takes one back', ru: 'Увольняет пользователя или возвращает его' },
      access: 'write',
      docs: docs('user-update'),
      params: {
        userId,
        fire: {
          schema: z.boolean().default(true),
          cli: 'fire',
          short: 'f',
          description: { en: 'true — dismiss (ACTIVE N), false — take back (ACTIVE Y)', ru: 'true — уволить (ACTIVE N), false — вернуть (ACTIVE Y)' },
          example: true,
        },
      },
      toWire: (input) => ({ ID: input.userId, ACTIVE: input.fire ? 'N' : 'Y' }),
      result: z.boolean(),
      example: { userId: 30, fire: true },
    },
    getCurrentUser: {
      ruName: 'ПолучитьТекущегоПользователя',
      remote: 'user.current',
      summary: { en: 'Gets the user the call is made for', ru: 'Получает пользователя, от имени которого сделан вызов' },
      access: 'read',
      docs: docs('user-current'),
      params: {},
      result: user.extend({ ACTIVE: z.boolean(), NAME: z.string().nullable(), LAST_NAME: z.string().nullable() }),
      example: {},
    },
    getUsers: {
      ruName: 'ПолучитьПользователя',
      remote: 'user.get',
      summary: { en: 'Gets a user by ID, or users by a filter', ru: 'Получает пользователя по ID или пользователей по фильтру' },
      access: 'read',
      paging: { style: 'bitrix-start' },
      docs: docs('user-get'),
      params: {
        userId: { ...userId, schema: userId.schema.optional() },
        filter: {
          schema: filter().optional(),
          wire: 'FILTER',
          cli: 'filter',
          description: {
            en: 'Filter: user fields with prefixes (>, >=, <, <=, @, !@, %, !), plus UF_DEPARTMENT, IS_ONLINE, NAME_SEARCH, USER_TYPE, ACTIVE',
            ru: 'Фильтр: поля пользователя с префиксами (>, >=, <, <=, @, !@, %, !), а также UF_DEPARTMENT, IS_ONLINE, NAME_SEARCH, USER_TYPE, ACTIVE',
          },
          example: { UF_DEPARTMENT: 7, ACTIVE: true },
        },
        ...listOptions,
      },
      // user.get reads either FILTER or top-level fields, not both: the ID joins the FILTER.
      toWire: (input) => {
        const given = input.filter as Record<string, unknown> | undefined;
        const conditions = input.userId === undefined ? given : { ...given, ID: input.userId };
        return listWire(input as ListInput, conditions);
      },
      result: z.array(user),
      example: { filter: { UF_DEPARTMENT: 7, ACTIVE: true } },
    },
    searchUsers: {
      ruName: 'НайтиПользователей',
      remote: 'user.search',
      summary: { en: 'Finds users by name, position or department', ru: 'Ищет пользователей по имени, должности или подразделению' },
      access: 'read',
      paging: { style: 'bitrix-start' },
      docs: docs('user-search'),
      params: {
        filter: {
          schema: searchFilter,
          wire: 'FILTER',
          cli: 'filter',
          short: 'f',
          description: {
            en: 'FIND (searches everywhere), or NAME, LAST_NAME, WORK_POSITION, UF_DEPARTMENT_NAME, USER_TYPE',
            ru: 'FIND (поиск везде) или NAME, LAST_NAME, WORK_POSITION, UF_DEPARTMENT_NAME, USER_TYPE',
          },
          example: { WORK_POSITION: 'Менеджер' },
        },
        ...listOptions,
      },
      result: z.array(user),
      example: { filter: { UF_DEPARTMENT_NAME: 'Бухгалтерия' } },
    },
    getUserFields: {
      ruName: 'ПолучитьСтруктуруПользователя',
      remote: 'user.fields',
      summary: { en: 'Gets the names of the user fields', ru: 'Получает названия полей пользователя' },
      access: 'read',
      docs: docs('user-fields'),
      params: {},
      result: z.record(z.string(), z.string()).describe('Field code → its title'),
      example: {},
    },
    getUserFilterStructure: {
      ruName: 'ПолучитьСтруктуруФильтраПользователей',
      remote: 'user.get',
      summary: {
        en: 'A template of user.get\'s filter: the user\'s fields (those one may filter by), derived from the user\'s schema; no request',
        ru: 'Шаблон фильтра user.get: поля пользователя (по ним можно фильтровать), построенные по схеме пользователя; без запроса',
      },
      access: 'read',
      docs: docs('user-get'),
      template: filterFields(user),
      params: { ...templateParams },
      result: z.record(z.string(), z.unknown()),
      example: {},
    },
  },
);
