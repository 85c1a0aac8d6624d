// Chats and dialogs: im.chat.*, im.dialog.* (but read/unread, messages.js), im.user.list.get,
// im.user.status.*, each from its page under api-reference/chats/. Errors: im-common.ts.
import { isoDate } from '../dates.js';
import { imageInfo } from '../image-size.js';
import { pick, toBool, toInt, toList, toStr, type Params } from '../params.js';
import type { Chat, UserStatus } from '../messenger.js';
import { imUser } from './users.js';
import {
  actionUnavailable,
  canRead,
  chatIdEmpty,
  chatOf,
  chatOfDialog,
  chatFileObject,
  colorHex,
  dialogIdFor,
  dialogText,
  formatMessage,
  holds,
  imError,
  isMember,
  noDialogAccess,
  positiveId,
  userIdEmpty,
  visibleMessages,
} from './im-common.js';
import type { CallContext, MethodHandler } from './types.js';

const now = (ctx: CallContext) => Math.floor(ctx.nowSec);
const userName = (ctx: CallContext, id: number) => {
  const u = ctx.state.users.get(id);
  return u ? `${u.NAME} ${u.LAST_NAME}`.trim() : '';
};

/** A system line in the chat's history, as the portal writes one on joins and leaves. */
function systemLine(ctx: CallContext, chat: Chat, text: string, code: string): void {
  ctx.state.messenger.addMessage({ chatId: chat.id, authorId: 0, date: now(ctx), text, code });
}

const mention = (ctx: CallContext, id: number) => `[USER=${id} REPLACE]${userName(ctx, id)}[/USER]`;

/** User IDs of a list parameter (array, PHP map, JSON text); unknown or inactive users are left out. */
function userIds(ctx: CallContext, raw: unknown): number[] {
  const ids = (toList(raw) ?? []).map((v) => positiveId(v)).filter((v): v is number => v !== undefined);
  return [...new Set(ids)].filter((id) => ctx.state.users.get(id)?.ACTIVE);
}

// im.chat.add — api-reference/chats/im-chat-add.md: no own errors; every parameter optional.
const chatAdd: MethodHandler = (params, ctx) => {
  const m = ctx.state.messenger;
  const type = toStr(pick(params, 'TYPE'))?.toUpperCase() === 'OPEN' ? 'OPEN' : 'CHAT';
  const members = userIds(ctx, pick(params, 'USERS')).filter((id) => id !== ctx.userId);
  const colorCode = toStr(pick(params, 'COLOR'))?.toUpperCase() ?? '';
  const color = colorHex[colorCode] ? colorCode : Object.keys(colorHex)[(m.chats.size + 1) % Object.keys(colorHex).length]!;
  let title = toStr(pick(params, 'TITLE'))?.trim() ?? '';
  // The page's automatic titles: "Чат с #USERS_NAMES#", or "#COLOR# чат №#NUMBER#" for a chat of one.
  if (!title) title = members.length > 0 ? `Чат с ${members.slice(0, 3).map((id) => userName(ctx, id)).join(', ')}` : `Новый чат №${m.chats.size + 1}`;
  const chat = m.addChat({
    type,
    title,
    description: toStr(pick(params, 'DESCRIPTION')) ?? '',
    color,
    owner: ctx.userId,
    members,
    entityType: toStr(pick(params, 'ENTITY_TYPE')) ?? '',
    entityId: toStr(pick(params, 'ENTITY_ID')) ?? '',
    permissions: { manage_users_add: 'member', manage_users_delete: 'manager', manage_ui: 'member', manage_settings: 'owner', manage_messages: 'member', can_post: 'member' },
    dateCreate: now(ctx),
  });
  const avatar = toStr(pick(params, 'AVATAR'));
  if (avatar) {
    const bytes = new Uint8Array(Buffer.from(avatar, 'base64'));
    if (imageInfo(bytes)) chat.avatar = bytes;
  }
  systemLine(ctx, chat, `${mention(ctx, ctx.userId)} создал чат «${chat.title}»`, 'CHAT_JOIN');
  const first = toStr(pick(params, 'MESSAGE'));
  if (first && first.trim()) m.addMessage({ chatId: chat.id, authorId: ctx.userId, date: now(ctx), text: first });
  return { result: chat.id };
};

// im.chat.user.list — chat-users/im-chat-user-list.md: an empty list for who may not see the members.
const chatUserList: MethodHandler = (params, ctx) => {
  const chat = chatOf(params, ctx);
  if (!chat) throw actionUnavailable();
  return { result: canRead(chat, ctx) ? chat.members.map((x) => x.userId) : [] };
};

// im.chat.leave — chat-users/im-chat-leave.md.
const chatLeave: MethodHandler = (params, ctx) => {
  const chat = chatOf(params, ctx);
  if (!chat) throw actionUnavailable();
  if (chat.type === 'PRIVATE') throw imError('ACCESS_ERROR', 'It is forbidden to delete users of this chat');
  if (!isMember(chat, ctx.userId)) throw imError('ACCESS_DENIED_KICK', 'Access denied to kick user from chat');
  removeMember(ctx, chat, ctx.userId);
  systemLine(ctx, chat, `${mention(ctx, ctx.userId)} покинул чат`, 'CHAT_LEAVE');
  return { result: true };
};

/** Takes a user out; an owner who goes hands the chat to the member who joined first (a manager first). */
function removeMember(ctx: CallContext, chat: Chat, userId: number): void {
  chat.members = chat.members.filter((x) => x.userId !== userId);
  chat.managers = chat.managers.filter((id) => id !== userId);
  if (chat.owner === userId) {
    const heir = chat.members.find((x) => chat.managers.includes(x.userId)) ?? chat.members[0];
    chat.owner = heir?.userId ?? 0;
    if (heir && !chat.managers.includes(heir.userId)) chat.managers.push(heir.userId);
  }
  void ctx;
}

// im.user.list.get — users/im-user-list-get.md.
const userListGet: MethodHandler = (params, ctx) => {
  const list = toList(pick(params, 'ID'));
  const ids = list?.map((v) => positiveId(v));
  if (!ids || ids.length === 0 || ids.some((v) => v === undefined)) throw imError('INVALID_FORMAT', 'A wrong format for the ID field is passed');
  const users = [...new Set(ids as number[])].map((id) => ctx.state.users.get(id)).filter((u) => u !== undefined);
  const rows = users.map((u) => imUser(u, ctx.nowSec));
  if (toStr(pick(params, 'RESULT_TYPE')) === 'array') return { result: rows, rows: rows.length };
  return { result: rows.length > 0 ? Object.fromEntries(rows.map((r) => [String(r.id), r])) : [], rows: rows.length };
};

// im.chat.user.add — chat-users/im-chat-user-add.md.
const chatUserAdd: MethodHandler = (params, ctx) => {
  const chat = chatOf(params, ctx);
  if (!chat) throw actionUnavailable();
  if (chat.type === 'PRIVATE') throw imError('ACCESS_ERROR', 'It is forbidden to add users to this chat');
  if (!isMember(chat, ctx.userId)) throw actionUnavailable();
  if (!holds(chat, ctx.userId, chat.permissions.manage_users_add)) throw imError('ACCESS_DENIED_EXTEND', 'Недостаточно прав на добавление участников в чат');
  const users = userIds(ctx, pick(params, 'USERS'));
  // Hidden by default, as the page says (HIDE_HISTORY: Y).
  const hide = toBool(pick(params, 'HIDE_HISTORY')) ?? true;
  const added = users.filter((id) => ctx.state.messenger.join(chat, id, now(ctx), hide));
  if (added.length > 0) systemLine(ctx, chat, `${mention(ctx, ctx.userId)} пригласил в чат ${added.map((id) => mention(ctx, id)).join(', ')}`, 'CHAT_JOIN');
  return { result: true };
};

// im.chat.user.delete — chat-users/im-chat-user-delete.md.
const chatUserDelete: MethodHandler = (params, ctx) => {
  const chat = chatOf(params, ctx);
  const userId = positiveId(pick(params, 'USER_ID'));
  if (userId === undefined) throw userIdEmpty();
  if (!chat) throw actionUnavailable();
  if (chat.type === 'PRIVATE') throw imError('ACCESS_ERROR', 'It is forbidden to delete users of this chat');
  if (!isMember(chat, ctx.userId)) throw actionUnavailable();
  if (userId !== ctx.userId && !holds(chat, ctx.userId, chat.permissions.manage_users_delete)) {
    throw imError('ACCESS_DENIED_KICK', 'Недостаточно прав на исключение участников из чата');
  }
  if (!isMember(chat, userId)) throw imError('USER_NOT_FOUND', 'Указанный пользователь не состоит в чате');
  // The owner cannot be put out by others.
  if (userId === chat.owner && userId !== ctx.userId) throw imError('ACCESS_DENIED_KICK', 'Недостаточно прав на исключение участников из чата');
  removeMember(ctx, chat, userId);
  systemLine(ctx, chat, `${mention(ctx, ctx.userId)} исключил из чата ${mention(ctx, userId)}`, 'CHAT_LEAVE');
  return { result: true };
};

/** The chat of an update method (CHAT_ID or a group DIALOG_ID) that the caller may style. */
function styledChat(params: Params, ctx: CallContext, forbidden: string): Chat {
  const chat = chatOf(params, ctx, { dialog: true, groupOnly: true });
  if (!chat || !isMember(chat, ctx.userId)) throw actionUnavailable();
  if (chat.type === 'PRIVATE' || chat.entityType === 'SONET_GROUP') throw imError('ACCESS_ERROR', forbidden);
  if (!holds(chat, ctx.userId, chat.permissions.manage_ui)) throw actionUnavailable();
  return chat;
}

// im.chat.updateTitle — chat-update/im-chat-update-title.md.
const updateTitle: MethodHandler = (params, ctx) => {
  const title = toStr(pick(params, 'TITLE'))?.trim() ?? '';
  if (!title) {
    chatOf(params, ctx, { dialog: true, groupOnly: true });
    throw imError('TITLE_EMPTY', "Title can't be empty");
  }
  const chat = styledChat(params, ctx, 'This chat cannot be renamed');
  if (chat.title !== title) {
    chat.title = title;
    systemLine(ctx, chat, `${mention(ctx, ctx.userId)} изменил название чата на «${title}»`, 'CHAT_RENAME');
  }
  return { result: true };
};

// im.chat.updateColor — chat-update/im-chat-update-color.md.
const updateColor: MethodHandler = (params, ctx) => {
  const raw = pick(params, 'CHAT_ID') ?? pick(params, 'DIALOG_ID');
  const code = toStr(pick(params, 'COLOR'))?.toUpperCase() ?? '';
  if (!colorHex[code]) {
    chatOf(params, ctx, { dialog: true, groupOnly: true });
    throw imError('WRONG_COLOR', 'This color currently unavailable');
  }
  const chat = chatOf(params, ctx, { dialog: true, groupOnly: true });
  if (!chat) throw imError('WRONG_REQUEST', "This color currently set or chat isn't exists");
  void raw;
  const styled = styledChat(params, ctx, 'Action unavailable');
  if (styled.color === code) throw imError('WRONG_REQUEST', "This color currently set or chat isn't exists");
  styled.color = code;
  return { result: true };
};

// im.chat.updateAvatar — chat-update/im-chat-update-avatar.md.
const updateAvatar: MethodHandler = (params, ctx) => {
  const chat = chatOf(params, ctx, { dialog: true, groupOnly: true });
  if (!chat) throw imError('WRONG_REQUEST', "Chat isn't exists");
  if (!isMember(chat, ctx.userId)) throw actionUnavailable();
  if (chat.type === 'PRIVATE' || chat.entityType === 'SONET_GROUP') throw imError('ACCESS_ERROR', 'The avatar of this chat cannot be changed');
  if (!holds(chat, ctx.userId, chat.permissions.manage_ui)) throw imError('ACCESS_DENIED', 'Access denied');
  const text = toStr(pick(params, 'AVATAR')) ?? '';
  const bytes = new Uint8Array(Buffer.from(text.replace(/^data:[^,]*,/, ''), 'base64'));
  const info = imageInfo(bytes);
  if (!info) throw imError('AVATAR_ERROR', 'Avatar incorrect type');
  if (info.width > 5000 || info.height > 5000) throw imError('AVATAR_ERROR', 'Avatar incorrect size (max 5000x5000)');
  chat.avatar = bytes;
  return { result: true };
};

// im.chat.setOwner — chat-update/im-chat-set-owner.md.
const setOwner: MethodHandler = (params, ctx) => {
  const chat = chatOf(params, ctx, { dialog: true, groupOnly: true });
  const userId = positiveId(pick(params, 'USER_ID'));
  if (userId === undefined) throw userIdEmpty();
  if (!chat || !isMember(chat, ctx.userId) || chat.type === 'PRIVATE') throw actionUnavailable();
  if (chat.owner !== ctx.userId || !isMember(chat, userId)) {
    throw imError('WRONG_REQUEST', 'Change owner can only owner and user must be member in chat');
  }
  chat.owner = userId;
  if (!chat.managers.includes(userId)) chat.managers.push(userId);
  return { result: true };
};

// im.chat.mute — special-operations/im-chat-mute.md (statuses per code on the page).
const chatMute: MethodHandler = (params, ctx) => {
  const rawChat = pick(params, 'CHAT_ID');
  let chat: Chat | undefined;
  if ((rawChat === undefined || rawChat === '') && pick(params, 'DIALOG_ID') !== undefined) {
    chat = chatOfDialog(dialogText(params), ctx);
  } else {
    const id = positiveId(rawChat);
    if (id === undefined) throw chatIdEmpty();
    chat = ctx.state.messenger.chats.get(id);
  }
  const member = chat && ctx.state.messenger.member(chat, ctx.userId);
  if (!member) throw imError('ACCESS_ERROR', 'This chat cannot be muted', 403);
  member.muted = (toStr(pick(params, 'MUTE')) ?? 'Y').toUpperCase() !== 'N';
  return { result: true };
};

/** The chat of a DIALOG_ID that the caller may read, or the pages' DIALOG_ID_EMPTY / ACCESS_ERROR. */
function readableDialog(params: Params, ctx: CallContext): Chat {
  const chat = chatOfDialog(dialogText(params), ctx);
  if (!chat) throw imError('DIALOG_ID_EMPTY', "Dialog ID can't be empty");
  if (!canRead(chat, ctx)) throw noDialogAccess();
  return chat;
}

// im.dialog.messages.get — messages/im-dialog-messages-get.md.
const dialogMessagesGet: MethodHandler = (params, ctx) => {
  const m = ctx.state.messenger;
  const chat = readableDialog(params, ctx);
  const readId = (name: 'FIRST_ID' | 'LAST_ID', code: string, text: string): number | undefined => {
    const raw = pick(params, name);
    if (raw === undefined || raw === '') return undefined;
    const n = toInt(raw);
    if (n === undefined) throw imError(code, text);
    return n;
  };
  const firstId = readId('FIRST_ID', 'FIRST_ID_STRING', "First ID can't be string");
  const lastId = readId('LAST_ID', 'LAST_ID_STRING', "Last ID can't be string");
  const limitRaw = toInt(pick(params, 'LIMIT'));
  const limit = limitRaw === undefined || limitRaw <= 0 ? 20 : Math.min(limitRaw, 50);
  let list = visibleMessages(m, chat, ctx.userId);
  // An ID that is no message of the chat gives empty lists (the page's note).
  const known = (id: number) => list.some((x) => x.id === id);
  if (firstId !== undefined && firstId > 0) list = known(firstId) ? list.filter((x) => x.id > firstId).slice(0, limit) : [];
  else if (lastId !== undefined && lastId > 0) list = known(lastId) ? list.filter((x) => x.id < lastId).slice(-limit) : [];
  else list = list.slice(-limit);
  list.sort((a, b) => b.id - a.id);
  const authors = [...new Set(list.map((x) => x.authorId).filter((id) => id > 0))];
  return {
    result: {
      chat_id: chat.id,
      messages: list.map((x) => formatMessage(m, chat, x, ctx.userId)),
      users: authors.map((id) => ctx.state.users.get(id)).filter((u) => u !== undefined).map((u) => imUser(u, ctx.nowSec)),
      files: list.flatMap((x) => x.files).map((id) => chatFileObject(ctx, id, chat.id)).filter((f) => f !== undefined),
    },
    rows: list.length,
  };
};

const roleOf = (chat: Chat, userId: number): string =>
  chat.owner === userId ? 'owner' : chat.managers.includes(userId) ? 'manager' : isMember(chat, userId) ? 'member' : 'guest';

/** A chat as im.dialog.get describes it to the caller. */
function describeChat(ctx: CallContext, chat: Chat): Record<string, unknown> {
  const m = ctx.state.messenger;
  const me = m.member(chat, ctx.userId);
  const last = m.lastMessageOf(chat.id);
  const unread = visibleMessages(m, chat, ctx.userId).filter((x) => me && x.id > me.lastRead && x.authorId !== ctx.userId);
  const isPrivate = chat.type === 'PRIVATE';
  const other = isPrivate ? chat.members.find((x) => x.userId !== ctx.userId) ?? chat.members[0] : undefined;
  const group = !isPrivate && chat.entityType !== 'SONET_GROUP';
  return {
    id: chat.id,
    parent_chat_id: 0,
    parent_message_id: 0,
    name: isPrivate ? userName(ctx, other?.userId ?? 0) : chat.title,
    description: chat.description,
    owner: chat.owner,
    extranet: chat.members.some((x) => ctx.state.users.get(x.userId)?.USER_TYPE === 'extranet'),
    avatar: chat.avatar ? `/upload/im/avatar/chat${chat.id}.png` : '',
    color: colorHex[chat.color] ?? '#909090',
    type: isPrivate ? 'private' : chat.type === 'OPEN' ? 'open' : chat.entityType ? chat.entityType.toLowerCase() : 'chat',
    counter: unread.length,
    user_counter: chat.members.length,
    message_count: m.messagesOf(chat.id).length,
    unread_id: unread[0]?.id ?? 0,
    restrictions: {
      avatar: group,
      rename: group,
      extend: group,
      call: true,
      mute: true,
      leave: group,
      leave_owner: group,
      send: holds(chat, ctx.userId, chat.permissions.can_post),
      user_list: true,
      path: '',
      path_title: '',
    },
    last_message_id: last,
    last_id: last,
    marked_id: 0,
    disk_folder_id: chat.diskFolderId,
    entity_type: chat.entityType,
    entity_id: chat.entityId,
    entity_data_1: '',
    entity_data_2: '',
    entity_data_3: '',
    mute_list: chat.members.filter((x) => x.muted).map((x) => x.userId),
    date_create: isoDate(chat.dateCreate),
    message_type: isPrivate ? 'P' : chat.type === 'OPEN' ? 'O' : 'C',
    public: '',
    role: roleOf(chat, ctx.userId),
    entity_link: { type: '', url: '', id: '' },
    text_field_enabled: true,
    background_id: null,
    permissions: { ...chat.permissions },
    is_new: false,
    readed_list: chat.members
      .filter((x) => x.userId !== ctx.userId)
      .map((x) => {
        const read = m.messages.get(x.lastRead);
        return { user_id: x.userId, user_name: userName(ctx, x.userId), message_id: x.lastRead, date: read ? isoDate(read.date) : null };
      }),
    manager_list: [...chat.managers],
    last_message_views: { message_id: last, first_viewers: [], count_of_viewers: chat.members.filter((x) => x.userId !== ctx.userId && x.lastRead >= last && last > 0).length },
    dialog_id: dialogIdFor(chat, ctx.userId),
  };
}

// im.dialog.get — im-dialog-get.md.
const dialogGet: MethodHandler = (params, ctx) => ({ result: describeChat(ctx, readableDialog(params, ctx)) });

// im.dialog.users.list — chat-users/im-dialog-users-list.md: pages by LIMIT (50, at most 200) and OFFSET or LAST_ID.
const dialogUsersList: MethodHandler = (params, ctx) => {
  const text = dialogText(params);
  const chat = chatOfDialog(text, ctx);
  if (!chat) throw imError('DIALOG_ID_EMPTY', "Dialog ID can't be empty");
  if (!canRead(chat, ctx)) throw imError('ACCESS_ERROR', text.startsWith('chat') || text.startsWith('sg') ? "You don't have access to this chat" : 'You do not have access to the specified dialog');
  const limitRaw = toInt(pick(params, 'LIMIT'));
  const limit = limitRaw === undefined || limitRaw <= 0 ? 50 : Math.min(limitRaw, 200);
  const offset = Math.max(0, toInt(pick(params, 'OFFSET')) ?? 0);
  const lastId = toInt(pick(params, 'LAST_ID'));
  let users = chat.members.map((x) => ctx.state.users.get(x.userId)).filter((u) => u !== undefined);
  users.sort((a, b) => a.ID - b.ID);
  if (lastId !== undefined && lastId > 0) users = users.filter((u) => u.ID > lastId);
  const page = users.slice(offset, offset + limit);
  return {
    result: page.map((u) => imUser(u, ctx.nowSec)),
    total: users.length,
    ...(offset + limit < users.length ? { next: offset + limit } : {}),
    rows: page.length,
  };
};

// im.dialog.writing — messages/im-dialog-writing.md: the notice is accepted and remembered.
const dialogWriting: MethodHandler = (params, ctx) => {
  const text = dialogText(params);
  const chat = chatOfDialog(text, ctx);
  if (!chat || !isMember(chat, ctx.userId)) throw actionUnavailable();
  ctx.state.messenger.typing.push({ userId: ctx.userId, dialogId: text, at: ctx.nowSec });
  return { result: true };
};

const statuses: readonly UserStatus[] = ['online', 'dnd', 'away', 'break'];

// im.user.status.get / .set — users/im-user-status-get.md, im-user-status-set.md.
const statusGet: MethodHandler = (_params, ctx) => ({ result: ctx.state.messenger.statuses.get(ctx.userId) ?? false });

const statusSet: MethodHandler = (params, ctx) => {
  const status = toStr(pick(params, 'STATUS')) ?? '';
  if (!statuses.includes(status as UserStatus)) throw imError('STATUS_ERROR', 'Status is not available');
  ctx.state.messenger.statuses.set(ctx.userId, status as UserStatus);
  return { result: true };
};

// im.dialog.read.all — special-operations/im-dialog-read-all.md.
const readAll: MethodHandler = (_params, ctx) => {
  const m = ctx.state.messenger;
  for (const chat of m.chats.values()) {
    const member = m.member(chat, ctx.userId);
    if (member) member.lastRead = Math.max(member.lastRead, m.lastMessageOf(chat.id));
  }
  return { result: true };
};

// im.disk.folder.get — files/im-disk-folder-get.md: the chat's folder in the Drive's im storage, made on first use.
const diskFolderGet: MethodHandler = (params, ctx) => {
  const chat = chatOf(params, ctx, { dialog: true });
  if (!chat || !canRead(chat, ctx)) throw noDialogAccess();
  const folder = ctx.state.drive.folderForChat(chat.id, ctx.userId);
  chat.diskFolderId = folder.ID;
  return { result: { ID: folder.ID } };
};

export const chatMethods: Record<string, MethodHandler> = {
  'im.chat.add': chatAdd,
  'im.chat.user.list': chatUserList,
  'im.chat.leave': chatLeave,
  'im.user.list.get': userListGet,
  'im.chat.user.add': chatUserAdd,
  'im.chat.user.delete': chatUserDelete,
  'im.chat.updatetitle': updateTitle,
  'im.chat.updatecolor': updateColor,
  'im.chat.updateavatar': updateAvatar,
  'im.chat.setowner': setOwner,
  'im.chat.mute': chatMute,
  'im.dialog.messages.get': dialogMessagesGet,
  'im.dialog.get': dialogGet,
  'im.dialog.users.list': dialogUsersList,
  'im.dialog.writing': dialogWriting,
  'im.user.status.get': statusGet,
  'im.user.status.set': statusSet,
  'im.dialog.read.all': readAll,
  'im.disk.folder.get': diskFolderGet,
};
