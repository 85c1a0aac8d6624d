// Time tracking — time spent on tasks, https://apidocs.bitrix24.ru/api-reference/tasks/elapsed-item/
// (the older task.* family: arguments bound BY POSITION, so each entry builds its wire parameters
// in the pages' order), and the working-day timer, https://apidocs.bitrix24.ru/api-reference/timeman/base/
import { z } from 'zod';
import { defineSection, type Text } from '../../../core/catalogue.js';
import { wholeNumber } from '../../../core/values.js';
import { count, dateTime, filter, id, idOut, moment } from './schemas.js';
import { renamed, taskIdParam } from './task-params.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/${page}.html`;

/** HH:MM:SS, as timeman.* give durations and times of day. */
const clock = () => z.string().regex(/^\d{2,}:\d{2}:\d{2}$/);

/**
 * A working day as timeman.open / pause / close / status return it. Times are ISO 8601 in the zone
 * the day was opened in (TZ_OFFSET, seconds east of UTC); DURATION is 00:00:00 until the day is
 * closed; TIME_FINISH_DEFAULT (a suggested end) comes only with STATUS EXPIRED.
 */
export const workDay = z.looseObject({
  STATUS: z.enum(['OPENED', 'PAUSED', 'CLOSED', 'EXPIRED']),
  TIME_START: z.string().nullable(),
  TIME_FINISH: z.string().nullable(),
  DURATION: clock(),
  TIME_LEAKS: clock(),
  ACTIVE: z.boolean(),
  IP_OPEN: z.string().nullable(),
  IP_CLOSE: z.string().nullable(),
  LAT_OPEN: z.number(),
  LON_OPEN: z.number(),
  LAT_CLOSE: z.number(),
  LON_CLOSE: z.number(),
  TZ_OFFSET: z.number().int(),
  TIME_FINISH_DEFAULT: z.string().optional(),
});

/** A user's working-time rules (timeman.settings); ADMIN only for the caller's own settings. */
export const timemanSettings = z.looseObject({
  UF_TIMEMAN: z.boolean(),
  UF_TM_FREE: z.boolean(),
  UF_TM_MAX_START: clock(),
  UF_TM_MIN_FINISH: clock(),
  UF_TM_MIN_DURATION: clock(),
  UF_TM_ALLOWED_DELTA: clock(),
  ADMIN: z.boolean().optional(),
});

/** A record of time spent on a task (task.elapseditem.get / getlist): numbers as strings, dates ISO 8601. */
export const elapsedItem = z.looseObject({
  ID: idOut(),
  TASK_ID: idOut(),
  USER_ID: idOut(),
  COMMENT_TEXT: z.string(),
  SECONDS: z.union([z.string(), z.number()]),
  MINUTES: z.union([z.string(), z.number()]),
  /** 1 the task's timer, 2 entered by hand. */
  SOURCE: z.union([z.string(), z.number()]),
  CREATED_DATE: z.string(),
  DATE_START: z.string(),
  DATE_STOP: z.string(),
});

const taskId = taskIdParam(2);

const recordId = {
  schema: id(),
  cli: 'record',
  short: 'r',
  description: { en: 'ID of the record of time spent', ru: 'ID записи о затраченном времени' },
  example: 1,
} as const;

const amount = {
  schema: count('a number of seconds'),
  cli: 'amount',
  short: 'a',
  description: { en: 'Time spent, seconds', ru: 'Затраченное время, секунды' },
  example: 5400,
} as const;

const comment = {
  schema: z.string().optional(),
  cli: 'text',
  short: 'x',
  description: { en: 'Comment: what the time went on', ru: 'Комментарий: на что ушло время' },
  example: 'Настройка объявлений в Яндекс Директ',
} as const;

const workDate = {
  schema: dateTime().optional(),
  cli: 'date',
  short: 'd',
  description: { en: 'When the work was done (for work of past days)', ru: 'Когда выполнена работа (для работы прошлых дней)' },
  example: '2026-03-16T10:30:00+03:00',
} as const;

/** ARFIELDS from the parsed input: only what was given. */
const elapsedFields = (input: Record<string, unknown>) => renamed(input, { amount: 'SECONDS', text: 'COMMENT_TEXT', user: 'USER_ID', date: 'CREATED_DATE' });

/**
 * task.elapseditem.getlist's positions: TASKID, ORDER, FILTER, SELECT, PARAMS. A later one given
 * needs the earlier ones filled, or it would be read in their place: ORDER falls back to the
 * default order (ID asc), FILTER to one that holds for every record (ID > 0).
 */
function elapsedListWire(input: Record<string, unknown>): Record<string, unknown> {
  const paged = input.page !== undefined || input.pageSize !== undefined;
  const out: Record<string, unknown> = { TASKID: input.taskId };
  if (input.order !== undefined || input.filter !== undefined || paged) out.ORDER = input.order ?? { ID: 'asc' };
  if (input.filter !== undefined || paged) out.FILTER = input.filter ?? { '>ID': 0 };
  if (paged) {
    out.SELECT = ['*'];
    out.PARAMS = { NAV_PARAMS: { nPageSize: input.pageSize ?? 50, iNumPage: input.page ?? 1 } };
  }
  return out;
}

const userId = {
  schema: id().optional(),
  wire: 'USER_ID',
  cli: 'userid',
  short: 's',
  description: {
    en: 'User ID (the caller by default; another user\'s day needs the right to edit it)',
    ru: 'ID пользователя (по умолчанию — текущий; чужой рабочий день требует права на его изменение)',
  },
  example: 5,
} as const;

const time = (what: Text) => ({
  // A moment in ATOM form (timeman-open.md, timeman-close.md): a bare date has no time to set.
  schema: moment().optional(),
  wire: 'TIME',
  cli: 'time',
  short: 't',
  description: what,
  example: '2026-03-27T09:00:00+03:00',
}) as const;

const report = {
  schema: z.string().min(1).optional(),
  wire: 'REPORT',
  cli: 'report',
  short: 'r',
  description: {
    en: 'Reason for the change of time (required with --time unless the user has a free schedule)',
    ru: 'Причина изменения времени (обязательна с --time, если у сотрудника не свободный график)',
  },
  example: 'Был на встрече с клиентом',
} as const;

export const timeTracking = defineSection(
  'bitrix24',
  { id: 'time-tracking', title: { en: 'Time tracking', ru: 'Учет рабочего времени' } },
  {
    addElapsedTime: {
      ruName: 'ДобавитьТрудозатратыЗадачи',
      remote: 'task.elapseditem.add',
      summary: {
        en: 'Records time spent on a task (for another user: the administrator only)',
        ru: 'Добавляет запись о затраченном на задачу времени (за другого пользователя — только администратор)',
      },
      access: 'write',
      docs: docs('tasks/elapsed-item/task-elapsed-item-add'),
      params: {
        taskId,
        amount,
        user: {
          schema: id().optional(),
          cli: 'user',
          short: 's',
          description: { en: 'Whose time it is (the caller by default)', ru: 'Чье это время (по умолчанию — текущего пользователя)' },
          example: 4,
        },
        text: comment,
        date: workDate,
      },
      toWire: (input) => ({ TASKID: input.taskId, ARFIELDS: elapsedFields(input) }),
      result: z.number().int().positive(),
      example: { taskId: 2, amount: 5400, text: 'Настройка объявлений в Яндекс Директ' },
    },
    updateElapsedTime: {
      ruName: 'ИзменитьТрудозатратыЗадачи',
      remote: 'task.elapseditem.update',
      summary: { en: 'Changes a record of time spent (its author, the task\'s creator, the administrator)', ru: 'Изменяет запись о затраченном времени (автор, постановщик задачи, администратор)' },
      access: 'write',
      docs: docs('tasks/elapsed-item/task-elapsed-item-update'),
      params: { taskId, recordId, amount, text: comment, date: workDate },
      toWire: (input) => ({ TASKID: input.taskId, ITEMID: input.recordId, ARFIELDS: elapsedFields(input) }),
      result: z.null(),
      example: { taskId: 2, recordId: 1, amount: 7200, text: 'Настройка объявлений и ставок' },
    },
    getElapsedTime: {
      ruName: 'ПолучитьТрудозатратыЗадачи',
      remote: 'task.elapseditem.get',
      summary: { en: 'Gets a record of time spent on a task', ru: 'Получает запись о затраченном на задачу времени' },
      access: 'read',
      docs: docs('tasks/elapsed-item/task-elapsed-item-get'),
      params: { taskId, recordId },
      toWire: (input) => ({ TASKID: input.taskId, ITEMID: input.recordId }),
      result: elapsedItem,
      example: { taskId: 2, recordId: 1 },
    },
    getElapsedTimeList: {
      ruName: 'ПолучитьСписокТрудозатратЗадачи',
      remote: 'task.elapseditem.getlist',
      summary: {
        en: 'Gets the records of time spent on a task (all at once, or a page with --page)',
        ru: 'Получает записи о затраченном на задачу времени (все сразу или страницу с --page)',
      },
      access: 'read',
      docs: docs('tasks/elapsed-item/task-elapsed-item-get-list'),
      params: {
        taskId,
        order: {
          schema: z
            .partialRecord(
              z.enum(['ID', 'USER_ID', 'MINUTES', 'SECONDS', 'CREATED_DATE', 'DATE_START', 'DATE_STOP'], { error: 'expected ID, USER_ID, MINUTES, SECONDS, CREATED_DATE, DATE_START or DATE_STOP' }),
              z.enum(['asc', 'desc', 'ASC', 'DESC'], { error: 'expected asc or desc' }),
            )
            .optional(),
          cli: 'order',
          description: { en: 'Sorting: field → asc or desc', ru: 'Сортировка: поле → asc или desc' },
          example: { CREATED_DATE: 'desc' },
        },
        filter: {
          schema: filter().optional(),
          cli: 'filter',
          description: { en: 'Filter by ID, USER_ID, CREATED_DATE with prefixes !, <, <=, >, >=', ru: 'Фильтр по ID, USER_ID, CREATED_DATE с префиксами !, <, <=, >, >=' },
          example: { USER_ID: 4 },
        },
        page: {
          schema: count('a page number').optional(),
          cli: 'page',
          description: { en: 'Page number (iNumPage), from 1', ru: 'Номер страницы (iNumPage), с 1' },
          example: 1,
        },
        pageSize: {
          schema: wholeNumber({ min: 1, max: 50, noun: 'a page size' }).optional(),
          cli: 'pagesize',
          description: { en: 'Records per page (nPageSize), up to 50', ru: 'Записей на странице (nPageSize), до 50' },
          example: 50,
        },
      },
      toWire: elapsedListWire,
      result: z.array(elapsedItem),
      example: { taskId: 2 },
    },
    deleteElapsedTime: {
      ruName: 'УдалитьТрудозатратыЗадачи',
      remote: 'task.elapseditem.delete',
      summary: { en: 'Deletes a record of time spent (its author, the task\'s creator, the administrator)', ru: 'Удаляет запись о затраченном времени (автор, постановщик задачи, администратор)' },
      access: 'write',
      docs: docs('tasks/elapsed-item/task-elapsed-item-delete'),
      params: { taskId, recordId },
      toWire: (input) => ({ TASKID: input.taskId, ITEMID: input.recordId }),
      result: z.null(),
      example: { taskId: 2, recordId: 1 },
    },
    openWorkday: {
      ruName: 'НачатьУчетВремени',
      remote: 'timeman.open',
      summary: { en: 'Starts a working day, or resumes a paused or closed one', ru: 'Начинает рабочий день или возобновляет приостановленный или закрытый' },
      access: 'write',
      docs: docs('timeman/base/timeman-open'),
      params: {
        userId,
        time: time({
          en: 'Start time, ISO 8601 with an offset, on today\'s date (only for a closed day)',
          ru: 'Время начала, ISO 8601 со смещением, на текущую дату (только для закрытого дня)',
        }),
        report,
      },
      result: workDay,
      example: { userId: 7 },
    },
    pauseWorkday: {
      ruName: 'ПриостановитьУчетВремени',
      remote: 'timeman.pause',
      summary: { en: 'Pauses the working day (a closed day is resumed and paused)', ru: 'Приостанавливает рабочий день (закрытый день возобновляется и приостанавливается)' },
      access: 'write',
      docs: docs('timeman/base/timeman-pause'),
      params: { userId },
      result: workDay,
      example: { userId: 2 },
    },
    closeWorkday: {
      ruName: 'ЗавершитьУчетВремени',
      remote: 'timeman.close',
      summary: { en: 'Closes the working day', ru: 'Завершает рабочий день' },
      access: 'write',
      docs: docs('timeman/base/timeman-close'),
      params: {
        userId,
        time: time({
          en: 'End time, ISO 8601, on the day\'s own date (now by default)',
          ru: 'Время окончания, ISO 8601, в дату начала дня (по умолчанию — сейчас)',
        }),
        report,
      },
      result: workDay,
      example: { userId: 3 },
    },
    getWorkdayStatus: {
      ruName: 'ПолучитьСтатусУчетаВремени',
      remote: 'timeman.status',
      summary: { en: 'Gets the state of the user\'s current working day', ru: 'Получает состояние текущего рабочего дня пользователя' },
      access: 'read',
      docs: docs('timeman/base/timeman-status'),
      params: { userId },
      result: workDay,
      example: { userId: 2 },
    },
    getWorktimeSettings: {
      ruName: 'ПолучитьНастройкиУчетаВремени',
      remote: 'timeman.settings',
      summary: { en: 'Gets the user\'s working-time settings', ru: 'Получает настройки рабочего времени пользователя' },
      access: 'read',
      docs: docs('timeman/base/timeman-settings'),
      params: { userId },
      result: timemanSettings,
      example: {},
    },
  },
);
