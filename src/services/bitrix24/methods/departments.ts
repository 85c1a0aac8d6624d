// Departments — https://apidocs.bitrix24.ru/api-reference/departments/ and the messenger's view
// of them, https://apidocs.bitrix24.ru/api-reference/chats/departments/
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { int32Max, wholeNumber } from '../../../core/values.js';
import { count, id, idOut, ids, phpMap, sortOrder, start, yn } from './schemas.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/${page}.html`;

/** A department as department.get returns it. */
export const department = z.looseObject({
  ID: idOut(),
  NAME: z.string(),
  SORT: z.union([z.number(), z.string()]),
  // The top department has no parent.
  PARENT: idOut().nullable().optional(),
  UF_HEAD: idOut().nullable().optional(),
});

/** A user as the messenger's im.department.* methods describe one (USER_DATA = Y). */
export const imUser = z.looseObject({
  id: z.number(),
  active: z.boolean().optional(),
  name: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  work_position: z.string(),
  color: z.string(),
  avatar: z.string(),
  avatar_hr: z.string().optional(),
  gender: z.string(),
  birthday: z.string(),
  extranet: z.boolean(),
  network: z.boolean(),
  bot: z.boolean(),
  connector: z.boolean(),
  external_auth_id: z.string(),
  status: z.string(),
  idle: z.union([z.string(), z.literal(false)]),
  last_activity_date: z.union([z.string(), z.literal(false)]),
  mobile_last_date: z.union([z.string(), z.literal(false)]),
  desktop_last_date: z.union([z.string(), z.literal(false)]).optional(),
  absent: z.union([z.string(), z.literal(false)]),
  departments: z.array(z.number()).optional(),
  phones: z.union([z.looseObject({ personal_mobile: z.string().optional(), inner_phone: z.string().optional() }), z.literal(false)]).optional(),
  bot_data: z.unknown().optional(),
  type: z.string().optional(),
  website: z.string().optional(),
  email: z.string().optional(),
});

/** im.department.get's view of a department (seed 002). */
export const imDepartment = z.looseObject({
  id: z.number(),
  name: z.string(),
  full_name: z.string(),
  manager_user_id: z.number(),
  // The docs do not say what a department without a head gives; null is the cautious guess.
  manager_user_data: imUser.nullable().optional(),
});

/** A user ID, or the user's data when USER_DATA = Y. */
const imUserOrId = z.union([z.number(), imUser]);

const departmentId = {
  schema: id(),
  wire: 'ID',
  cli: 'depid',
  short: 'd',
  description: { en: 'Department ID', ru: 'ID подразделения' },
  example: 7,
} as const;

const title = {
  schema: z.string().min(1),
  wire: 'NAME',
  cli: 'title',
  short: 't',
  description: { en: 'Department name', ru: 'Название подразделения' },
  example: 'Отдел закупок',
} as const;

const parentId = {
  schema: id(),
  wire: 'PARENT',
  cli: 'parentid',
  short: 'p',
  description: { en: 'Parent department ID', ru: 'ID родительского подразделения' },
  example: 1,
} as const;

const headId = {
  schema: id(),
  wire: 'UF_HEAD',
  cli: 'headid',
  short: 'h',
  description: { en: 'ID of the user who heads the department', ru: 'ID пользователя — руководителя подразделения' },
  example: 3,
} as const;

const sort = {
  schema: wholeNumber({ min: -int32Max - 1, max: int32Max, noun: 'a sort index' }),
  wire: 'SORT',
  cli: 'sort',
  description: { en: 'Sort index of the department', ru: 'Индекс сортировки подразделения' },
  example: 500,
} as const;

const departmentIds = {
  schema: ids(),
  wire: 'ID',
  cli: 'ids',
  short: 'i',
  description: { en: 'Department IDs', ru: 'ID подразделений' },
  example: [7],
} as const;

const userData = {
  schema: yn().optional(),
  wire: 'USER_DATA',
  cli: 'userdata',
  short: 'd',
  description: { en: 'Return users\' data instead of their IDs (Y/N)', ru: 'Возвращать данные пользователей вместо ID (Y/N)' },
  example: 'Y',
} as const;

export const departments = defineSection(
  'bitrix24',
  { id: 'departments', title: { en: 'Departments', ru: 'Управление подразделениями' } },
  {
    addDepartment: {
      ruName: 'СоздатьПодразделение',
      remote: 'department.add',
      summary: { en: 'Creates a department', ru: 'Создает подразделение' },
      access: 'write',
      docs: docs('departments/department-add'),
      params: {
        title,
        // The docs require a parent: a company has exactly one top-level department.
        parentId,
        headId: { ...headId, schema: headId.schema.optional() },
        sort: { ...sort, schema: sort.schema.optional() },
      },
      result: z.number().int().positive(),
      example: { title: 'Отдел закупок', parentId: 1, headId: 3 },
    },
    updateDepartment: {
      ruName: 'ИзменитьПодразделение',
      remote: 'department.update',
      summary: { en: 'Changes a department', ru: 'Изменяет подразделение' },
      access: 'write',
      docs: docs('departments/department-update'),
      params: {
        departmentId,
        title: { ...title, schema: title.schema.optional() },
        parentId: { ...parentId, schema: parentId.schema.optional() },
        headId: { ...headId, schema: headId.schema.optional() },
        sort: { ...sort, schema: sort.schema.optional() },
      },
      result: z.boolean(),
      example: { departmentId: 7, title: 'Московский филиал (Тверская)' },
    },
    getDepartments: {
      ruName: 'ПолучитьПодразделения',
      remote: 'department.get',
      summary: { en: 'Gets departments by a filter', ru: 'Получает подразделения по фильтру' },
      access: 'read',
      paging: { style: 'bitrix-start' },
      docs: docs('departments/department-get'),
      params: {
        departmentId: { ...departmentId, schema: departmentId.schema.optional() },
        title: {
          ...title,
          schema: title.schema.optional(),
          description: { en: 'Department name (the whole name)', ru: 'Название подразделения (полностью)' },
        },
        parentId: { ...parentId, schema: parentId.schema.optional() },
        headId: { ...headId, schema: headId.schema.optional() },
        sortBy: {
          schema: z.enum(['ID', 'NAME', 'SORT', 'PARENT', 'UF_HEAD']).optional(),
          wire: 'sort',
          cli: 'sortby',
          description: { en: 'Field to sort by: ID, NAME, SORT, PARENT or UF_HEAD', ru: 'Поле сортировки: ID, NAME, SORT, PARENT или UF_HEAD' },
          example: 'NAME',
        },
        order: {
          schema: sortOrder().optional(),
          cli: 'order',
          description: { en: 'Sort direction: ASC or DESC', ru: 'Направление сортировки: ASC или DESC' },
          example: 'ASC',
        },
        offset: {
          schema: start().optional(),
          wire: 'start',
          cli: 'offset',
          description: { en: 'Offset of the page (multiples of 50)', ru: 'Смещение страницы (кратно 50)' },
          example: 0,
        },
      },
      result: z.array(department),
      example: { parentId: 1 },
    },
    deleteDepartment: {
      ruName: 'УдалитьПодразделение',
      remote: 'department.delete',
      summary: { en: 'Deletes a department', ru: 'Удаляет подразделение' },
      access: 'write',
      docs: docs('departments/department-delete'),
      params: { departmentId },
      result: z.boolean(),
      example: { departmentId: 10 },
    },
    getDepartmentsInfo: {
      ruName: 'ПолучитьДанныеПодразделений',
      remote: 'im.department.get',
      summary: { en: 'Gets departments\' names and heads (messenger)', ru: 'Получает названия и руководителей подразделений (мессенджер)' },
      access: 'read',
      docs: docs('chats/departments/im-department-get'),
      params: { departmentIds, userData },
      result: z.array(imDepartment),
      example: { departmentIds: [7], userData: 'Y' },
    },
    getDepartmentManagers: {
      ruName: 'ПолучитьРуководителейПодразделений',
      remote: 'im.department.managers.get',
      summary: { en: 'Gets the heads of departments (messenger)', ru: 'Получает руководителей подразделений (мессенджер)' },
      access: 'read',
      docs: docs('chats/departments/im-department-managers-get'),
      params: { departmentIds, userData },
      result: phpMap(z.array(imUserOrId)).describe('Department ID → its heads (IDs, or data when USER_DATA = Y)'),
      example: { departmentIds: [2, 7] },
    },
    getDepartmentEmployees: {
      ruName: 'ПолучитьСотрудниковПодразделений',
      remote: 'im.department.employees.get',
      summary: { en: 'Gets the employees of departments (messenger)', ru: 'Получает сотрудников подразделений (мессенджер)' },
      access: 'read',
      docs: docs('chats/departments/im-department-employees-get'),
      params: { departmentIds, userData },
      result: phpMap(z.array(imUserOrId)).describe('Department ID → its employees (IDs, or data when USER_DATA = Y)'),
      example: { departmentIds: [7] },
    },
    getColleagues: {
      ruName: 'ПолучитьКоллегПользователя',
      remote: 'im.department.colleagues.list',
      summary: {
        en: 'Gets the current user\'s colleagues (for a head: subordinates and superiors)',
        ru: 'Получает коллег текущего пользователя (для руководителя — подчиненных и руководителей)',
      },
      access: 'read',
      paging: { style: 'offset-limit', offset: 'OFFSET', limit: 'LIMIT', max: 50 },
      docs: docs('chats/departments/im-department-colleagues-list'),
      params: {
        userData,
        offset: {
          schema: count('an offset', 0).optional(),
          wire: 'OFFSET',
          cli: 'offset',
          short: 'o',
          description: { en: 'How many colleagues to skip', ru: 'Сколько коллег пропустить' },
          example: 0,
        },
        limit: {
          schema: wholeNumber({ min: 1, max: 50, noun: 'a page size' }).optional(),
          wire: 'LIMIT',
          cli: 'limit',
          short: 'l',
          description: { en: 'Page size, up to 50 (10 by default)', ru: 'Размер страницы, до 50 (по умолчанию 10)' },
          example: 50,
        },
      },
      result: z.array(imUserOrId),
      example: { limit: 50 },
    },
  },
);
