// Values and parameters the messenger's sections share (chats, messages, notifications).
import { z } from 'zod';
import { id } from './schemas.js';

/**
 * A dialog as im.* methods name one (DIALOG_ID): `chatN` for a chat, `sgN` for a workgroup's
 * chat, or a user's ID for the private dialog with that user.
 */
export const dialogId = () =>
  z.union([z.string().regex(/^(chat|sg)[1-9]\d*$/), id().transform(String)], {
    error: 'expected a dialog: chatN for a chat (chat15), sgN for a workgroup\'s chat, or a user ID for a private dialog',
  });

/** The colours a chat may take (im.chat.add, im.chat.updateColor). */
export const chatColors = [
  'RED', 'GREEN', 'MINT', 'LIGHT_BLUE', 'DARK_BLUE', 'PURPLE', 'AQUA', 'PINK',
  'LIME', 'BROWN', 'AZURE', 'KHAKI', 'SAND', 'MARENGO', 'GRAY', 'GRAPHITE',
] as const;

export const chatColor = () => z.enum(chatColors);

/** oint's --chat for the methods that take CHAT_ID. */
export const chatIdParam = {
  schema: id(),
  wire: 'CHAT_ID',
  cli: 'chat',
  short: 'c',
  description: { en: 'Chat ID', ru: 'ID чата' },
  example: 1,
} as const;

/** oint's --chat for the methods that take DIALOG_ID. */
export const dialogIdParam = {
  schema: dialogId(),
  wire: 'DIALOG_ID',
  cli: 'chat',
  short: 'c',
  description: {
    en: 'Dialog: chatN for a chat, or a user ID for the private dialog with that user',
    ru: 'Диалог: chatN для чата или ID пользователя для личного диалога с ним',
  },
  example: 'chat1',
} as const;

/** oint's --message: a message ID. */
export const messageIdParam = {
  schema: id(),
  wire: 'MESSAGE_ID',
  cli: 'message',
  short: 'm',
  description: { en: 'Message ID', ru: 'ID сообщения' },
  example: 1,
} as const;
