// Projects — https://planfix.com/help/Planfix_API:Projects
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { ValidationError } from '../../../core/errors.js';
import { customDataOut, filters, id, pageCurrent, pageSize, peopleOut, refOut, text } from './schemas.js';

const docs = (method: string) => `https://planfix.com/help/Planfix_API_${method}`;

/** A project as project.get and project.getList answer. */
export const projectOut = z.looseObject({
  id: z.number(),
  title: z.string().optional(),
  description: z.string().optional(),
  owner: refOut.optional(),
  client: refOut.optional(),
  group: refOut.optional(),
  status: z.string().optional(),
  hidden: z.boolean().optional(),
  taskCount: z.number().optional(),
  workers: peopleOut.optional(),
  members: peopleOut.optional(),
  auditors: peopleOut.optional(),
  customData: customDataOut.optional(),
});

export const projects = defineSection(
  'planfix',
  { id: 'projects', title: { en: 'Projects', ru: 'Проекты' } },
  {
    getProject: {
      ruName: 'ПолучитьПроект',
      remote: 'project.get',
      summary: { en: 'Gets a project by ID or number', ru: 'Получает проект по ID или номеру' },
      access: 'read',
      docs: docs('project.get'),
      params: {
        project: {
          schema: id().optional(),
          wire: 'project/id',
          cli: 'project',
          description: { en: 'Project ID (or give --number)', ru: 'ID проекта (или укажите --number)' },
          example: 12,
        },
        number: {
          schema: id().optional(),
          wire: 'project/general',
          cli: 'number',
          description: { en: 'Project number (used when there is no ID)', ru: 'Номер проекта (используется при отсутствии ID)' },
        },
      },
      toWire: (input) => {
        if (input.project === undefined && input.number === undefined) {
          throw new ValidationError([{ path: 'project', message: 'give project or number' }], 'getProject');
        }
        return { project: { id: input.project, general: input.number } };
      },
      result: z.looseObject({ project: projectOut }),
      example: { project: 12 },
    },
    getProjectList: {
      ruName: 'ПолучитьСписокПроектов',
      remote: 'project.getList',
      summary: { en: 'Gets a list of projects (paged)', ru: 'Получает список проектов (постранично)' },
      access: 'read',
      docs: docs('project.getList'),
      params: {
        user: {
          schema: id().optional(),
          wire: 'user/id',
          cli: 'user',
          description: { en: 'Projects this user takes part in (administrators only)', ru: 'Проекты, в которых участвует пользователь (только для администраторов)' },
        },
        target: {
          schema: z.enum(['all', 'in', 'out', 'template']).optional(),
          cli: 'target',
          description: { en: 'all (default), in, out or template', ru: 'all (по умолчанию), in, out или template' },
        },
        status: {
          schema: z.enum(['DRAFT', 'ACTIVE', 'COMPLETED']).optional(),
          cli: 'status',
          description: { en: 'DRAFT, ACTIVE or COMPLETED', ru: 'DRAFT, ACTIVE или COMPLETED' },
        },
        sortType: {
          schema: text().min(1).optional(),
          cli: 'sort',
          description: { en: 'Sort type, e.g. NAME_ASC', ru: 'Тип сортировки, например NAME_ASC' },
        },
        client: {
          schema: id().optional(),
          wire: 'client/id',
          cli: 'client',
          description: { en: 'Only projects of this client', ru: 'Только проекты этого контрагента' },
        },
        filters: {
          schema: filters().optional(),
          wire: 'filters/filter',
          cli: 'filters',
          description: { en: 'Complex filters: [{ type, operator, value, field }]', ru: 'Сложные фильтры: [{ type, operator, value, field }]' },
        },
        pageCurrent: { schema: pageCurrent(), cli: 'page', description: { en: 'Page number, from 1 (0 or, for some lists, none: only the count)', ru: 'Номер страницы, с 1 (0 или, у некоторых списков, отсутствие — только подсчёт)' } },
        pageSize: { schema: pageSize(), cli: 'size', description: { en: 'Page size, at most 100', ru: 'Размер страницы, не больше 100' } },
      },
      paging: { style: 'page', page: 'pageCurrent', size: 'pageSize', max: 100, items: 'projects.project', total: 'projects.totalCount' },
      result: z.looseObject({
        projects: z.looseObject({ count: z.number().optional(), totalCount: z.number().optional(), project: z.array(projectOut) }),
      }),
      example: { status: 'ACTIVE', pageCurrent: 1 },
    },
  },
);
