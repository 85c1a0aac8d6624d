// Gateway keys and their allow lists: a call that is refused (401, 403, 429) or has bad input
// (400) never reaches the service; handlers' fixed arguments cannot be overridden.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashKey, matchKey, newKey } from '../../src/gateway/keys.js';
import { parseConfig } from '../../src/gateway/config.js';
import { ConfigurationError } from '../../src/core/errors.js';
import { leaks, reached, setup, type Setup } from './helpers.js';

let s: Setup;
before(async () => {
  s = await setup({
    keys: {
      reader: {},
      writer: { write: true },
      remover: { write: true, destructive: true },
      planfixOnly: { services: ['planfix'] },
      twoMethods: { methods: ['bitrix24/get-deals', 'ПолучитьСписокЛидов'] },
      handlerOnly: { handlers: ['sales-deals'] },
      slow: { rateLimit: { perMinute: 1, burst: 2 } },
    },
    handlers: [
      { name: 'sales-deals', method: 'bitrix24/get-deals', fixed: { filter: { CATEGORY_ID: 0, STAGE_ID: 'NEW' }, select: ['ID', 'STAGE_ID'] } },
      { name: 'note-lead', method: 'bitrix24/update-lead', fixed: { leadId: 1 } },
    ],
    bitrix24: { seed: { deals: 60, leads: 5 } },
  });
});
after(() => s.close());

async function refused(path: string, body: unknown, key: string | null, status: number, kind: string): Promise<{ error: { message: string } }> {
  const before = reached(s);
  const answer = await s.call(path, body, key);
  assert.equal(answer.status, status, `${path} with ${key}: ${answer.text}`);
  assert.equal(answer.body.error.kind, kind);
  assert.equal(answer.body.error.status, status);
  assert.equal(reached(s), before, `${path} with ${key}: nothing may reach the service`);
  return answer.body;
}

test('keys are stored as their SHA-256 and matched in constant time; only a hash is accepted in the config', () => {
  const key = newKey();
  assert.match(key, /^uzel_[A-Za-z0-9_-]{43}$/);
  const hash = hashKey(key);
  assert.match(hash, /^sha256:[0-9a-f]{64}$/);
  assert.ok(!hash.includes(key));
  assert.equal(matchKey(key, [hashKey(newKey()), hash]), 1);
  assert.equal(matchKey(`${key}x`, [hash]), -1);
  assert.equal(matchKey('', [hash]), -1);
  assert.throws(() => parseConfig({ keys: [{ name: 'a', hash: key }] }), (e: unknown) => e instanceof ConfigurationError && /keys\.0\.hash/.test(e.message) && !e.message.includes(key));
  assert.throws(() => parseConfig({ keys: [{ name: 'a', hash, wrtie: true }] }), /unknown setting "wrtie"/);
});

test('no key, an unknown key, a malformed header: 401 with WWW-Authenticate, nothing sent', async () => {
  await refused('/v1/bitrix24/get-deals', {}, null, 401, 'unauthorized');
  await refused('/v1/bitrix24/get-deals', {}, newKey(), 401, 'unauthorized');
  // The key is checked before the body is read: a stranger learns nothing from how it is parsed.
  await refused('/v1/bitrix24/get-deals', '{"filter": ', newKey(), 401, 'unauthorized');
  await refused('/v1/bitrix24/get-deals', '{"filter": ', null, 401, 'unauthorized');
  const form = await fetch(`${s.url}/v1/bitrix24/get-deals`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
  assert.equal(form.status, 401);
  const answer = await fetch(`${s.url}/v1/bitrix24/get-deals`, { method: 'POST', headers: { authorization: `Basic ${s.keys.reader}` } });
  assert.equal(answer.status, 401);
  assert.equal(answer.headers.get('www-authenticate'), 'Bearer');
});

test('read-only by default: reads pass, writes and deletes are 403 and never sent', async () => {
  assert.equal((await s.call('/v1/bitrix24/get-deals', {}, 'reader')).status, 200);
  const write = await refused('/v1/bitrix24/add-deal', { fields: { TITLE: 'Поставка' } }, 'reader', 403, 'forbidden');
  assert.match(write.error.message, /changes data, and only reading is allowed/);
  await refused('/v1/bitrix24/delete-deal', { dealId: 1 }, 'reader', 403, 'forbidden');
  await refused('/v1/diadoc/delete-employee', { boxId: s.diadoc.info.boxId, userId: s.diadoc.info.employeeUserId }, 'reader', 403, 'forbidden');
});

test('write without destructive: adds pass, deletes are 403; with destructive both pass', async () => {
  const added = await s.call('/v1/bitrix24/add-deal', { fields: { TITLE: 'Поставка бумаги' } }, 'writer');
  assert.equal(added.status, 200, added.text);
  const removal = await refused('/v1/bitrix24/delete-deal', { dealId: Number(added.body.result) }, 'writer', 403, 'forbidden');
  assert.match(removal.error.message, /removes data/);
  assert.equal((await s.call('/v1/bitrix24/delete-deal', { dealId: Number(added.body.result) }, 'remover')).status, 200);
});

test('service and method allow lists', async () => {
  const before = s.planfix.stats.requests;
  assert.equal((await s.call('/v1/planfix/get-project-list', {}, 'planfixOnly')).status, 200);
  assert.ok(s.planfix.stats.requests > before);
  const other = await refused('/v1/bitrix24/get-deals', {}, 'planfixOnly', 403, 'forbidden');
  assert.match(other.error.message, /the service bitrix24 is not allowed/);
  assert.equal((await s.call('/v1/bitrix24/get-deals', {}, 'twoMethods')).status, 200);
  assert.equal((await s.call('/v1/bitrix24/get-leads', {}, 'twoMethods')).status, 200, 'named by its Russian name');
  const third = await refused('/v1/bitrix24/get-deal', { dealId: 1 }, 'twoMethods', 403, 'forbidden');
  assert.match(third.error.message, /not in the allowed methods/);
});

test('a refused call says so before its parameters are looked at', async () => {
  // A write with bad parameters by a read-only key: 403, not 400 (the key learns nothing more).
  await refused('/v1/bitrix24/add-deal', { nonsense: 1 }, 'reader', 403, 'forbidden');
});

test('handler: fixed arguments are applied and cannot be overridden', async () => {
  const deals = await s.call('/v1/handlers/sales-deals', {}, 'handlerOnly');
  assert.equal(deals.status, 200, deals.text);
  assert.ok(deals.body.result.length > 0);
  for (const deal of deals.body.result) {
    assert.deepEqual(Object.keys(deal).sort(), ['ID', 'STAGE_ID']);
    assert.equal(deal.STAGE_ID, 'NEW');
  }
  // The caller's other parameters go through.
  const paged = await s.call('/v1/handlers/sales-deals', { order: { ID: 'DESC' } }, 'handlerOnly');
  assert.equal(paged.status, 200, paged.text);
  assert.ok(Number(paged.body.result[0].ID) >= Number(paged.body.result.at(-1).ID));
  for (const attempt of [{ filter: { STAGE_ID: 'WON' } }, { select: ['*'] }, { filter: {}, select: ['ID', 'OPPORTUNITY'] }]) {
    const before = reached(s);
    const answer = await s.call('/v1/handlers/sales-deals', attempt, 'handlerOnly');
    assert.equal(answer.status, 400, JSON.stringify(attempt));
    assert.equal(answer.body.error.kind, 'validation');
    for (const key of Object.keys(attempt)) {
      assert.ok(answer.body.error.issues.some((i: { path: string; message: string }) => i.path === key && /fixed by the handler sales-deals/.test(i.message)));
    }
    assert.equal(reached(s), before);
  }
  // Not through the prototype either: "__proto__" is just an unknown parameter.
  const before = reached(s);
  const sneaky = await s.call('/v1/handlers/sales-deals', '{"__proto__": {"filter": {"STAGE_ID": "WON"}}}', 'handlerOnly');
  assert.equal(sneaky.status, 400, sneaky.text);
  assert.equal(sneaky.body.error.issues[0].path, '__proto__');
  assert.equal(reached(s), before);
  // A body of JSON null is no parameters: the fixed ones still apply.
  const nothing = await s.call('/v1/handlers/sales-deals', 'null', 'handlerOnly');
  assert.equal(nothing.status, 200, nothing.text);
  assert.ok(nothing.body.result.length > 0);
  for (const deal of nothing.body.result) assert.deepEqual(Object.keys(deal).sort(), ['ID', 'STAGE_ID']);
  // The bound method under its own route is not the handler: the key reaches only the handler.
  await refused('/v1/bitrix24/get-deals', {}, 'handlerOnly', 403, 'forbidden');
  await refused('/v1/handlers/note-lead', { fields: { TITLE: 'x' } }, 'handlerOnly', 403, 'forbidden');
});

test('handler of a write: the key needs write unless the handler is listed for it; the fixed id stays', async () => {
  await refused('/v1/handlers/note-lead', { fields: { COMMENTS: 'Перезвонить' } }, 'reader', 403, 'forbidden');
  const done = await s.call('/v1/handlers/note-lead', { fields: { COMMENTS: 'Перезвонить в понедельник' } }, 'writer');
  assert.equal(done.status, 200, done.text);
  const lead = await s.call('/v1/bitrix24/get-lead', { leadId: 1 }, 'reader');
  assert.equal(lead.body.result.COMMENTS, 'Перезвонить в понедельник');
  const moved = await s.call('/v1/handlers/note-lead', { leadId: 2, fields: { COMMENTS: 'x' } }, 'writer');
  assert.equal(moved.status, 400);
  assert.equal(moved.body.error.issues[0].path, 'leadId');
});

test('a handler bound to a missing method or parameter, or with a bad fixed value, stops the start', async () => {
  const { createGateway } = await import('../../src/gateway/server.js');
  const { loadService, serviceNames } = await import('../../src/services/registry.js');
  const services = await Promise.all(serviceNames.map(loadService));
  const start = (handler: object) => createGateway({ config: parseConfig({ handlers: [handler] }), services, env: {}, log: () => {} });
  await assert.rejects(start({ name: 'x', method: 'bitrix24/get-dealz', fixed: {} }), /no method "bitrix24\/get-dealz"/);
  await assert.rejects(start({ name: 'x', method: 'bitrix24/get-deals', fixed: { filtr: {} } }), /has no parameter "filtr"/);
  await assert.rejects(start({ name: 'x', method: 'bitrix24/get-deal', fixed: { dealId: 'one' } }), /dealId/);
});

test("per-key limit: past the burst a 429 with Retry-After, nothing sent; other keys are not slowed", async () => {
  assert.equal((await s.call('/v1/bitrix24/get-deals', {}, 'slow')).status, 200);
  assert.equal((await s.call('/v1/bitrix24/get-deals', {}, 'slow')).status, 200);
  const before = reached(s);
  const answer = await s.call('/v1/bitrix24/get-deals', {}, 'slow');
  assert.equal(answer.status, 429);
  assert.equal(answer.body.error.kind, 'rate-limit');
  assert.ok(Number(answer.headers.get('retry-after')) >= 1);
  assert.equal(answer.body.error.retryAfter, Number(answer.headers.get('retry-after')));
  assert.equal(reached(s), before);
  assert.equal((await s.call('/v1/bitrix24/get-deals', {}, 'reader')).status, 200);
});

test('the log names keys, never their values, and no secret is in any answer or log line', () => {
  const lines = s.log.map((line) => JSON.parse(line) as { key?: string; status?: number });
  assert.ok(lines.some((l) => l.key === 'handlerOnly' && l.status === 400));
  assert.ok(lines.some((l) => l.key === 'slow' && l.status === 429));
  assert.deepEqual(leaks(s.seen.join('\n') + s.log.join(''), s.secrets), []);
});
