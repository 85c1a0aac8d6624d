// The news feed: log.blogpost.* and log.blogcomment.add, each from its page under
// api-reference/log/. Posts are seen by their author and their recipients (UA: everyone;
// U<id>; DR<id>: a department with the departments below it; SG<id>: a workgroup).
import { PortalError } from '../errors.js';
import { isoDate, parseDate } from '../dates.js';
import { isRecord, pick, toBool, toInt, toList, toStr, type Params } from '../params.js';
import type { FeedFile, Post } from '../feed.js';
import type { CallContext, MethodHandler } from './types.js';

const feedError = (code: string, description: string): PortalError => new PortalError(400, code, description);
const addError = (text: string) => feedError('SONET_CONTROLLER_LIVEFEED_BLOGPOST_ADD_ERROR', text);
const updateError = (text: string) => feedError('SONET_CONTROLLER_LIVEFEED_BLOGPOST_UPDATE_ERROR', text);
/** The pages that show no code ("—") answer an empty one. */
const plainError = (text: string) => feedError('', text);

const isAdmin = (ctx: CallContext) => ctx.userId === 1;

/** The codes a user is reached by: UA, U<id>, DR<id> for each department and every one above it. */
function codesOf(ctx: CallContext, userId: number): Set<string> {
  const codes = new Set(['UA', `U${userId}`]);
  const user = ctx.state.users.get(userId);
  for (const dep of user?.UF_DEPARTMENT ?? []) for (const d of ctx.state.departmentChain(dep)) codes.add(`DR${d.ID}`);
  return codes;
}

function canSee(ctx: CallContext, post: Post): boolean {
  if (post.authorId === ctx.userId || isAdmin(ctx)) return true;
  const codes = codesOf(ctx, ctx.userId);
  return post.dest.some((d) => codes.has(d));
}

/** DEST (or the old SPERM) as recipient codes; undefined when absent, [] when none is valid. */
function readDest(ctx: CallContext, params: Params): string[] | undefined {
  const raw = pick(params, 'DEST') ?? pick(params, 'SPERM');
  if (raw === undefined || raw === '') return undefined;
  // SPERM's old form groups codes by kind ({"U": ["U1"], "DR": ["DR2"]}).
  const flat = isRecord(raw) && Object.values(raw).some((v) => Array.isArray(v)) ? Object.values(raw).flat() : (toList(raw) ?? []);
  const valid = flat
    .map((v) => toStr(v)?.trim() ?? '')
    .filter((code) => {
      if (code === 'UA') return true;
      const m = /^(U|DR|SG)(\d+)$/.exec(code);
      if (!m) return false;
      const id = Number(m[2]);
      if (m[1] === 'U') return ctx.state.users.get(id)?.ACTIVE === true;
      if (m[1] === 'DR') return ctx.state.departments.get(id) !== undefined;
      // Workgroups are not emulated: any positive ID counts as one (DEVIATIONS.md).
      return id > 0;
    });
  return [...new Set(valid)];
}

/** FILES as [[name, base64], …] (api-reference/files/how-to-upload-files.md). */
function readFiles(ctx: CallContext, params: Params): FeedFile[] {
  const list = toList(pick(params, 'FILES')) ?? [];
  const files: FeedFile[] = [];
  for (const item of list) {
    const pair = toList(item);
    const name = toStr(pair?.[0]);
    const content = toStr(pair?.[1]);
    if (!name || content === undefined) continue;
    files.push(ctx.state.feed.file(name, new Uint8Array(Buffer.from(content, 'base64'))));
  }
  return files;
}

function postId(params: Params): number | undefined {
  const id = toInt(pick(params, 'POST_ID'));
  return id !== undefined && id > 0 ? id : undefined;
}

/** USER_ID: administrators may write as another user; others write as themselves. */
function actingUser(ctx: CallContext, params: Params): number {
  const id = toInt(pick(params, 'USER_ID'));
  return id !== undefined && id > 0 && isAdmin(ctx) && ctx.state.users.get(id) ? id : ctx.userId;
}

function importance(params: Params, post: Pick<Post, 'important' | 'importantUntil'>): void {
  const flag = toBool(pick(params, 'IMPORTANT'));
  if (flag !== undefined) post.important = flag;
  const until = toStr(pick(params, 'IMPORTANT_DATE_END'));
  if (until) post.importantUntil = parseDate(until) ?? post.importantUntil;
}

// log.blogpost.add — log/log-blogpost-add.md.
const postAdd: MethodHandler = (params, ctx) => {
  const text = toStr(pick(params, 'POST_MESSAGE')) ?? '';
  if (!text.trim()) throw addError("Blog post hasn't been added");
  const dest = readDest(ctx, params) ?? ['UA'];
  if (dest.length === 0) throw addError('No destination specified');
  const post = { important: false, importantUntil: null as number | null };
  importance(params, post);
  const created = ctx.state.feed.addPost({
    authorId: actingUser(ctx, params),
    title: toStr(pick(params, 'POST_TITLE')) ?? '',
    text,
    dest,
    ...post,
    date: Math.floor(ctx.nowSec),
    files: readFiles(ctx, params),
  });
  return { result: created.id };
};

// log.blogpost.update — log/log-blogpost-update.md.
const postUpdate: MethodHandler = (params, ctx) => {
  const id = postId(params);
  if (id === undefined) throw updateError('Wrong post ID');
  const post = ctx.state.feed.posts.get(id);
  if (!post) throw updateError('No post found');
  if (post.authorId !== actingUser(ctx, params) && !isAdmin(ctx)) throw updateError('No write perms');
  const title = toStr(pick(params, 'POST_TITLE'));
  const text = toStr(pick(params, 'POST_MESSAGE'));
  if (!title && !text) throw feedError('EMPTY_TITLE', 'Не указан заголовок сообщения');
  // The page: a new text alone does not keep the old title.
  post.title = title ?? '';
  if (text) post.text = text;
  const dest = readDest(ctx, params);
  if (dest !== undefined) {
    if (dest.length === 0) throw updateError('No destination specified');
    post.dest = dest;
  }
  const files = readFiles(ctx, params);
  if (files.length > 0) post.files.push(...files);
  importance(params, post);
  return { result: post.id };
};

// log.blogpost.delete — log/log-blogpost-delete.md (codes "100" and "403" as the page has them).
const postDelete: MethodHandler = (params, ctx) => {
  const id = postId(params);
  const post = id === undefined ? undefined : ctx.state.feed.posts.get(id);
  if (!post) throw feedError('100', 'Wrong post ID');
  if (post.authorId !== ctx.userId && !isAdmin(ctx)) throw feedError('403', 'У вас нет прав на удаление этого сообщения');
  ctx.state.feed.posts.delete(post.id);
  for (const c of ctx.state.feed.commentsOf(post.id)) ctx.state.feed.comments.delete(c.id);
  return { result: true };
};

/** A user field of a post as log.blogpost.get describes one (the page's UF_* object). */
function userField(id: number, name: string, type: string, baseType: string, multiple: boolean, value: unknown, postIdValue: number, label: string | null): Record<string, unknown> {
  return {
    ID: String(id),
    ENTITY_ID: 'BLOG_POST',
    FIELD_NAME: name,
    USER_TYPE_ID: type,
    XML_ID: name,
    SORT: '100',
    MULTIPLE: multiple ? 'Y' : 'N',
    MANDATORY: 'N',
    SHOW_FILTER: 'N',
    SHOW_IN_LIST: 'N',
    EDIT_IN_LIST: 'Y',
    IS_SEARCHABLE: 'N',
    SETTINGS: [],
    EDIT_FORM_LABEL: label,
    LIST_COLUMN_LABEL: label,
    LIST_FILTER_LABEL: null,
    ERROR_MESSAGE: null,
    HELP_MESSAGE: null,
    USER_TYPE: { USER_TYPE_ID: type, DESCRIPTION: label ?? name, BASE_TYPE: baseType },
    VALUE: value,
    ENTITY_VALUE_ID: postIdValue,
    VALUE_EXISTS: true,
    VALUE_RAW: null,
    CUSTOM_DATA: [],
  };
}

function formatPost(ctx: CallContext, post: Post): Record<string, unknown> {
  const comments = ctx.state.feed.commentsOf(post.id).length;
  return {
    ID: String(post.id),
    BLOG_ID: String(post.blogId),
    PUBLISH_STATUS: 'P',
    TITLE: post.title,
    AUTHOR_ID: String(post.authorId),
    ENABLE_COMMENTS: 'Y',
    NUM_COMMENTS: String(comments),
    CODE: null,
    MICRO: post.title ? 'N' : 'Y',
    DETAIL_TEXT: post.text,
    DATE_PUBLISH: isoDate(post.date),
    CATEGORY_ID: '',
    HAS_SOCNET_ALL: post.dest.includes('UA') ? 'Y' : 'N',
    HAS_TAGS: 'N',
    HAS_IMAGES: 'N',
    HAS_PROPS: post.important || post.files.length > 0 ? 'Y' : 'N',
    HAS_COMMENT_IMAGES: null,
    UF_BLOG_POST_FILE: userField(19, 'UF_BLOG_POST_FILE', 'disk_file', 'int', true, post.files.length > 0 ? post.files.map((f) => f.id) : false, post.id, 'Файл (Диск)'),
    UF_BLOG_POST_IMPRTNT: userField(83, 'UF_BLOG_POST_IMPRTNT', 'integer', 'int', false, post.important ? '1' : null, post.id, 'Важное сообщение'),
    UF_IMPRTANT_DATE_END: userField(85, 'UF_IMPRTANT_DATE_END', 'datetime', 'datetime', false, post.important && post.importantUntil ? isoDate(post.importantUntil) : '', post.id, 'Срок действия'),
    FILES: post.files.map((f) => f.id),
  };
}

// log.blogpost.get — log/log-blogpost-get.md: newest first, pages of 50 by `start`, or LIMIT
// (at most 200) with FIRST_ID / LAST_ID.
const postGet: MethodHandler = (params, ctx) => {
  let posts = [...ctx.state.feed.posts.values()].filter((p) => canSee(ctx, p));
  const id = postId(params);
  if (id !== undefined) posts = posts.filter((p) => p.id === id);
  else {
    const rights = (toList(pick(params, 'LOG_RIGHTS')) ?? []).map((v) => toStr(v) ?? '').filter((v) => v !== '');
    if (rights.length > 0) posts = posts.filter((p) => p.dest.some((d) => rights.includes(d)));
  }
  const from = toStr(pick(params, 'LOG_DATE_FROM'));
  const to = toStr(pick(params, 'LOG_DATE_TO'));
  const fromSec = from ? parseDate(from) : undefined;
  const toSec = to ? parseDate(to) : undefined;
  if (fromSec !== undefined) posts = posts.filter((p) => p.date >= fromSec);
  if (toSec !== undefined) posts = posts.filter((p) => p.date <= toSec);
  posts.sort((a, b) => b.date - a.date || b.id - a.id);
  const firstId = toInt(pick(params, 'FIRST_ID'));
  const lastId = toInt(pick(params, 'LAST_ID'));
  if ((firstId !== undefined && firstId > 0) || (lastId !== undefined && lastId > 0)) {
    const limitRaw = toInt(pick(params, 'LIMIT'));
    const limit = limitRaw === undefined || limitRaw <= 0 ? 50 : Math.min(limitRaw, 200);
    const page = (firstId !== undefined && firstId > 0 ? posts.filter((p) => p.id > firstId) : posts.filter((p) => p.id < lastId!)).slice(0, limit);
    return { result: page.map((p) => formatPost(ctx, p)), rows: page.length };
  }
  const startRaw = toInt(pick(params, 'start')) ?? 0;
  const start = Math.max(0, startRaw);
  const page = posts.slice(start, start + 50);
  return {
    result: page.map((p) => formatPost(ctx, p)),
    ...(startRaw >= 0 ? { total: posts.length, ...(start + 50 < posts.length ? { next: start + 50 } : {}) } : {}),
    rows: page.length,
  };
};

// log.blogpost.getusers.important — log/log-blogpost-getusers-important.md.
const importantReaders: MethodHandler = (params, ctx) => {
  const id = postId(params);
  const post = id === undefined ? undefined : ctx.state.feed.posts.get(id);
  if (!post) throw plainError('Wrong post ID');
  if (!canSee(ctx, post) || !post.important) return { result: [] };
  return { result: post.readers.slice(0, 500).map(String) };
};

// log.blogpost.share — log/log-blogpost-share.md.
const postShare: MethodHandler = (params, ctx) => {
  const id = postId(params);
  const post = id === undefined ? undefined : ctx.state.feed.posts.get(id);
  if (!post) throw plainError('Wrong post ID');
  const dest = readDest(ctx, params);
  if (!dest || dest.length === 0) throw plainError('Wrong destinations');
  if (!canSee(ctx, post)) throw plainError('No read perms');
  post.dest = [...new Set([...post.dest, ...dest])];
  return { result: true };
};

// log.blogcomment.add — log/blogcomment/log-blogcomment-add.md.
const commentAdd: MethodHandler = (params, ctx) => {
  const id = postId(params);
  const post = id === undefined ? undefined : ctx.state.feed.posts.get(id);
  if (!post || !canSee(ctx, post)) throw plainError('No post found');
  const text = toStr(pick(params, 'TEXT')) ?? '';
  if (!text.trim()) throw plainError("Blog comment hasn't been added");
  const authorId = actingUser(ctx, params);
  const files = readFiles(ctx, params);
  // Duplicates are looked for only among comments without files (the page).
  if (files.length === 0 && ctx.state.feed.commentsOf(post.id).some((c) => c.authorId === authorId && c.text === text && c.files.length === 0)) {
    throw plainError('Duplicate comment');
  }
  const comment = ctx.state.feed.addComment({ postId: post.id, authorId, text, date: Math.floor(ctx.nowSec), files });
  return { result: comment.id };
};

export const newsFeedMethods: Record<string, MethodHandler> = {
  'log.blogpost.add': postAdd,
  'log.blogpost.update': postUpdate,
  'log.blogpost.delete': postDelete,
  'log.blogpost.get': postGet,
  'log.blogpost.getusers.important': importantReaders,
  'log.blogpost.share': postShare,
  'log.blogcomment.add': commentAdd,
};
