// Notifications — https://apidocs.bitrix24.ru/api-reference/chats/notifications/ : personal ones
// (from you) and system ones (from the portal), and deleting them.
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { id } from './schemas.js';
import { attach } from './attachments.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/chats/notifications/${page}.html`;

const notificationParams = {
  userId: {
    schema: id(),
    wire: 'USER_ID',
    cli: 'user',
    short: 's',
    description: { en: 'The recipient\'s user ID', ru: 'ID пользователя-получателя' },
    example: 2,
  },
  text: {
    // The portal trims the text; only spaces would leave nothing.
    schema: z.string().trim().min(1, { error: 'expected a text: not empty, not only spaces' }),
    wire: 'MESSAGE',
    cli: 'text',
    short: 't',
    description: { en: 'The text; BB-codes allowed', ru: 'Текст; допускаются BB-коды' },
    example: 'Счёт №1045 по сделке «Поставка оборудования» [B]оплачен[/B] ✅',
  },
  tag: {
    schema: z.string().min(1).optional(),
    wire: 'TAG',
    cli: 'tag',
    short: 'g',
    description: { en: 'A tag unique within the application: a new notification with it replaces the old ones', ru: 'Тег, уникальный в рамках приложения: новое уведомление с ним заменяет прежние' },
    example: 'invoice-1045',
  },
  blocks: {
    schema: attach().optional(),
    wire: 'ATTACH',
    cli: 'blocks',
    short: 'b',
    description: { en: 'Attachment blocks (ATTACH)', ru: 'Блоки вложения (ATTACH)' },
    example: [{ LINK: { NAME: 'Открыть сделку', LINK: 'https://example.bitrix24.ru/crm/deal/details/45/' } }],
  },
} as const;

const notificationId = z.union([z.number().int().positive(), z.literal(false)]).describe('The notification\'s ID; false when it was not created');

export const notifications = defineSection(
  'bitrix24',
  { id: 'notifications', title: { en: 'Notifications', ru: 'Работа с уведомлениями' } },
  {
    sendPersonalNotification: {
      ruName: 'СоздатьПерсональноеУведомление',
      remote: 'im.notify.personal.add',
      summary: { en: 'Sends a user a notification from you', ru: 'Отправляет пользователю уведомление от вашего имени' },
      access: 'write',
      docs: docs('im-notify-personal-add'),
      params: notificationParams,
      result: notificationId,
      example: { userId: 2, text: 'Счёт №1045 по сделке «Поставка оборудования» [B]оплачен[/B] ✅', tag: 'invoice-1045' },
    },
    sendSystemNotification: {
      ruName: 'СоздатьСистемноеУведомление',
      remote: 'im.notify.system.add',
      summary: { en: 'Sends a user a system notification (from no one)', ru: 'Отправляет пользователю системное уведомление (без отправителя)' },
      access: 'write',
      docs: docs('im-notify-system-add'),
      params: notificationParams,
      result: notificationId,
      example: { userId: 2, text: 'Резервное копирование портала завершено' },
    },
    deleteNotification: {
      ruName: 'УдалитьУведомление',
      remote: 'im.notify.delete',
      summary: { en: 'Deletes a notification you sent or received', ru: 'Удаляет отправленное или полученное вами уведомление' },
      access: 'write',
      docs: docs('im-notify-delete'),
      params: {
        notificationId: {
          schema: id(),
          wire: 'ID',
          cli: 'notif',
          short: 'n',
          description: { en: 'Notification ID', ru: 'ID уведомления' },
          example: 1,
        },
      },
      result: z.boolean(),
      example: { notificationId: 1 },
    },
  },
);
