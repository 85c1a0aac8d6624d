// The news feed (Живая лента) — https://apidocs.bitrix24.ru/api-reference/log/ : posts with
// their recipients and files, comments, more recipients, and who has read an important post.
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { id, idOut, start, ynFlag } from './schemas.js';
import { inlineFiles, namedFiles } from './file-input.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/log/${page}.html`;

const recipientCode = z.string().regex(/^(UA|U[1-9]\d*|DR[1-9]\d*|SG[1-9]\d*)$/, {
  error: 'expected recipients: UA (everyone), U<user ID>, DR<department ID> or SG<workgroup ID>',
});

/** Recipients (DEST): one code or a list of them. */
const recipients = () => z.union([recipientCode.transform((v) => [v]), z.array(recipientCode).min(1)], {
  error: 'expected recipients: UA (everyone), U<user ID>, DR<department ID> or SG<workgroup ID>, one or a list',
});

const postIdParam = {
  schema: id(),
  wire: 'POST_ID',
  cli: 'postid',
  short: 'p',
  description: { en: 'Post ID', ru: 'ID новости' },
  example: 1,
} as const;

const vision = {
  schema: recipients().optional(),
  wire: 'DEST',
  cli: 'vision',
  short: 'v',
  description: {
    en: 'Who sees it: UA (everyone, the default), U<user ID>, DR<department ID>, SG<workgroup ID>; one or a list',
    ru: 'Кто видит: UA (все, по умолчанию), U<ID пользователя>, DR<ID подразделения>, SG<ID группы>; один или список',
  },
  example: ['UA'],
} as const;

const text = {
  schema: z.string().refine((t) => t.trim() !== '', { error: 'expected a text: not empty, not only spaces' }),
  wire: 'POST_MESSAGE',
  cli: 'text',
  short: 't',
  description: { en: 'The post\'s text; BB-codes allowed', ru: 'Текст новости; допускаются BB-коды' },
  example: 'С понедельника открываем новый склад в Подольске. [B]Адрес и схема проезда[/B] — во вложении.',
} as const;

const title = {
  schema: z.string().optional(),
  wire: 'POST_TITLE',
  cli: 'title',
  short: 'l',
  description: { en: 'The post\'s title', ru: 'Заголовок новости' },
  example: 'Новый склад',
} as const;

const files = {
  schema: namedFiles().transform(inlineFiles).optional(),
  wire: 'FILES',
  cli: 'files',
  short: 'f',
  description: { en: 'Files: name → a local file\'s path (or its bytes)', ru: 'Файлы: имя → путь к локальному файлу (или его байты)' },
  example: { 'Схема проезда.png': 'test/data/chat-picture.png' },
} as const;

/** A post as log.blogpost.get gives it (the page's answer). */
export const post = z.looseObject({
  ID: idOut(),
  BLOG_ID: idOut(),
  PUBLISH_STATUS: z.string(),
  TITLE: z.string(),
  AUTHOR_ID: idOut(),
  ENABLE_COMMENTS: z.string(),
  NUM_COMMENTS: idOut(),
  MICRO: z.string(),
  DETAIL_TEXT: z.string(),
  DATE_PUBLISH: z.string(),
  HAS_SOCNET_ALL: z.string(),
  FILES: z.array(z.number()).optional(),
});

export const newsFeed = defineSection(
  'bitrix24',
  { id: 'news-feed', title: { en: 'News feed', ru: 'Работа с живой лентой' } },
  {
    addPost: {
      localFiles: true,
      ruName: 'СоздатьНовость',
      remote: 'log.blogpost.add',
      summary: { en: 'Publishes a post in the news feed', ru: 'Публикует новость в живой ленте' },
      access: 'write',
      docs: docs('log-blogpost-add'),
      params: {
        text,
        vision,
        files,
        title,
        important: {
          schema: ynFlag().optional(),
          wire: 'IMPORTANT',
          cli: 'important',
          short: 'i',
          description: { en: 'An important post: readers mark it as read', ru: 'Важная новость: читатели отмечают ее прочитанной' },
          example: true,
        },
      },
      result: z.number().int().positive().describe('The post\'s ID'),
      example: { text: 'С понедельника открываем новый склад в Подольске. [B]Адрес и схема проезда[/B] — во вложении.', title: 'Новый склад', vision: ['UA'], important: true },
    },
    updatePost: {
      localFiles: true,
      ruName: 'ИзменитьНовость',
      remote: 'log.blogpost.update',
      summary: { en: 'Changes a post (its author or an administrator); a new text without a title clears the title', ru: 'Изменяет новость (автор или администратор); новый текст без заголовка очищает заголовок' },
      access: 'write',
      docs: docs('log-blogpost-update'),
      params: { postId: postIdParam, text, vision, files, title },
      result: z.number().int().positive(),
      example: { postId: 2, text: 'План продаж за квартал выполнен на 108%. Спасибо всем! 🎉', title: 'Итоги квартала' },
    },
    deletePost: {
      ruName: 'УдалитьНовость',
      remote: 'log.blogpost.delete',
      summary: { en: 'Deletes a post (its author or an administrator)', ru: 'Удаляет новость (автор или администратор)' },
      access: 'write',
      docs: docs('log-blogpost-delete'),
      params: { postId: postIdParam },
      result: z.boolean(),
      example: { postId: 2 },
    },
    getImportantPostReaders: {
      ruName: 'ПолучитьСписокПросмотревшихВажное',
      remote: 'log.blogpost.getusers.important',
      summary: { en: 'Gets who has read an important post (up to 500 user IDs)', ru: 'Получает, кто прочитал важную новость (до 500 ID пользователей)' },
      access: 'read',
      docs: docs('log-blogpost-getusers-important'),
      params: { postId: postIdParam },
      result: z.array(idOut()),
      example: { postId: 1 },
    },
    getPosts: {
      ruName: 'ПолучитьНовости',
      remote: 'log.blogpost.get',
      summary: { en: 'Gets the posts you may read, newest first: one by its ID, or those for some recipients', ru: 'Получает доступные вам новости, новые первыми: одну по ID или адресованные получателям' },
      access: 'read',
      paging: { style: 'bitrix-start' },
      docs: docs('log-blogpost-get'),
      params: {
        postId: { ...postIdParam, schema: postIdParam.schema.optional() },
        recipients: {
          schema: recipients().optional(),
          wire: 'LOG_RIGHTS',
          cli: 'sel',
          short: 's',
          description: { en: 'Posts for these recipients (UA, U<ID>, DR<ID>, SG<ID>); ignored with a post ID', ru: 'Новости для этих получателей (UA, U<ID>, DR<ID>, SG<ID>); не учитывается при ID новости' },
          example: ['UA'],
        },
        offset: {
          schema: start().optional(),
          wire: 'start',
          cli: 'offset',
          short: 'o',
          description: { en: 'Offset of the page (multiples of 50)', ru: 'Смещение страницы (кратно 50)' },
          example: 0,
        },
      },
      result: z.array(post),
      example: { recipients: ['UA'] },
    },
    addPostComment: {
      ruName: 'ДобавитьКомментарийНовости',
      remote: 'log.blogcomment.add',
      summary: { en: 'Comments on a post', ru: 'Добавляет комментарий к новости' },
      access: 'write',
      docs: docs('blogcomment/log-blogcomment-add'),
      params: {
        postId: postIdParam,
        text: { ...text, wire: 'TEXT', description: { en: 'The comment\'s text', ru: 'Текст комментария' }, example: 'Отличная новость! Когда можно будет забирать заказы?' },
      },
      result: z.number().int().positive().describe('The comment\'s ID'),
      example: { postId: 1, text: 'Отличная новость! Когда можно будет забирать заказы?' },
    },
    sharePost: {
      ruName: 'ДобавитьПолучателейКНовости',
      remote: 'log.blogpost.share',
      summary: { en: 'Shows a post to more recipients', ru: 'Добавляет получателей новости' },
      access: 'write',
      docs: docs('log-blogpost-share'),
      params: { postId: postIdParam, vision: { ...vision, schema: recipients(), example: ['DR2', 'U12'] } },
      result: z.boolean(),
      example: { postId: 3, vision: ['DR2', 'U12'] },
    },
  },
);
