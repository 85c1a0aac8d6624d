// Task user fields (api-reference/tasks/user-field/*.md): the portal's three system fields that
// link tasks to CRM, Mail and Disk, and the UF_* fields task.item.userfield.add creates. The
// created ones are a TaskUserFieldSource: registered with the task store, they show up in tasks.
import { Table } from '../table.js';
import type { TaskUserFieldInfo, TaskUserFieldSource } from './model.js';

/** The types a task user field may have (task-item-user-field-add.md). */
export const taskFieldTypes = ['string', 'double', 'datetime', 'boolean'] as const;
export type TaskFieldType = (typeof taskFieldTypes)[number];

export interface TaskUserField {
  ID: number;
  FIELD_NAME: string;
  USER_TYPE_ID: string;
  XML_ID: string;
  SORT: number;
  MULTIPLE: 'Y' | 'N';
  MANDATORY: 'Y' | 'N';
  SHOW_FILTER: 'Y' | 'N';
  SHOW_IN_LIST: 'Y' | 'N';
  EDIT_IN_LIST: 'Y' | 'N';
  IS_SEARCHABLE: 'Y' | 'N';
  SETTINGS: Record<string, unknown> | [];
  /** Labels by language. */
  EDIT_FORM_LABEL: Record<string, string>;
  LIST_COLUMN_LABEL: Record<string, string>;
  LIST_FILTER_LABEL: Record<string, string>;
  ERROR_MESSAGE: Record<string, string>;
  HELP_MESSAGE: Record<string, string>;
  /** The portal's own fields (UF_CRM_TASK, UF_MAIL_MESSAGE, UF_TASK_WEBDAV_FILES). */
  system: boolean;
}

/** The languages a portal keeps labels in (a Russian cloud portal's set). */
export const labelLanguages = ['by', 'de', 'en', 'kz', 'ru', 'ua'] as const;

/** The settings a new field of each type starts with (the pages' example answers). */
export function defaultSettings(type: TaskFieldType): Record<string, unknown> {
  switch (type) {
    case 'string':
      return { SIZE: 20, ROWS: 1, REGEXP: '', MIN_LENGTH: 0, MAX_LENGTH: 0, DEFAULT_VALUE: '' };
    case 'double':
      return { PRECISION: 2, SIZE: 20, MIN_VALUE: 0, MAX_VALUE: 0, DEFAULT_VALUE: null };
    case 'datetime':
      return { DEFAULT_VALUE: { TYPE: 'NONE', VALUE: '' }, USE_SECOND: 'Y', USE_TIMEZONE: 'N' };
    case 'boolean':
      return { DEFAULT_VALUE: 0, DISPLAY: 'CHECKBOX', LABEL: ['', ''], LABEL_CHECKBOX: '' };
  }
}

const blank = (): Record<string, string> => Object.fromEntries(labelLanguages.map((l) => [l, '']));

export class TaskUserFieldStore implements TaskUserFieldSource {
  readonly rows = new Table<TaskUserField>();

  clear(): void {
    this.rows.clear();
    const system = (ID: number, FIELD_NAME: string, USER_TYPE_ID: string, XML_ID: string, MULTIPLE: 'Y' | 'N', listed: 'Y' | 'N', SETTINGS: TaskUserField['SETTINGS']): void => {
      this.rows.put({
        ID, FIELD_NAME, USER_TYPE_ID, XML_ID, SORT: 100, MULTIPLE, MANDATORY: 'N', SHOW_FILTER: 'N', SHOW_IN_LIST: listed, EDIT_IN_LIST: listed,
        IS_SEARCHABLE: listed, SETTINGS, EDIT_FORM_LABEL: blank(), LIST_COLUMN_LABEL: blank(), LIST_FILTER_LABEL: blank(), ERROR_MESSAGE: blank(),
        HELP_MESSAGE: blank(), system: true,
      });
    };
    // IDs as a portal that has had a few modules installed would give them.
    system(229, 'UF_TASK_WEBDAV_FILES', 'disk_file', 'TASK_WEBDAV_FILES', 'Y', 'Y', { IBLOCK_ID: 0, SECTION_ID: 0, UF_TO_SAVE_ALLOW_EDIT: '' });
    system(662, 'UF_MAIL_MESSAGE', 'mail_message', '', 'N', 'N', []);
    system(1295, 'UF_CRM_TASK', 'crm', '', 'Y', 'N', { LEAD: 'Y', CONTACT: 'Y', COMPANY: 'Y', DEAL: 'Y' });
    // One field the company made itself: the contract a task is done under.
    const everywhere = (text: string) => Object.fromEntries(labelLanguages.map((l) => [l, text]));
    this.rows.put({
      ID: this.rows.nextId(), FIELD_NAME: 'UF_TASK_CONTRACT_NO', USER_TYPE_ID: 'string', XML_ID: 'CONTRACT_NO', SORT: 200, MULTIPLE: 'N', MANDATORY: 'N',
      SHOW_FILTER: 'Y', SHOW_IN_LIST: 'Y', EDIT_IN_LIST: 'Y', IS_SEARCHABLE: 'N', SETTINGS: defaultSettings('string'),
      EDIT_FORM_LABEL: { ...blank(), ru: 'Номер договора', en: 'Contract number' }, LIST_COLUMN_LABEL: everywhere('Договор'),
      LIST_FILTER_LABEL: everywhere('Договор'), ERROR_MESSAGE: blank(), HELP_MESSAGE: everywhere('Номер договора с клиентом, например Д-2024/117'), system: false,
    });
  }

  constructor() {
    this.clear();
  }

  byName(name: string): TaskUserField | undefined {
    return this.rows.all().find((f) => f.FIELD_NAME === name);
  }

  /** The fields made through the REST methods: what tasks carry beyond their own fields. */
  fields(): readonly TaskUserFieldInfo[] {
    return this.rows
      .all()
      .filter((f) => !f.system)
      .map((f) => ({
        name: f.FIELD_NAME,
        label: f.EDIT_FORM_LABEL.ru || f.LIST_COLUMN_LABEL.ru || f.FIELD_NAME,
        mandatory: f.MANDATORY === 'Y',
        multiple: f.MULTIPLE === 'Y',
        defaultValue: defaultValueOf(f),
      }));
  }
}

/** A task's value of a field it never set: the field's default (none for a multiple field). */
function defaultValueOf(field: TaskUserField): unknown {
  if (field.MULTIPLE === 'Y') return [];
  const settings = Array.isArray(field.SETTINGS) ? {} : field.SETTINGS;
  const value = settings.DEFAULT_VALUE;
  if (field.USER_TYPE_ID === 'datetime') return null;
  if (field.USER_TYPE_ID === 'boolean') return Number(value ?? 0) ? '1' : '0';
  return value === undefined || value === null || value === '' ? null : String(value as string | number);
}
