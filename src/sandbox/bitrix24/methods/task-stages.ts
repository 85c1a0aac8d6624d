// task.stages.add / update / delete / get / movetask / canmovetask: the kanban stages of a
// workgroup and of a user's "My plan" (api-reference/tasks/stages/*.md). A group's stages are for
// those with access to the group (its members; anyone may look at an open group's); "My plan"
// is each user's own. `isAdmin` lifts the checks for the portal's administrator. Errors are 400
// with the pages' codes and texts.
import { PortalError } from '../errors.js';
import { isRecord, pick, toBool, toInt, toStr } from '../params.js';
import { administratorId } from '../tasks/access.js';
import type { Task, TaskStage } from '../tasks/model.js';
import type { CallContext, MethodHandler } from './types.js';

const error = (code: string, text: string): PortalError => new PortalError(400, code, text);
const cannotManage = () => error('ACCESS_DENIED', 'Вы не можете управлять стадиями');
const cannotChange = () => error('ACCESS_DENIED', 'Вы не можете изменять стадии в этой группе');
const cannotView = () => error('ACCESS_DENIED', 'Вы не можете просматривать стадии в этой группе');
const stageNotFound = () => error('NOT_FOUND', 'Стадия не найдена');
const cannotMove = () => error('ACCESS_DENIED_MOVE', 'Вы не можете перемещать эту задачу');
const taskNotFound = () => error('TASK_NOT_FOUND', 'Задача не найдена или доступ к ней запрещен');

/** The stages "My plan" starts with (task-stages-get.md shows the first two). */
const planDefaults: [title: string, color: string, type: TaskStage['SYSTEM_TYPE']][] = [
  ['Не спланированы', '00C4FB', 'NEW'],
  ['Сделаю на неделе', '47D1E2', ''],
  ['Сделаю в этом месяце', 'FFA900', ''],
];

/** The portal's administrator asking for no checks (isAdmin). */
const adminMode = (ctx: CallContext, raw: unknown): boolean => ctx.userId === administratorId && (toBool(raw) ?? false);

/** A user's "My plan" stages in order, made on first use as the portal does. */
export function planStages(ctx: CallContext, userId: number): TaskStage[] {
  const own = () => ctx.state.tasks.stages.all().filter((s) => s.ENTITY_TYPE === 'U' && s.ENTITY_ID === userId);
  if (own().length === 0) {
    planDefaults.forEach(([TITLE, COLOR, SYSTEM_TYPE], i) => {
      ctx.state.tasks.stages.put({ ID: ctx.state.tasks.stages.nextId(), TITLE, SORT: (i + 1) * 100, COLOR, ENTITY_ID: userId, ENTITY_TYPE: 'U', SYSTEM_TYPE });
    });
  }
  return own().sort((a, b) => a.SORT - b.SORT || a.ID - b.ID);
}

/** The stages of the board a stage belongs to, in order. */
function boardOf(ctx: CallContext, stage: TaskStage): TaskStage[] {
  return stage.ENTITY_TYPE === 'U' ? planStages(ctx, stage.ENTITY_ID) : ctx.state.tasks.stagesOf(stage.ENTITY_ID);
}

const isMember = (ctx: CallContext, groupId: number): boolean => ctx.state.tasks.groups.get(groupId)?.MEMBERS.includes(ctx.userId) ?? false;

/** May the caller change the board of a stage: their own plan, or a group they belong to. */
function mayManage(ctx: CallContext, stage: Pick<TaskStage, 'ENTITY_TYPE' | 'ENTITY_ID'>, admin: boolean): boolean {
  if (stage.ENTITY_TYPE === 'U') return stage.ENTITY_ID === ctx.userId;
  return admin || isMember(ctx, stage.ENTITY_ID);
}

/** Puts `stage` right after `afterId` on its board (at the start for 0), renumbering SORT by 100s. */
function place(ctx: CallContext, stage: TaskStage, afterId: number): void {
  const board = boardOf(ctx, stage).filter((s) => s.ID !== stage.ID);
  const at = afterId > 0 ? board.findIndex((s) => s.ID === afterId) + 1 : 0;
  board.splice(Math.max(0, at), 0, stage);
  board.forEach((s, i) => {
    s.SORT = (i + 1) * 100;
  });
}

function render(stage: TaskStage): Record<string, unknown> {
  return {
    ID: String(stage.ID),
    TITLE: stage.TITLE,
    SORT: String(stage.SORT),
    COLOR: stage.COLOR,
    SYSTEM_TYPE: stage.SYSTEM_TYPE === '' ? null : stage.SYSTEM_TYPE,
    ENTITY_ID: String(stage.ENTITY_ID),
    ENTITY_TYPE: stage.ENTITY_TYPE,
    ADDITIONAL_FILTER: [],
    TO_UPDATE: [],
    TO_UPDATE_ACCESS: null,
  };
}

/** Tasks of a stage: a group stage's by STAGE_ID (0 counts as the first stage), a plan stage's by placement. */
function tasksIn(ctx: CallContext, stage: TaskStage): Task[] {
  if (stage.ENTITY_TYPE === 'G') {
    const first = ctx.state.tasks.firstStage(stage.ENTITY_ID)?.ID;
    return ctx.state.tasks.tasks.all().filter((t) => t.GROUP_ID === stage.ENTITY_ID && (t.STAGE_ID === stage.ID || (t.STAGE_ID === 0 && first === stage.ID)));
  }
  return ctx.state.tasks.tasks.all().filter((t) => ctx.state.taskItems.planStage(stage.ENTITY_ID, t.ID) === stage.ID);
}

function readFields(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export const taskStageMethods: Record<string, MethodHandler> = {
  'task.stages.add': (params, ctx) => {
    const fields = readFields(pick(params, 'fields'));
    const admin = adminMode(ctx, pick(params, 'isAdmin'));
    const title = toStr(pick(fields, 'TITLE'))?.trim() ?? '';
    if (title === '') throw error('EMPTY_TITLE', 'Не указан заголовок стадии');
    const entityId = toInt(pick(fields, 'ENTITY_ID')) ?? 0;
    const owner = entityId > 0 ? { ENTITY_TYPE: 'G' as const, ENTITY_ID: entityId } : { ENTITY_TYPE: 'U' as const, ENTITY_ID: ctx.userId };
    if (owner.ENTITY_TYPE === 'G' && !ctx.state.tasks.groups.get(entityId)) throw cannotManage();
    if (!mayManage(ctx, owner, admin)) throw cannotManage();
    if (owner.ENTITY_TYPE === 'U') planStages(ctx, ctx.userId);
    const stage = ctx.state.tasks.stages.put({
      ID: ctx.state.tasks.stages.nextId(),
      TITLE: title,
      SORT: 0,
      COLOR: (toStr(pick(fields, 'COLOR')) ?? '').replace(/^#/, '') || 'FFD800',
      ...owner,
      SYSTEM_TYPE: '',
    });
    place(ctx, stage, toInt(pick(fields, 'AFTER_ID')) ?? 0);
    return { result: stage.ID };
  },

  'task.stages.update': (params, ctx) => {
    const stage = ctx.state.tasks.stages.get(toInt(pick(params, 'id')) ?? 0);
    if (!stage) throw stageNotFound();
    if (!mayManage(ctx, stage, adminMode(ctx, pick(params, 'isAdmin')))) throw cannotChange();
    const fields = readFields(pick(params, 'fields'));
    const title = toStr(pick(fields, 'TITLE'));
    if (title !== undefined && title.trim() !== '') stage.TITLE = title.trim();
    const color = toStr(pick(fields, 'COLOR'));
    if (color) stage.COLOR = color.replace(/^#/, '');
    const after = pick(fields, 'AFTER_ID');
    if (after !== undefined) place(ctx, stage, toInt(after) ?? 0);
    return { result: true };
  },

  'task.stages.delete': (params, ctx) => {
    const stage = ctx.state.tasks.stages.get(toInt(pick(params, 'id')) ?? 0);
    if (!stage) throw stageNotFound();
    if (!mayManage(ctx, stage, adminMode(ctx, pick(params, 'isAdmin')))) throw cannotManage();
    if (boardOf(ctx, stage)[0]?.ID === stage.ID) throw error('CANT_DELETE_FIRST', 'Нельзя удалить первую стадию. Передвиньте стадию, чтобы удалить');
    if (stage.SYSTEM_TYPE !== '') throw error('IS_SYSTEM', 'Стадия, установленная по умолчанию, не может быть удалена');
    // The page: a stage is checked to hold no tasks (no error is named; see DEVIATIONS.md).
    if (tasksIn(ctx, stage).length > 0) throw error('STAGE_HAS_TASKS', 'В стадии есть задачи');
    ctx.state.tasks.stages.delete(stage.ID);
    return { result: true };
  },

  // Keyed by stage ID, in the board's order.
  'task.stages.get': (params, ctx) => {
    const entityId = toInt(pick(params, 'entityId')) ?? 0;
    if (entityId <= 0) return { result: Object.fromEntries(planStages(ctx, ctx.userId).map((s) => [String(s.ID), render(s)])) };
    const group = ctx.state.tasks.groups.get(entityId);
    const admin = adminMode(ctx, pick(params, 'isAdmin'));
    if (!group || !(admin || group.OPENED || group.MEMBERS.includes(ctx.userId))) throw cannotView();
    return { result: Object.fromEntries(ctx.state.tasks.stagesOf(entityId).map((s) => [String(s.ID), render(s)])) };
  },

  'task.stages.canmovetask': (params, ctx) => {
    const entityId = toInt(pick(params, 'entityId')) ?? 0;
    const type = toStr(pick(params, 'entityType'))?.toUpperCase();
    if (type === 'U') return { result: entityId === ctx.userId };
    return { result: type === 'G' && (ctx.userId === administratorId || isMember(ctx, entityId)) };
  },

  'task.stages.movetask': (params, ctx) => {
    const task = ctx.state.tasks.findReadable(toInt(pick(params, 'id')) ?? 0, ctx.userId);
    if (!task) throw taskNotFound();
    const stage = ctx.state.tasks.stages.get(toInt(pick(params, 'stageId')) ?? 0);
    // Another user's plan is not the caller's to see.
    if (!stage || (stage.ENTITY_TYPE === 'U' && stage.ENTITY_ID !== ctx.userId)) throw stageNotFound();
    if (stage.ENTITY_TYPE === 'G' && (task.GROUP_ID !== stage.ENTITY_ID || !(ctx.userId === administratorId || isMember(ctx, stage.ENTITY_ID)))) throw cannotMove();
    if (stage.ENTITY_TYPE === 'G') {
      if (task.STAGE_ID !== stage.ID) ctx.state.tasks.update(task, { STAGE_ID: stage.ID }, ctx.userId, ctx.nowSec);
    } else {
      ctx.state.taskItems.setPlanStage(ctx.userId, task.ID, stage.ID);
    }
    const others = tasksIn(ctx, stage).filter((t) => t.ID !== task.ID).map((t) => t.ID);
    const before = toInt(pick(params, 'before'));
    const after = toInt(pick(params, 'after'));
    ctx.state.taskItems.placeInStage(stage.ID, task.ID, others, before !== undefined && before > 0 ? { before } : after !== undefined && after > 0 ? { after } : {});
    return { result: true };
  },
};
