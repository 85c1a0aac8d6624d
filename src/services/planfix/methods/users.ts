// Employees and user groups — https://planfix.com/help/Planfix_API:Employees
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { filters, flag, id, pageCurrent, pageSize, refOut, text } from './schemas.js';

const docs = (method: string) => `https://planfix.com/help/Planfix_API_${method}`;

/** An employee as user.get and user.getList answer. */
export const userOut = z.looseObject({
  id: z.number(),
  general: z.number().optional(),
  name: z.string().optional(),
  lastName: z.string().optional(),
  midName: z.string().optional(),
  login: z.string().optional(),
  email: z.string().optional(),
  role: z.string().optional(),
  status: z.string().optional(),
  userGroups: z.looseObject({ userGroup: z.array(refOut) }).optional(),
  phones: z.looseObject({ phone: z.array(z.looseObject({ number: z.string().optional() })) }).optional(),
});

export const userGroupOut = z.looseObject({ id: z.number(), name: z.string(), userCount: z.number().optional() });

const page = {
  pageCurrent: { schema: pageCurrent(), cli: 'page', description: { en: 'Page number, from 1 (0 or, for some lists, none: only the count)', ru: 'Номер страницы, с 1 (0 или, у некоторых списков, отсутствие — только подсчёт)' } },
  pageSize: { schema: pageSize(), cli: 'size', description: { en: 'Page size, at most 100', ru: 'Размер страницы, не больше 100' } },
} as const;

export const users = defineSection(
  'planfix',
  { id: 'users', title: { en: 'Employees and groups', ru: 'Сотрудники и группы' } },
  {
    getUser: {
      ruName: 'ПолучитьСотрудника',
      remote: 'user.get',
      summary: { en: 'Gets an employee (the caller when no ID is given)', ru: 'Получает сотрудника (без ID — того, от чьего имени запрос)' },
      access: 'read',
      docs: docs('user.get'),
      params: {
        user: {
          schema: id().optional(),
          wire: 'user/id',
          cli: 'user',
          description: { en: 'User ID', ru: 'ID пользователя' },
          example: 1,
        },
        number: {
          schema: id().optional(),
          wire: 'user/general',
          cli: 'number',
          description: { en: 'Employee number', ru: 'Номер сотрудника' },
        },
      },
      result: z.looseObject({ user: userOut }),
      example: { user: 1 },
    },
    getUserList: {
      ruName: 'ПолучитьСписокСотрудников',
      remote: 'user.getList',
      summary: { en: 'Gets a list of employees (paged)', ru: 'Получает список сотрудников (постранично)' },
      access: 'read',
      docs: docs('user.getList'),
      params: {
        status: {
          schema: z.enum(['ACTIVE', 'UNACTIVE']).optional(),
          cli: 'status',
          description: { en: 'ACTIVE or UNACTIVE (ignored when a group is given)', ru: 'ACTIVE или UNACTIVE (не учитывается при заданной группе)' },
        },
        onlyOnline: {
          schema: flag().optional(),
          cli: 'online',
          description: { en: 'Only employees online now', ru: 'Только сотрудники онлайн' },
        },
        userGroup: {
          schema: id().optional(),
          wire: 'userGroup/id',
          cli: 'group',
          description: { en: 'Only members of this user group', ru: 'Только члены этой группы' },
        },
        sortType: {
          schema: text().min(1).optional(),
          cli: 'sort',
          description: { en: 'Sort type, e.g. NAME_ASC', ru: 'Тип сортировки, например NAME_ASC' },
        },
        filters: {
          schema: filters().optional(),
          wire: 'filters/filter',
          cli: 'filters',
          description: { en: 'Complex filters: [{ type, operator, value }]', ru: 'Сложные фильтры: [{ type, operator, value }]' },
        },
        ...page,
      },
      paging: { style: 'page', page: 'pageCurrent', size: 'pageSize', max: 100, items: 'users.user', total: 'users.totalCount' },
      result: z.looseObject({
        users: z.looseObject({ count: z.number().optional(), totalCount: z.number().optional(), user: z.array(userOut) }),
      }),
      example: { status: 'ACTIVE' },
    },
    getUserGroupList: {
      ruName: 'ПолучитьСписокГруппСотрудников',
      remote: 'userGroup.getList',
      summary: { en: 'Gets the user groups of the account (paged)', ru: 'Получает группы пользователей аккаунта (постранично)' },
      access: 'read',
      docs: docs('userGroup.getList'),
      params: {
        sortType: {
          schema: text().min(1).optional(),
          cli: 'sort',
          description: { en: 'Sort type, e.g. NAME_ASC', ru: 'Тип сортировки, например NAME_ASC' },
        },
        ...page,
      },
      paging: { style: 'page', page: 'pageCurrent', size: 'pageSize', max: 100, items: 'userGroups.userGroup', total: 'userGroups.totalCount' },
      result: z.looseObject({
        userGroups: z.looseObject({ count: z.number().optional(), totalCount: z.number().optional(), userGroup: z.array(userGroupOut) }),
      }),
      example: {},
    },
  },
);
