// task.commentitem.* (the older task API: positional parameters, upper-case keys, texts wrapped
// as TASKS_ERROR_EXCEPTION) and tasks.task.result.* (camelCase, numbers as numbers), each from
// its page under api-reference/tasks/comment-item/ and api-reference/tasks/result/.
import { PortalError } from '../errors.js';
import { isoDate, parseDate } from '../dates.js';
import { compileFilter, matches, splitKey, type ValueKind } from '../filter.js';
import { isRecord, pick, toInt, toList, toStr, type Params } from '../params.js';
import { administratorId } from '../tasks/access.js';
import type { TaskComment, TaskResult } from '../tasks/model.js';
import type { CallContext, MethodHandler } from './types.js';

const core = (text: string): PortalError => new PortalError(400, 'ERROR_CORE', text);

/** The older API's exceptions: TASKS_ERROR_EXCEPTION_#<n>; <text>; <n>/TE/<name>. */
const taskException = (code: number, text: string, name: string): PortalError => core(`TASKS_ERROR_EXCEPTION_#${code}; ${text}; ${code}/TE/${name}`);
const wrongArguments = (text: string): PortalError => taskException(256, text, 'WRONG_ARGUMENTS');
const notAllowed = (): PortalError => taskException(4, 'Action is not allowed', 'ACTION_NOT_ALLOWED');

/**
 * The older methods read their parameters by position, in the order of the page's table
 * ("Передавайте параметры в запросе в соответствии с порядком в таблице"), whatever the names.
 */
function positional(params: Params): unknown[] {
  return Object.values(params);
}

/** Argument #0 (taskId): an integer, or the type error of the method. */
function taskIdArg(args: unknown[], method: string): number {
  const id = toInt(args[0]);
  if (id === undefined) throw wrongArguments(`Param #0 (taskId) for method ctaskcommentitem::${method}() expected to be of type "integer", but given something else.`);
  return id;
}

/** Argument #1 (itemId): missing is its own error; a wrong type reads as no comment. */
function itemIdArg(args: unknown[], method: string): number | undefined {
  if (args.length < 2 || args[1] === undefined || args[1] === '') throw wrongArguments(`Param #1 (itemId) expected by method ctaskcommentitem::${method}(), but not given.`);
  return toInt(args[1]);
}

function renderComment(comment: TaskComment, ctx: CallContext): Record<string, unknown> {
  const author = ctx.state.users.get(comment.AUTHOR_ID);
  const out: Record<string, unknown> = {
    POST_MESSAGE_HTML: null,
    ID: String(comment.ID),
    AUTHOR_ID: String(comment.AUTHOR_ID),
    AUTHOR_NAME: author ? `${author.NAME} ${author.LAST_NAME}` : '',
    AUTHOR_EMAIL: author?.EMAIL ?? '',
    POST_DATE: isoDate(comment.POST_DATE),
    POST_MESSAGE: comment.POST_MESSAGE,
  };
  if (comment.FILES.length > 0) {
    out.ATTACHED_OBJECTS = Object.fromEntries(
      comment.FILES.map((id) => [
        String(id),
        {
          ATTACHMENT_ID: String(id),
          NAME: `file${id}.pdf`,
          SIZE: '0',
          FILE_ID: String(id),
          DOWNLOAD_URL: `/bitrix/tools/disk/uf.php?attachedId=${id}&action=download&ncc=1`,
          VIEW_URL: `/bitrix/tools/disk/uf.php?attachedId=${id}&action=show&ncc=1`,
        },
      ]),
    );
  }
  return out;
}

/** UF_FORUM_MESSAGE_DOC: Drive files as "n<ID>", each one the caller may read on the sandbox's Drive. */
function readFiles(value: unknown, ctx: CallContext): number[] {
  const list = toList(value) ?? [];
  const ids = list.map((v) => toInt((toStr(v) ?? '').replace(/^n/i, '')));
  const actor = { userId: ctx.userId, ...(ctx.caller.appCode ? { appCode: ctx.caller.appCode } : {}) };
  if (ids.some((id) => id === undefined || !ctx.state.drive.readableFile(actor, id))) throw core('Не удалось найти файл');
  return ids as number[];
}

const addKeys = new Set(['POST_MESSAGE', 'AUTHOR_ID', 'POST_DATE', 'UF_FORUM_MESSAGE_DOC']);

const commentAdd: MethodHandler = (params, ctx) => {
  const args = positional(params);
  const taskId = taskIdArg(args, 'add');
  const fields = isRecord(args[1]) ? args[1] : {};
  for (const key of Object.keys(fields)) {
    if (!addKeys.has(key.toUpperCase())) throw wrongArguments(`Param #1 (arFields) for method ctaskcommentitem::add() must not contain key "${key}".`);
  }
  const text = (toStr(pick(fields, 'POST_MESSAGE')) ?? '').trim();
  if (text === '') throw core('Не указан текст комментария');
  const store = ctx.state.tasks;
  const task = store.find(taskId);
  if (!task || !store.canComment(task, ctx.userId)) throw core('Недостаточно прав для добавления комментария');
  // Any user may write on another's behalf (the page says so), as long as that user exists.
  const authorRaw = toInt(pick(fields, 'AUTHOR_ID'));
  const author = authorRaw !== undefined && store.userExists(authorRaw) ? authorRaw : ctx.userId;
  const dateText = toStr(pick(fields, 'POST_DATE'));
  const at = (dateText ? parseDate(dateText) : undefined) ?? ctx.nowSec;
  const files = pick(fields, 'UF_FORUM_MESSAGE_DOC') === undefined ? [] : readFiles(pick(fields, 'UF_FORUM_MESSAGE_DOC'), ctx);
  const comment = store.addComment(task, author, text, at, files);
  return { result: comment.ID };
};

const orderKeys = new Set(['ID', 'AUTHOR_ID', 'AUTHOR_NAME', 'AUTHOR_EMAIL', 'POST_DATE']);
const filterKinds: Record<string, ValueKind> = { ID: 'int', AUTHOR_ID: 'int', AUTHOR_NAME: 'str', POST_DATE: 'date' };
const filterOperators = new Set(['=', '!=', '<', '<=', '>', '>=']);

function commentValue(comment: TaskComment, field: string, ctx: CallContext): number | string {
  const author = ctx.state.users.get(comment.AUTHOR_ID);
  switch (field) {
    case 'AUTHOR_NAME':
      return author ? `${author.NAME} ${author.LAST_NAME}` : '';
    case 'AUTHOR_EMAIL':
      return author?.EMAIL ?? '';
    case 'POST_DATE':
      return comment.POST_DATE;
    case 'AUTHOR_ID':
      return comment.AUTHOR_ID;
    default:
      return comment.ID;
  }
}

const commentGetList: MethodHandler = (params, ctx) => {
  const args = positional(params);
  const taskId = taskIdArg(args, 'getlist');
  const order = isRecord(args[1]) ? args[1] : {};
  const filter = isRecord(args[2]) ? args[2] : {};
  for (const key of Object.keys(order)) {
    if (!orderKeys.has(key.toUpperCase())) throw wrongArguments(`Param #1 (arOrder) for method ctaskcommentitem::getlist() must not contain key "${key}".`);
  }
  for (const key of Object.keys(filter)) {
    const { op, field } = splitKey(key);
    if (!filterOperators.has(op) || !(field.toUpperCase() in filterKinds)) {
      throw wrongArguments(`Param #2 (arFilter) for method ctaskcommentitem::getlist() must not contain key "${key}".`);
    }
  }
  const store = ctx.state.tasks;
  const task = store.find(taskId);
  if (!task || !store.canRead(task, ctx.userId)) throw taskException(8, 'Action failed', 'ACTION_FAILED_TO_BE_PROCESSED');
  const conditions = compileFilter(filter, (f) => filterKinds[f]);
  const sort = Object.entries(order).map(([k, d]) => [k.toUpperCase(), (toStr(d) ?? '').toLowerCase() === 'asc' ? 1 : -1] as const);
  if (sort.length === 0) sort.push(['ID', -1]);
  const rows = store
    .commentsOf(taskId)
    .filter((c) => conditions.every((cond) => matches(cond, commentValue(c, cond.field, ctx))))
    .sort((a, b) => {
      for (const [field, dir] of sort) {
        const va = commentValue(a, field, ctx);
        const vb = commentValue(b, field, ctx);
        const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'ru');
        if (c !== 0) return c * dir;
      }
      return 0;
    });
  return { result: rows.map((c) => renderComment(c, ctx)), rows: rows.length };
};

/** The comment of a task the user may see; the older API's refusal otherwise. */
function findComment(taskId: number, itemId: number | undefined, ctx: CallContext, refusal: () => PortalError): TaskComment {
  const store = ctx.state.tasks;
  const task = store.find(taskId);
  const comment = itemId === undefined ? undefined : store.comments.get(itemId);
  if (!task || !store.canRead(task, ctx.userId) || !comment || comment.TASK_ID !== taskId) throw refusal();
  return comment;
}

const commentGet: MethodHandler = (params, ctx) => {
  const args = positional(params);
  const taskId = taskIdArg(args, 'get');
  const itemId = itemIdArg(args, 'get');
  // "Check listitem" is the portal's own wording for a missing comment.
  const comment = findComment(taskId, itemId, ctx, () => taskException(512, 'Check listitem not found or not accessible', 'ITEM_NOT_FOUND_OR_NOT_ACCESSIBLE'));
  return { result: renderComment(comment, ctx) };
};

/** Only the author, or the administrator, changes or deletes a comment. */
function mayChange(comment: TaskComment, ctx: CallContext): boolean {
  return ctx.userId === administratorId || comment.AUTHOR_ID === ctx.userId;
}

const commentUpdate: MethodHandler = (params, ctx) => {
  const args = positional(params);
  const taskId = taskIdArg(args, 'update');
  const itemId = itemIdArg(args, 'update');
  const fields = isRecord(args[2]) ? args[2] : {};
  const text = (toStr(pick(fields, 'POST_MESSAGE')) ?? '').trim();
  if (text === '') throw core('Не указан текст комментария.');
  const comment = findComment(taskId, itemId, ctx, notAllowed);
  if (!mayChange(comment, ctx)) throw notAllowed();
  comment.POST_MESSAGE = text;
  const files = pick(fields, 'UF_FORUM_MESSAGE_DOC');
  // The list of files is written whole (the page): old and new IDs together.
  if (files !== undefined) comment.FILES = readFiles(files, ctx);
  return { result: true };
};

const commentDelete: MethodHandler = (params, ctx) => {
  const args = positional(params);
  const taskId = taskIdArg(args, 'delete');
  const itemId = itemIdArg(args, 'delete');
  const comment = findComment(taskId, itemId, ctx, notAllowed);
  if (!mayChange(comment, ctx)) throw notAllowed();
  ctx.state.tasks.removeComment(comment);
  return { result: true };
};

// ---- results ----------------------------------------------------------------------------------

/** BBCode of a comment as the portal's HTML ([B] → <b>, [URL=…] → <a>, line breaks → <br />). */
function bbToHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\[(\/?)(b|i|u|s)\]/gi, (_m, close: string, tag: string) => `<${close}${tag.toLowerCase()}>`)
    .replace(/\[url=([^\]]+)\](.*?)\[\/url\]/gi, '<a href="$1">$2</a>')
    .replace(/\n/g, '<br />');
}

function renderResult(result: TaskResult, ctx: CallContext, files: number[] | null): Record<string, unknown> {
  const comment = ctx.state.tasks.comments.get(result.COMMENT_ID);
  const text = comment?.POST_MESSAGE ?? '';
  return {
    id: result.ID,
    taskId: result.TASK_ID,
    commentId: result.COMMENT_ID,
    createdBy: result.CREATED_BY,
    createdAt: isoDate(result.CREATED_AT),
    updatedAt: isoDate(result.UPDATED_AT),
    status: result.STATUS,
    text,
    formattedText: bbToHtml(text),
    files,
  };
}

const accessDenied = (): PortalError => new PortalError(400, '0', 'Access denied.');

/** commentId: a whole number, or the page's type error naming the value. */
function readIntParam(params: Params, name: string): number {
  const raw = pick(params, name);
  const id = toInt(raw);
  if (id === undefined) {
    const shown = raw === undefined || raw === null ? '' : (toStr(raw) ?? JSON.stringify(raw));
    throw new PortalError(400, '100', `Invalid value ${shown} to match with parameter {${name}}. Should be value of type int.`);
  }
  return id;
}

/** The comment behind a result call, when the user may pin or unpin it. */
function ownComment(params: Params, ctx: CallContext): TaskComment {
  const commentId = readIntParam(params, 'commentId');
  const store = ctx.state.tasks;
  const comment = store.comments.get(commentId);
  if (!comment) throw new PortalError(400, '0', 'Comment not found.');
  const task = store.find(comment.TASK_ID);
  // Only one's own comment, or any as the administrator (who then becomes the result's author).
  if (!task || !store.canRead(task, ctx.userId) || (comment.AUTHOR_ID !== ctx.userId && ctx.userId !== administratorId)) throw accessDenied();
  return comment;
}

const resultAddFromComment: MethodHandler = (params, ctx) => {
  const comment = ownComment(params, ctx);
  const store = ctx.state.tasks;
  if (store.resultOfComment(comment.ID)?.STATUS === 0) throw new PortalError(400, '0', 'Result already exists.');
  const result = store.addResult(comment, ctx.userId, ctx.nowSec);
  return { result: renderResult(result, ctx, null) };
};

const resultList: MethodHandler = (params, ctx) => {
  const taskId = readIntParam(params, 'taskId');
  const store = ctx.state.tasks;
  if (!store.findReadable(taskId, ctx.userId)) throw accessDenied();
  const results = store.resultsOf(taskId).sort((a, b) => b.ID - a.ID);
  return { result: results.map((r) => renderResult(r, ctx, store.comments.get(r.COMMENT_ID)?.FILES ?? [])), rows: results.length };
};

const resultDeleteFromComment: MethodHandler = (params, ctx) => {
  const comment = ownComment(params, ctx);
  const store = ctx.state.tasks;
  const result = store.resultOfComment(comment.ID);
  if (result) store.results.delete(result.ID);
  return { result: null };
};

export const taskCommentMethods: Record<string, MethodHandler> = {
  'task.commentitem.add': commentAdd,
  'task.commentitem.getlist': commentGetList,
  'task.commentitem.get': commentGet,
  'task.commentitem.update': commentUpdate,
  'task.commentitem.delete': commentDelete,
  'tasks.task.result.addfromcomment': resultAddFromComment,
  'tasks.task.result.list': resultList,
  'tasks.task.result.deletefromcomment': resultDeleteFromComment,
};
