// The older task.checklistitem.* and task.elapseditem.* methods bind their arguments by position,
// not by name: "Передавайте параметры в запросе в соответствии с порядком в таблице" (their pages).
// TASKID, ITEMID, FIELDS … are only the names the pages give the positions. Their errors are
// 400 ERROR_CORE with the texts of the PHP classes behind them (ctaskchecklistitem, …).
import { PortalError } from '../errors.js';
import { toInt, type Params } from '../params.js';

/** The values of a call in the order they were sent (the `auth` token is no argument). */
export function positional(params: Params): unknown[] {
  return Object.entries(params)
    .filter(([key]) => key.toLowerCase() !== 'auth')
    .map(([, value]) => value);
}

export const taskCoreError = (text: string): PortalError => new PortalError(400, 'ERROR_CORE', text);

/** "Param #1 (itemId) expected by method ctaskchecklistitem::get(), but not given." */
export const notGiven = (cls: string, method: string, index: number, name: string): PortalError =>
  taskCoreError(`TASKS_ERROR_EXCEPTION_#256; Param #${index} (${name}) expected by method ${cls}::${method}(), but not given.; 256/TE/WRONG_ARGUMENTS<br>`);

/** 'Param #0 (taskId) for method ctaskchecklistitem::get() expected to be of type "integer", but given something else.' */
export const notInteger = (cls: string, method: string, index: number, name: string): PortalError =>
  taskCoreError(`TASKS_ERROR_EXCEPTION_#256; Param #${index} (${name}) for method ${cls}::${method}() expected to be of type "integer", but given something else.; 256/TE/WRONG_ARGUMENTS<br>`);

/** An integer argument at `index`, with the class's errors for a missing or mistyped one. */
export function intArg(args: unknown[], index: number, name: string, cls: string, method: string): number {
  const value = args[index];
  if (value === undefined || value === null || value === '') throw notGiven(cls, method, index, name);
  const n = toInt(value);
  if (n === undefined) throw notInteger(cls, method, index, name);
  return n;
}
