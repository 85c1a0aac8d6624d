// The request signature by the documented rule, first on paper (the doc's own example, nested
// subtrees, repeated elements), then against the sandbox, which checks what it receives.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationError } from '../../../src/core/errors.js';
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { inSignedOrder, signatureBase, signRequest } from '../../../src/services/planfix/signature.js';
import { idsOf, loginClient, recorder, startSandbox, tokenClient, type Sandbox } from './helpers.js';

describe('the signature rule', () => {
  test('the documentation\'s worked example: auth.login + acc + login + passw + key', () => {
    // The elements in the order the doc's request lists them; the rule sorts them by name.
    const body = { account: 'acc', password: 'passw', login: 'login' };
    assert.equal(signatureBase('auth.login', body, 'KEY'), 'auth.loginaccloginpasswKEY');
    // md5("auth.loginaccloginpasswKEY"), computed independently (md5sum).
    assert.equal(signRequest('auth.login', body, 'KEY'), '3e3a17e43d8ffc221c39593f0bd1aa1e');
  });

  test('subtrees are expanded in name order; repeated elements sorted by value (numbers as numbers)', () => {
    const body = {
      account: 'acc',
      task: { workers: { delGroups: { id: ['3'] }, addUsers: { id: ['10', '9', '2'] } }, id: '5' },
      sid: 's1',
    };
    assert.equal(signatureBase('task.changeWorkers', body, ''), 'task.changeWorkersaccs152910' + '3');
    assert.equal(signRequest('task.changeWorkers', body, ''), signRequest('task.changeWorkers', body, ''));
    const withoutGroups = { account: 'acc', sid: 's1', task: { id: '5', workers: { addUsers: { id: ['2', '9', '10'] } } } };
    assert.equal(signRequest('task.changeWorkers', withoutGroups, ''), 'e67fd51e24eaf3002ad68bcf72e6e818');
  });

  test('repeated subtrees are sorted by their own concatenation; signature itself is left out', () => {
    const body = {
      account: 'a',
      task: { customData: { customValue: [{ value: 'b', id: '2' }, { id: '1', value: 'a' }] }, id: '7' },
      signature: 'ignored',
    };
    assert.equal(signatureBase('task.updateCustomData', body, 'K'), 'task.updateCustomDataa' + '1a2b' + '7' + 'K');
  });

  test('several lists at one level: each sorted, the lists in name order', () => {
    const body = { tasks: { id: ['7', '3'], general: ['100', '20'] } };
    assert.equal(signatureBase('task.getMulti', body, ''), 'task.getMulti' + '20100' + '37');
  });
});

/**
 * The PHP sample's reading, written out here independently: ksort the element names at each
 * level, glue repeated elements in document order (no sort), the method (as @attributes) first.
 */
function documentOrderGlue(xml: string): string {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: true, parseTagValue: false, trimValues: false });
  type Entry = Record<string, unknown>;
  const glue = (entries: Entry[]): string => {
    const groups = new Map<string, Entry[]>();
    for (const e of entries) {
      const name = Object.keys(e).find((k) => k !== ':@')!;
      if (name === '#text' || name === 'signature') continue;
      groups.set(name, [...(groups.get(name) ?? []), e]);
    }
    return [...groups.keys()]
      .sort()
      .map((name) =>
        groups
          .get(name)!
          .map((e) => {
            const content = e[name] as Entry[];
            const text = content.find((c) => '#text' in c);
            return content.some((c) => !('#text' in c)) ? glue(content) : String(text?.['#text'] ?? '');
          })
          .join(''),
      )
      .join('');
  };
  const doc = parser.parse(xml) as Entry[];
  const request = doc.find((e) => 'request' in e)!;
  return glue(request.request as Entry[]);
}

describe('the two readings of the page', () => {
  test('a tree in signed order: sorted and document-order glue give one string', () => {
    const tree = inSignedOrder({ account: 'a', tasks: { id: ['10', '9', '100'], general: ['b', 'a'] } });
    assert.deepEqual(tree, { account: 'a', tasks: { id: ['9', '10', '100'], general: ['a', 'b'] } });
    assert.equal(signatureBase('task.getMulti', tree, ''), 'task.getMultia' + 'ab' + '910100');
  });

  test('repeated subtrees are put in order by their own glued value, inner lists first', () => {
    const tree = inSignedOrder({ customData: { customValue: [{ id: '2', value: ['z', 'y'] }, { id: '1', value: 'q' }] } });
    assert.deepEqual(tree, { customData: { customValue: [{ id: '1', value: 'q' }, { id: '2', value: ['y', 'z'] }] } });
  });
});

describe('signed requests against the sandbox', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ rateLimit: false });
  });
  after(() => sandbox.close());

  test('token auth, signed: reads and a nested, repeated write are accepted', async () => {
    const rec = recorder();
    const client = tokenClient(sandbox, { signatureKey: sandbox.info.signatureKey, fetch: rec.fetch });
    const list = (await client.getTaskList({ pageCurrent: 1, pageSize: 1 })) as { tasks: { task: { id: number }[] } };
    const taskId = list.tasks.task[0]!.id;
    // Ids out of order on purpose: a signed request goes out with its lists in the signature's
    // order, so the prose's rule (sorted) and the PHP sample's (document order) agree.
    await client.changeTaskWorkers({ task: taskId, addUsers: [10, 9, 2], addGroups: [3, 1] });
    const task = (await client.getTask({ task: taskId })) as { task: { workers: { users: { user: { id: number }[] }; groups: { group: { id: number }[] } } } };
    for (const id of [2, 9, 10]) assert.ok(idsOf(task.task.workers.users.user).includes(id));
    assert.deepEqual(idsOf(task.task.workers.groups.group).filter((g) => g === 1 || g === 3), [1, 3]);
    assert.ok(rec.bodies.every((b) => /<signature>[0-9a-f]{32}<\/signature><\/request>$/.test(b)), 'every request ends with its signature');
    assert.match(rec.bodies[1]!, /<addUsers><id>2<\/id><id>9<\/id><id>10<\/id><\/addUsers>/);
    assert.match(rec.bodies[1]!, /<addGroups><id>1<\/id><id>3<\/id><\/addGroups>/);
    // Both readings of the page give the signature that was sent.
    const sent = /<signature>([0-9a-f]{32})<\/signature>/.exec(rec.bodies[1]!)![1];
    const body = `${sandbox.info.account}${taskId}` + '13' + '2910';
    const md5 = (t: string): string => createHash('md5').update(t, 'utf8').digest('hex');
    assert.equal(sent, md5(`task.changeWorkers${body}${sandbox.info.signatureKey}`));
    assert.equal(sent, md5(`task.changeWorkers${documentOrderGlue(rec.bodies[1]!)}${sandbox.info.signatureKey}`));
  });

  test('unsigned requests keep the lists as given', async () => {
    const rec = recorder();
    const client = tokenClient(sandbox, { fetch: rec.fetch });
    const added = (await client.addTask({ title: 'order' })) as { task: { id: number } };
    await client.changeTaskWorkers({ task: added.task.id, addUsers: [10, 9, 2] });
    assert.match(rec.bodies[1]!, /<addUsers><id>10<\/id><id>9<\/id><id>2<\/id><\/addUsers>/);
  });

  test('login auth, signed: auth.login and the calls after it are accepted', async () => {
    const client = loginClient(sandbox, { signatureKey: sandbox.info.signatureKey });
    const me = (await client.getUser({})) as { user: { login: string } };
    assert.equal(me.user.login, sandbox.info.login);
  });

  test('hostile Cyrillic text (hashed as UTF-8) and repeated subtrees (custom data) signed and accepted', async () => {
    const client = tokenClient(sandbox, { signatureKey: sandbox.info.signatureKey });
    const title = `Счёт <№ 5> & ]]> "кавычки" 'ёж' 😀`;
    const added = (await client.addTask({ title })) as { task: { id: number; general: number } };
    await client.updateTaskCustomData({ task: added.task.id, customData: [{ id: 4, value: '1' }, { id: 1, value: 300 }] });
    const multi = (await client.getTasks({ tasks: [added.task.id], numbers: [added.task.general] })) as {
      tasks: { task: { title: string; customData: { customValue: { field: { id: number } }[] } }[] };
    };
    assert.equal(multi.tasks.task[0]!.title, title);
    assert.deepEqual(multi.tasks.task[0]!.customData.customValue.map((v) => v.field.id).sort(), [1, 4]);
  });

  test('a wrong key is refused with 0006', async () => {
    const client = tokenClient(sandbox, { signatureKey: 'not-the-key-0123456789' });
    await assert.rejects(client.getUser({}), (e: unknown) => e instanceof AuthenticationError && e.code === '0006' && /signature/.test(e.hint?.en ?? ''));
  });
});
