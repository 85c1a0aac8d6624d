// The sandbox's news feed (log.blogpost.*, log.blogcomment.add), by plain HTTP: each page's answer
// and error table (api-reference/log/…), recipients, files, comments and important posts' readers.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { portalScopes, startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { assertPortalError, callerOf, userToken, type Reply } from './http.js';

let sb: Bitrix24Sandbox;
const tokens = new Map<number, string>();
before(async () => {
  sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
  for (const user of [2, 3, 5, 9]) tokens.set(user, await userToken(sb, user));
});
after(() => sb.close());
beforeEach(() => sb.state.reset());

const call = callerOf(() => sb, tokens);

/** The feed's errors all answer 400. */
const assertError = (reply: Reply, code: string, description: string) => assertPortalError(reply, 400, code, description);

type PostRow = { ID: string; TITLE: string; DETAIL_TEXT: string; AUTHOR_ID: string; NUM_COMMENTS: string; FILES: number[]; MICRO: string; HAS_SOCNET_ALL: string; UF_BLOG_POST_IMPRTNT: { VALUE: unknown } };
const posts = async (params: Record<string, unknown> = {}, as?: number) => (await call('log.blogpost.get', params, as)).body.result as PostRow[];

test('log.blogpost.add publishes to recipients, with files kept byte for byte; the text comes back as sent', async () => {
  const bytes = Buffer.from([0, 1, 2, 250, 251, 255, ...Buffer.from('Схема проезда')]);
  const text = 'Открываем склад в Подольске 🚚 [B]с понедельника[/B], [USER=2]Иван[/USER] — ответственный.';
  const reply = await call('log.blogpost.add', { POST_MESSAGE: text, POST_TITLE: 'Новый склад', DEST: ['DR2', 'U5'], FILES: [['схема.bin', bytes.toString('base64')]], IMPORTANT: 'Y', IMPORTANT_DATE_END: '2030-01-01T00:00:00+03:00' });
  assert.equal(reply.status, 200);
  const id = reply.body.result as number;
  const [row] = await posts({ POST_ID: id });
  assert.equal(row!.DETAIL_TEXT, text);
  assert.equal(row!.TITLE, 'Новый склад');
  assert.equal(row!.HAS_SOCNET_ALL, 'N');
  assert.equal(row!.UF_BLOG_POST_IMPRTNT.VALUE, '1');
  const stored = sb.state.feed.posts.get(id)!.files[0]!;
  assert.deepEqual(row!.FILES, [stored.id]);
  assert.equal(createHash('sha256').update(stored.bytes).digest('hex'), createHash('sha256').update(bytes).digest('hex'));

  // Recipients: the sales department (DR2 takes its branches too) and user 5; not accounting.
  assert.equal((await posts({ POST_ID: id }, 5)).length, 1);
  assert.equal((await posts({ POST_ID: id }, 2)).length, 1);
  assert.equal((await posts({ POST_ID: id }, 3)).length, 0);

  const micro = (await call('log.blogpost.add', { POST_MESSAGE: 'Без заголовка' })).body.result as number;
  const [microRow] = await posts({ POST_ID: micro });
  assert.equal(microRow!.MICRO, 'Y');
  assert.equal(microRow!.HAS_SOCNET_ALL, 'Y', 'UA by default');

  assertError(await call('log.blogpost.add', { POST_MESSAGE: '  ' }), 'SONET_CONTROLLER_LIVEFEED_BLOGPOST_ADD_ERROR', "Blog post hasn't been added");
  assertError(await call('log.blogpost.add', { POST_MESSAGE: 'x', DEST: ['U9999', 'XX'] }), 'SONET_CONTROLLER_LIVEFEED_BLOGPOST_ADD_ERROR', 'No destination specified');
});

test('log.blogpost.get: what the user may read, newest first, by recipients, paged by 50', async () => {
  const all = await posts();
  assert.ok(all.length >= 3);
  const ids = all.map((p) => Number(p.ID));
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
  const toDevelopment = all.find((p) => p.DETAIL_TEXT.includes('личный кабинет'))!;
  assert.equal((await posts({}, 3)).some((p) => p.ID === toDevelopment.ID), false, 'DR5 and U1 only: the accountant does not see it');
  assert.equal((await posts({}, 9)).some((p) => p.ID === toDevelopment.ID), true, 'a developer of a group below department 5 does');
  assert.deepEqual((await posts({ LOG_RIGHTS: ['DR5'] })).map((p) => p.ID), [toDevelopment.ID]);
  for (let i = 0; i < 55; i += 1) await call('log.blogpost.add', { POST_MESSAGE: `Новость ${i}` });
  const first = await call('log.blogpost.get');
  assert.equal((first.body.result as unknown[]).length, 50);
  assert.equal(first.body.next, 50);
  assert.equal(first.body.total, all.length + 55);
  const second = await call('log.blogpost.get', { start: 50 });
  assert.equal((second.body.result as unknown[]).length, all.length + 5);
});

test('log.blogpost.update: the author or an administrator; the page\'s errors; a text alone clears the title', async () => {
  const release = [...sb.state.feed.posts.values()].find((p) => p.authorId === 5)!;
  assertError(await call('log.blogpost.update', { POST_ID: release.id, POST_MESSAGE: 'чужое' }, 2), 'SONET_CONTROLLER_LIVEFEED_BLOGPOST_UPDATE_ERROR', 'No write perms');
  assert.equal((await call('log.blogpost.update', { POST_ID: release.id, POST_MESSAGE: 'Обновление переносится на 20:00' }, 5)).body.result, release.id);
  assert.equal(release.text, 'Обновление переносится на 20:00');
  assert.equal((await call('log.blogpost.update', { POST_ID: release.id, POST_TITLE: 'Перенос', POST_MESSAGE: 'На 21:00', DEST: ['UA'] })).body.result, release.id, 'an administrator');
  assert.deepEqual([release.title, release.dest], ['Перенос', ['UA']]);
  assert.equal((await call('log.blogpost.update', { POST_ID: release.id, POST_MESSAGE: 'Без заголовка' })).body.result, release.id);
  assert.equal(release.title, '', 'the page: the old title is not kept');
  assertError(await call('log.blogpost.update', { POST_ID: release.id }), 'EMPTY_TITLE', 'Не указан заголовок сообщения');
  assertError(await call('log.blogpost.update', { POST_ID: 'abc', POST_MESSAGE: 'x' }), 'SONET_CONTROLLER_LIVEFEED_BLOGPOST_UPDATE_ERROR', 'Wrong post ID');
  assertError(await call('log.blogpost.update', { POST_ID: 9999, POST_MESSAGE: 'x' }), 'SONET_CONTROLLER_LIVEFEED_BLOGPOST_UPDATE_ERROR', 'No post found');
});

test('log.blogpost.delete: the author or an administrator, codes 100 and 403 as the page has them', async () => {
  const byDirector = [...sb.state.feed.posts.values()].find((p) => p.authorId === 1)!;
  assertError(await call('log.blogpost.delete', { POST_ID: byDirector.id }, 2), '403', 'У вас нет прав на удаление этого сообщения');
  assert.equal((await call('log.blogpost.delete', { POST_ID: byDirector.id })).body.result, true);
  assert.equal(sb.state.feed.posts.has(byDirector.id), false);
  assertError(await call('log.blogpost.delete', { POST_ID: byDirector.id }), '100', 'Wrong post ID');
  const release = [...sb.state.feed.posts.values()].find((p) => p.authorId === 5)!;
  assert.equal((await call('log.blogpost.delete', { POST_ID: release.id }, 5)).body.result, true);
});

test('log.blogpost.getusers.important: readers of an important post; [] for those who may not see it', async () => {
  const rules = [...sb.state.feed.posts.values()].find((p) => p.important)!;
  assert.deepEqual((await call('log.blogpost.getusers.important', { POST_ID: rules.id })).body.result, rules.readers.map(String));
  rules.readers.push(9);
  assert.ok(((await call('log.blogpost.getusers.important', { POST_ID: rules.id })).body.result as string[]).includes('9'));
  const release = [...sb.state.feed.posts.values()].find((p) => p.authorId === 5)!;
  release.important = true;
  release.readers.push(9);
  assert.deepEqual((await call('log.blogpost.getusers.important', { POST_ID: release.id }, 3)).body.result, []);
  assertError(await call('log.blogpost.getusers.important', { POST_ID: 9999 }), '', 'Wrong post ID');
});

test('log.blogpost.share adds recipients; the page\'s errors', async () => {
  const release = [...sb.state.feed.posts.values()].find((p) => p.authorId === 5)!;
  assert.equal((await posts({ POST_ID: release.id }, 3)).length, 0);
  assert.equal((await call('log.blogpost.share', { POST_ID: release.id, DEST: ['U3'] })).body.result, true);
  assert.equal((await posts({ POST_ID: release.id }, 3)).length, 1);
  assertError(await call('log.blogpost.share', { POST_ID: release.id, DEST: ['X1'] }), '', 'Wrong destinations');
  assertError(await call('log.blogpost.share', { POST_ID: 9999, DEST: ['UA'] }), '', 'Wrong post ID');
  const toDevelopmentOnly = (await call('log.blogpost.add', { POST_MESSAGE: 'Только разработке', DEST: ['DR5'] }, 5)).body.result as number;
  assertError(await call('log.blogpost.share', { POST_ID: toDevelopmentOnly, DEST: ['UA'] }, 2), '', 'No read perms');
});

test('log.blogcomment.add: comments count, duplicates refused, a post one may not see is not found', async () => {
  const rules = [...sb.state.feed.posts.values()].find((p) => p.important)!;
  const before = Number((await posts({ POST_ID: rules.id }))[0]!.NUM_COMMENTS);
  const id = (await call('log.blogcomment.add', { POST_ID: rules.id, TEXT: 'Принято 👍' }, 3)).body.result as number;
  assert.equal(sb.state.feed.comments.get(id)!.authorId, 3);
  assert.equal(Number((await posts({ POST_ID: rules.id }))[0]!.NUM_COMMENTS), before + 1);
  assertError(await call('log.blogcomment.add', { POST_ID: rules.id, TEXT: 'Принято 👍' }, 3), '', 'Duplicate comment');
  const toDevelopmentOnly = (await call('log.blogpost.add', { POST_MESSAGE: 'Только разработке', DEST: ['DR5'] }, 5)).body.result as number;
  assertError(await call('log.blogcomment.add', { POST_ID: toDevelopmentOnly, TEXT: 'x' }, 3), '', 'No post found');
  assertError(await call('log.blogcomment.add', { POST_ID: 9999, TEXT: 'x' }), '', 'No post found');
});

test('scopes: log.* needs log', async () => {
  sb.setScope({ webhook: ['im'] });
  try {
    const reply = await call('log.blogpost.get');
    assert.equal(reply.status, 403);
    assert.equal(reply.body.error, 'insufficient_scope');
  } finally {
    sb.setScope({ webhook: [...portalScopes] });
  }
});
