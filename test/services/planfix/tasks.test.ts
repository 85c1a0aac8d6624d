// The tasks section against the sandbox: every method, hostile values through task.add/task.get,
// the documented error codes of tasks, and seed 003 (task.changeWorkers) reproduced.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, NotFoundError, PermissionError, ValidationError } from '../../../src/core/errors.js';
import { planfixCatalogue, type PlanfixClient } from '../../../src/services/planfix/index.js';
import { idsOf, recorder, startSandbox, tokenClient, type Sandbox } from './helpers.js';

interface People {
  users: { user: { id: number; name?: string }[] };
  groups: { group: { id: number; name?: string }[] };
}
interface TaskCard {
  id: number;
  general: number;
  title: string;
  description: string;
  status: string | number;
  startTime: string;
  endTime: string;
  workers: People;
  members: People;
  auditors: People;
  customData: { customValue: { field: { id: number }; value: unknown }[] };
}

let sandbox: Sandbox;
let client: PlanfixClient;
let me: number;

const card = async (id: number): Promise<TaskCard> => ((await client.getTask({ task: id })) as { task: TaskCard }).task;
const catalogueEntry = (name: keyof typeof planfixCatalogue) => planfixCatalogue[name];
const codeOf = (code: string, cls: typeof ApiError = ApiError) => (e: unknown) => e instanceof cls && e.code === code;

before(async () => {
  sandbox = await startSandbox({ rateLimit: false });
  client = tokenClient(sandbox);
  me = ((await client.getUser({})) as { user: { id: number } }).user.id;
});
after(() => sandbox.close());

describe('task.add and task.get', () => {
  test('hostile text round-trips exactly: markup, &, ]]>, quotes, Cyrillic, spaces, new lines', async () => {
    const title = `  <script>alert("x")</script> & ]]> 'кавычки' «ёлки» — Задача №1 & &amp;  `;
    const description = `Строка 1\nстрока 2 <b>жирный</b> ]]><![CDATA[ & "end"`;
    const added = (await client.addTask({ title, description })) as { task: { id: number; general: number } };
    assert.ok(added.task.id > 0 && added.task.general > 0);
    const task = await card(added.task.id);
    assert.equal(task.title, title);
    assert.equal(task.description, description);
    const byNumber = ((await client.getTask({ number: added.task.general })) as { task: TaskCard }).task;
    assert.equal(byNumber.id, added.task.id);
  });

  test('people, dates and custom data are set on creation; lists come back as arrays', async () => {
    const added = (await client.addTask({
      title: 'Подготовить договор',
      workers: [me],
      workerGroups: 3,
      members: '2,9',
      auditors: [10],
      startDate: '01-12-2026',
      startTime: '10:00',
      endDate: '02-12-2026',
      customData: [{ id: 1, value: 1500 }],
    })) as { task: { id: number } };
    const task = await card(added.task.id);
    assert.deepEqual(idsOf(task.workers.users.user), [me]);
    assert.deepEqual(idsOf(task.workers.groups.group), [3]);
    assert.deepEqual(idsOf(task.members.users.user), [2, 9]);
    assert.deepEqual(idsOf(task.auditors.users.user), [10]);
    assert.ok(Array.isArray(task.auditors.groups.group) && task.auditors.groups.group.length === 0);
    assert.match(task.startTime, /^01-12-2026/);
    assert.match(task.endTime, /^02-12-2026/);
    const field = task.customData.customValue.find((v) => v.field.id === 1);
    assert.equal(String(field?.value), '1500');
  });

  test('a dated task carries the …IsSet flags the API needs', async () => {
    const rec = recorder();
    await tokenClient(sandbox, { fetch: rec.fetch }).addTask({ title: 'flags', startDate: new Date(Date.UTC(2026, 11, 3)), duration: 2, durationUnit: 1 });
    assert.match(rec.bodies[0]!, /<startDate>03-12-2026<\/startDate>/);
    assert.match(rec.bodies[0]!, /<startDateIsSet>1<\/startDateIsSet>/);
    assert.match(rec.bodies[0]!, /<durationIsSet>1<\/durationIsSet>/);
    assert.doesNotMatch(rec.bodies[0]!, /endDateIsSet/);
  });

  test('unknown task: 3001 as NotFoundError with the documented meaning', async () => {
    await assert.rejects(client.getTask({ task: 987654 }), (e: unknown) => codeOf('3001', NotFoundError)(e) && (e as ApiError).method === 'task.get' && /не существует/.test((e as ApiError).hint!.ru));
  });

  test('input errors are caught before any request', async () => {
    const rec = recorder();
    const c = tokenClient(sandbox, { fetch: rec.fetch });
    await assert.rejects(c.getTask({}), ValidationError);
    await assert.rejects(c.addTask({ title: 'x', importance: 'LOW' } as never), ValidationError);
    await assert.rejects(c.addTask({ title: 'x', startDate: '2026-12-01' }), ValidationError);
    await assert.rejects(c.getTasks({ tasks: Array.from({ length: 101 }, (_, i) => i + 1) }), ValidationError);
    assert.equal(rec.bodies.length, 0);
  });
});

describe('task.update, task.getMulti, task.updateCustomData', () => {
  test('update by id, read several by id and number at once, change custom data', async () => {
    const a = (await client.addTask({ title: 'one' })) as { task: { id: number; general: number } };
    const b = (await client.addTask({ title: 'two' })) as { task: { id: number; general: number } };
    assert.deepEqual(await client.updateTask({ task: a.task.id, title: 'one, changed', importance: 'HIGH' }), { task: { id: a.task.id } });
    const multi = (await client.getTasks({ tasks: [a.task.id], numbers: [b.task.general] })) as { tasks: { task: TaskCard[] } };
    assert.deepEqual(multi.tasks.task.map((t) => t.id).sort(), [a.task.id, b.task.id].sort());
    assert.equal(multi.tasks.task.find((t) => t.id === a.task.id)?.title, 'one, changed');
    const single = (await client.getTasks({ tasks: b.task.id })) as { tasks: { task: TaskCard[] } };
    assert.ok(Array.isArray(single.tasks.task) && single.tasks.task.length === 1, 'one task is still a list');
    await client.updateTaskCustomData({ number: a.task.general, customData: [{ id: 1, value: 2750 }] });
    const field = (await card(a.task.id)).customData.customValue.find((v) => v.field.id === 1);
    assert.equal(String(field?.value), '2750');
    await assert.rejects(client.updateTaskCustomData({ task: a.task.id, customData: [{ id: 1, value: 'not a number' }] }), codeOf('0015'));
  });
});

describe('task.changeStatus, task.accept, task.reject', () => {
  test('accept as assignee, then the documented refusals: 3011 twice, 3010 after accepting', async () => {
    const t = ((await client.addTask({ title: 'to accept', workers: [me] })) as { task: { id: number } }).task.id;
    const before = (await card(t)).status;
    assert.deepEqual(await client.acceptTask({ task: t }), { task: { id: t } });
    assert.notEqual((await card(t)).status, before);
    await assert.rejects(client.acceptTask({ task: t }), codeOf('3011'));
    await assert.rejects(client.rejectTask({ task: t, reason: 'передумал' }), codeOf('3010'));
  });

  test('reject as assignee with a reason; not an assignee: 3012; no reason: refused before sending', async () => {
    const mine = ((await client.addTask({ title: 'to reject', workers: [me] })) as { task: { id: number } }).task.id;
    assert.deepEqual(await client.rejectTask({ task: mine, reason: 'Нет доступа <к серверу> & VPN' }), { task: { id: mine } });
    const other = ((await client.addTask({ title: 'not mine', workers: [2] })) as { task: { id: number } }).task.id;
    await assert.rejects(client.acceptTask({ task: other }), codeOf('3012', PermissionError));
    await assert.rejects(client.rejectTask({ task: other, reason: '   ' }), ValidationError);
  });

  test('change status; DELAYED needs a date', async () => {
    const t = ((await client.addTask({ title: 'status' })) as { task: { id: number } }).task.id;
    const before = (await card(t)).status;
    assert.deepEqual(await client.changeTaskStatus({ task: t, status: 'COMPLETED' }), { task: { id: t } });
    const completed = (await card(t)).status;
    assert.notEqual(completed, before);
    await assert.rejects(client.changeTaskStatus({ task: t, status: 'DELAYED' }), ValidationError);
    await client.changeTaskStatus({ task: t, status: 'DELAYED', dateTime: '05-12-2026 10:00' });
    assert.notEqual((await card(t)).status, completed);
    await assert.rejects(client.changeTaskStatus({ task: 987654, status: 'DONE' }), codeOf('3001'));
  });
});

describe('task.getList', () => {
  test('a page, the whole selection walked with totalCount, and the count-only page', async () => {
    const page = (await client.getTaskList({ filter: 'ACTIVE', pageCurrent: 1, pageSize: 7 })) as { tasks: { count: number; totalCount: number; task: TaskCard[] } };
    assert.equal(page.tasks.task.length, 7);
    assert.equal(page.tasks.count, 7);
    assert.ok(page.tasks.totalCount > 7);
    const rec = recorder();
    const walker = tokenClient(sandbox, { fetch: rec.fetch });
    const ids = new Set<number>();
    for await (const task of walker.iterate(catalogueEntry('getTaskList'), { filter: 'ACTIVE', pageSize: 30 })) {
      ids.add((task as TaskCard).id);
    }
    assert.equal(ids.size, page.tasks.totalCount, 'every row once');
    assert.equal(rec.bodies.length, Math.ceil(page.tasks.totalCount / 30));
    assert.ok(rec.bodies.every((b, i) => b.includes(`<pageCurrent>${i + 1}</pageCurrent>`) && b.includes('<pageSize>30</pageSize>')));
    const counted = (await client.getTaskList({ filter: 'ACTIVE', pageCurrent: 0 })) as { tasks: { totalCount: number; task: TaskCard[] } };
    assert.equal(counted.tasks.totalCount, page.tasks.totalCount);
    assert.deepEqual(counted.tasks.task, []);
  });

  test('pages of the default size (100) and a size over 100 refused', async () => {
    const pages = [];
    for await (const p of client.pages(catalogueEntry('getTaskList'), {}).pages()) pages.push(p);
    assert.ok(pages.length >= 2);
    assert.equal(pages[0]!.items.length, 100);
    assert.equal(pages.reduce((n, p) => n + p.items.length, 0), pages[0]!.total);
    await assert.rejects(client.getTaskList({ pageSize: 101 }), ValidationError);
  });
});

describe('seed 003: task.changeWorkers', () => {
  test('add and remove users and groups as assignees; task.get shows the change', async () => {
    const t = ((await client.addTask({ title: 'Seed 003', workers: [2, 4], workerGroups: [1] })) as { task: { id: number } }).task.id;
    const rec = recorder();
    const c = tokenClient(sandbox, { fetch: rec.fetch });
    assert.deepEqual(await c.changeTaskWorkers({ task: t, addUsers: [9, 10], addGroups: [3], delUsers: [4], delGroups: [1] }), { task: { id: t } });
    assert.match(
      rec.bodies[0]!,
      /<task><id>\d+<\/id><workers><addUsers><id>9<\/id><id>10<\/id><\/addUsers><addGroups><id>3<\/id><\/addGroups><delUsers><id>4<\/id><\/delUsers><delGroups><id>1<\/id><\/delGroups><\/workers><\/task>/,
    );
    const after = await card(t);
    assert.deepEqual(idsOf(after.workers.users.user), [2, 9, 10]);
    assert.deepEqual(idsOf(after.workers.groups.group), [3]);
    assert.ok(after.workers.users.user.every((u) => typeof u.name === 'string' && u.name.length > 0));
    // Removing everyone leaves empty lists, still arrays.
    await client.changeTaskWorkers({ task: t, delUsers: '2,9,10', delGroups: 3 });
    const empty = await card(t);
    assert.deepEqual(empty.workers.users.user, []);
    assert.deepEqual(empty.workers.groups.group, []);
    await assert.rejects(client.changeTaskWorkers({ task: 987654, addUsers: [2] }), codeOf('3001'));
  });
});

describe('errors of the envelope', () => {
  test('unknown function 0008, missing parameter 0009, invalid value 0015', async () => {
    await assert.rejects(client.call('task.fly', {}), codeOf('0008'));
    await assert.rejects(client.call('task.get', {}), (e: unknown) => codeOf('0009')(e) && /required parameter/.test((e as ApiError).hint!.en));
    await assert.rejects(client.call('task.get', { task: { id: 'abc' } }), codeOf('0015'));
  });

  test('raw: the XML text exactly as received', async () => {
    const raw = await client.invoke(catalogueEntry('getTask'), { task: 10001 }, { raw: true });
    assert.equal(typeof raw, 'string');
    assert.match(raw as string, /^<\?xml[^>]*\?>\s*<response status="ok"><task><id>10001<\/id>/);
    assert.equal(client.lastRawResponse, raw);
  });
});
