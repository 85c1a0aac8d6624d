// Task comments and results — https://apidocs.bitrix24.ru/api-reference/tasks/comment-item/ and
// https://apidocs.bitrix24.ru/api-reference/tasks/result/
// task.commentitem.* is the older task API: the portal reads its parameters by position, in the
// order of each page's table (TASKID, ITEMID, FIELDS …), so every entry sends them in that order
// (toWire), and answers in upper case. tasks.task.result.* answer in camelCase with numbers.
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { templateParams } from '../../../core/template.js';
import { dateTime, id, idOut, sortOrder } from './schemas.js';
import { taskIdParam } from './task-params.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/tasks/${page}.html`;

/**
 * A comment's fields as task.commentitem.add takes them (FIELDS): the text, and optionally
 * another author, the date and Disk files ("n123").
 */
export const commentFields = z.looseObject({
  POST_MESSAGE: z.string().min(1).optional(),
  AUTHOR_ID: id().optional(),
  POST_DATE: dateTime().optional(),
  UF_FORUM_MESSAGE_DOC: z.array(z.union([z.string(), z.number()])).optional(),
});

/** A comment as task.commentitem.get/getlist answer it. */
export const taskComment = z.looseObject({
  POST_MESSAGE_HTML: z.string().nullable(),
  ID: idOut(),
  AUTHOR_ID: idOut(),
  AUTHOR_NAME: z.string(),
  AUTHOR_EMAIL: z.string(),
  POST_DATE: z.string(),
  POST_MESSAGE: z.string(),
  ATTACHED_OBJECTS: z.record(z.string(), z.looseObject({ ATTACHMENT_ID: idOut(), NAME: z.string(), FILE_ID: idOut() })).optional(),
});

/** A result of a task: a comment pinned as its outcome (tasks.task.result.*). */
export const taskResult = z.looseObject({
  id: z.number(),
  taskId: z.number(),
  commentId: z.number(),
  createdBy: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** 0 open, 1 closed (the task was completed after it was pinned). */
  status: z.number(),
  text: z.string(),
  formattedText: z.string(),
  files: z.array(z.number()).nullable(),
});

const taskId = taskIdParam(5);

const commentId = {
  schema: id(),
  cli: 'comment',
  short: 'c',
  description: { en: 'Comment ID', ru: 'ID комментария' },
  example: 4,
} as const;

const textParam = {
  schema: z.string().min(1),
  cli: 'text',
  short: 'x',
  description: { en: 'Comment text (BBCode allowed)', ru: 'Текст комментария (допускается BBCode)' },
  example: 'Договор согласован, отправляю клиенту.',
} as const;

/** The keys task.commentitem.getlist filters by (its page), with their optional operators. */
const commentFilterKey = /^(!|<=|<|>=|>)?(ID|AUTHOR_ID|AUTHOR_NAME|POST_DATE)$/;

/** The older API's parameters, by position: TASKID, then ITEMID, then the rest. */
const positional = (...values: [string, unknown][]): Record<string, unknown> => Object.fromEntries(values.filter(([, v]) => v !== undefined));

export const taskComments = defineSection(
  'bitrix24',
  { id: 'task-comments', title: { en: 'Task comments and results', ru: 'Работа с комментариями и результатами задач' } },
  {
    addTaskComment: {
      ruName: 'ДобавитьКомментарийЗадачи',
      remote: 'task.commentitem.add',
      summary: { en: 'Adds a comment to a task', ru: 'Добавляет комментарий к задаче' },
      access: 'write',
      docs: docs('comment-item/task-comment-item-add'),
      params: {
        taskId,
        text: textParam,
        fields: {
          schema: commentFields.optional(),
          cli: 'fields',
          description: {
            en: 'More comment fields: AUTHOR_ID (write as another user), POST_DATE, UF_FORUM_MESSAGE_DOC (Disk files as "n123")',
            ru: 'Другие поля комментария: AUTHOR_ID (от имени другого пользователя), POST_DATE, UF_FORUM_MESSAGE_DOC (файлы Диска как "n123")',
          },
          example: { AUTHOR_ID: 5 },
        },
      },
      toWire: (input) => positional(['TASKID', input.taskId], ['FIELDS', { ...(input.fields as object | undefined), POST_MESSAGE: input.text }]),
      result: z.number().int().positive(),
      example: { taskId: 5, text: 'Договор согласован, отправляю клиенту.' },
    },
    updateTaskComment: {
      ruName: 'ИзменитьКомментарийЗадачи',
      remote: 'task.commentitem.update',
      summary: { en: 'Changes a comment (its author or an administrator)', ru: 'Изменяет комментарий (автор или администратор)' },
      access: 'write',
      docs: docs('comment-item/task-comment-item-update'),
      params: { taskId, commentId, text: textParam },
      toWire: (input) => positional(['TASKID', input.taskId], ['ITEMID', input.commentId], ['FIELDS', { POST_MESSAGE: input.text }]),
      result: z.boolean(),
      example: { taskId: 5, commentId: 4, text: 'Договор согласован с юристом, отправляю клиенту.' },
    },
    getTaskComments: {
      ruName: 'ПолучитьСписокКомментариевЗадачи',
      remote: 'task.commentitem.getlist',
      summary: { en: 'Gets the comments of a task (the older API: fields in upper case)', ru: 'Получает комментарии задачи (старый API: поля в верхнем регистре)' },
      access: 'read',
      docs: docs('comment-item/task-comment-item-get-list'),
      params: {
        taskId,
        order: {
          schema: z.partialRecord(z.enum(['ID', 'AUTHOR_ID', 'AUTHOR_NAME', 'AUTHOR_EMAIL', 'POST_DATE']), sortOrder()).optional(),
          cli: 'order',
          description: { en: 'Sorting: ID, AUTHOR_ID, AUTHOR_NAME, AUTHOR_EMAIL or POST_DATE → ASC or DESC', ru: 'Сортировка: ID, AUTHOR_ID, AUTHOR_NAME, AUTHOR_EMAIL или POST_DATE → ASC или DESC' },
          example: { POST_DATE: 'ASC' },
        },
        filter: {
          schema: z.record(z.string(), z.unknown()).optional(),
          cli: 'filter',
          description: { en: 'Filter: ID, AUTHOR_ID, AUTHOR_NAME, POST_DATE with prefixes (!, <, <=, >, >=)', ru: 'Фильтр: ID, AUTHOR_ID, AUTHOR_NAME, POST_DATE с префиксами (!, <, <=, >, >=)' },
          example: { AUTHOR_ID: 5 },
        },
      },
      // The page's filter keys only: the portal refuses any other with a bare exception text.
      check: (input) =>
        Object.keys((input.filter as Record<string, unknown> | undefined) ?? {})
          .filter((key) => !commentFilterKey.test(key))
          .map((key) => ({ path: `filter.${key}`, message: 'a comment filter takes ID, AUTHOR_ID, AUTHOR_NAME or POST_DATE, each with an optional !, <, <=, > or >= before it' })),
      // A filter needs an order before it, as the portal counts positions; an empty one would
      // vanish from a form body, so the page's default order (ID, descending) stands in.
      toWire: (input) => positional(['TASKID', input.taskId], ['ORDER', input.order ?? (input.filter ? { ID: 'DESC' } : undefined)], ['FILTER', input.filter]),
      result: z.array(taskComment),
      example: { taskId: 5 },
    },
    getTaskComment: {
      ruName: 'ПолучитьКомментарийЗадачи',
      remote: 'task.commentitem.get',
      summary: { en: 'Gets a comment of a task', ru: 'Получает комментарий задачи' },
      access: 'read',
      docs: docs('comment-item/task-comment-item-get'),
      params: { taskId, commentId },
      toWire: (input) => positional(['TASKID', input.taskId], ['ITEMID', input.commentId]),
      result: taskComment,
      example: { taskId: 5, commentId: 4 },
    },
    deleteTaskComment: {
      ruName: 'УдалитьКомментарийЗадачи',
      remote: 'task.commentitem.delete',
      summary: { en: 'Deletes a comment (its author or an administrator)', ru: 'Удаляет комментарий (автор или администратор)' },
      access: 'write',
      docs: docs('comment-item/task-comment-item-delete'),
      params: { taskId, commentId },
      toWire: (input) => positional(['TASKID', input.taskId], ['ITEMID', input.commentId]),
      result: z.boolean(),
      example: { taskId: 5, commentId: 6 },
    },
    getCommentTemplate: {
      ruName: 'ПолучитьСтруктуруКомментария',
      remote: 'task.commentitem.add',
      summary: { en: 'A template of a comment\'s fields, to fill (no request)', ru: 'Шаблон полей комментария для заполнения (без запроса)' },
      access: 'read',
      docs: docs('comment-item/task-comment-item-add'),
      template: commentFields,
      params: templateParams,
      result: z.record(z.string(), z.unknown()),
      example: { empty: true },
    },
    addResultFromComment: {
      ruName: 'СоздатьРезультатИзКомментария',
      remote: 'tasks.task.result.addFromComment',
      summary: { en: 'Pins a comment as the task\'s result (one\'s own; any for an administrator)', ru: 'Закрепляет комментарий как результат задачи (свой; администратор — любой)' },
      access: 'write',
      docs: docs('result/tasks-task-result-add-from-comment'),
      params: { commentId: { ...commentId, wire: 'commentId' } },
      result: taskResult,
      example: { commentId: 4 },
    },
    getTaskResults: {
      ruName: 'ПолучитьСписокРезультатов',
      remote: 'tasks.task.result.list',
      summary: { en: 'Gets the results pinned in a task', ru: 'Получает результаты, закрепленные в задаче' },
      access: 'read',
      docs: docs('result/tasks-task-result-list'),
      params: { taskId: { ...taskId, wire: 'taskId', example: 10 } },
      result: z.array(taskResult),
      example: { taskId: 10 },
    },
    deleteResultFromComment: {
      ruName: 'УдалитьРезультатИзКомментария',
      remote: 'tasks.task.result.deleteFromComment',
      summary: { en: 'Unpins a comment from the task\'s results (the comment stays)', ru: 'Снимает фиксацию комментария как результата (комментарий остается)' },
      access: 'write',
      // The comment stays: only its mark as a result goes.
      destructive: false,
      docs: docs('result/tasks-task-result-delete-from-comment'),
      params: { commentId: { ...commentId, wire: 'commentId', example: 15 } },
      result: z.null(),
      example: { commentId: 15 },
    },
  },
);
