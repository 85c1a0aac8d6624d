// The messenger's data: chats (group chats and private dialogs) with members, owners and
// permissions; messages with their history, reactions and each member's read position; typing
// notices; users' statuses; notifications. Seeded with the company's chats, linked to the seeded
// users and departments.
import { SeededRandom } from '../common/random.js';
import type { PortalState } from './state.js';

export type ChatType = 'CHAT' | 'OPEN' | 'PRIVATE';

/** Who may do a thing in a chat, as im.dialog.get's `permissions` say: every member, managers (and the owner), the owner. */
export type ChatRole = 'member' | 'manager' | 'owner';

export interface ChatMember {
  userId: number;
  /** The last message the member has read (0: none). */
  lastRead: number;
  /** Messages up to this ID stay hidden from the member (HIDE_HISTORY on joining). */
  hiddenBefore: number;
  joinedAt: number;
  muted: boolean;
}

export interface Chat {
  id: number;
  type: ChatType;
  title: string;
  description: string;
  /** One of the documented colour codes (RED, MINT …). */
  color: string;
  /** The avatar's bytes (im.chat.updateAvatar), or null. */
  avatar: Uint8Array | null;
  owner: number;
  managers: number[];
  /** In joining order. */
  members: ChatMember[];
  entityType: string;
  entityId: string;
  permissions: { manage_users_add: ChatRole; manage_users_delete: ChatRole; manage_ui: ChatRole; manage_settings: ChatRole; manage_messages: ChatRole; can_post: ChatRole };
  dateCreate: number;
  /** The chat's folder on the Drive, made on the first im.disk.folder.get; 0 until then. */
  diskFolderId: number;
}

export interface Message {
  id: number;
  chatId: number;
  /** 0 for a system message. */
  authorId: number;
  date: number;
  text: string;
  attach: unknown;
  /** Users who like the message. */
  likes: number[];
  /** System events (CHAT_JOIN, CHAT_LEAVE …). */
  code: string | null;
  edited: boolean;
  replyId: number;
  /** Drive file IDs sent with the message (im.disk.file.commit). */
  files: number[];
  uuid: string | null;
}

export interface Notification {
  id: number;
  userId: number;
  /** 0 for a system notification. */
  authorId: number;
  kind: 'personal' | 'system';
  message: string;
  messageOut: string;
  tag: string;
  subTag: string;
  /** The application the notification belongs to (its client ID), '' for none. */
  clientId: string;
  attach: unknown;
  date: number;
  read: boolean;
}

export type UserStatus = 'online' | 'dnd' | 'away' | 'break';

let uuidCounter = 0;
/** A message's UUID: random-looking, from a counter, so that seeded data stay the same. */
function nextUuid(seed: number): string {
  uuidCounter += 1;
  const hex = (n: number, width: number) => (n >>> 0).toString(16).padStart(width, '0').slice(-width);
  const a = Math.imul(seed ^ uuidCounter, 0x9e3779b1);
  const b = Math.imul(a ^ (a >>> 15), 0x85ebca6b);
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(b >>> 8, 3)}-a${hex(a >>> 4, 3)}-${hex(a ^ b, 8)}${hex(b >>> 16, 4)}`;
}

export class MessengerState {
  readonly chats = new Map<number, Chat>();
  readonly messages = new Map<number, Message>();
  readonly notifications = new Map<number, Notification>();
  readonly statuses = new Map<number, UserStatus>();
  /** Typing notices accepted by im.dialog.writing, newest last: who, where, when. */
  readonly typing: { userId: number; dialogId: string; at: number }[] = [];
  private lastChat = 0;
  private lastMessage = 0;
  private lastNotification = 0;

  clear(): void {
    this.chats.clear();
    this.messages.clear();
    this.notifications.clear();
    this.statuses.clear();
    this.typing.length = 0;
    this.lastChat = 0;
    this.lastMessage = 0;
    this.lastNotification = 0;
    uuidCounter = 0;
  }

  addChat(init: Omit<Chat, 'id' | 'members' | 'managers' | 'diskFolderId' | 'avatar'> & { members: number[] }): Chat {
    this.lastChat += 1;
    const chat: Chat = {
      ...init,
      id: this.lastChat,
      avatar: null,
      managers: init.type === 'PRIVATE' ? [] : [init.owner],
      members: [],
      diskFolderId: 0,
    };
    for (const userId of init.owner ? [init.owner, ...init.members] : init.members) this.join(chat, userId, init.dateCreate, false);
    this.chats.set(chat.id, chat);
    return chat;
  }

  join(chat: Chat, userId: number, at: number, hideHistory: boolean): boolean {
    if (chat.members.some((m) => m.userId === userId)) return false;
    chat.members.push({ userId, lastRead: this.lastMessageOf(chat.id), hiddenBefore: hideHistory ? this.lastMessageOf(chat.id) : 0, joinedAt: at, muted: false });
    return true;
  }

  member(chat: Chat, userId: number): ChatMember | undefined {
    return chat.members.find((m) => m.userId === userId);
  }

  /** The private dialog of two users, if they have one. */
  privateChat(a: number, b: number): Chat | undefined {
    for (const chat of this.chats.values()) {
      if (chat.type !== 'PRIVATE') continue;
      const ids = chat.members.map((m) => m.userId);
      if (ids.includes(a) && ids.includes(b) && (a !== b || ids.length === 1)) return chat;
    }
    return undefined;
  }

  addMessage(init: Omit<Message, 'id' | 'likes' | 'edited' | 'files' | 'uuid' | 'replyId' | 'code' | 'attach'> & Partial<Pick<Message, 'attach' | 'code' | 'replyId' | 'files'>>): Message {
    this.lastMessage += 1;
    const message: Message = {
      attach: null,
      code: null,
      replyId: 0,
      files: [],
      ...init,
      id: this.lastMessage,
      likes: [],
      edited: false,
      uuid: init.authorId === 0 ? null : nextUuid(this.lastMessage),
    };
    this.messages.set(message.id, message);
    // The author has read everything up to their own message.
    const chat = this.chats.get(message.chatId);
    const author = chat && this.member(chat, message.authorId);
    if (author) author.lastRead = message.id;
    return message;
  }

  /** The chat's messages, oldest first. */
  messagesOf(chatId: number): Message[] {
    return [...this.messages.values()].filter((m) => m.chatId === chatId);
  }

  lastMessageOf(chatId: number): number {
    let last = 0;
    for (const m of this.messages.values()) if (m.chatId === chatId && m.id > last) last = m.id;
    return last;
  }

  /** Messages of the chat the member has not read (others' messages after their read position). */
  unreadCount(chat: Chat, userId: number): number {
    const member = this.member(chat, userId);
    if (!member) return 0;
    return this.messagesOf(chat.id).filter((m) => m.id > member.lastRead && m.id > member.hiddenBefore && m.authorId !== userId).length;
  }

  /** The Drive access codes of a user's chats (CHAT<id>), which open the chats' folders. */
  chatCodesOf(userId: number): string[] {
    const codes: string[] = [];
    for (const chat of this.chats.values()) if (chat.members.some((m) => m.userId === userId)) codes.push(`CHAT${chat.id}`);
    return codes;
  }

  addNotification(init: Omit<Notification, 'id' | 'read'>): Notification {
    this.lastNotification += 1;
    const notification: Notification = { ...init, id: this.lastNotification, read: false };
    this.notifications.set(notification.id, notification);
    return notification;
  }
}

const defaultPermissions: Chat['permissions'] = {
  manage_users_add: 'member',
  manage_users_delete: 'manager',
  manage_ui: 'member',
  manage_settings: 'owner',
  manage_messages: 'member',
  can_post: 'member',
};

/**
 * The company's chats: the sales department's chat (owner: the director, user 1), the company's
 * announcements (open; only the owner changes it or adds people), the development project's chat,
 * the accounting chat the director is not in, and private dialogs of the director with the heads
 * of sales and accounting — each with a believable history.
 */
export function seedMessenger(state: PortalState): void {
  const m = state.messenger;
  const rnd = new SeededRandom(12);
  const now = Math.floor(state.seededAt / 86_400) * 86_400;
  const hour = 3600;
  const exists = (id: number) => state.users.get(id) !== undefined;
  const staffOf = (...deps: number[]) => state.users.all().filter((u) => u.ACTIVE && u.UF_DEPARTMENT.some((d) => deps.includes(d))).map((u) => u.ID);
  const nameOf = (id: number) => {
    const u = state.users.get(id);
    return u ? `${u.NAME} ${u.LAST_NAME}` : '';
  };
  const say = (chatId: number, authorId: number, at: number, text: string) => m.addMessage({ chatId, authorId, date: at, text });

  const sales = m.addChat({
    type: 'CHAT',
    title: 'Отдел продаж',
    description: 'Сделки, планы и отгрузки отдела продаж',
    color: 'MINT',
    owner: 1,
    members: [...new Set([2, ...staffOf(2, 7, 8)])].filter((id) => id !== 1 && exists(id)),
    entityType: '',
    entityId: '',
    permissions: { ...defaultPermissions },
    dateCreate: now - 90 * 86_400,
  });
  const start = now - 2 * 86_400 + 9 * hour;
  say(sales.id, 0, sales.dateCreate, `[USER=1 REPLACE]${nameOf(1)}[/USER] создал чат «Отдел продаж»`).code = 'CHAT_JOIN';
  say(sales.id, 2, start, 'Коллеги, доброе утро! Напоминаю: до пятницы обновляем прогноз по сделкам в CRM.');
  say(sales.id, 1, start + 600, '[B]Важно:[/B] по сделке с ООО «Вектор» нужен ответ клиенту сегодня до 18:00 👍');
  const salesStaff = sales.members.map((x) => x.userId).filter((id) => id > 10);
  if (salesStaff[0]) say(sales.id, salesStaff[0], start + 1500, `[USER=2]${nameOf(2)}[/USER], договор уже на согласовании у юристов, счёт выставлю после подписания.`);
  say(sales.id, 2, start + 3600, 'Отлично, спасибо! 🎉');

  const announcements = m.addChat({
    type: 'OPEN',
    title: 'Объявления компании',
    description: 'Новости и объявления ООО «Северный ветер»',
    color: 'AZURE',
    owner: 1,
    members: state.users.all().filter((u) => u.ACTIVE && u.ID !== 1).map((u) => u.ID),
    entityType: 'ANNOUNCEMENT',
    entityId: '',
    // Only the owner changes the chat and invites people.
    permissions: { ...defaultPermissions, manage_users_add: 'owner', manage_users_delete: 'owner', manage_ui: 'owner', can_post: 'owner' },
    dateCreate: now - 300 * 86_400,
  });
  say(announcements.id, 1, now - 7 * 86_400 + 10 * hour, 'Уважаемые коллеги! В пятницу офис работает до 16:00. Хороших выходных!');
  say(announcements.id, 1, now - 86_400 + 11 * hour, 'Общее собрание сотрудников — через неделю в 11:00, Большой конференц-зал.');

  const devMembers = [...new Set([5, 9, 10, ...staffOf(5, 9, 10)])].filter((id) => id !== 1 && exists(id));
  const project = m.addChat({
    type: 'CHAT',
    title: 'Проект «Личный кабинет клиента»',
    description: 'Разработка нового личного кабинета: задачи, релизы, созвоны',
    color: 'PURPLE',
    owner: 5,
    members: [1, ...devMembers.filter((id) => id !== 5)],
    entityType: '',
    entityId: '',
    permissions: { ...defaultPermissions },
    dateCreate: now - 40 * 86_400,
  });
  say(project.id, 5, now - 86_400 + 10 * hour, 'Релиз 2.3 переносим на вторник: нужно время на регресс.');
  if (exists(9)) say(project.id, 9, now - 86_400 + 10 * hour + 900, 'Миграции базы готовы, API выложено на тестовый стенд.');
  if (exists(10)) say(project.id, 10, now - 86_400 + 11 * hour, 'Вёрстка форм оплаты готова, осталось подключить [URL=https://pay.example.ru]платёжный виджет[/URL].');

  const accounting = m.addChat({
    type: 'CHAT',
    title: 'Бухгалтерия: закрытие месяца',
    description: 'Акты, сверки, авансовые отчёты',
    color: 'SAND',
    owner: 3,
    members: staffOf(3).filter((id) => id !== 3),
    entityType: '',
    entityId: '',
    permissions: { ...defaultPermissions },
    dateCreate: now - 200 * 86_400,
  });
  say(accounting.id, 3, now - 3 * 86_400 + 9 * hour, 'Все авансовые отчёты сдаём до 25 числа, без исключений.');

  const dialog = (other: number, lines: [number, string][]) => {
    if (!exists(other)) return;
    const chat = m.addChat({
      type: 'PRIVATE',
      title: '',
      description: '',
      color: 'GRAY',
      owner: 0,
      members: [1, other],
      entityType: '',
      entityId: '',
      permissions: { ...defaultPermissions },
      dateCreate: now - 60 * 86_400,
    });
    let at = now - 86_400 + 14 * hour + rnd.int(0, 1800);
    for (const [author, text] of lines) {
      say(chat.id, author, at, text);
      at += rnd.int(60, 900);
    }
  };
  dialog(2, [
    [2, 'Добрый день! Согласуете скидку 7% для «Вектора»?'],
    [1, 'Добрый! Да, согласую, но только при оплате до конца месяца.'],
    [2, 'Понял, так и передам клиенту 🙏'],
  ]);
  dialog(3, [
    [3, 'Нужна ваша подпись на платёжках за поставку, они у секретаря.'],
    [3, 'И напоминаю про авансовый отчёт по командировке в Казань.'],
  ]);
  // The heads of sales and accounting have not read the director's last words yet; the director
  // has not read the accountant's messages.
  for (const chat of m.chats.values()) {
    if (chat.type !== 'PRIVATE') continue;
    const director = m.member(chat, 1);
    if (director && chat.members.some((x) => x.userId === 3)) director.lastRead = 0;
  }
  for (const user of state.users.all()) m.statuses.set(user.ID, 'online');
  if (exists(4)) m.statuses.set(4, 'away');

  m.addNotification({
    userId: 1,
    authorId: 0,
    kind: 'system',
    message: 'Задача «Подготовить отчёт по продажам за квартал» просрочена',
    messageOut: '',
    tag: '',
    subTag: '',
    clientId: '',
    attach: null,
    date: now - 86_400 + 9 * hour,
  });
  m.addNotification({
    userId: 1,
    authorId: 2,
    kind: 'personal',
    message: 'Вас упомянули в чате «Отдел продаж»',
    messageOut: '',
    tag: '',
    subTag: '',
    clientId: '',
    attach: null,
    date: now - 86_400 + 10 * hour,
  });
}
