// What the older task.checklistitem.* and task.elapseditem.* methods keep on a task: checklist
// items (a tree up to three levels, api-reference/tasks/checklist-item/index.md) and records of
// time spent (api-reference/tasks/elapsed-item/*.md). Kept apart from the task store, keyed by
// task; rows of a deleted task are never shown, as its methods answer "task not found" first.
import { Table } from '../table.js';

export interface ChecklistMember {
  id: number;
  /** A: accomplice, U: observer (auditor). */
  type: 'A' | 'U';
}

export interface ChecklistItem {
  ID: number;
  TASK_ID: number;
  /** 0 for a checklist itself (a root item). */
  PARENT_ID: number;
  CREATED_BY: number;
  TITLE: string;
  SORT_INDEX: number;
  IS_COMPLETE: boolean;
  IS_IMPORTANT: boolean;
  TOGGLED_BY: number | null;
  /** epoch seconds, null when never toggled */
  TOGGLED_DATE: number | null;
  MEMBERS: ChecklistMember[];
}

export interface ElapsedItem {
  ID: number;
  TASK_ID: number;
  USER_ID: number;
  COMMENT_TEXT: string;
  SECONDS: number;
  /** 1 the task's timer, 2 entered by hand (the REST methods). */
  SOURCE: 1 | 2;
  /** epoch seconds: when the work was done (CREATED_DATE can be set back for past work). */
  CREATED_DATE: number;
  DATE_START: number;
  DATE_STOP: number;
}

export class TaskItems {
  readonly checklist = new Table<ChecklistItem>();
  readonly elapsed = new Table<ElapsedItem>();
  /** "My plan": `${userId}:${taskId}` → the user's stage; absent means the plan's first stage. */
  private readonly plan = new Map<string, number>();
  /** The order of tasks within a kanban or plan stage (task.stages.movetask before/after). */
  private readonly stageOrder = new Map<number, number[]>();

  clear(): void {
    this.checklist.clear();
    this.elapsed.clear();
    this.plan.clear();
    this.stageOrder.clear();
  }

  planStage(userId: number, taskId: number): number | undefined {
    return this.plan.get(`${userId}:${taskId}`);
  }

  setPlanStage(userId: number, taskId: number, stageId: number): void {
    this.plan.set(`${userId}:${taskId}`, stageId);
  }

  /**
   * Puts a task in a stage's order, before or after another task of it (at the end otherwise);
   * `members` are the stage's other tasks, so that tasks that left it drop out of the order.
   */
  placeInStage(stageId: number, taskId: number, members: readonly number[], at: { before?: number; after?: number }): void {
    for (const [id, list] of this.stageOrder) if (id !== stageId) this.stageOrder.set(id, list.filter((t) => t !== taskId));
    const known = (this.stageOrder.get(stageId) ?? []).filter((t) => t !== taskId && members.includes(t));
    const order = [...known, ...members.filter((t) => !known.includes(t))];
    const anchor = at.before ?? at.after;
    const i = anchor === undefined ? -1 : order.indexOf(anchor);
    if (i < 0) order.push(taskId);
    else order.splice(at.before !== undefined ? i : i + 1, 0, taskId);
    this.stageOrder.set(stageId, order);
  }

  /** The tasks of a stage in their order, as far as moves have set it. */
  orderIn(stageId: number): number[] {
    return [...(this.stageOrder.get(stageId) ?? [])];
  }

  checklistOf(taskId: number): ChecklistItem[] {
    return this.checklist.all().filter((i) => i.TASK_ID === taskId);
  }

  elapsedOf(taskId: number): ElapsedItem[] {
    return this.elapsed.all().filter((i) => i.TASK_ID === taskId);
  }

  /** The item and everything under it. */
  subtree(item: ChecklistItem): ChecklistItem[] {
    const out = [item];
    for (let i = 0; i < out.length; i += 1) {
      const parent = out[i]!;
      out.push(...this.checklist.all().filter((c) => c.PARENT_ID === parent.ID && c.TASK_ID === parent.TASK_ID));
    }
    return out;
  }
}
