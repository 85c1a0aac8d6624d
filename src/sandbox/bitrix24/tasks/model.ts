// The records the emulated portal keeps for tasks (api-reference/tasks/fields.md): held with
// upper-case names and epoch seconds, as a portal stores them; each method renders them in its
// own form (camelCase strings for tasks.task.*, upper case for task.commentitem.*).

/** 2 pending, 3 in progress, 4 awaiting the creator's control, 5 completed, 6 deferred. */
export type TaskStatus = 2 | 3 | 4 | 5 | 6;

export const taskStatuses: readonly TaskStatus[] = [2, 3, 4, 5, 6];

export interface Task {
  ID: number;
  PARENT_ID: number | null;
  TITLE: string;
  DESCRIPTION: string;
  MARK: 'N' | 'P' | null;
  /** 0 low, 1 normal, 2 high */
  PRIORITY: 0 | 1 | 2;
  STATUS: TaskStatus;
  REPLICATE: boolean;
  /** 0: no workgroup. */
  GROUP_ID: number;
  /** The kanban stage within the group (0: the group's first stage, or no group). */
  STAGE_ID: number;
  CREATED_BY: number;
  CREATED_DATE: number;
  RESPONSIBLE_ID: number;
  ACCOMPLICES: number[];
  AUDITORS: number[];
  CHANGED_BY: number;
  CHANGED_DATE: number;
  STATUS_CHANGED_BY: number;
  STATUS_CHANGED_DATE: number;
  CLOSED_BY: number | null;
  CLOSED_DATE: number | null;
  ACTIVITY_DATE: number;
  DATE_START: number | null;
  DEADLINE: number | null;
  START_DATE_PLAN: number | null;
  END_DATE_PLAN: number | null;
  GUID: string;
  XML_ID: string | null;
  ALLOW_CHANGE_DEADLINE: boolean;
  ALLOW_TIME_TRACKING: boolean;
  /** Completion by anyone but the creator waits for the creator's approval (status 4). */
  TASK_CONTROL: boolean;
  ADD_IN_REPORT: boolean;
  MATCH_WORK_TIME: boolean;
  /** seconds */
  TIME_ESTIMATE: number;
  DURATION_PLAN: number;
  DURATION_TYPE: 'secs' | 'mins' | 'hours' | 'days' | 'weeks' | 'monts' | 'years';
  TAGS: string[];
  /** CRM bindings: L_1, D_5, C_3, CO_2 … */
  UF_CRM_TASK: string[];
  /** Disk attachments (attachment IDs). */
  UF_TASK_WEBDAV_FILES: number[];
  /** SE_PARAMETER code 3: the task cannot be completed without a result. */
  REQUIRE_RESULT: boolean;
  /** Values of the task user fields (UF_* made by task.item.userfield.add), by field name. */
  userFields: Record<string, unknown>;
}

/** A link of the Gantt chart: task `to` depends on task `from` (task.dependence.add). */
export interface TaskDependency {
  from: number;
  to: number;
  /** 0 start-start, 1 start-finish, 2 finish-start, 3 finish-finish */
  linkType: 0 | 1 | 2 | 3;
}

/** One line of tasks.task.history.list. */
export interface TaskHistoryEntry {
  ID: number;
  TASK_ID: number;
  CREATED_DATE: number;
  FIELD: string;
  FROM: string | null;
  TO: string | null;
  USER_ID: number;
}

/** A comment of the task's discussion (task.commentitem.*). */
export interface TaskComment {
  ID: number;
  TASK_ID: number;
  AUTHOR_ID: number;
  POST_MESSAGE: string;
  POST_DATE: number;
  /** Disk attachment IDs. */
  FILES: number[];
}

/** A comment pinned as the task's result (tasks.task.result.*). */
export interface TaskResult {
  ID: number;
  TASK_ID: number;
  COMMENT_ID: number;
  CREATED_BY: number;
  CREATED_AT: number;
  UPDATED_AT: number;
  /** 0 open, 1 closed (the task was completed after it was pinned). */
  STATUS: 0 | 1;
}

/** A social-network workgroup (project) tasks can belong to. */
export interface Workgroup {
  ID: number;
  NAME: string;
  OPENED: boolean;
  OWNER_ID: number;
  MEMBERS: number[];
}

/** A kanban stage: of a workgroup (ENTITY_TYPE G) or of a user's own plan (U). */
export interface TaskStage {
  ID: number;
  TITLE: string;
  SORT: number;
  COLOR: string;
  ENTITY_ID: number;
  ENTITY_TYPE: 'G' | 'U';
  /** NEW for the first stage, FINISH for the last, '' otherwise. */
  SYSTEM_TYPE: 'NEW' | 'FINISH' | '';
}

/** A task user field as the store needs to know it; created and kept elsewhere (task.item.userfield.*). */
export interface TaskUserFieldInfo {
  /** UF_… */
  name: string;
  /** The label the portal names in "Не введено значение обязательного поля …". */
  label: string;
  mandatory: boolean;
  multiple: boolean;
  /** The value of a task that never set the field. */
  defaultValue: unknown;
}

/** Where task user fields come from: registered with TaskStore.registerUserFields. */
export interface TaskUserFieldSource {
  fields(): readonly TaskUserFieldInfo[];
}
