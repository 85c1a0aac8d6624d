// Messages: im.message.add/update/delete/like, im.dialog.read/unread and sending Drive files to a
// chat (im.disk.file.commit), each from its page under api-reference/chats/messages/ and files/.
// Notifications: im.notify.personal.add, im.notify.system.add, im.notify.delete.
import { isRecord, pick, toBool, toList, toStr, type Params } from '../params.js';
import type { Chat, Message } from '../messenger.js';
import {
  actionUnavailable,
  canRead,
  chatFileObject,
  chatOf,
  chatOfDialog,
  dialogIdFor,
  dialogText,
  holds,
  imError,
  isMember,
  messageIdError,
  noDialogAccess,
  positiveId,
  userIdEmpty,
} from './im-common.js';
import type { CallContext, MethodHandler } from './types.js';

const attachMaxChars = 60_000;
const blockKinds = new Set(['MESSAGE', 'LINK', 'USER', 'GRID', 'IMAGE', 'FILE', 'DELIMITER']);

/**
 * ATTACH as the pages take it — an object with BLOCKS, a list of blocks, or either as JSON text —
 * checked as the attachments page describes: each block one known key (ATTACH_ERROR), at most
 * 60 000 characters as JSON (ATTACH_OVERSIZE). Undefined: no attachment; null: remove it.
 */
export function readAttach(raw: unknown): unknown {
  if (raw === undefined) return undefined;
  if (raw === '' || raw === 'N') return null;
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw imError('ATTACH_ERROR', 'Incorrect attach params');
    }
  }
  const blocks = Array.isArray(value) ? value : isRecord(value) ? toList(value.BLOCKS) : undefined;
  if (!blocks || blocks.length === 0) throw imError('ATTACH_ERROR', 'Incorrect attach params');
  for (const block of blocks) {
    if (!isRecord(block)) throw imError('ATTACH_ERROR', 'Incorrect attach params');
    const keys = Object.keys(block);
    if (keys.length !== 1 || !blockKinds.has(keys[0]!)) throw imError('ATTACH_ERROR', 'Incorrect attach params');
    const body = block[keys[0]!];
    const items = keys[0] === 'MESSAGE' ? [] : Array.isArray(body) ? body : [body];
    if (keys[0] === 'MESSAGE' ? typeof body !== 'string' || body === '' : items.some((item) => !isRecord(item))) throw imError('ATTACH_ERROR', 'Incorrect attach params');
    // IMAGE, FILE and LINK need their LINK (the block collection's required fields).
    if (['IMAGE', 'FILE', 'LINK'].includes(keys[0]!) && items.some((item) => !toStr((item as Params).LINK))) throw imError('ATTACH_ERROR', 'Incorrect attach params');
  }
  if (JSON.stringify(value).length > attachMaxChars) throw imError('ATTACH_OVERSIZE', 'You have exceeded the maximum allowable size of attach');
  return value;
}

/** KEYBOARD and MENU: an object or a list (JSON text allowed); the sandbox keeps no buttons but checks their form. */
function checkWidget(raw: unknown, code: string, text: string): void {
  if (raw === undefined || raw === '' || raw === 'N') return;
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw imError(code, text);
    }
  }
  if (!isRecord(value) && !Array.isArray(value)) throw imError(code, text);
}

const now = (ctx: CallContext) => Math.floor(ctx.nowSec);

// im.message.add — messages/im-message-add.md.
const messageAdd: MethodHandler = (params, ctx) => {
  const text = toStr(pick(params, 'MESSAGE')) ?? '';
  const attach = readAttach(pick(params, 'ATTACH'));
  checkWidget(pick(params, 'KEYBOARD'), 'KEYBOARD_ERROR', 'Incorrect keyboard params');
  checkWidget(pick(params, 'MENU'), 'MENU_ERROR', 'Incorrect menu params');
  if (!text.trim() && !attach) throw imError('MESSAGE_EMPTY', "Message can't be empty");
  const dialog = toStr(pick(params, 'DIALOG_ID'))?.trim() ?? '';
  let chat: Chat | undefined;
  if (/^(chat|sg)\d+$/.test(dialog)) {
    chat = chatOfDialog(dialog, ctx);
    if (!chat) throw imError('CHAT_ID', 'Ошибка при создании сообщения');
    if (!isMember(chat, ctx.userId) || !holds(chat, ctx.userId, chat.permissions.can_post)) throw actionUnavailable();
  } else {
    const userId = positiveId(dialog);
    if (userId === undefined) throw userIdEmpty();
    if (!ctx.state.users.get(userId)) throw imError('USER_NOT_FOUND', 'User not found');
    chat = chatOfDialog(String(userId), ctx)!;
  }
  const replyRaw = pick(params, 'REPLY_ID');
  let replyId = 0;
  if (replyRaw !== undefined && replyRaw !== '' && replyRaw !== 0 && replyRaw !== '0') {
    const reply = ctx.state.messenger.messages.get(positiveId(replyRaw) ?? 0);
    const replyChat = reply && ctx.state.messenger.chats.get(reply.chatId);
    if (!reply || !replyChat || !canRead(replyChat, ctx)) throw imError('REPLY_ACCESS_ERROR', 'Action unavailable');
    if (reply.chatId !== chat.id) throw imError('REPLY_FROM_OTHER_CHAT_ERROR', 'You can only reply to a message within the same chat');
    replyId = reply.id;
  }
  const system = toBool(pick(params, 'SYSTEM')) ?? false;
  // The text is kept exactly as sent: BB-codes, mentions, emoji.
  const message = ctx.state.messenger.addMessage({
    chatId: chat.id,
    authorId: system ? 0 : ctx.userId,
    date: now(ctx),
    text,
    attach: attach ?? null,
    replyId,
  });
  if (system) {
    const author = ctx.state.messenger.member(chat, ctx.userId);
    if (author) author.lastRead = message.id;
  }
  return { result: message.id };
};

/** The message of MESSAGE_ID, or the pages' MESSAGE_ID_ERROR. */
function messageOf(params: Params, ctx: CallContext): Message {
  const id = positiveId(pick(params, 'MESSAGE_ID'));
  const message = id === undefined ? undefined : ctx.state.messenger.messages.get(id);
  if (!message) throw messageIdError();
  return message;
}

// A refusal of rights, so 403 of the page's "400, 403" (DEVIATIONS.md).
const cantEdit = () => imError('CANT_EDIT_MESSAGE', "Time has expired for modification or you don't have access", 403);

/** Only the author edits a message; system messages are no one's. */
function editable(message: Message, ctx: CallContext): void {
  if (message.authorId === 0 || message.authorId !== ctx.userId) throw cantEdit();
}

// im.message.update — messages/im-message-update.md: an empty MESSAGE deletes the message.
const messageUpdate: MethodHandler = (params, ctx) => {
  const message = messageOf(params, ctx);
  const attach = readAttach(pick(params, 'ATTACH'));
  checkWidget(pick(params, 'KEYBOARD'), 'KEYBOARD_ERROR', 'Incorrect keyboard params');
  checkWidget(pick(params, 'MENU'), 'menu_ERROR', 'Incorrect menu params');
  editable(message, ctx);
  const text = pick(params, 'MESSAGE');
  if (text !== undefined && (toStr(text) ?? '') === '' && !(attach ?? message.attach)) {
    ctx.state.messenger.messages.delete(message.id);
    return { result: true };
  }
  if (text !== undefined) message.text = toStr(text) ?? '';
  if (attach !== undefined) message.attach = attach;
  const mark = toBool(pick(params, 'IS_EDITED')) ?? true;
  // The page: a changed text may be marked even with IS_EDITED = N; the sandbox marks it then.
  if (mark || text !== undefined) message.edited = true;
  return { result: true };
};

// im.message.delete — messages/im-message-delete.md: the author, or the chat's owner or a manager.
const messageDelete: MethodHandler = (params, ctx) => {
  const message = messageOf(params, ctx);
  const chat = ctx.state.messenger.chats.get(message.chatId);
  const mine = message.authorId !== 0 && message.authorId === ctx.userId;
  if (!mine && !(chat && chat.type !== 'PRIVATE' && holds(chat, ctx.userId, 'manager'))) throw cantEdit();
  ctx.state.messenger.messages.delete(message.id);
  return { result: true };
};

// im.message.like — messages/im-message-like.md.
const messageLike: MethodHandler = (params, ctx) => {
  const message = messageOf(params, ctx);
  const chat = ctx.state.messenger.chats.get(message.chatId);
  if (!chat || !canRead(chat, ctx)) throw messageIdError();
  const action = (toStr(pick(params, 'ACTION')) ?? 'auto').toLowerCase();
  const liked = message.likes.includes(ctx.userId);
  const want = action === 'plus' ? true : action === 'minus' ? false : !liked;
  if (want === liked) throw imError('WITHOUT_CHANGES', 'Action completed without changes');
  message.likes = want ? [...message.likes, ctx.userId] : message.likes.filter((id) => id !== ctx.userId);
  return { result: true };
};

/** The chat of a DIALOG_ID for read marks; the pages document only DIALOG_ID_EMPTY. */
function markedChat(params: Params, ctx: CallContext): Chat | undefined {
  const chat = chatOfDialog(dialogText(params), ctx);
  return chat && isMember(chat, ctx.userId) ? chat : undefined;
}

// im.dialog.read — messages/im-dialog-read.md: false for a chat the user is not in.
const dialogRead: MethodHandler = (params, ctx) => {
  const m = ctx.state.messenger;
  const chat = markedChat(params, ctx);
  if (!chat) return { result: false };
  const member = m.member(chat, ctx.userId)!;
  const upTo = positiveId(pick(params, 'MESSAGE_ID'));
  member.lastRead = Math.max(member.lastRead, upTo === undefined ? m.lastMessageOf(chat.id) : Math.min(upTo, m.lastMessageOf(chat.id)));
  return { result: { dialogId: dialogIdFor(chat, ctx.userId), chatId: chat.id, lastId: member.lastRead, counter: m.unreadCount(chat, ctx.userId) } };
};

// im.dialog.unread — messages/im-dialog-unread.md: MESSAGE_ID is the first unread message.
const dialogUnread: MethodHandler = (params, ctx) => {
  const first = positiveId(pick(params, 'MESSAGE_ID'));
  if (first === undefined) throw imError('MESSAGE_ID_ERROR', "First unread message id can't be empty");
  const chat = markedChat(params, ctx);
  if (!chat) return { result: false };
  const member = ctx.state.messenger.member(chat, ctx.userId)!;
  member.lastRead = Math.min(member.lastRead, first - 1);
  return { result: true };
};

// im.disk.file.commit — files/im-disk-file-commit.md: Drive files become a message of the chat;
// a file from elsewhere on the Drive is copied into the chat's folder.
const diskFileCommit: MethodHandler = (params, ctx) => {
  const chat = chatOf(params, ctx, { dialog: true });
  if (!chat || !isMember(chat, ctx.userId)) throw noDialogAccess();
  const raw = pick(params, 'FILE_ID') ?? pick(params, 'UPLOAD_ID');
  if (raw === undefined) throw imError('FILES_ERROR', 'List of files in not specified');
  const ids = (toList(raw) ?? []).map((v) => positiveId(v));
  const saveError = () => imError('SAVE_ERROR', 'Error during saving file to chat');
  if (ids.length === 0 || ids.some((id) => id === undefined)) throw saveError();
  const drive = ctx.state.drive;
  const actor = { userId: ctx.userId, ...(ctx.caller.appCode ? { appCode: ctx.caller.appCode } : {}) };
  const files = (ids as number[]).map((id) => {
    const file = drive.object(id, 'file');
    if (!file || file.DELETED_TYPE !== 0 || !drive.can(actor, id, 'read')) throw saveError();
    return file;
  });
  const folder = drive.folderForChat(chat.id, ctx.userId);
  chat.diskFolderId = folder.ID;
  const inChat = files.map((file) => (file.PARENT_ID === folder.ID ? file : drive.copy(file.ID, folder.ID, ctx.userId)));
  const message = ctx.state.messenger.addMessage({
    chatId: chat.id,
    authorId: ctx.userId,
    date: now(ctx),
    text: toStr(pick(params, 'MESSAGE')) ?? '',
    files: inChat.map((f) => f.ID),
  });
  const key = (id: number) => `upload${id}`;
  return {
    result: {
      FILES: Object.fromEntries(inChat.map((f) => [key(f.ID), chatFileObject(ctx, f.ID, chat.id)])),
      DISK_ID: inChat.map((f) => String(f.ID)),
      FILE_MODELS: Object.fromEntries(
        inChat.map((f) => [
          key(f.ID),
          {
            id: f.ID,
            name: f.NAME,
            createTime: {},
            updateTime: {},
            deleteTime: null,
            code: null,
            xmlId: null,
            storageId: f.STORAGE_ID,
            realObjectId: f.ID,
            parentId: f.PARENT_ID,
            deletedType: 0,
            createdBy: String(f.CREATED_BY),
            updatedBy: String(f.UPDATED_BY),
            deletedBy: '0',
            uniqueCode: `f${f.ID}`,
            typeFile: 2,
            globalContentVersion: f.GLOBAL_CONTENT_VERSION ?? 1,
            fileId: f.FILE_ID ?? 0,
            size: f.SIZE ?? 0,
            etag: `${f.FILE_ID ?? 0}-${f.GLOBAL_CONTENT_VERSION ?? 1}`,
            links: { download: `/bitrix/services/main/ajax.php?action=disk.file.download&SITE_ID=s1&fileId=${f.ID}` },
          },
        ]),
      ),
      MESSAGE_ID: message.id,
    },
  };
};

// im.notify.personal.add / im.notify.system.add — notifications/im-notify-*-add.md.
function notifyAdd(kind: 'personal' | 'system'): MethodHandler {
  return (params, ctx) => {
    const userId = positiveId(pick(params, 'USER_ID'));
    if (userId === undefined) throw userIdEmpty();
    // The pages: the text is trimmed before it is sent.
    const message = (toStr(pick(params, 'MESSAGE')) ?? '').trim();
    if (!message) throw imError('MESSAGE_EMPTY', "Message can't be empty");
    const attach = readAttach(pick(params, 'ATTACH'));
    // "If the notification is not created, false may come back": no such user.
    if (!ctx.state.users.get(userId)?.ACTIVE) return { result: false };
    const tag = toStr(pick(params, 'TAG')) ?? '';
    const clientId = ctx.caller.appCode ?? toStr(pick(params, 'CLIENT_ID')) ?? '';
    const m = ctx.state.messenger;
    // A tag is unique within an application: the older notifications with it go.
    if (tag) for (const n of [...m.notifications.values()]) if (n.tag === tag && n.clientId === clientId) m.notifications.delete(n.id);
    const notification = m.addNotification({
      userId,
      authorId: kind === 'system' ? 0 : ctx.userId,
      kind,
      message,
      messageOut: toStr(pick(params, 'MESSAGE_OUT')) ?? '',
      tag,
      subTag: toStr(pick(params, 'SUB_TAG')) ?? '',
      clientId,
      attach: attach ?? null,
      date: now(ctx),
    });
    return { result: notification.id };
  };
}

// im.notify.delete — notifications/im-notify-delete.md.
const notifyDelete: MethodHandler = (params, ctx) => {
  const m = ctx.state.messenger;
  const id = positiveId(pick(params, 'ID'));
  const tag = toStr(pick(params, 'TAG')) ?? '';
  const subTag = toStr(pick(params, 'SUB_TAG')) ?? '';
  if (id !== undefined) {
    const n = m.notifications.get(id);
    // The recipient or the sender may take a notification away.
    if (!n || (n.userId !== ctx.userId && n.authorId !== ctx.userId)) return { result: false };
    m.notifications.delete(id);
    return { result: true };
  }
  if (!tag && !subTag) throw imError('PARAMS_ERROR', 'Incorrect params');
  const clientId = ctx.caller.appCode ?? toStr(pick(params, 'CLIENT_ID')) ?? '';
  if (!clientId) throw imError('ACCESS_DENIED', 'Access denied! Client ID not specified');
  let deleted = false;
  for (const n of [...m.notifications.values()]) {
    if (n.clientId === clientId && ((tag && n.tag === tag) || (subTag && n.subTag === subTag))) deleted = m.notifications.delete(n.id) || deleted;
  }
  return { result: deleted };
};

export const messageMethods: Record<string, MethodHandler> = {
  'im.message.add': messageAdd,
  'im.message.update': messageUpdate,
  'im.message.delete': messageDelete,
  'im.message.like': messageLike,
  'im.dialog.read': dialogRead,
  'im.dialog.unread': dialogUnread,
  'im.disk.file.commit': diskFileCommit,
  'im.notify.personal.add': notifyAdd('personal'),
  'im.notify.system.add': notifyAdd('system'),
  'im.notify.delete': notifyDelete,
};
