// Task checklists — https://apidocs.bitrix24.ru/api-reference/tasks/checklist-item/
// The older task.* family: upper-case keys, numbers as strings, and arguments bound BY POSITION
// (TASKID, ITEMID, FIELDS in the pages' order), so every entry here builds its wire parameters in
// that order.
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { int32Max, wholeNumber } from '../../../core/values.js';
import { id, idOut, yn } from './schemas.js';
import { renamed, taskIdParam } from './task-params.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/tasks/checklist-item/${page}.html`;

/** A checklist item as task.checklistitem.get / getlist return it (a root item is a checklist). */
export const checklistItem = z.looseObject({
  ID: idOut(),
  TASK_ID: idOut(),
  /** 0 (a number) for a checklist itself, the parent's ID (a string) otherwise. */
  PARENT_ID: idOut(),
  CREATED_BY: idOut(),
  TITLE: z.string(),
  SORT_INDEX: z.union([z.string(), z.number()]),
  IS_COMPLETE: z.enum(['Y', 'N']),
  IS_IMPORTANT: z.enum(['Y', 'N']),
  TOGGLED_BY: idOut().nullable(),
  /** ISO 8601, '' when the item was never ticked or unticked. */
  TOGGLED_DATE: z.string(),
  MEMBERS: z.array(
    z.looseObject({
      ID: idOut(),
      TYPE: z.enum(['A', 'U']),
      NAME: z.string(),
      PERSONAL_PHOTO: z.string().nullable().optional(),
      PERSONAL_GENDER: z.string().optional(),
      IMAGE: z.string().optional(),
      IS_COLLABER: z.boolean().optional(),
    }),
  ),
  /** Attachment ID → file; PHP gives [] for none. */
  ATTACHMENTS: z.union([z.record(z.string(), z.looseObject({ ATTACHMENT_ID: z.number(), NAME: z.string(), FILE_ID: idOut() })), z.array(z.unknown())]),
});

const taskId = taskIdParam(76);

const itemId = {
  schema: id(),
  cli: 'element',
  short: 'e',
  description: { en: 'Checklist item ID', ru: 'ID элемента чек-листа' },
  example: 3,
} as const;

const text = {
  schema: z.string().min(1),
  cli: 'text',
  short: 'x',
  description: { en: 'Text of the item (of a checklist, for a root item)', ru: 'Текст пункта (название чек-листа — для корневого пункта)' },
  example: 'Проверить оферту на сайте',
} as const;

/** What add and update take beyond oint's options. */
const itemFields = {
  parentId: {
    schema: wholeNumber({ min: 0, max: int32Max, noun: 'a parent item ID', note: '0 makes a new checklist' }).optional(),
    cli: 'parent',
    description: {
      en: 'Parent item: 0 makes the item a new checklist; by default the item goes into the top checklist',
      ru: 'Родительский пункт: 0 — пункт станет новым чек-листом; по умолчанию — в верхний чек-лист',
    },
    example: 1,
  },
  sortIndex: {
    schema: wholeNumber({ min: 0, max: int32Max, noun: 'a sort index' }).optional(),
    cli: 'sort',
    description: { en: 'Position among its siblings (smaller is higher)', ru: 'Позиция среди соседних пунктов (меньше — выше)' },
    example: 2,
  },
  important: {
    schema: yn().optional(),
    cli: 'important',
    description: { en: 'Mark as important (Y/N)', ru: 'Отметить как важный (Y/N)' },
    example: 'Y',
  },
  members: {
    schema: z.record(z.string().regex(/^\d+$/, { error: 'expected user IDs as keys' }), z.object({ TYPE: z.enum(['A', 'U'], { error: 'expected TYPE A (accomplice) or U (observer)' }) })).optional(),
    cli: 'members',
    description: {
      en: 'People of the item: user ID → { TYPE: A (accomplice) or U (observer) }; they join the task in that role',
      ru: 'Участники пункта: ID пользователя → { TYPE: A (соисполнитель) или U (наблюдатель) }; они добавляются в задачу в этой роли',
    },
    example: { '12': { TYPE: 'A' } },
  },
} as const;

/** FIELDS from the parsed input: only what was given. */
const fieldsOf = (input: Record<string, unknown>) =>
  renamed(input, { text: 'TITLE', complete: 'IS_COMPLETE', parentId: 'PARENT_ID', sortIndex: 'SORT_INDEX', important: 'IS_IMPORTANT', members: 'MEMBERS' });

/** TASKID then ITEMID, in that order (the methods read positions). */
const taskAndItem = (input: Record<string, unknown>) => ({ TASKID: input.taskId, ITEMID: input.itemId });

export const taskChecklists = defineSection(
  'bitrix24',
  { id: 'task-checklists', title: { en: 'Task checklists', ru: 'Работа с чеклистами задач' } },
  {
    addChecklistItem: {
      ruName: 'ДобавитьЭлементЧеклистаЗадачи',
      remote: 'task.checklistitem.add',
      summary: {
        en: 'Adds an item to a task\'s checklist (the creator, the responsible person, accomplices)',
        ru: 'Добавляет пункт в чек-лист задачи (постановщик, исполнитель, соисполнители)',
      },
      access: 'write',
      docs: docs('task-checklist-item-add'),
      params: {
        taskId,
        text,
        complete: {
          schema: yn().optional(),
          cli: 'complete',
          short: 'c',
          description: { en: 'Add the item already done (Y/N)', ru: 'Добавить пункт уже выполненным (Y/N)' },
          example: 'N',
        },
        ...itemFields,
      },
      toWire: (input) => ({ TASKID: input.taskId, FIELDS: fieldsOf(input) }),
      result: z.number().int().positive(),
      example: { taskId: 76, text: 'Проверить оферту на сайте', important: 'Y' },
    },
    updateChecklistItem: {
      ruName: 'ИзменитьЭлементЧеклистаЗадачи',
      remote: 'task.checklistitem.update',
      summary: { en: 'Changes a checklist item (MEMBERS are replaced as a whole)', ru: 'Изменяет пункт чек-листа (MEMBERS заменяются целиком)' },
      access: 'write',
      docs: docs('task-checklist-item-update'),
      params: { taskId, itemId, text, ...itemFields },
      toWire: (input) => ({ ...taskAndItem(input), FIELDS: fieldsOf(input) }),
      result: z.null(),
      example: { taskId: 76, itemId: 4, text: 'Заключить договор с ЮKassa' },
    },
    getChecklistItem: {
      ruName: 'ПолучитьЭлементЧеклистаЗадачи',
      remote: 'task.checklistitem.get',
      summary: { en: 'Gets a checklist item', ru: 'Получает пункт чек-листа' },
      access: 'read',
      docs: docs('task-checklist-item-get'),
      params: { taskId, itemId },
      toWire: taskAndItem,
      result: checklistItem,
      example: { taskId: 76, itemId: 3 },
    },
    getChecklist: {
      ruName: 'ПолучитьЧеклистЗадачи',
      remote: 'task.checklistitem.getlist',
      summary: {
        en: 'Gets every checklist item of a task, checklists (PARENT_ID 0) among them; newest first by default (one answer, no pages)',
        ru: 'Получает все пункты чек-листов задачи, включая сами чек-листы (PARENT_ID 0); по умолчанию новые первыми (одним ответом, без страниц)',
      },
      access: 'read',
      docs: docs('task-checklist-item-get-list'),
      params: {
        taskId,
        order: {
          schema: z
            .partialRecord(
              z.enum(['ID', 'PARENT_ID', 'CREATED_BY', 'TITLE', 'SORT_INDEX', 'IS_COMPLETE', 'IS_IMPORTANT', 'TOGGLED_BY', 'TOGGLED_DATE'], {
                error: 'expected ID, PARENT_ID, CREATED_BY, TITLE, SORT_INDEX, IS_COMPLETE, IS_IMPORTANT, TOGGLED_BY or TOGGLED_DATE',
              }),
              z.enum(['asc', 'desc', 'ASC', 'DESC'], { error: 'expected asc or desc' }),
            )
            .optional(),
          cli: 'order',
          description: { en: 'Sorting: field → asc or desc (ID desc by default)', ru: 'Сортировка: поле → asc или desc (по умолчанию ID desc)' },
          example: { PARENT_ID: 'asc', SORT_INDEX: 'asc' },
        },
      },
      toWire: (input) => ({ TASKID: input.taskId, ...(input.order === undefined ? {} : { ORDER: input.order }) }),
      result: z.array(checklistItem),
      example: { taskId: 76, order: { PARENT_ID: 'asc', SORT_INDEX: 'asc' } },
    },
    deleteChecklistItem: {
      ruName: 'УдалитьЭлементЧеклистаЗадачи',
      remote: 'task.checklistitem.delete',
      summary: { en: 'Deletes a checklist item (a checklist with its items)', ru: 'Удаляет пункт чек-листа (чек-лист — вместе с пунктами)' },
      access: 'write',
      docs: docs('task-checklist-item-delete'),
      params: { taskId, itemId },
      toWire: taskAndItem,
      result: z.boolean(),
      example: { taskId: 76, itemId: 5 },
    },
    completeChecklistItem: {
      ruName: 'ВыполнитьЭлементЧеклистаЗадачи',
      remote: 'task.checklistitem.complete',
      summary: {
        en: 'Ticks a checklist item as done; false when there is no such item',
        ru: 'Отмечает пункт чек-листа выполненным; false, если такого пункта нет',
      },
      access: 'write',
      docs: docs('task-checklist-item-complete'),
      params: { taskId, itemId },
      toWire: taskAndItem,
      result: z.boolean(),
      example: { taskId: 76, itemId: 4 },
    },
    renewChecklistItem: {
      ruName: 'ВозобновитьЭлементЧеклистаЗадачи',
      remote: 'task.checklistitem.renew',
      summary: {
        en: 'Unticks a done checklist item; false when there is no such item',
        ru: 'Снимает отметку о выполнении пункта чек-листа; false, если такого пункта нет',
      },
      access: 'write',
      docs: docs('task-checklist-item-renew'),
      params: { taskId, itemId },
      toWire: taskAndItem,
      result: z.boolean(),
      example: { taskId: 76, itemId: 2 },
    },
  },
);
