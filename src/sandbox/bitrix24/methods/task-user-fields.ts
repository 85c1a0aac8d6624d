// task.item.userfield.*: the user fields of tasks (api-reference/tasks/user-field/*.md). Errors are
// 400 ERROR_CORE (ERROR_NOT_FOUND for a field that does not exist) with the pages' texts; adding,
// changing and deleting is for the administrator.
import { PortalError } from '../errors.js';
import { isRecord, pick, toInt, toList, toStr, type Params } from '../params.js';
import { administratorId } from '../tasks/access.js';
import { defaultSettings, labelLanguages, taskFieldTypes, type TaskFieldType, type TaskUserField } from '../tasks/user-fields.js';
import type { CallContext, MethodHandler } from './types.js';

const core = (text: string): PortalError => new PortalError(400, 'ERROR_CORE', text);
const accessDenied = (): PortalError => core('Access denied');
const badId = (): PortalError => core('ID is not defined or invalid.');
const notFound = (id: unknown): PortalError => new PortalError(400, 'ERROR_NOT_FOUND', `The entity with ID '${String(id as string)}' is not found`);
const invalidArguments = (method: string): PortalError =>
  core(`TASKS_ERROR_EXCEPTION_#0; Invalid arguments for Bitrix\\Tasks\\Integration\\Rest\\Task\\UserField::${method}; 0/TE`);

function requireAdmin(ctx: CallContext): void {
  if (ctx.userId !== administratorId) throw accessDenied();
}

/** ID: absent → `missing`; not a positive integer → the page's "ID is not defined or invalid". */
function readId(params: Params, missing: () => PortalError): number {
  const raw = pick(params, 'ID');
  if (raw === undefined || raw === '') throw missing();
  const id = toInt(raw);
  if (id === undefined || id <= 0) throw badId();
  return id;
}

function find(ctx: CallContext, id: number): TaskUserField {
  const field = ctx.state.taskUserFields.rows.get(id);
  if (!field) throw notFound(id);
  return field;
}

const yn = (value: unknown, fallback: 'Y' | 'N'): 'Y' | 'N' => {
  const text = toStr(value)?.toUpperCase();
  return text === 'Y' || text === 'N' ? text : fallback;
};

/** Writes the changeable keys of PARAMS / DATA onto a field. */
function applyChanges(field: TaskUserField, data: Record<string, unknown>): void {
  const get = (name: string): unknown => pick(data, name);
  const xml = get('XML_ID');
  if (xml !== undefined) field.XML_ID = toStr(xml) ?? '';
  const sort = toInt(get('SORT'));
  if (sort !== undefined) field.SORT = sort;
  // Boolean fields are never multiple (task-item-user-field-add.md).
  if (get('MULTIPLE') !== undefined) field.MULTIPLE = field.USER_TYPE_ID === 'boolean' ? 'N' : yn(get('MULTIPLE'), field.MULTIPLE);
  if (get('MANDATORY') !== undefined) field.MANDATORY = yn(get('MANDATORY'), field.MANDATORY);
  for (const flag of ['SHOW_FILTER', 'SHOW_IN_LIST', 'EDIT_IN_LIST', 'IS_SEARCHABLE'] as const) {
    if (get(flag) !== undefined) field[flag] = yn(get(flag), field[flag]);
  }
  const settings = get('SETTINGS');
  if (isRecord(settings)) field.SETTINGS = { ...(Array.isArray(field.SETTINGS) ? {} : field.SETTINGS), ...settings };
  // LABEL names the field in every language; EDIT_FORM_LABEL sets the form's label per language.
  const label = toStr(get('LABEL'));
  if (label !== undefined) {
    for (const key of ['LIST_COLUMN_LABEL', 'LIST_FILTER_LABEL', 'ERROR_MESSAGE', 'HELP_MESSAGE', 'EDIT_FORM_LABEL'] as const) {
      if (key === 'EDIT_FORM_LABEL' && get('EDIT_FORM_LABEL') !== undefined) continue;
      field[key] = Object.fromEntries(labelLanguages.map((l) => [l, label]));
    }
  }
  const formLabel = get('EDIT_FORM_LABEL');
  if (isRecord(formLabel)) {
    const fallback = label ?? '';
    field.EDIT_FORM_LABEL = Object.fromEntries(labelLanguages.map((l) => [l, toStr(formLabel[l]) ?? fallback]));
  } else if (typeof formLabel === 'string') {
    field.EDIT_FORM_LABEL = Object.fromEntries(labelLanguages.map((l) => [l, formLabel]));
  }
}

/** A field as task.item.userfield.getlist shows it; `withLabels` adds the labels (get). */
function render(field: TaskUserField, withLabels: boolean): Record<string, unknown> {
  const row: Record<string, unknown> = {
    ID: String(field.ID),
    ENTITY_ID: 'TASKS_TASK',
    FIELD_NAME: field.FIELD_NAME,
    USER_TYPE_ID: field.USER_TYPE_ID,
    XML_ID: field.XML_ID,
    SORT: String(field.SORT),
    MULTIPLE: field.MULTIPLE,
    MANDATORY: field.MANDATORY,
    SHOW_FILTER: field.SHOW_FILTER,
    SHOW_IN_LIST: field.SHOW_IN_LIST,
    EDIT_IN_LIST: field.EDIT_IN_LIST,
    IS_SEARCHABLE: field.IS_SEARCHABLE,
    SETTINGS: field.SETTINGS,
  };
  if (withLabels) {
    Object.assign(row, {
      EDIT_FORM_LABEL: field.EDIT_FORM_LABEL,
      LIST_COLUMN_LABEL: field.LIST_COLUMN_LABEL,
      LIST_FILTER_LABEL: field.LIST_FILTER_LABEL,
      ERROR_MESSAGE: field.ERROR_MESSAGE,
      HELP_MESSAGE: field.HELP_MESSAGE,
    });
  }
  return row;
}

const sortable = ['ID', 'FIELD_NAME', 'USER_TYPE_ID', 'SORT'] as const;
const filterable = ['ID', 'FIELD_NAME', 'USER_TYPE_ID', 'XML_ID', 'MULTIPLE', 'MANDATORY'] as const;

export const taskUserFieldMethods: Record<string, MethodHandler> = {
  'task.item.userfield.add': (params, ctx) => {
    requireAdmin(ctx);
    const data = pick(params, 'PARAMS');
    const fields = isRecord(data) ? data : {};
    const type = toStr(pick(fields, 'USER_TYPE_ID'))?.trim() ?? '';
    if (type === '') throw core("The 'USER_TYPE_ID' field is not found.");
    if (!(taskFieldTypes as readonly string[]).includes(type)) throw core('Указан неверный пользовательский тип.');
    let name = toStr(pick(fields, 'FIELD_NAME'))?.trim() ?? '';
    if (name === '') throw core("The 'FIELD_NAME' field is not found.");
    // The prefix is added when missing (task-item-user-field-add.md).
    if (!name.toUpperCase().startsWith('UF_')) name = `UF_${name}`;
    name = name.toUpperCase();
    if (ctx.state.taskUserFields.byName(name)) throw core(`Поле ${name} для объекта TASKS_TASK уже существует.`);
    const blank = () => Object.fromEntries(labelLanguages.map((l) => [l, '']));
    const field: TaskUserField = {
      ID: ctx.state.taskUserFields.rows.nextId(),
      FIELD_NAME: name,
      USER_TYPE_ID: type,
      XML_ID: '',
      SORT: 100,
      MULTIPLE: 'N',
      MANDATORY: 'N',
      SHOW_FILTER: 'N',
      SHOW_IN_LIST: 'Y',
      EDIT_IN_LIST: 'Y',
      IS_SEARCHABLE: 'N',
      SETTINGS: defaultSettings(type as TaskFieldType),
      EDIT_FORM_LABEL: blank(),
      LIST_COLUMN_LABEL: blank(),
      LIST_FILTER_LABEL: blank(),
      ERROR_MESSAGE: blank(),
      HELP_MESSAGE: blank(),
      system: false,
    };
    applyChanges(field, fields);
    ctx.state.taskUserFields.rows.put(field);
    return { result: field.ID };
  },

  'task.item.userfield.update': (params, ctx) => {
    const data = pick(params, 'DATA');
    const id = readId(params, () => invalidArguments('update'));
    if (!isRecord(data)) throw invalidArguments('update');
    requireAdmin(ctx);
    const field = find(ctx, id);
    // FIELD_NAME and USER_TYPE_ID cannot change (task.item.userfield.getfields: isImmutable).
    applyChanges(field, data);
    return { result: true };
  },

  'task.item.userfield.get': (params, ctx) => {
    const id = readId(params, () => core('No parameters found'));
    return { result: render(find(ctx, id), true), total: 0 };
  },

  // No paging: every field comes at once, and `total` is always 0 (task-item-user-field-get-list.md).
  'task.item.userfield.getlist': (params, ctx) => {
    let fields = ctx.state.taskUserFields.rows.all();
    const filter = pick(params, 'FILTER');
    if (isRecord(filter)) {
      for (const key of filterable) {
        const wanted = pick(filter, key);
        if (wanted === undefined) continue;
        const values = (toList(wanted) ?? []).map((v) => toStr(v)?.toUpperCase());
        fields = fields.filter((f) => values.includes(String(f[key]).toUpperCase()));
      }
    }
    const order = pick(params, 'ORDER');
    if (isRecord(order)) {
      const rules = Object.entries(order)
        .map(([key, dir]) => [key.toUpperCase(), (toStr(dir) ?? 'asc').toLowerCase() === 'desc' ? -1 : 1] as const)
        .filter(([key]) => (sortable as readonly string[]).includes(key)) as [(typeof sortable)[number], number][];
      fields.sort((a, b) => {
        for (const [key, dir] of rules) {
          const va = a[key];
          const vb = b[key];
          const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
          if (c !== 0) return c * dir;
        }
        return 0;
      });
    }
    return { result: fields.map((f) => render(f, false)), total: 0, rows: fields.length };
  },

  'task.item.userfield.delete': (params, ctx) => {
    const id = readId(params, () => invalidArguments('delete'));
    requireAdmin(ctx);
    const field = find(ctx, id);
    // The portal's own fields belong to its modules (see DEVIATIONS.md).
    if (field.system) throw accessDenied();
    ctx.state.taskUserFields.rows.delete(id);
    return { result: true };
  },
};
