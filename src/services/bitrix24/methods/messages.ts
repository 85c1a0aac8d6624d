// Messages — https://apidocs.bitrix24.ru/api-reference/chats/messages/ : sending, changing and
// deleting them, reactions, read marks, files sent to a chat (api-reference/chats/files/), and
// oint's builders of the image and file blocks its --blocks options take.
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { id, yn } from './schemas.js';
import { attach, fileItem, imageItem } from './attachments.js';
import { chatFile } from './chats.js';
import { dialogIdParam, messageIdParam } from './im-shared.js';
import { chatFileMaxBytes, fileSource } from './chat-file.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/chats/${page}.html`;

const blocks = {
  schema: attach().optional(),
  wire: 'ATTACH',
  cli: 'blocks',
  short: 'b',
  description: {
    en: 'Attachment blocks (ATTACH): a list of {MESSAGE}, {LINK}, {USER}, {GRID}, {IMAGE}, {FILE}, {DELIMITER}',
    ru: 'Блоки вложения (ATTACH): список из {MESSAGE}, {LINK}, {USER}, {GRID}, {IMAGE}, {FILE}, {DELIMITER}',
  },
  example: [{ IMAGE: { NAME: 'План склада', LINK: 'https://example.ru/images/sklad.png' } }],
} as const;

const text = {
  schema: z.string(),
  wire: 'MESSAGE',
  cli: 'text',
  short: 't',
  description: { en: 'Message text; BB-codes, mentions ([USER=5]…[/USER]) and emoji are kept as written', ru: 'Текст сообщения; BB-коды, упоминания ([USER=5]…[/USER]) и эмодзи сохраняются как есть' },
  example: '[B]Сделка закрыта[/B] — спасибо, [USER=2]коллеги[/USER]! 🎉',
} as const;

const blockTitle = {
  schema: z.string().min(1),
  cli: 'title',
  short: 't',
  description: { en: 'The name shown', ru: 'Отображаемое название' },
} as const;

const blockUrl = {
  schema: z.string().regex(/^https?:\/\/\S+$/i, { error: 'expected an http:// or https:// address' }),
  cli: 'url',
  short: 'u',
  description: { en: 'Its address (http:// or https://)', ru: 'Его адрес (http:// или https://)' },
} as const;

const fileCommit = z.looseObject({
  FILES: z.record(z.string(), chatFile),
  DISK_ID: z.array(z.union([z.string(), z.number()])),
  FILE_MODELS: z.record(z.string(), z.unknown()),
  MESSAGE_ID: z.number(),
});

export const messages = defineSection(
  'bitrix24',
  { id: 'messages', title: { en: 'Messages', ru: 'Работа с сообщениями' } },
  {
    sendMessage: {
      ruName: 'ОтправитьСообщение',
      remote: 'im.message.add',
      summary: { en: 'Sends a message to a chat or to a user', ru: 'Отправляет сообщение в чат или пользователю' },
      access: 'write',
      docs: docs('messages/im-message-add'),
      params: {
        dialogId: dialogIdParam,
        text: { ...text, schema: text.schema.optional() },
        blocks,
        replyId: {
          schema: id().optional(),
          wire: 'REPLY_ID',
          cli: 'reply',
          description: { en: 'The message this one answers (same chat)', ru: 'Сообщение, на которое это отвечает (в том же чате)' },
          example: 3,
        },
        system: {
          schema: yn().optional(),
          wire: 'SYSTEM',
          cli: 'system',
          description: { en: 'Send as a system message (Y/N)', ru: 'Отправить как системное сообщение (Y/N)' },
          example: false,
        },
      },
      check: (input, nameOf) =>
        (typeof input.text !== 'string' || input.text.trim() === '') && input.blocks === undefined
          ? [{ path: 'text', message: `give a text, or ${nameOf('blocks')}: a message cannot be empty` }]
          : [],
      result: z.number().int().positive().describe('The message\'s ID'),
      example: { dialogId: 'chat1', text: '[B]Сделка закрыта[/B] — спасибо, [USER=2]коллеги[/USER]! 🎉' },
    },
    updateMessage: {
      ruName: 'ИзменитьСообщение',
      remote: 'im.message.update',
      summary: { en: 'Changes your message (an empty text deletes it)', ru: 'Изменяет ваше сообщение (пустой текст удаляет его)' },
      access: 'write',
      docs: docs('messages/im-message-update'),
      params: {
        messageId: messageIdParam,
        text: { ...text, schema: text.schema.optional(), example: 'Отгрузка переносится на [B]четверг[/B]' },
        blocks,
      },
      check: (input, nameOf) =>
        input.text === undefined && input.blocks === undefined ? [{ path: 'text', message: `give a new text or ${nameOf('blocks')}: nothing to change` }] : [],
      result: z.boolean(),
      example: { messageId: 3, text: 'Отгрузка переносится на [B]четверг[/B]' },
    },
    likeMessage: {
      ruName: 'УстановитьРеакциюНаСообщение',
      remote: 'im.message.like',
      summary: { en: 'Puts or takes away your "like" on a message', ru: 'Ставит или снимает вашу отметку «Мне нравится» на сообщении' },
      access: 'write',
      docs: docs('messages/im-message-like'),
      params: {
        messageId: messageIdParam,
        action: {
          schema: z.enum(['auto', 'plus', 'minus']).optional(),
          wire: 'ACTION',
          cli: 'action',
          description: { en: 'plus, minus, or auto (switch; the default)', ru: 'plus, minus или auto (переключить; по умолчанию)' },
          example: 'plus',
        },
      },
      result: z.boolean(),
      example: { messageId: 2, action: 'plus' },
    },
    deleteMessage: {
      ruName: 'УдалитьСообщение',
      remote: 'im.message.delete',
      summary: { en: 'Deletes a message (its author, or the chat\'s owner or a manager)', ru: 'Удаляет сообщение (его автор или владелец и администраторы чата)' },
      access: 'write',
      docs: docs('messages/im-message-delete'),
      params: { messageId: messageIdParam },
      result: z.boolean(),
      example: { messageId: 3 },
    },
    sendFile: {
      ruName: 'ОтправитьФайл',
      remote: 'im.disk.file.commit',
      summary: {
        en: 'Sends a file to a chat: a Drive file by its ID, or a local file (uploaded into the chat\'s folder first)',
        ru: 'Отправляет файл в чат: файл Диска по ID или локальный файл (сначала загружается в папку чата)',
      },
      access: 'write',
      docs: docs('files/im-disk-file-commit'),
      flow: 'chat-file',
      params: {
        chatId: {
          schema: id(),
          wire: 'CHAT_ID',
          cli: 'chat',
          short: 'c',
          description: { en: 'Chat ID', ru: 'ID чата' },
          example: 1,
        },
        fileId: {
          schema: id().optional(),
          wire: 'FILE_ID',
          cli: 'fileid',
          short: 'f',
          description: { en: 'ID of a file on the Drive', ru: 'ID файла на Диске' },
          example: 1,
        },
        file: {
          schema: fileSource().optional(),
          cli: 'file',
          description: {
            en: `A local file to upload and send: its path, its bytes or a stream (at most ${chatFileMaxBytes / 1024 / 1024} MB)`,
            ru: `Локальный файл для загрузки и отправки: путь, байты или поток (не более ${chatFileMaxBytes / 1024 / 1024} МБ)`,
          },
          example: 'test/data/chat-picture.png',
        },
        fileName: {
          schema: z.string().min(1).regex(/^[^/\\]+$/, { error: 'expected a file name without folders' }).optional(),
          cli: 'name',
          description: { en: 'Name of the uploaded file (the path\'s own name by default)', ru: 'Имя загружаемого файла (по умолчанию — имя из пути)' },
          example: 'План склада.png',
        },
        description: {
          schema: z.string().optional(),
          wire: 'MESSAGE',
          cli: 'description',
          short: 'd',
          description: { en: 'Text of the message with the file', ru: 'Текст сообщения с файлом' },
          example: 'План склада, версия 3',
        },
      },
      check: (input, nameOf) => {
        if ((input.fileId === undefined) === (input.file === undefined)) {
          return [{ path: 'fileId', message: `give ${nameOf('fileId')} (a Drive file) or ${nameOf('file')} (a local file), one of them` }];
        }
        if (input.fileName !== undefined && input.file === undefined) return [{ path: 'fileName', message: `goes with ${nameOf('file')}` }];
        return [];
      },
      result: fileCommit,
      example: { chatId: 1, file: 'test/data/chat-picture.png', description: 'План склада, версия 3' },
    },
    markMessageRead: {
      ruName: 'ОтметитьСообщениеКакПрочитанное',
      remote: 'im.dialog.read',
      summary: { en: 'Marks a dialog as read up to a message', ru: 'Отмечает диалог прочитанным до сообщения' },
      access: 'write',
      docs: docs('messages/im-dialog-read'),
      params: { dialogId: dialogIdParam, messageId: messageIdParam },
      result: z.union([z.looseObject({ dialogId: z.string(), chatId: z.number(), lastId: z.number(), counter: z.number() }), z.literal(false)]),
      example: { dialogId: '3', messageId: 16 },
    },
    markMessageUnread: {
      ruName: 'ОтметитьСообщениеКакНепрочитанное',
      remote: 'im.dialog.unread',
      summary: { en: 'Marks a dialog as unread from a message on', ru: 'Отмечает диалог непрочитанным начиная с сообщения' },
      access: 'write',
      docs: docs('messages/im-dialog-unread'),
      params: { dialogId: dialogIdParam, messageId: messageIdParam },
      result: z.union([z.boolean(), z.literal(false)]),
      example: { dialogId: 'chat1', messageId: 3 },
    },
    getImageBlock: {
      ruName: 'ПолучитьБлокКартинки',
      remote: 'im.message.add',
      summary: { en: 'Builds an image block for --blocks (no request)', ru: 'Формирует блок картинки для --blocks (без запроса)' },
      access: 'read',
      docs: docs('messages/attachments'),
      params: {
        title: { ...blockTitle, example: 'План склада' },
        url: { ...blockUrl, example: 'https://example.ru/images/sklad.png' },
      },
      build: (input) => ({ IMAGE: { NAME: input.title, LINK: input.url } }),
      result: z.strictObject({ IMAGE: imageItem }),
      example: { title: 'План склада', url: 'https://example.ru/images/sklad.png' },
    },
    getFileBlock: {
      ruName: 'ПолучитьБлокФайла',
      remote: 'im.message.add',
      summary: { en: 'Builds a file block for --blocks (no request)', ru: 'Формирует блок файла для --blocks (без запроса)' },
      access: 'read',
      docs: docs('messages/attachments'),
      params: {
        title: { ...blockTitle, example: 'Договор поставки.pdf' },
        url: { ...blockUrl, example: 'https://example.ru/files/dogovor.pdf' },
      },
      build: (input) => ({ FILE: { NAME: input.title, LINK: input.url } }),
      result: z.strictObject({ FILE: fileItem }),
      example: { title: 'Договор поставки.pdf', url: 'https://example.ru/files/dogovor.pdf' },
    },
  },
);
