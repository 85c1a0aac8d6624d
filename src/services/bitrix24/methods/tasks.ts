// Tasks — https://apidocs.bitrix24.ru/api-reference/tasks/
// tasks.task.* take upper-case field names in requests (fields, select, filter, order) and
// answer in camelCase with IDs and flags as strings (api-reference/tasks/fields.md);
// task.dependence.* and task.planner.getlist are of the same section.
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { templateParams } from '../../../core/template.js';
import { taskIdParam } from './task-params.js';
import { count, dateTime, id, idOut, ids, offsetParam, periodIssues, phpMap, select, sortOrder, yn } from './schemas.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/tasks/${page}.html`;

/** Statuses: 2 pending, 3 in progress, 4 awaiting control, 5 completed, 6 deferred. */
const status = () =>
  z.union([z.enum(['2', '3', '4', '5', '6']), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)], {
    error: 'expected a task status: 2 (pending), 3 (in progress), 4 (awaiting control), 5 (completed) or 6 (deferred)',
  });

const priority = () =>
  z.union([z.enum(['0', '1', '2']), z.literal(0), z.literal(1), z.literal(2)], { error: 'expected a priority: 0 (low), 1 (normal) or 2 (high)' });

/**
 * The task fields tasks.task.add and tasks.task.update take, upper case (fields.md). Others
 * (user fields UF_*, newer fields) pass through as given.
 */
export const taskFields = z.looseObject({
  TITLE: z.string().min(1).optional(),
  DESCRIPTION: z.string().optional(),
  RESPONSIBLE_ID: id().optional(),
  CREATED_BY: id().optional(),
  ACCOMPLICES: ids().optional(),
  AUDITORS: ids().optional(),
  PARENT_ID: id().optional(),
  GROUP_ID: count('a workgroup ID', 0).optional(),
  STAGE_ID: count('a stage ID', 0).optional(),
  PRIORITY: priority().optional(),
  STATUS: status().optional(),
  MARK: z.enum(['N', 'P']).optional(),
  DEADLINE: dateTime().optional(),
  START_DATE_PLAN: dateTime().optional(),
  END_DATE_PLAN: dateTime().optional(),
  ALLOW_CHANGE_DEADLINE: yn().optional(),
  ALLOW_TIME_TRACKING: yn().optional(),
  TASK_CONTROL: yn().optional(),
  ADD_IN_REPORT: yn().optional(),
  MATCH_WORK_TIME: yn().optional(),
  TIME_ESTIMATE: count('a number of seconds', 0).optional(),
  DURATION_PLAN: count('a duration', 0).optional(),
  DURATION_TYPE: z.enum(['secs', 'mins', 'hours', 'days', 'weeks', 'monts', 'years']).optional(),
  TAGS: z.array(z.string()).optional(),
  UF_CRM_TASK: z.array(z.string()).optional(),
  UF_TASK_WEBDAV_FILES: z.array(z.union([z.string(), z.number()])).optional(),
  XML_ID: z.string().optional(),
  SE_PARAMETER: z.array(z.looseObject({ CODE: z.union([z.number(), z.string()]), VALUE: yn() })).optional(),
});

/** A new task: its title and responsible person are required (tasks-task-add.md). */
const newTaskFields = taskFields.extend({ TITLE: z.string().min(1), RESPONSIBLE_ID: id() });

const filterValue = () => z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);

/**
 * tasks.task.list's filter: the fields its page lists, each with an optional prefix (!, <, <=,
 * >, >=) — prefixed keys pass through as given.
 */
export const taskFilter = z.looseObject({
  ID: filterValue().optional(),
  PARENT_ID: filterValue().optional(),
  GROUP_ID: filterValue().optional(),
  CREATED_BY: filterValue().optional(),
  STATUS_CHANGED_BY: filterValue().optional(),
  PRIORITY: filterValue().optional(),
  FORUM_TOPIC_ID: filterValue().optional(),
  RESPONSIBLE_ID: filterValue().optional(),
  TITLE: filterValue().optional(),
  TAG: filterValue().optional(),
  REAL_STATUS: filterValue().optional(),
  STATUS: filterValue().optional(),
  MARK: filterValue().optional(),
  SITE_ID: filterValue().optional(),
  ADD_IN_REPORT: filterValue().optional(),
  DATE_START: filterValue().optional(),
  DEADLINE: filterValue().optional(),
  CREATED_DATE: filterValue().optional(),
  CLOSED_DATE: filterValue().optional(),
  CHANGED_DATE: filterValue().optional(),
  ACCOMPLICE: filterValue().optional(),
  AUDITOR: filterValue().optional(),
  DEPENDS_ON: filterValue().optional(),
  ONLY_ROOT_TASKS: filterValue().optional(),
  STAGE_ID: filterValue().optional(),
  SPRINT_ID: filterValue().optional(),
  BACKLOG_ID: filterValue().optional(),
  UF_CRM_TASK: filterValue().optional(),
});

/** A person as tasks.task.* describe one (fields.md#user). */
const person = z.looseObject({ id: idOut(), name: z.string(), link: z.string(), icon: z.string(), workPosition: z.string().nullable() });

/** PHP sends an empty map as []: people keyed by ID, or []. */
const people = phpMap(person);

const text = () => z.string().nullable();

/** A task as tasks.task.* answer it: camelCase, strings; which keys come depends on `select`. */
export const task = z.looseObject({
  // Present unless a select leaves ID out.
  id: idOut().optional(),
  parentId: text().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  mark: text().optional(),
  priority: z.string().optional(),
  status: z.string().optional(),
  subStatus: z.string().optional(),
  stageId: text().optional(),
  groupId: text().optional(),
  createdBy: text().optional(),
  createdDate: text().optional(),
  responsibleId: text().optional(),
  changedBy: text().optional(),
  changedDate: text().optional(),
  closedBy: text().optional(),
  closedDate: text().optional(),
  dateStart: text().optional(),
  deadline: text().optional(),
  startDatePlan: text().optional(),
  endDatePlan: text().optional(),
  taskControl: z.string().optional(),
  favorite: z.string().optional(),
  isMuted: z.string().optional(),
  auditors: z.array(idOut()).optional(),
  accomplices: z.array(idOut()).optional(),
  group: z.union([z.looseObject({ id: idOut(), name: z.string() }), z.array(z.never()).length(0)]).optional(),
  creator: person.optional(),
  responsible: person.optional(),
  accomplicesData: people.optional(),
  auditorsData: people.optional(),
  action: z.record(z.string(), z.boolean()).optional(),
});

/** { task } after an action; [] when the task does not exist or is hidden from the user. */
const taskOrNothing = z.union([z.looseObject({ task }), z.array(z.never()).length(0)]);

const taskAfterAction = z.looseObject({ task });

const taskId = { ...taskIdParam(3), wire: 'taskId' } as const;

const fieldsParam = {
  schema: taskFields,
  wire: 'fields',
  cli: 'fields',
  short: 'f',
  description: {
    en: 'Task fields in upper case (TITLE, RESPONSIBLE_ID, DEADLINE, AUDITORS …; UF_* user fields too)',
    ru: 'Поля задачи в верхнем регистре (TITLE, RESPONSIBLE_ID, DEADLINE, AUDITORS …; и пользовательские UF_*)',
  },
  example: { TITLE: 'Подготовить акт сверки с ООО «Вектор»', RESPONSIBLE_ID: 5, DEADLINE: '2030-06-30T18:00:00+03:00' },
} as const;

/** A status change: the task's ID; the answer is the task after the change. */
function statusEntry(o: { ruName: string; remote: string; page: string; en: string; ru: string; example: number }) {
  return {
    ruName: o.ruName,
    remote: o.remote,
    summary: { en: o.en, ru: o.ru },
    access: 'write',
    docs: docs(o.page),
    params: { taskId },
    result: taskAfterAction,
    example: { taskId: o.example },
  } as const;
}

const historyEntry = z.looseObject({
  id: z.number(),
  createdDate: z.string(),
  field: z.string(),
  value: z.looseObject({ from: z.unknown(), to: z.unknown() }),
  user: z.looseObject({ id: z.number(), name: z.string(), lastName: z.string(), secondName: z.string(), login: z.string() }),
});

const linkParams = {
  taskFrom: {
    schema: id(),
    wire: 'taskIdFrom',
    cli: 'taskfrom',
    short: 't',
    description: { en: 'ID of the task the other depends on', ru: 'ID задачи, от которой зависит другая' },
    example: 3,
  },
  taskTo: {
    schema: id(),
    wire: 'taskIdTo',
    cli: 'taskto',
    short: 's',
    description: { en: 'ID of the dependent task', ru: 'ID зависимой задачи' },
    example: 4,
  },
  linkType: {
    schema: z.union([z.enum(['0', '1', '2', '3']), z.literal(0), z.literal(1), z.literal(2), z.literal(3)], {
      error: 'expected a link type: 0 (start-start), 1 (start-finish), 2 (finish-start) or 3 (finish-finish)',
    }),
    wire: 'linkType',
    cli: 'linktype',
    short: 'l',
    description: {
      en: 'Link type: 0 start-start, 1 start-finish, 2 finish-start, 3 finish-finish',
      ru: 'Тип связи: 0 старт-старт, 1 старт-финиш, 2 финиш-старт, 3 финиш-финиш',
    },
    example: 2,
  },
} as const;

const getTasksParams = {
  filter: {
    schema: taskFilter.optional(),
    cli: 'filter',
    short: 'f',
    description: {
      en: 'Filter: task fields in upper case with prefixes (!, <, <=, >, >=); TITLE takes % and _',
      ru: 'Фильтр: поля задачи в верхнем регистре с префиксами (!, <, <=, >, >=); TITLE допускает % и _',
    },
    example: { RESPONSIBLE_ID: 5, REAL_STATUS: 3 },
  },
  offset: offsetParam,
  select: {
    schema: select().optional(),
    cli: 'select',
    short: 's',
    description: { en: 'Fields to return, upper case (ID, TITLE, UF_CRM_TASK …)', ru: 'Возвращаемые поля в верхнем регистре (ID, TITLE, UF_CRM_TASK …)' },
    example: ['ID', 'TITLE', 'STATUS', 'DEADLINE', 'RESPONSIBLE_ID'],
  },
  order: {
    schema: z.record(z.string(), sortOrder()).optional(),
    cli: 'order',
    description: { en: 'Sorting: field → ASC or DESC (ID DESC by default)', ru: 'Сортировка: поле → ASC или DESC (по умолчанию ID DESC)' },
    example: { DEADLINE: 'ASC' },
  },
} as const;

export const tasks = defineSection(
  'bitrix24',
  { id: 'tasks', title: { en: 'Tasks', ru: 'Работа с задачами' } },
  {
    addTask: {
      ruName: 'СоздатьЗадачу',
      remote: 'tasks.task.add',
      summary: { en: 'Creates a task', ru: 'Создает задачу' },
      access: 'write',
      docs: docs('tasks-task-add'),
      params: { fields: { ...fieldsParam, schema: newTaskFields } },
      check: (input, nameOf) => periodIssues(input, nameOf, 'START_DATE_PLAN', 'END_DATE_PLAN', 'fields'),
      result: taskAfterAction,
      example: { fields: fieldsParam.example },
    },
    updateTask: {
      ruName: 'ИзменитьЗадачу',
      remote: 'tasks.task.update',
      summary: { en: 'Changes a task', ru: 'Изменяет задачу' },
      access: 'write',
      docs: docs('tasks-task-update'),
      params: { taskId, fields: fieldsParam },
      check: (input, nameOf) => [
        ...periodIssues(input, nameOf, 'START_DATE_PLAN', 'END_DATE_PLAN', 'fields'),
        ...(input.fields && Object.keys(input.fields).length === 0 ? [{ path: 'fields', message: 'give at least one field to change' }] : []),
      ],
      result: taskAfterAction,
      example: { taskId: 3, fields: { DEADLINE: '2030-07-15T18:00:00+03:00', PRIORITY: 2 } },
    },
    getTask: {
      ruName: 'ПолучитьЗадачу',
      remote: 'tasks.task.get',
      summary: {
        en: 'Gets a task by ID: fields in camelCase, IDs as strings ([] when it does not exist or is hidden)',
        ru: 'Получает задачу по ID: поля в camelCase, ID строками ([] — если ее нет или она недоступна)',
      },
      access: 'read',
      docs: docs('tasks-task-get'),
      params: {
        taskId,
        select: { ...getTasksParams.select, short: undefined, description: { en: 'Fields to return, upper case (all but user fields by default)', ru: 'Возвращаемые поля в верхнем регистре (по умолчанию все, кроме пользовательских)' } },
      },
      result: taskOrNothing,
      example: { taskId: 1 },
    },
    getTasks: {
      ruName: 'ПолучитьСписокЗадач',
      remote: 'tasks.task.list',
      summary: {
        en: 'Gets tasks by a filter, 50 per page: rows in result.tasks, fields in camelCase (filter, order and select take upper case)',
        ru: 'Получает задачи по фильтру, по 50 на странице: строки в result.tasks, поля в camelCase (фильтр, сортировка и выборка — в верхнем регистре)',
      },
      access: 'read',
      paging: { style: 'bitrix-start', rows: 'tasks', idField: 'id', idKey: 'ID' },
      docs: docs('tasks-task-list'),
      params: getTasksParams,
      result: z.looseObject({ tasks: z.array(task) }),
      example: { filter: { REAL_STATUS: 3 }, select: ['ID', 'TITLE', 'DEADLINE', 'RESPONSIBLE_ID'], order: { ID: 'ASC' } },
    },
    deleteTask: {
      ruName: 'УдалитьЗадачу',
      remote: 'tasks.task.delete',
      summary: { en: 'Deletes a task', ru: 'Удаляет задачу' },
      access: 'write',
      docs: docs('tasks-task-delete'),
      params: { taskId },
      result: z.looseObject({ task: z.boolean() }),
      example: { taskId: 9 },
    },
    getTaskFields: {
      ruName: 'ПолучитьСтруктуруЗадачи',
      remote: 'tasks.task.getFields',
      summary: { en: 'Describes the task fields, user fields included', ru: 'Описывает поля задачи, включая пользовательские' },
      access: 'read',
      docs: docs('tasks-task-get-fields'),
      params: {},
      result: z.looseObject({ fields: z.record(z.string(), z.looseObject({ title: z.string().nullable(), type: z.string() })) }),
      example: {},
    },
    getTaskFilterTemplate: {
      ruName: 'ПолучитьСтруктуруФильтраЗадач',
      remote: 'tasks.task.list',
      summary: {
        en: 'A template of the task list\'s filter, to fill (no request)',
        ru: 'Шаблон фильтра списка задач для заполнения (без запроса)',
      },
      access: 'read',
      docs: docs('tasks-task-list'),
      template: taskFilter,
      params: {
        ...templateParams,
        // oint's "as a map" (Соответствие) instead of a structure: in JSON both are the same object.
        map: {
          schema: z.boolean().optional(),
          cli: 'map',
          short: 'm',
          description: {
            en: 'oint: a map instead of a structure; in JSON both are the same object, so the answer does not change',
            ru: 'oint: соответствие вместо структуры; в JSON это один и тот же объект, ответ не меняется',
          },
          example: false,
        },
      },
      result: z.record(z.string(), z.unknown()),
      example: { empty: true },
    },
    approveTask: statusEntry({ ruName: 'ПринятьЗадачу', remote: 'tasks.task.approve', page: 'tasks-task-approve', en: 'Accepts the work on a task under control (4 → 5); the creator or an administrator', ru: 'Принимает работу по задаче на контроле (4 → 5); постановщик или администратор', example: 10 }),
    disapproveTask: statusEntry({ ruName: 'ОтклонитьЗадачу', remote: 'tasks.task.disapprove', page: 'tasks-task-disapprove', en: 'Returns a task under control for more work (4 → 2); the creator or an administrator', ru: 'Возвращает задачу на контроле на доработку (4 → 2); постановщик или администратор', example: 51 }),
    startTask: statusEntry({ ruName: 'НачатьВыполнениеЗадачи', remote: 'tasks.task.start', page: 'status/tasks-task-start', en: 'Starts a task (→ 3, in progress)', ru: 'Начинает выполнение задачи (→ 3, выполняется)', example: 3 }),
    pauseTask: statusEntry({ ruName: 'ПриостановитьЗадачу', remote: 'tasks.task.pause', page: 'status/tasks-task-pause', en: 'Pauses a task in progress (3 → 2)', ru: 'Приостанавливает выполнение задачи (3 → 2)', example: 2 }),
    completeTask: statusEntry({ ruName: 'ЗавершитьЗадачу', remote: 'tasks.task.complete', page: 'status/tasks-task-complete', en: 'Completes a task (→ 5, or → 4 when it waits for the creator\'s control)', ru: 'Завершает задачу (→ 5, или → 4, если ее принимает постановщик)', example: 3 }),
    renewTask: statusEntry({ ruName: 'ВозобновитьЗадачу', remote: 'tasks.task.renew', page: 'status/tasks-task-renew', en: 'Renews a completed or deferred task (→ 2)', ru: 'Возобновляет завершенную или отложенную задачу (→ 2)', example: 6 }),
    deferTask: statusEntry({ ruName: 'ОтложитьЗадачу', remote: 'tasks.task.defer', page: 'status/tasks-task-defer', en: 'Defers a task (→ 6)', ru: 'Откладывает задачу (→ 6)', example: 5 }),
    delegateTask: {
      ruName: 'ДелегироватьЗадачу',
      remote: 'tasks.task.delegate',
      summary: { en: 'Hands a task over to another responsible person', ru: 'Делегирует задачу другому исполнителю' },
      access: 'write',
      docs: docs('tasks-task-delegate'),
      params: {
        taskId,
        userId: { schema: id(), wire: 'userId', cli: 'user', short: 's', description: { en: 'ID of the new responsible person', ru: 'ID нового исполнителя' }, example: 12 },
      },
      result: taskAfterAction,
      example: { taskId: 11, userId: 12 },
    },
    addTaskToFavorites: {
      ruName: 'ДобавитьЗадачуВИзбранное',
      remote: 'tasks.task.favorite.add',
      summary: { en: 'Adds a task to the user\'s favourites', ru: 'Добавляет задачу в избранное' },
      access: 'write',
      docs: docs('user-actions/tasks-task-favorite-add'),
      params: { taskId },
      result: z.boolean(),
      example: { taskId: 3 },
    },
    removeTaskFromFavorites: {
      ruName: 'УбратьЗадачуИзИзбранного',
      remote: 'tasks.task.favorite.remove',
      summary: { en: 'Removes a task from the user\'s favourites', ru: 'Убирает задачу из избранного' },
      access: 'write',
      // Removes a mark, not data.
      destructive: false,
      docs: docs('user-actions/tasks-task-favorite-remove'),
      params: { taskId },
      result: z.boolean(),
      example: { taskId: 15 },
    },
    muteTask: {
      ruName: 'ОтключитьЗвукЗадачи',
      remote: 'tasks.task.mute',
      summary: { en: 'Mutes a task\'s notifications for the user', ru: 'Включает режим «Без звука» для задачи' },
      access: 'write',
      docs: docs('user-actions/tasks-task-mute'),
      params: { taskId: { ...taskId, wire: 'id' } },
      result: taskOrNothing,
      example: { taskId: 1 },
    },
    unmuteTask: {
      ruName: 'ВключитьЗвукЗадачи',
      remote: 'tasks.task.unmute',
      summary: { en: 'Turns a task\'s notifications back on for the user', ru: 'Выключает режим «Без звука» для задачи' },
      access: 'write',
      docs: docs('user-actions/tasks-task-unmute'),
      params: { taskId: { ...taskId, wire: 'id' } },
      result: taskOrNothing,
      example: { taskId: 1 },
    },
    startWatchingTask: {
      ruName: 'НачатьНаблюдатьЗаЗадачей',
      remote: 'tasks.task.startwatch',
      summary: { en: 'Makes the user an observer of a task', ru: 'Включает наблюдение пользователя за задачей' },
      access: 'write',
      docs: docs('user-actions/tasks-task-start-watch'),
      params: { taskId },
      result: taskAfterAction,
      example: { taskId: 4 },
    },
    stopWatchingTask: {
      ruName: 'ПрекратитьНаблюдатьЗаЗадачей',
      remote: 'tasks.task.stopwatch',
      summary: { en: 'Stops the user observing a task', ru: 'Отключает наблюдение пользователя за задачей' },
      access: 'write',
      destructive: false,
      docs: docs('user-actions/tasks-task-stop-watch'),
      params: { taskId },
      result: taskAfterAction,
      example: { taskId: 4 },
    },
    getTaskHistory: {
      ruName: 'ПолучитьИсториюЗадачи',
      remote: 'tasks.task.history.list',
      summary: { en: 'Gets the history of a task\'s changes', ru: 'Получает историю изменений задачи' },
      access: 'read',
      docs: docs('tasks-task-history-list'),
      params: { taskId },
      result: z.looseObject({ list: z.array(historyEntry) }),
      example: { taskId: 1 },
    },
    checkTaskAccess: {
      ruName: 'ПроверитьДоступКЗадаче',
      remote: 'tasks.task.getaccess',
      summary: { en: 'Lists what users may do with a task', ru: 'Проверяет, какие действия с задачей доступны пользователям' },
      access: 'read',
      docs: docs('tasks-task-get-access'),
      params: {
        taskId,
        users: { schema: ids().optional(), wire: 'users', cli: 'users', short: 's', description: { en: 'User IDs (the current user by default)', ru: 'ID пользователей (по умолчанию текущий)' }, example: [1, 2] },
      },
      result: z.looseObject({ allowedActions: phpMap(z.record(z.string(), z.boolean())) }),
      example: { taskId: 1, users: [1, 2] },
    },
    addTaskDependency: {
      ruName: 'СоздатьЗависимостьЗадач',
      remote: 'task.dependence.add',
      summary: { en: 'Links two tasks: one depends on the other (Gantt)', ru: 'Создает зависимость одной задачи от другой (Гант)' },
      access: 'write',
      docs: docs('task-dependence-add'),
      params: linkParams,
      result: z.array(z.unknown()),
      example: { taskFrom: 3, taskTo: 4, linkType: 2 },
    },
    deleteTaskDependency: {
      ruName: 'УдалитьЗависимостьЗадач',
      remote: 'task.dependence.delete',
      summary: { en: 'Removes the link between two tasks', ru: 'Удаляет зависимость между задачами' },
      access: 'write',
      docs: docs('task-dependence-delete'),
      // oint asks for the link type here too; the portal does not read it.
      params: { ...linkParams, linkType: { ...linkParams.linkType, schema: linkParams.linkType.schema.optional() } },
      result: z.array(z.unknown()),
      example: { taskFrom: 77, taskTo: 78, linkType: 2 },
    },
    attachFileToTask: {
      ruName: 'ДобавитьФайлВЗадачу',
      remote: 'tasks.task.files.attach',
      summary: { en: 'Attaches a Disk file to a task', ru: 'Прикрепляет файл с Диска к задаче' },
      access: 'write',
      docs: docs('tasks-task-files-attach'),
      params: {
        taskId,
        fileId: { schema: id(), wire: 'fileId', cli: 'fileid', short: 'f', description: { en: 'Disk file ID', ru: 'ID файла на Диске' }, example: 6 },
      },
      result: z.looseObject({ attachmentId: z.number() }),
      example: { taskId: 3, fileId: 6 },
    },
    getDayPlan: {
      ruName: 'ПолучитьПланЗадачНаДень',
      remote: 'task.planner.getlist',
      summary: { en: 'Gets the IDs of the tasks in the user\'s day plan', ru: 'Получает ID задач из плана на день пользователя' },
      access: 'read',
      docs: docs('planner/task-planner-get-list'),
      params: {},
      result: z.array(z.number()),
      example: {},
    },
  },
);
