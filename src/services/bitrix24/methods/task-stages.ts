// Kanban — the stages of a workgroup's kanban and of a user's "My plan",
// https://apidocs.bitrix24.ru/api-reference/tasks/stages/
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { int32Max, wholeNumber } from '../../../core/values.js';
import { id, idOut } from './schemas.js';
import { renamed, taskIdParam } from './task-params.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/tasks/stages/${page}.html`;

/** A stage as task.stages.get returns it (numbers as strings). */
export const taskStage = z.looseObject({
  ID: idOut(),
  TITLE: z.string(),
  SORT: z.union([z.string(), z.number()]),
  COLOR: z.string(),
  /** NEW, PROGRESS, WORK, REVIEW, FINISH or null. */
  SYSTEM_TYPE: z.string().nullable(),
  ENTITY_ID: idOut(),
  /** U: a user's "My plan"; G: a workgroup's kanban. */
  ENTITY_TYPE: z.enum(['U', 'G']),
  ADDITIONAL_FILTER: z.array(z.unknown()),
  TO_UPDATE: z.array(z.unknown()),
  TO_UPDATE_ACCESS: z.unknown().nullable(),
});

/** A workgroup ID; 0 or none for the caller's "My plan". */
const entityId = {
  schema: wholeNumber({ min: 0, max: int32Max, noun: 'a workgroup ID', note: '0 for "My plan"' }).optional(),
  cli: 'entityid',
  short: 'e',
  description: { en: 'Workgroup ID; 0 or none for the caller\'s "My plan"', ru: 'ID группы; 0 или пусто — «Мой план» текущего пользователя' },
  example: 1,
} as const;

const admin = {
  schema: z.boolean().optional(),
  wire: 'isAdmin',
  cli: 'admin',
  short: 'a',
  description: {
    en: 'Skip the access checks (only for the portal\'s administrator)',
    ru: 'Не проверять права (только для администратора портала)',
  },
  example: true,
} as const;

const stageId = {
  schema: id(),
  cli: 'stage',
  short: 's',
  description: { en: 'Stage ID', ru: 'ID стадии' },
  example: 2,
} as const;

const color = {
  schema: z.string().regex(/^#?[0-9A-Fa-f]{6}$/, { error: 'expected an RGB colour as six hex digits, e.g. FFD800' }).optional(),
  cli: 'color',
  short: 'c',
  description: { en: 'Colour, RGB hex (e.g. FFD800)', ru: 'Цвет, RGB в шестнадцатеричном виде (например, FFD800)' },
  example: 'FFA900',
} as const;

const afterId = {
  schema: wholeNumber({ min: 0, max: int32Max, noun: 'a stage ID', note: '0 puts the stage first' }).optional(),
  cli: 'prevstage',
  short: 'p',
  description: { en: 'The stage to put this one after; 0 or none puts it first', ru: 'Стадия, после которой поставить эту; 0 или пусто — в начало' },
  example: 2,
} as const;

const title = {
  schema: z.string().min(1),
  cli: 'title',
  short: 't',
  description: { en: 'Stage title', ru: 'Название стадии' },
  example: 'Согласование с клиентом',
} as const;

/** fields of add / update from the parsed input: only what was given. */
function stageFields(input: Record<string, unknown>): Record<string, unknown> {
  const out = renamed(input, { title: 'TITLE', color: 'COLOR', afterId: 'AFTER_ID', entityId: 'ENTITY_ID' });
  if (typeof out.COLOR === 'string') out.COLOR = out.COLOR.replace(/^#/, '');
  return out;
}

const taskPosition = (name: 'before' | 'after', short: string) =>
  ({
    schema: id().optional(),
    cli: name,
    short,
    description: {
      en: `Put the task ${name} this task of the stage (--before and --after exclude each other)`,
      ru: `Поставить задачу ${name === 'before' ? 'перед' : 'после'} этой задачей стадии (--before и --after взаимоисключающие)`,
    },
    example: 20,
  }) as const;

export const taskStages = defineSection(
  'bitrix24',
  { id: 'task-stages', title: { en: 'Kanban', ru: 'Канбан' } },
  {
    addTaskStage: {
      ruName: 'ДобавитьСтадиюКанбана',
      remote: 'task.stages.add',
      summary: { en: 'Adds a stage to a workgroup\'s kanban or to "My plan"', ru: 'Добавляет стадию канбана группы или «Моего плана»' },
      access: 'write',
      docs: docs('task-stages-add'),
      params: { title, color, afterId, entityId, admin },
      toWire: (input) => ({ fields: stageFields(input), ...(input.admin === undefined ? {} : { isAdmin: input.admin }) }),
      result: z.number().int().positive(),
      example: { title: 'Согласование с клиентом', entityId: 1, afterId: 2, color: 'FFA900', admin: true },
    },
    updateTaskStage: {
      ruName: 'ИзменитьСтадиюКанбана',
      remote: 'task.stages.update',
      summary: { en: 'Changes or moves a kanban or "My plan" stage', ru: 'Изменяет или передвигает стадию канбана или «Моего плана»' },
      access: 'write',
      docs: docs('task-stages-update'),
      params: { title, stageId, color, afterId, admin },
      toWire: (input) => ({ id: input.stageId, fields: stageFields(input), ...(input.admin === undefined ? {} : { isAdmin: input.admin }) }),
      result: z.boolean(),
      example: { stageId: 2, title: 'В работе у команды', admin: true },
    },
    getTaskStages: {
      ruName: 'ПолучитьСтадииКанбана',
      remote: 'task.stages.get',
      summary: { en: 'Gets the stages of a workgroup\'s kanban or of "My plan", keyed by ID', ru: 'Получает стадии канбана группы или «Моего плана» (ключи — ID стадий)' },
      access: 'read',
      docs: docs('task-stages-get'),
      params: { entityId, admin },
      // entityId is required on the wire; none means "My plan", which is 0.
      toWire: (input) => ({ entityId: input.entityId ?? 0, ...(input.admin === undefined ? {} : { isAdmin: input.admin }) }),
      result: z.union([z.record(z.string(), taskStage), z.array(z.never()).length(0)]),
      example: { entityId: 1 },
    },
    canMoveTasks: {
      ruName: 'ПроверитьПеремещениеЗадачКанбана',
      remote: 'task.stages.canmovetask',
      summary: {
        en: 'Tells whether the caller may move tasks on a workgroup\'s kanban (G) or a user\'s plan (U: only one\'s own)',
        ru: 'Проверяет, может ли текущий пользователь перемещать задачи в канбане группы (G) или в плане пользователя (U: только в своем)',
      },
      access: 'read',
      docs: docs('task-stages-can-move-task'),
      params: {
        entityId: { ...entityId, schema: id(), description: { en: 'Workgroup or user ID', ru: 'ID группы или пользователя' } },
        entityType: {
          schema: z.enum(['G', 'U'], { error: 'expected G (workgroup) or U (user)' }),
          cli: 'entitytype',
          description: { en: 'G for a workgroup, U for a user', ru: 'G — группа, U — пользователь' },
          example: 'G',
        },
      },
      result: z.boolean(),
      example: { entityId: 1, entityType: 'G' },
    },
    moveTaskToStage: {
      ruName: 'ПеренестиЗадачуВСтадиюКанбана',
      remote: 'task.stages.movetask',
      summary: { en: 'Moves a task to a stage of its workgroup\'s kanban or of "My plan"', ru: 'Переносит задачу в стадию канбана ее группы или «Моего плана»' },
      access: 'write',
      docs: docs('task-stages-move-task'),
      params: {
        taskId: { ...taskIdParam(4), wire: 'id' },
        stageId: { ...stageId, wire: 'stageId', description: { en: 'Stage to move the task to', ru: 'Стадия, в которую перенести задачу' } },
        before: taskPosition('before', 'b'),
        after: taskPosition('after', 'a'),
      },
      check: (input, nameOf) =>
        input.before !== undefined && input.after !== undefined ? [{ path: 'after', message: `give either ${nameOf('before')} or ${nameOf('after')}, not both` }] : [],
      result: z.boolean(),
      example: { taskId: 4, stageId: 2 },
    },
    deleteTaskStage: {
      ruName: 'УдалитьСтадиюКанбана',
      remote: 'task.stages.delete',
      summary: { en: 'Deletes an empty kanban or "My plan" stage (not the first, not a system one)', ru: 'Удаляет пустую стадию канбана или «Моего плана» (не первую и не системную)' },
      access: 'write',
      docs: docs('task-stages-delete'),
      params: { stageId, admin },
      toWire: (input) => ({ id: input.stageId, ...(input.admin === undefined ? {} : { isAdmin: input.admin }) }),
      result: z.boolean(),
      example: { stageId: 13, admin: true },
    },
  },
);
