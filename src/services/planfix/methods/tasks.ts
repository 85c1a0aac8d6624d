// Tasks — https://planfix.com/help/Planfix_API:Tasks
import { z } from 'zod';
import { defineSection, type ParamSpec } from '../../../core/catalogue.js';
import { int32Max, wholeNumber } from '../../../core/values.js';
import {
  customDataOut,
  customValues,
  date,
  dateTime,
  filters,
  flag,
  id,
  idOrZero,
  ids,
  pageCurrent,
  pageSize,
  peopleOut,
  periodIssues,
  refOut,
  taskIdOut,
  time,
  text,
} from './schemas.js';
import { requireOne, setFlags, wireByPaths } from './wire.js';

const docs = (method: string) => `https://planfix.com/help/Planfix_API_${method}`;

/** A task's work period: its start (date, time) not after its end. */
const taskPeriodIssues = (input: Record<string, unknown>, nameOf: (key: string) => string) =>
  periodIssues(input, nameOf, ['startDate', 'startTime'], ['endDate', 'endTime']);

/** A task card as task.get answers it (task.getList: the same without members and auditors). */
export const taskOut = z.looseObject({
  id: z.number(),
  title: z.string().optional(),
  description: z.string().optional(),
  importance: z.string().optional(),
  status: z.union([z.string(), z.number()]).optional(),
  statusSet: z.number().optional(),
  checkResult: z.boolean().optional(),
  type: z.string().optional(),
  owner: refOut.optional(),
  parent: z.looseObject({ id: z.number() }).optional(),
  template: z.looseObject({ id: z.number() }).optional(),
  project: z.looseObject({ id: z.number(), title: z.string().optional() }).optional(),
  client: z.looseObject({ id: z.number(), name: z.string().optional() }).optional(),
  beginDateTime: z.string().optional(),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
  general: z.number().optional(),
  workers: peopleOut.optional(),
  members: peopleOut.optional(),
  auditors: peopleOut.optional(),
  customData: customDataOut.optional(),
});

const silent = {
  schema: flag().optional(),
  cli: 'silent',
  description: {
    en: 'Silent mode: no notifications, no history entries (for migrations and syncs)',
    ru: 'Режим без уведомлений: без рассылки уведомлений и записей в истории (для переноса и синхронизации)',
  },
} as const satisfies ParamSpec;

const taskId = (en = 'Task ID', ru = 'Идентификатор задачи') =>
  ({ schema: id(), wire: 'task/id', cli: 'task', description: { en, ru }, example: 4520 }) as const satisfies ParamSpec;

const taskIdOptional = {
  ...taskId('Task ID (or give --number)', 'Идентификатор задачи (или укажите --number)'),
  schema: id().optional(),
} as const satisfies ParamSpec;

const taskNumber = {
  schema: id().optional(),
  wire: 'task/general',
  cli: 'number',
  description: { en: 'Task number as users see it (used instead of the ID when given)', ru: 'Номер задачи, видимый пользователям (если задан, используется вместо ID)' },
} as const satisfies ParamSpec;

const idList = (wire: string, cli: string, en: string, ru: string) =>
  ({ schema: ids().optional(), wire, cli, description: { en, ru } }) as const satisfies ParamSpec;

/** The fields task.add and task.update share, as element paths under `task`. */
const taskFields = {
  title: {
    schema: text().optional(),
    wire: 'task/title',
    cli: 'title',
    description: { en: 'Task title', ru: 'Название задачи' },
    example: 'Подготовить договор',
  },
  description: {
    schema: text().optional(),
    wire: 'task/description',
    cli: 'description',
    description: { en: 'What the task is about (HTML allowed)', ru: 'О чём задача, описание (допускается HTML)' },
  },
  importance: {
    schema: z.enum(['AVERAGE', 'HIGH']).optional(),
    wire: 'task/importance',
    cli: 'importance',
    description: { en: 'Urgency: AVERAGE or HIGH', ru: 'Срочность: AVERAGE (обычная) или HIGH (срочная)' },
  },
  status: {
    schema: z.union([z.enum(['DRAFT', 'ACTIVE', 'DELAYED']), id()]).optional(),
    wire: 'task/status',
    cli: 'status',
    description: {
      en: 'Status: a system one valid on creation (DRAFT, ACTIVE, DELAYED) or a status ID of the process',
      ru: 'Статус: системный, допустимый при создании (DRAFT, ACTIVE, DELAYED), или ID статуса процесса',
    },
  },
  statusSet: {
    schema: id().optional(),
    wire: 'task/statusSet',
    cli: 'process',
    description: { en: 'Task process ID (taskStatus.getSetList)', ru: 'ID процесса задачи (taskStatus.getSetList)' },
  },
  checkResult: {
    schema: flag().optional(),
    wire: 'task/checkResult',
    cli: 'checkresult',
    description: { en: 'The result must be checked', ru: 'Задача с обязательной проверкой результата' },
  },
  owner: {
    schema: id().optional(),
    wire: 'task/owner/id',
    cli: 'owner',
    description: { en: 'Author user ID (the caller by default; for a contact, its userid)', ru: 'ID постановщика (по умолчанию — вызывающий; для контакта — его userid)' },
  },
  parent: {
    schema: idOrZero().optional(),
    wire: 'task/parent/id',
    cli: 'parent',
    description: { en: 'Parent task ID (0 for none)', ru: 'ID надзадачи (0 — без надзадачи)' },
  },
  project: {
    schema: id().optional(),
    wire: 'task/project/id',
    cli: 'project',
    description: { en: 'Project ID', ru: 'ID проекта' },
  },
  client: {
    schema: idOrZero().optional(),
    wire: 'task/client/id',
    cli: 'client',
    description: { en: 'Client (counterparty) ID from contact.get (0 for none)', ru: 'ID контрагента из contact.get (0 — без контрагента)' },
  },
  startDate: {
    schema: date().optional(),
    wire: 'task/startDate',
    cli: 'startdate',
    description: { en: 'Start date, dd-mm-yyyy', ru: 'Дата начала работы, дд-мм-гггг' },
  },
  startTime: {
    schema: time().optional(),
    wire: 'task/startTime',
    cli: 'starttime',
    description: { en: 'Start time, hh:mm', ru: 'Время начала работы, чч:мм' },
  },
  endDate: {
    schema: date().optional(),
    wire: 'task/endDate',
    cli: 'enddate',
    description: { en: 'Deadline date, dd-mm-yyyy', ru: 'Дата завершения работы, дд-мм-гггг' },
  },
  endTime: {
    schema: time().optional(),
    wire: 'task/endTime',
    cli: 'endtime',
    description: { en: 'Deadline time, hh:mm', ru: 'Время завершения работы, чч:мм' },
  },
  isSummary: {
    schema: flag().optional(),
    wire: 'task/isSummary',
    cli: 'summary',
    description: { en: 'A summary task', ru: 'Суммарная задача' },
  },
  duration: {
    schema: wholeNumber({ min: 0, max: int32Max, noun: 'a duration' }).optional(),
    wire: 'task/duration',
    cli: 'duration',
    description: { en: 'Duration (in durationUnit)', ru: 'Длительность (в единицах durationUnit)' },
  },
  durationUnit: {
    schema: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
    wire: 'task/durationUnit',
    cli: 'durationunit',
    description: { en: 'Duration unit: 0 minutes, 1 hours, 2 days', ru: 'Единица длительности: 0 — минуты, 1 — часы, 2 — дни' },
  },
  workers: idList('task/workers/users/id', 'workers', 'Assignee user IDs', 'ID пользователей-исполнителей'),
  workerGroups: idList('task/workers/groups/id', 'workergroups', 'Assignee group IDs', 'ID групп-исполнителей'),
  members: idList('task/members/users/id', 'members', 'Participant user IDs', 'ID пользователей-участников'),
  memberGroups: idList('task/members/groups/id', 'membergroups', 'Participant group IDs', 'ID групп-участников'),
  auditors: idList('task/auditors/users/id', 'auditors', 'Auditor user IDs', 'ID пользователей-аудиторов'),
  auditorGroups: idList('task/auditors/groups/id', 'auditorgroups', 'Auditor group IDs', 'ID групп-аудиторов'),
  customData: {
    schema: customValues().optional(),
    wire: 'task/customData/customValue',
    cli: 'customdata',
    description: {
      en: 'Custom field values: [{ id, value }] (lists of IDs as "[1,2]" or an array)',
      ru: 'Значения пользовательских полей: [{ id, value }] (списки ID — "[1,2]" или массив)',
    },
    example: [{ id: 101, value: 'Договор №15' }],
  },
  silent,
} as const satisfies Record<string, ParamSpec>;

// The API wants a "…IsSet" flag next to each date, time and duration it should take into account.
const dateFlags: [string, string][] = [
  ['startDate', 'startDateIsSet'],
  ['startTime', 'startTimeIsSet'],
  ['endDate', 'endDateIsSet'],
  ['endTime', 'endTimeIsSet'],
  ['duration', 'durationIsSet'],
];

const addTaskParams = {
  template: {
    schema: id().optional(),
    wire: 'task/template',
    cli: 'template',
    description: { en: 'Task template ID (task.getList with target=template)', ru: 'ID шаблона задачи (task.getList с target=template)' },
  },
  ...taskFields,
} as const satisfies Record<string, ParamSpec>;

const updateTaskParams = { task: taskIdOptional, number: taskNumber, ...taskFields } as const satisfies Record<string, ParamSpec>;

const getTaskListParams = {
  target: {
    schema: z.union([z.enum(['all', 'in', 'out', 'template', 'periodic']), id()]).optional(),
    cli: 'target',
    description: {
      en: 'all (default), in, out, template, periodic, or a saved task filter ID (task.getFilterList)',
      ru: 'all (по умолчанию), in, out, template, periodic или ID фильтра задач (task.getFilterList)',
    },
  },
  project: {
    schema: id().optional(),
    wire: 'project/id',
    cli: 'project',
    description: { en: 'Only tasks of this project', ru: 'Только задачи этого проекта' },
  },
  withSubprojects: {
    schema: flag().optional(),
    wire: 'project/withSubprojects',
    cli: 'subprojects',
    description: { en: 'With the tasks of subprojects', ru: 'Включая задачи подпроектов' },
  },
  parent: {
    schema: id().optional(),
    wire: 'parent/id',
    cli: 'parent',
    description: { en: 'Only subtasks (the whole tree) of this task', ru: 'Только подзадачи (всё дерево) этой задачи' },
  },
  user: {
    schema: id().optional(),
    wire: 'user/id',
    cli: 'user',
    description: { en: 'Tasks of this user (administrators only)', ru: 'Задачи этого пользователя (только для администраторов)' },
  },
  sort: {
    schema: z
      .enum([
        'NUMBER_ASC', 'NUMBER_DESC', 'IMPORTANCE_ASC', 'IMPORTANCE_DESC', 'DEADLINE_ASC', 'DEADLINE_DESC',
        'TASKTITLE_ASC', 'TASKTITLE_DESC', 'PROJECT_ASC', 'PROJECT_DESC',
      ])
      .optional(),
    cli: 'sort',
    description: { en: 'Sort order, e.g. NUMBER_DESC', ru: 'Сортировка, например NUMBER_DESC' },
  },
  status: {
    schema: z.union([id(), text().min(1)]).optional(),
    cli: 'status',
    description: { en: 'Only tasks in this status', ru: 'Только задачи в этом статусе' },
  },
  filter: {
    schema: z
      .string()
      .regex(/^\s*(ACTIVE|OVERDUE|MY)(\s+(ACTIVE|OVERDUE|MY))*\s*$/, { error: 'expected ACTIVE, OVERDUE, MY or a combination such as "ACTIVE MY"' })
      .optional(),
    cli: 'filter',
    description: { en: 'ACTIVE, OVERDUE, MY or a combination: "ACTIVE MY"', ru: 'ACTIVE, OVERDUE, MY или их сочетание: "ACTIVE MY"' },
    example: 'ACTIVE MY',
  },
  filters: {
    schema: filters().optional(),
    wire: 'filters/filter',
    cli: 'filters',
    description: { en: 'Complex filters: [{ type, operator, value, field }]', ru: 'Сложные фильтры: [{ type, operator, value, field }]' },
  },
  pageCurrent: {
    schema: pageCurrent(),
    cli: 'page',
    description: { en: 'Page number, from 1 (0 or, for some lists, none: only the count)', ru: 'Номер страницы, с 1 (0 или, у некоторых списков, отсутствие — только подсчёт)' },
  },
  pageSize: {
    schema: pageSize(),
    cli: 'size',
    description: { en: 'Page size, at most 100', ru: 'Размер страницы, не больше 100' },
  },
} as const satisfies Record<string, ParamSpec>;

const customDataParam = {
  ...taskFields.customData,
  schema: customValues(),
} as const satisfies ParamSpec;

export const tasks = defineSection(
  'planfix',
  { id: 'tasks', title: { en: 'Tasks', ru: 'Задачи' } },
  {
    addTask: {
      ruName: 'СоздатьЗадачу',
      remote: 'task.add',
      summary: { en: 'Creates a task', ru: 'Создаёт задачу' },
      access: 'write',
      docs: docs('task.add'),
      params: addTaskParams,
      check: (input, nameOf) => taskPeriodIssues(input, nameOf),
      toWire: (input) => setFlags(wireByPaths(addTaskParams, input), 'task', dateFlags),
      result: z.looseObject({ task: z.looseObject({ id: z.number(), general: z.number().optional() }) }),
      example: { title: 'Подготовить договор', description: 'Для ООО «Ромашка»', workers: [1] },
    },
    updateTask: {
      ruName: 'ИзменитьЗадачу',
      remote: 'task.update',
      summary: {
        en: 'Changes a task; per the documentation, fields left out are reset to their defaults',
        ru: 'Изменяет задачу; по документации не указанные поля получают значения по умолчанию',
      },
      access: 'write',
      docs: docs('task.update'),
      params: updateTaskParams,
      check: (input, nameOf) => [...requireOne(input, ['task', 'number'], nameOf), ...taskPeriodIssues(input, nameOf)],
      toWire: (input) => setFlags(wireByPaths(updateTaskParams, input), 'task', dateFlags),
      result: taskIdOut,
      example: { task: 10007, title: 'Подготовить договор (срочно)', importance: 'HIGH' },
    },
    getTask: {
      ruName: 'ПолучитьЗадачу',
      remote: 'task.get',
      summary: { en: 'Gets a task card by ID or number', ru: 'Получает карточку задачи по ID или номеру' },
      access: 'read',
      docs: docs('task.get'),
      params: { task: taskIdOptional, number: taskNumber },
      check: (input, nameOf) => requireOne(input, ['task', 'number'], nameOf),
      toWire: (input) => wireByPaths({ task: taskIdOptional, number: taskNumber }, input),
      result: z.looseObject({ task: taskOut }),
      example: { task: 10007 },
    },
    getTasks: {
      ruName: 'ПолучитьЗадачи',
      remote: 'task.getMulti',
      summary: { en: 'Gets up to 100 task cards by IDs or numbers', ru: 'Получает до 100 карточек задач по ID или номерам' },
      access: 'read',
      docs: docs('task.getMulti'),
      params: {
        tasks: { schema: ids(100).optional(), wire: 'tasks/id', cli: 'tasks', description: { en: 'Task IDs', ru: 'ID задач' }, example: [4520, 4521] },
        numbers: { schema: ids(100).optional(), wire: 'tasks/general', cli: 'numbers', description: { en: 'Task numbers', ru: 'Номера задач' } },
      },
      check: (input, nameOf) => {
        const count = ((input.tasks as number[] | undefined)?.length ?? 0) + ((input.numbers as number[] | undefined)?.length ?? 0);
        return [
          ...requireOne(input, ['tasks', 'numbers'], nameOf),
          ...(count > 100 ? [{ path: 'tasks', message: `at most 100 tasks per request, ${nameOf('tasks')} and ${nameOf('numbers')} together` }] : []),
        ];
      },
      toWire: (input) => ({ tasks: { id: input.tasks, general: input.numbers } }),
      result: z.looseObject({ tasks: z.looseObject({ count: z.number().optional(), task: z.array(taskOut) }) }),
      example: { tasks: [10001, 10002] },
    },
    getTaskList: {
      ruName: 'ПолучитьСписокЗадач',
      remote: 'task.getList',
      summary: { en: 'Gets a list of tasks (paged, 100 at most per page)', ru: 'Получает список задач (постранично, не больше 100 за раз)' },
      access: 'read',
      docs: docs('task.getList'),
      params: getTaskListParams,
      paging: { style: 'page', page: 'pageCurrent', size: 'pageSize', max: 100, items: 'tasks.task', total: 'tasks.totalCount' },
      result: z.looseObject({
        tasks: z.looseObject({ count: z.number().optional(), totalCount: z.number().optional(), task: z.array(taskOut) }),
      }),
      example: { filter: 'ACTIVE', pageSize: 20 },
    },
    changeTaskStatus: {
      ruName: 'ИзменитьСтатусЗадачи',
      remote: 'task.changeStatus',
      summary: { en: 'Changes the status of a task (not to REJECTED: use rejectTask)', ru: 'Изменяет статус задачи (не REJECTED: для этого rejectTask)' },
      access: 'write',
      docs: docs('task.changeStatus'),
      params: {
        task: taskIdOptional,
        number: taskNumber,
        status: {
          schema: z.union([
            z.enum(['DRAFT', 'ACTIVE', 'ACCEPTED', 'COMPLETED', 'DELAYED', 'DONE', 'CANCELED']),
            id(),
          ]),
          cli: 'status',
          description: {
            en: 'New status: DRAFT, ACTIVE, ACCEPTED, COMPLETED, DELAYED, DONE, CANCELED or a status ID',
            ru: 'Новый статус: DRAFT, ACTIVE, ACCEPTED, COMPLETED, DELAYED, DONE, CANCELED или ID статуса',
          },
          example: 'COMPLETED',
        },
        dateTime: {
          schema: dateTime().optional(),
          cli: 'datetime',
          description: { en: 'Activation date for DELAYED (required then): dd-mm-yyyy [hh:mm]', ru: 'Дата активации для DELAYED (тогда обязательна): дд-мм-гггг [чч:мм]' },
        },
      },
      check: (input, nameOf) => [
        ...requireOne(input, ['task', 'number'], nameOf),
        ...(input.status === 'DELAYED' ? requireOne(input, ['dateTime'], nameOf) : []),
      ],
      toWire: (input) => ({ task: { id: input.task, general: input.number }, status: input.status, dateTime: input.dateTime }),
      result: taskIdOut,
      example: { task: 10007, status: 'COMPLETED' },
    },
    acceptTask: {
      ruName: 'ПринятьЗадачу',
      remote: 'task.accept',
      summary: { en: 'Accepts a task as its assignee', ru: 'Принимает задачу в работу (от имени исполнителя)' },
      access: 'write',
      docs: docs('task.accept'),
      params: { task: taskId() },
      result: taskIdOut,
      example: { task: 10040 },
    },
    rejectTask: {
      ruName: 'ОтклонитьЗадачу',
      remote: 'task.reject',
      summary: { en: 'Rejects a task as its assignee, with a reason', ru: 'Отклоняет задачу (от имени исполнителя) с указанием причины' },
      access: 'write',
      docs: docs('task.reject'),
      params: {
        task: taskId(),
        reason: {
          schema: text().trim().min(1, { error: 'the reason is required and cannot be empty' }),
          cli: 'reason',
          description: { en: 'Why the task is rejected (required)', ru: 'Причина отклонения (обязательно)' },
          example: 'Нет доступа к серверу',
        },
      },
      result: taskIdOut,
      example: { task: 10040, reason: 'Нет доступа к серверу' },
    },
    updateTaskCustomData: {
      ruName: 'ИзменитьПользовательскиеПоляЗадачи',
      remote: 'task.updateCustomData',
      summary: {
        en: 'Changes custom field values of a task (works without the right to change the task itself)',
        ru: 'Изменяет значения пользовательских полей задачи (без прав на изменение самой задачи)',
      },
      access: 'write',
      docs: docs('task.updateCustomData'),
      params: { task: taskIdOptional, number: taskNumber, customData: customDataParam },
      check: (input, nameOf) => requireOne(input, ['task', 'number'], nameOf),
      toWire: (input) => wireByPaths({ task: taskIdOptional, number: taskNumber, customData: customDataParam }, input),
      result: taskIdOut,
      example: { task: 10007, customData: [{ id: 4, value: 'Договор №15' }] },
    },
    changeTaskWorkers: {
      ruName: 'ИзменитьИсполнителейЗадачи',
      remote: 'task.changeWorkers',
      summary: { en: 'Adds and removes task assignees (users and groups)', ru: 'Изменяет список исполнителей задачи: добавляет и удаляет пользователей и группы' },
      access: 'write',
      docs: docs('task.changeWorkers'),
      params: {
        task: taskId(),
        addUsers: idList('task/workers/addUsers/id', 'addusers', 'User IDs to add as assignees', 'ID пользователей, которые подключаются к задаче'),
        addGroups: idList('task/workers/addGroups/id', 'addgroups', 'Group IDs to add as assignees', 'ID групп, которые подключаются к задаче'),
        delUsers: idList('task/workers/delUsers/id', 'delusers', 'User IDs to remove from the assignees', 'ID пользователей, которые удаляются из исполнителей'),
        delGroups: idList('task/workers/delGroups/id', 'delgroups', 'Group IDs to remove from the assignees', 'ID групп, которые удаляются из исполнителей'),
      },
      result: taskIdOut,
      example: { task: 10007, addUsers: [3, 5], addGroups: [2], delUsers: [7] },
    },
  },
);
