// tasks.task.list through list(), iterate() and export(): its rows sit in result.tasks, carry
// `id` while requests filter, order and select by `ID` (api-reference/tasks/tasks-task-list.md);
// the catalogue entry says so and every reader follows it, with the export's rules (count-free,
// sliced, batched, nothing lost or read twice while tasks change).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { bitrix24Catalogue } from '../../../src/services/bitrix24/catalogue.js';
import { ValidationError } from '../../../src/core/errors.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1, tasks: 2400 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false, retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 } });
});
after(() => sandbox.close());

const taskIds = (): number[] => sandbox.state.tasks.tasks.all().map((t) => t.ID);

test('list() finds the rows in result.tasks by the method\'s name, page after page, to the end', async () => {
  const pages = [];
  for await (const page of client.list('tasks.task.list', { select: ['ID', 'TITLE'], order: { ID: 'ASC' } }).pages()) pages.push(page);
  assert.equal(pages.length, Math.ceil(sandbox.state.tasks.tasks.size / 50));
  assert.equal(pages[0]!.total, sandbox.state.tasks.tasks.size);
  const ids = pages.flatMap((p) => p.items.map((r) => Number((r as { id: string }).id)));
  assert.deepEqual(ids, taskIds());
});

test('getTasks pages by offset, and iterate() (the CLI\'s --all) walks every task', async () => {
  const second = await client.getTasks({ offset: 50, select: ['ID'], order: { ID: 'ASC' } });
  assert.equal(second.result.tasks.length, 50);
  assert.equal(second.result.tasks[0]!.id, '51');
  assert.equal(second.next, 100);
  let count = 0;
  for await (const row of client.iterate(bitrix24Catalogue.getTasks, { filter: { REAL_STATUS: 5 }, select: ['ID', 'STATUS'] })) {
    assert.equal((row as { status: string }).status, '5');
    count += 1;
  }
  assert.equal(count, sandbox.state.tasks.tasks.all().filter((t) => t.STATUS === 5).length);
});

test('export() reads every task once, in ID order, with no count, while tasks are added and deleted', async () => {
  const before = new Set(taskIds());
  const maxBefore = Math.max(...before);
  const deleted = new Set<number>();
  const added: number[] = [];
  const seen = new Map<number, number>();
  let mutated = false;
  let previous = 0;
  const stats = { batches: sandbox.stats.batches, list: sandbox.stats.byMethod['tasks.task.list'] ?? 0 };
  for await (const row of client.export<{ id: string; title: string }>('tasks.task.list', { select: ['TITLE'] }, {
    onProgress: (read) => {
      if (mutated || read < 500) return;
      mutated = true;
      const store = sandbox.state.tasks;
      // Delete tasks behind and ahead of the reader; add tasks past the end.
      for (const id of [3, 7, maxBefore - 2, maxBefore - 40, Math.floor(maxBefore / 2)]) {
        const task = store.find(id);
        if (task) {
          store.remove(task);
          deleted.add(id);
        }
      }
      for (let i = 0; i < 60; i += 1) added.push(store.create({ TITLE: `Новая задача ${i}`, RESPONSIBLE_ID: 2 }, 1, Date.now() / 1000).ID);
    },
  })) {
    const id = Number(row.id);
    assert.ok(id > previous, `rows in ID order: ${id} after ${previous}`);
    assert.equal(typeof row.title, 'string', 'the selected field is there');
    previous = id;
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  assert.ok(mutated, 'the tasks changed during the export');
  assert.deepEqual([...seen].filter(([, n]) => n > 1), [], 'no task read twice');
  const lost = [...before].filter((id) => !deleted.has(id) && !seen.has(id));
  assert.deepEqual(lost, [], 'no task lost');
  for (const id of added) assert.ok(seen.has(id), `added task ${id} read`);
  // 2,400 tasks: a handful of batches of 50 slices, not 48 counted pages.
  assert.ok(sandbox.stats.batches - stats.batches <= 8, `batches: ${sandbox.stats.batches - stats.batches}`);
});

test('export() from the top with order { ID: DESC }; the rows\' id and the requests\' ID are told apart', async () => {
  const ids: number[] = [];
  for await (const row of client.export<{ id: string }>('tasks.task.list', { order: { ID: 'DESC' }, filter: { RESPONSIBLE_ID: 2 }, select: ['ID'] })) ids.push(Number(row.id));
  const expected = sandbox.state.tasks.tasks.all().filter((t) => t.RESPONSIBLE_ID === 2).map((t) => t.ID).reverse();
  assert.deepEqual(ids, expected);
  // An ID bound is refused by the name the requests use, before any request.
  const requests = sandbox.stats.requests;
  await assert.rejects(
    async () => {
      for await (const row of client.export('tasks.task.list', { filter: { '>ID': 5 } })) void row;
    },
    (error: unknown) => error instanceof ValidationError && error.issues[0]!.path === 'filter.>ID' && /slices by ID/.test(error.issues[0]!.message),
  );
  assert.equal(sandbox.stats.requests, requests);
});
