// Attachment blocks (ATTACH) of messages and notifications, typed and checked before any request:
// https://apidocs.bitrix24.ru/api-reference/chats/messages/attachments.html and the block
// collection of chat-bots-v2 (imbot.v2/messages/attachments/block-collections/*.md). Each block
// is an object with one key naming its kind: MESSAGE, LINK, USER, GRID, IMAGE, FILE, DELIMITER.
import { z } from 'zod';
import { count } from './schemas.js';

/** The portal refuses an ATTACH whose JSON text is longer than this (ATTACH_OVERSIZE). */
export const attachMaxChars = 60_000;

/** Links in blocks: absolute http(s) addresses or paths from the portal's root (the attachments page's limits). */
const link = () =>
  z.string().refine((v) => /^https?:\/\/\S+$/i.test(v) || /^\/\S*$/.test(v), {
    error: 'expected an http:// or https:// address, or a path from the portal root (/company/…)',
  });

const pixels = () => count('a size in pixels');
const hexColor = () => z.string().regex(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i, { error: 'expected a colour as #RGB or #RRGGBB' });
const colorToken = () => z.enum(['primary', 'secondary', 'alert', 'base']);

export const imageItem = z.strictObject({
  LINK: link(),
  NAME: z.string().optional(),
  PREVIEW: link().optional(),
  WIDTH: pixels().optional(),
  HEIGHT: pixels().optional(),
});

export const fileItem = z.strictObject({
  LINK: link(),
  NAME: z.string().optional(),
  SIZE: count('a size in bytes', 0).optional(),
});

const linkItem = z.strictObject({
  LINK: link(),
  NAME: z.string().optional(),
  DESC: z.string().optional(),
  HTML: z.string().optional(),
  PREVIEW: link().optional(),
  WIDTH: pixels().optional(),
  HEIGHT: pixels().optional(),
  USER_ID: count('a user ID').optional(),
  CHAT_ID: count('a chat ID').optional(),
  NETWORK_ID: z.string().optional(),
});

const userItem = z.strictObject({
  NAME: z.string().min(1),
  AVATAR: link().optional(),
  LINK: link().optional(),
  USER_ID: count('a user ID').optional(),
  CHAT_ID: count('a chat ID').optional(),
  BOT_ID: count('a bot ID').optional(),
  NETWORK_ID: z.string().optional(),
  AVATAR_TYPE: z.enum(['USER', 'CHAT', 'BOT']).optional(),
});

const gridItem = z.strictObject({
  DISPLAY: z.enum(['BLOCK', 'LINE', 'ROW', 'TABLE']),
  NAME: z.string().optional(),
  VALUE: z.string().optional(),
  WIDTH: pixels().optional(),
  HEIGHT: pixels().optional(),
  COLOR_TOKEN: colorToken().optional(),
  COLOR: hexColor().optional(),
  LINK: link().optional(),
  USER_ID: count('a user ID').optional(),
  CHAT_ID: count('a chat ID').optional(),
});

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]);

/** One block of an attachment: an object with exactly one key, the kind of block. */
export const attachBlock = z.union([
  z.strictObject({ MESSAGE: z.string().min(1) }),
  z.strictObject({ LINK: oneOrMany(linkItem) }),
  z.strictObject({ USER: oneOrMany(userItem) }),
  z.strictObject({ GRID: z.array(gridItem).min(1) }),
  z.strictObject({ IMAGE: oneOrMany(imageItem) }),
  z.strictObject({ FILE: oneOrMany(fileItem) }),
  z.strictObject({ DELIMITER: z.strictObject({ SIZE: pixels().optional(), COLOR: hexColor().optional() }) }),
], { error: 'expected a block: an object with one of MESSAGE, LINK, USER, GRID, IMAGE, FILE or DELIMITER' });

export type AttachBlock = z.infer<typeof attachBlock>;

/** The full form of ATTACH: metadata and the blocks. */
const attachFull = z.strictObject({
  ID: count('an attachment ID').optional(),
  COLOR_TOKEN: colorToken().optional(),
  COLOR: hexColor().optional(),
  BLOCKS: z.array(attachBlock).min(1),
});

/**
 * ATTACH in either documented form — the short one, a list of blocks (what oint's --blocks
 * gives), or the full one with BLOCKS — no longer than the portal takes as JSON text.
 */
export const attach = () =>
  z
    // No message of its own: our words name the field at fault inside the form that was given.
    .union([z.array(attachBlock).min(1), attachFull])
    .refine((value) => JSON.stringify(value).length <= attachMaxChars, {
      error: `the attachment is longer than the portal takes: ${attachMaxChars} characters as JSON`,
    });
