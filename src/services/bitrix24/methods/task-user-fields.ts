// Task user fields — https://apidocs.bitrix24.ru/api-reference/tasks/user-field/
// The fields' own definitions (the older task.item.* family: upper-case keys, numbers as
// strings). The UF_* they create are then fields of tasks, written and read by tasks.task.*.
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { int32Max, wholeNumber } from '../../../core/values.js';
import { filter, id, idOut, yn } from './schemas.js';
import { renamed } from './task-params.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/tasks/user-field/${page}.html`;

/** Labels by language code: { ru: 'Номер договора', en: 'Contract number' }. */
const labels = () => z.record(z.string().regex(/^[a-z]{2}$/, { error: 'expected two-letter language codes as keys (ru, en …)' }), z.string());

const ynOut = () => z.enum(['Y', 'N']);

/**
 * A task user field as task.item.userfield.getlist returns it (ID and SORT as strings); get adds
 * the labels by language. SETTINGS depend on the type (PHP gives `[]` for none).
 */
export const taskUserField = z.looseObject({
  ID: idOut(),
  ENTITY_ID: z.literal('TASKS_TASK'),
  FIELD_NAME: z.string(),
  USER_TYPE_ID: z.string(),
  XML_ID: z.string().nullable(),
  SORT: z.union([z.string(), z.number()]),
  MULTIPLE: ynOut(),
  MANDATORY: ynOut(),
  SHOW_FILTER: ynOut(),
  SHOW_IN_LIST: ynOut(),
  EDIT_IN_LIST: ynOut(),
  IS_SEARCHABLE: ynOut(),
  SETTINGS: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]),
  EDIT_FORM_LABEL: z.record(z.string(), z.string()).optional(),
  LIST_COLUMN_LABEL: z.record(z.string(), z.string()).optional(),
  LIST_FILTER_LABEL: z.record(z.string(), z.string()).optional(),
  ERROR_MESSAGE: z.record(z.string(), z.string()).optional(),
  HELP_MESSAGE: z.record(z.string(), z.string()).optional(),
});

const fieldId = {
  schema: id(),
  wire: 'ID',
  cli: 'fieldid',
  short: 'f',
  description: { en: 'ID of the user field (not its UF_ code)', ru: 'ID пользовательского поля (не его код UF_)' },
  example: 1296,
} as const;

const externalId = {
  schema: z.string().optional(),
  cli: 'externalid',
  short: 'e',
  description: { en: 'External ID (XML_ID)', ru: 'Внешний идентификатор (XML_ID)' },
  example: 'CONTRACT_NO',
} as const;

const title = {
  schema: z.string().min(1).optional(),
  cli: 'title',
  description: { en: 'Name of the field, in every language (LABEL)', ru: 'Название поля на всех языках (LABEL)' },
  example: 'Номер договора',
} as const;

const label = {
  schema: labels().optional(),
  cli: 'label',
  description: { en: 'Label of the edit form by language (EDIT_FORM_LABEL)', ru: 'Подпись в форме редактирования по языкам (EDIT_FORM_LABEL)' },
  example: { ru: 'Номер договора', en: 'Contract number' },
} as const;

/** The settings and flags both add and update take (beyond oint's options). */
const extras = {
  sort: {
    schema: wholeNumber({ min: 0, max: int32Max, noun: 'a sort index' }).optional(),
    cli: 'sort',
    description: { en: 'Sort index', ru: 'Индекс сортировки' },
    example: 200,
  },
  multiple: {
    schema: yn().optional(),
    cli: 'multiple',
    description: { en: 'Several values (Y/N; a boolean field is never multiple)', ru: 'Множественное значение (Y/N; поле да/нет всегда единичное)' },
    example: 'N',
  },
  mandatory: {
    schema: yn().optional(),
    cli: 'mandatory',
    description: { en: 'Required in every task (Y/N)', ru: 'Обязательное для каждой задачи (Y/N)' },
    example: 'N',
  },
  settings: {
    schema: z.record(z.string(), z.unknown()).optional(),
    cli: 'settings',
    description: {
      en: 'Settings of the type: DEFAULT_VALUE, ROWS (string), DISPLAY (boolean) …',
      ru: 'Настройки типа: DEFAULT_VALUE, ROWS (строка), DISPLAY (да/нет) …',
    },
    example: { DEFAULT_VALUE: '' },
  },
} as const;

/** PARAMS / DATA of the field from the parsed input: only what was given. */
const fieldData = (input: Record<string, unknown>) =>
  renamed(input, {
    type: 'USER_TYPE_ID',
    fieldName: 'FIELD_NAME',
    externalId: 'XML_ID',
    title: 'LABEL',
    label: 'EDIT_FORM_LABEL',
    sort: 'SORT',
    multiple: 'MULTIPLE',
    mandatory: 'MANDATORY',
    settings: 'SETTINGS',
  });

export const taskUserFields = defineSection(
  'bitrix24',
  { id: 'task-user-fields', title: { en: 'Task user fields', ru: 'Работа с пользовательскими полями задач' } },
  {
    addTaskUserField: {
      ruName: 'ДобавитьПользовательскоеПолеЗадачи',
      remote: 'task.item.userfield.add',
      summary: { en: 'Creates a task user field (administrator)', ru: 'Создает пользовательское поле задач (администратор)' },
      access: 'write',
      docs: docs('task-item-user-field-add'),
      params: {
        type: {
          schema: z.enum(['string', 'double', 'datetime', 'boolean'], { error: 'expected a type: string, double, datetime or boolean' }),
          cli: 'type',
          short: 't',
          description: { en: 'Data type: string, double, datetime or boolean', ru: 'Тип данных: string, double, datetime или boolean' },
          example: 'string',
        },
        fieldName: {
          schema: z.string().regex(/^[A-Za-z0-9_]+$/, { error: 'expected a field code of Latin letters, digits and _' }),
          cli: 'fieldname',
          short: 'f',
          description: { en: 'Field code; UF_ is added when missing', ru: 'Код поля; префикс UF_ добавляется, если его нет' },
          example: 'UF_CONTRACT_NO',
        },
        externalId,
        title: { ...title, short: 'l' },
        label: { ...label, short: 'b' },
        ...extras,
      },
      toWire: (input) => ({ PARAMS: fieldData(input) }),
      result: z.number().int().positive(),
      example: { type: 'string', fieldName: 'UF_CONTRACT_NO', title: 'Номер договора', label: { ru: 'Номер договора', en: 'Contract number' } },
    },
    updateTaskUserField: {
      ruName: 'ИзменитьПользовательскоеПолеЗадачи',
      remote: 'task.item.userfield.update',
      summary: { en: 'Changes a task user field (administrator)', ru: 'Изменяет пользовательское поле задач (администратор)' },
      access: 'write',
      docs: docs('task-item-user-field-update'),
      params: { fieldId, externalId, title: { ...title, short: 't' }, label: { ...label, short: 'l' }, ...extras },
      toWire: (input) => ({ ID: input.fieldId, DATA: fieldData(input) }),
      result: z.boolean(),
      example: { fieldId: 1296, title: 'Номер договора с клиентом' },
    },
    getTaskUserField: {
      ruName: 'ПолучитьПользовательскоеПолеЗадачи',
      remote: 'task.item.userfield.get',
      summary: { en: 'Gets a task user field with its labels', ru: 'Получает пользовательское поле задач с подписями' },
      access: 'read',
      docs: docs('task-item-user-field-get'),
      params: { fieldId },
      result: taskUserField,
      example: { fieldId: 229 },
    },
    getTaskUserFields: {
      ruName: 'ПолучитьСписокПользовательскихПолейЗадачи',
      remote: 'task.item.userfield.getlist',
      summary: {
        en: 'Gets the task user fields, the system UF_CRM_TASK, UF_MAIL_MESSAGE and UF_TASK_WEBDAV_FILES among them (one answer, no pages)',
        ru: 'Получает пользовательские поля задач, включая системные UF_CRM_TASK, UF_MAIL_MESSAGE и UF_TASK_WEBDAV_FILES (одним ответом, без страниц)',
      },
      access: 'read',
      docs: docs('task-item-user-field-get-list'),
      params: {
        filter: {
          schema: filter().optional(),
          wire: 'FILTER',
          cli: 'filter',
          description: {
            en: 'Filter by ID, FIELD_NAME, USER_TYPE_ID, XML_ID, MULTIPLE, MANDATORY (a value or a list)',
            ru: 'Фильтр по ID, FIELD_NAME, USER_TYPE_ID, XML_ID, MULTIPLE, MANDATORY (значение или список)',
          },
          example: { USER_TYPE_ID: 'string' },
        },
        order: {
          schema: z.partialRecord(z.enum(['ID', 'FIELD_NAME', 'USER_TYPE_ID', 'SORT'], { error: 'expected ID, FIELD_NAME, USER_TYPE_ID or SORT' }), z.enum(['asc', 'desc', 'ASC', 'DESC'], { error: 'expected asc or desc' })).optional(),
          wire: 'ORDER',
          cli: 'order',
          description: { en: 'Sorting: ID, FIELD_NAME, USER_TYPE_ID or SORT → asc or desc', ru: 'Сортировка: ID, FIELD_NAME, USER_TYPE_ID или SORT → asc или desc' },
          example: { SORT: 'asc' },
        },
      },
      result: z.array(taskUserField),
      example: {},
    },
    deleteTaskUserField: {
      ruName: 'УдалитьПользовательскоеПолеЗадачи',
      remote: 'task.item.userfield.delete',
      summary: { en: 'Deletes a task user field (administrator)', ru: 'Удаляет пользовательское поле задач (администратор)' },
      access: 'write',
      docs: docs('task-item-user-field-delete'),
      params: { fieldId },
      result: z.boolean(),
      example: { fieldId: 1296 },
    },
  },
);
