// Departments — https://developer.kontur.ru/doc/diadoc-api/ (GetDepartment V2, and the administrators' GetDepartments).
import { defineSection } from '../../../core/catalogue.js';
import { boxId as boxIdSchema, department, exampleBox, departmentList, guid, headDepartmentId, positive } from './schemas.js';

const docs = (page: string) => `https://developer.kontur.ru/doc/diadoc-api/http/${page}.html`;

const boxId = {
  schema: boxIdSchema(),
  cli: 'box',
  short: 'b',
  wire: 'boxId',
  description: { en: "The organisation's box id: the GUID (BoxIdGuid) or the older <hex>@diadoc.ru form (BoxId); sent as the GUID", ru: 'Идентификатор ящика организации: GUID (BoxIdGuid) или прежняя форма <hex>@diadoc.ru (BoxId); отправляется как GUID' },
  example: exampleBox,
} as const;

export const departments = defineSection(
  'diadoc',
  { id: 'departments', title: { en: 'Departments', ru: 'Работа с подразделениями' } },
  {
    getDepartment: {
      ruName: 'ПолучитьПодразделение',
      remote: 'GET /V2/GetDepartment',
      summary: { en: 'Returns a department of the organisation by its id (V2)', ru: 'Возвращает подразделение организации по идентификатору (V2)' },
      access: 'read',
      docs: docs('GetDepartment'),
      params: {
        boxId,
        departmentId: {
          schema: guid(),
          cli: 'department',
          wire: 'departmentId',
          description: {
            en: 'Department id (the head department is 00000000-0000-0000-0000-000000000000)',
            ru: 'Идентификатор подразделения (головное — 00000000-0000-0000-0000-000000000000)',
          },
          example: headDepartmentId,
        },
      },
      result: department,
      example: { boxId: exampleBox, departmentId: headDepartmentId },
    },
    getDepartments: {
      ruName: 'ПолучитьСписокПодразделений',
      remote: 'GET /admin/GetDepartments',
      summary: {
        en: "Returns the organisation's departments, oldest first, the head department first (administrators only)",
        ru: 'Возвращает подразделения организации от старых к новым, головное первым (только администраторы)',
      },
      access: 'read',
      docs: docs('Departments/GetDepartments'),
      paging: { style: 'page', page: 'page', size: 'count', max: 100, items: 'Departments', total: 'TotalCount' },
      params: {
        boxId,
        page: {
          schema: positive(1_000_000, 'a page number').optional(),
          cli: 'page',
          description: { en: 'Page number, from 1 (default 1)', ru: 'Номер страницы, начиная с 1 (по умолчанию 1)' },
        },
        count: {
          schema: positive(100, 'a page size').optional(),
          cli: 'count',
          description: { en: 'Departments per page, up to 100 (default 100)', ru: 'Подразделений на странице, до 100 (по умолчанию 100)' },
        },
      },
      result: departmentList,
      example: { boxId: exampleBox },
    },
  },
);
