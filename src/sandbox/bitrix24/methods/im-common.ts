// What the messenger's handlers share: the errors as the im.* pages word them, reading CHAT_ID and
// DIALOG_ID, who may see or change a chat, and the shapes of chats and messages in answers.
import { closeSync, openSync, readSync } from 'node:fs';
import { PortalError } from '../errors.js';
import { imageInfo } from '../image-size.js';
import { downloadUrl } from './disk.js';
import { isoDate } from '../dates.js';
import { pick, toInt, toStr, type Params } from '../params.js';
import type { Chat, ChatRole, Message, MessengerState } from '../messenger.js';
import type { CallContext } from './types.js';

/**
 * An im.* error. Pages that give a status per code are followed (im.chat.mute, im.dialog.get …);
 * the others say "400, 403" for the whole table: access codes answer 403, the rest 400
 * (DEVIATIONS.md).
 */
export function imError(code: string, description: string, status?: number): PortalError {
  return new PortalError(status ?? (code.startsWith('ACCESS') ? 403 : 400), code, description);
}

export const chatIdEmpty = (): PortalError => imError('CHAT_ID_EMPTY', "Chat ID can't be empty");
export const dialogIdEmpty = (): PortalError => imError('DIALOG_ID_EMPTY', "Dialog ID can't be empty");
export const userIdEmpty = (): PortalError => imError('USER_ID_EMPTY', "User ID can't be empty");
export const actionUnavailable = (): PortalError => imError('ACCESS_ERROR', 'Action unavailable');
export const noDialogAccess = (): PortalError => imError('ACCESS_ERROR', 'You do not have access to the specified dialog');
export const messageIdError = (): PortalError => imError('MESSAGE_ID_ERROR', "Message ID can't be empty");

/** The messenger's colours: code → the hex the answers show. */
export const colorHex: Record<string, string> = {
  RED: '#df532d',
  GREEN: '#29ad49',
  MINT: '#4ba984',
  LIGHT_BLUE: '#4ba5c3',
  DARK_BLUE: '#3e99ce',
  PURPLE: '#8474c8',
  AQUA: '#1eb4aa',
  PINK: '#f76187',
  LIME: '#58cc47',
  BROWN: '#ab7761',
  AZURE: '#29619b',
  KHAKI: '#728f7a',
  SAND: '#ba9c7b',
  MARENGO: '#556574',
  GRAY: '#909090',
  GRAPHITE: '#5d5d5d',
};

/** A positive ID from a parameter, or undefined ("chat15" is not a chat ID). */
export function positiveId(value: unknown): number | undefined {
  const n = toInt(value);
  return n !== undefined && n > 0 ? n : undefined;
}

/** The chat a `chatN` / `sgN` dialog names, or the private dialog with a user (made on first use, as a portal does). */
export function chatOfDialog(text: string, ctx: CallContext): Chat | undefined {
  const m = ctx.state.messenger;
  const group = /^(?:chat|sg)(\d+)$/.exec(text);
  if (group) return m.chats.get(Number(group[1]));
  const userId = /^\d+$/.test(text) ? Number(text) : 0;
  if (userId <= 0 || !ctx.state.users.get(userId)) return undefined;
  return (
    m.privateChat(ctx.userId, userId) ??
    m.addChat({
      type: 'PRIVATE',
      title: '',
      description: '',
      color: 'GRAY',
      owner: 0,
      members: userId === ctx.userId ? [userId] : [ctx.userId, userId],
      entityType: '',
      entityId: '',
      permissions: { manage_users_add: 'owner', manage_users_delete: 'owner', manage_ui: 'owner', manage_settings: 'owner', manage_messages: 'member', can_post: 'member' },
      dateCreate: Math.floor(ctx.nowSec),
    })
  );
}

/** DIALOG_ID as text, or the page's DIALOG_ID_EMPTY. */
export function dialogText(params: Params): string {
  const text = toStr(pick(params, 'DIALOG_ID'))?.trim() ?? '';
  if (!/^((chat|sg)\d+|\d+)$/.test(text)) throw dialogIdEmpty();
  return text;
}

/**
 * The chat of CHAT_ID, or of DIALOG_ID where a page allows it instead. `groupOnly` pages refuse a
 * private dialog's ID with DIALOG_ID_EMPTY. Undefined: no such chat.
 */
export function chatOf(params: Params, ctx: CallContext, options: { dialog?: boolean; groupOnly?: boolean } = {}): Chat | undefined {
  const rawChat = pick(params, 'CHAT_ID');
  if (options.dialog && (rawChat === undefined || rawChat === '') && pick(params, 'DIALOG_ID') !== undefined) {
    const text = dialogText(params);
    if (options.groupOnly && !text.startsWith('chat') && !text.startsWith('sg')) throw dialogIdEmpty();
    return chatOfDialog(text, ctx);
  }
  const chatId = positiveId(rawChat);
  if (chatId === undefined) throw chatIdEmpty();
  return ctx.state.messenger.chats.get(chatId);
}

export const isMember = (chat: Chat, userId: number): boolean => chat.members.some((m) => m.userId === userId);

/** Whether a user may read a chat: its members; an open chat, every employee. */
export function canRead(chat: Chat, ctx: CallContext): boolean {
  if (isMember(chat, ctx.userId)) return true;
  return chat.type === 'OPEN' && ctx.state.users.get(ctx.userId)?.USER_TYPE === 'employee';
}

/** Whether a user holds a role in a chat (a member; a manager or the owner; the owner). */
export function holds(chat: Chat, userId: number, role: ChatRole): boolean {
  if (!isMember(chat, userId)) return false;
  if (role === 'member') return true;
  if (role === 'owner') return chat.owner === userId;
  return chat.owner === userId || chat.managers.includes(userId);
}

/** The ID of a dialog as the user sees it: `chatN`, or the other person's ID in a private dialog. */
export function dialogIdFor(chat: Chat, userId: number): string {
  if (chat.type !== 'PRIVATE') return `chat${chat.id}`;
  const other = chat.members.find((m) => m.userId !== userId) ?? chat.members[0];
  return String(other?.userId ?? 0);
}

/** The messages of a chat a user may see (a member who joined with the history hidden sees only what came after). */
export function visibleMessages(m: MessengerState, chat: Chat, userId: number): Message[] {
  const hidden = m.member(chat, userId)?.hiddenBefore ?? 0;
  return m.messagesOf(chat.id).filter((msg) => msg.id > hidden);
}

/** A message's `params`: reactions, system code, edit mark, attachment, files, reply; [] when none (PHP's empty array). */
export function messageParams(message: Message): unknown {
  const params: Record<string, unknown> = {};
  if (message.likes.length > 0) params.LIKE = [...message.likes];
  if (message.code) {
    params.CODE = [message.code];
    params.NOTIFY = 'N';
  }
  if (message.edited) params.IS_EDITED = 'Y';
  if (message.attach !== null && message.attach !== undefined) params.ATTACH = [message.attach];
  if (message.files.length > 0) params.FILE_ID = [...message.files];
  if (message.replyId > 0) params.REPLY_ID = message.replyId;
  return Object.keys(params).length > 0 ? params : [];
}

/** A message as im.dialog.messages.get shows it to `userId`. */
export function formatMessage(m: MessengerState, chat: Chat, message: Message, userId: number): Record<string, unknown> {
  let unread: boolean;
  if (message.authorId === userId) {
    // Own messages are unread while no one else has read them.
    unread = !chat.members.some((x) => x.userId !== userId && x.lastRead >= message.id);
  } else {
    unread = message.id > (m.member(chat, userId)?.lastRead ?? Number.MAX_SAFE_INTEGER);
  }
  return {
    id: message.id,
    chat_id: message.chatId,
    author_id: message.authorId,
    date: isoDate(message.date),
    text: message.text,
    unread,
    uuid: message.uuid,
    replaces: [],
    params: messageParams(message),
    disappearing_date: null,
  };
}

/** An image file's pixel size, read from its first bytes on the Drive. */
function imageSize(ctx: CallContext, fileId: number): { width: number; height: number } | undefined {
  try {
    const fd = openSync(ctx.state.drive.pathOf(fileId), 'r');
    try {
      const head = Buffer.alloc(64 * 1024);
      const read = readSync(fd, head, 0, head.length, 0);
      return imageInfo(head.subarray(0, read));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

const imageExtensions = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp']);

/** A Drive file as the messenger shows it in a chat (im.dialog.messages.get `files`, im.disk.file.commit `FILES`). */
export function chatFileObject(ctx: CallContext, fileId: number, chatId: number): Record<string, unknown> | undefined {
  const file = ctx.state.drive.object(fileId, 'file');
  if (!file) return undefined;
  const extension = file.NAME.includes('.') ? file.NAME.split('.').pop()!.toLowerCase() : '';
  const type = imageExtensions.has(extension) ? 'image' : 'file';
  // The Drive's own signed link: it serves the file's bytes to this caller.
  const download = downloadUrl(ctx, { id: file.ID, service: 'file' });
  const author = ctx.state.users.get(file.CREATED_BY);
  const size = type === 'image' ? imageSize(ctx, file.ID) : undefined;
  return {
    id: file.ID,
    chatId,
    date: isoDate(file.CREATE_TIME),
    type,
    name: file.NAME,
    extension,
    size: file.SIZE ?? 0,
    image: size ? { height: size.height, width: size.width } : false,
    status: 'done',
    progress: 100,
    authorId: file.CREATED_BY,
    authorName: author ? `${author.NAME} ${author.LAST_NAME}` : '',
    urlPreview: type === 'image' ? download : '',
    urlShow: download,
    urlDownload: download,
    viewerAttrs: {
      viewer: '',
      viewerType: type === 'image' ? 'image' : 'document',
      src: download,
      viewerResized: '',
      objectId: String(file.ID),
      viewerGroupBy: String(chatId),
      imChatId: chatId,
      title: file.NAME,
      actions: '[{"type":"download"}]',
    },
    mediaUrl: [],
    isTranscribable: false,
    isVideoNote: false,
    isVoiceNote: false,
  };
}
