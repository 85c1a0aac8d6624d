import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startPlanfixSandbox, type PlanfixSandbox } from '../../../src/sandbox/planfix/index.js';
import { basic, call, obj, people, postRaw } from './helpers.js';

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

// The expected strings below are written out by hand from the rule on the docs' signature
// page, independently of the sandbox's implementation.
describe('planfix sandbox: request signature', () => {
  let sb: PlanfixSandbox;
  before(async () => {
    sb = await startPlanfixSandbox({ rateLimit: false, seed: { tasks: 20, contacts: 8 } });
  });
  after(() => sb.close());

  const tokenAuth = (): string => basic(sb.info.apiKey, sb.info.token);

  test('the worked example: md5("auth.login" + account + login + password + key)', async () => {
    const { account, login, password, signatureKey, apiKey } = sb.info;
    const signature = md5(`auth.login${account}${login}${password}${signatureKey}`);
    // Document order account, password, login as on the page; the names are sorted for the signature.
    const xml = `<?xml version="1.0" encoding="UTF-8"?><request method="auth.login"><account>${account}</account><password>${password}</password><login>${login}</login><signature>${signature}</signature></request>`;
    const answer = await postRaw(sb, xml, basic(apiKey, ''));
    assert.equal(answer.status, 'ok', answer.text);
    const sid = String(answer.body.sid);
    // sid is a request parameter too: account < sid.
    const next = `<request method="user.get"><sid>${sid}</sid><account>${account}</account><signature>${md5(`user.get${account}${sid}${signatureKey}`)}</signature></request>`;
    assert.equal((await postRaw(sb, next, basic(apiKey, ''))).status, 'ok');
  });

  test('nested and repeated elements: subtrees expanded recursively, list items sorted by value', async () => {
    const { account, signatureKey } = sb.info;
    const taskId = [...sb.state.tasks.values()].find((t) => t.type === 'task')?.id as number;
    // addUsers sent as 10, 9: sorted by value (numerically) that is 9, 10 → "910".
    const expected = `task.changeWorkers${account}${taskId}9102`;
    const body = `<account>${account}</account><task><workers><addUsers><id>10</id><id>9</id></addUsers><delGroups><id>2</id></delGroups></workers><id>${taskId}</id></task>`;
    const good = await postRaw(sb, `<request method="task.changeWorkers">${body}<signature>${md5(expected + signatureKey)}</signature></request>`, tokenAuth());
    assert.equal(good.status, 'ok', good.text);
    const card = await call(sb, 'task.get', { task: { id: taskId } });
    assert.ok(people(obj(card.body.task), 'workers').users.includes('9'));

    // Document order (10 then 9) is not the documented rule: 0006.
    const docOrder = `task.changeWorkers${account}${taskId}1092`;
    const bad = await postRaw(sb, `<request method="task.changeWorkers">${body}<signature>${md5(docOrder + signatureKey)}</signature></request>`, tokenAuth());
    assert.equal(bad.code, '0006');
  });

  test('repeated subtrees are sorted by their expanded value', async () => {
    const { account, signatureKey } = sb.info;
    // filter{type 8, operator equal, value Счёт} expands to "equal8Счёт", filter{2, equal, 5} to "equal25".
    const filters = '<filters><filter><type>8</type><operator>equal</operator><value>Счёт</value></filter><filter><type>2</type><operator>equal</operator><value>5</value></filter></filters>';
    const expected = `task.getList${account}equal25equal8Счёт10`;
    const xml = `<request method="task.getList"><pageSize>10</pageSize>${filters}<account>${account}</account><signature>${md5(expected + signatureKey)}</signature></request>`;
    const answer = await postRaw(sb, xml, tokenAuth());
    assert.equal(answer.status, 'ok', answer.text);
  });

  test('a wrong signature answers 0006; the signature is case-insensitive hex', async () => {
    const { account, signatureKey } = sb.info;
    const wrong = `<request method="user.get"><account>${account}</account><signature>${md5('something else')}</signature></request>`;
    assert.equal((await postRaw(sb, wrong, tokenAuth())).code, '0006');
    const upper = md5(`user.get${account}${signatureKey}`).toUpperCase();
    const right = `<request method="user.get"><account>${account}</account><signature>${upper}</signature></request>`;
    assert.equal((await postRaw(sb, right, tokenAuth())).status, 'ok');
  });

  test('values are signed as sent: escaped characters count as the characters they stand for', async () => {
    const { account, signatureKey } = sb.info;
    const title = 'A & B <c> "d"';
    const expected = `task.add${account}${title}`;
    const xml = `<request method="task.add"><account>${account}</account><task><title>A &amp; B &lt;c&gt; &quot;d&quot;</title></task><signature>${md5(expected + signatureKey)}</signature></request>`;
    const answer = await postRaw(sb, xml, tokenAuth());
    assert.equal(answer.status, 'ok', answer.text);
  });

  test('an empty <signature/> counts as no signature', async () => {
    const xml = `<request method="user.get"><account>${sb.info.account}</account><signature></signature></request>`;
    assert.equal((await postRaw(sb, xml, tokenAuth())).status, 'ok');
  });
});
