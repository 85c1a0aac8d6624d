import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPlanfixSandbox, type PlanfixSandbox, type Task } from '../../../src/sandbox/planfix/index.js';
import { call, list, obj, ok, people, tokenOf, userIdOf, type Params } from './helpers.js';

describe('planfix sandbox: tasks', () => {
  let sb: PlanfixSandbox;
  let petrov: { token: string };
  let petrovId: number;
  before(async () => {
    sb = await startPlanfixSandbox({ rateLimit: false, seed: { tasks: 120, contacts: 12 } });
    petrov = { token: tokenOf(sb, 'petrov') };
    petrovId = userIdOf(sb, 'petrov');
  });
  after(() => sb.close());

  const add = async (task: Params): Promise<{ id: string; general: string }> => {
    const body = await ok(sb, 'task.add', { task });
    const t = obj(body.task);
    return { id: String(t.id), general: String(t.general) };
  };
  const get = async (id: string): Promise<Record<string, unknown>> => obj((await ok(sb, 'task.get', { task: { id } })).task);
  const code = async (method: string, params: Params, auth?: { token: string }): Promise<string | undefined> =>
    (await call(sb, method, params, auth)).code;

  test('task.add answers id and general; task.get returns the card as sent', async () => {
    const { id, general } = await add({
      title: 'Подготовить договор',
      description: 'Описание',
      importance: 'HIGH',
      owner: { id: 2 },
      project: { id: 11 },
      client: { id: 101 },
      startDate: '01-12-2026',
      endDate: '10-12-2026',
      endTime: '18:30',
      workers: { users: { id: [3, 5] }, groups: { id: 3 } },
      members: { users: { id: 6 } },
      auditors: { groups: { id: 1 } },
      customData: { customValue: [{ id: 1, value: '150000' }, { id: 2, value: 'Сайт' }] },
    });
    assert.match(id, /^\d+$/);
    assert.notEqual(id, general, 'id and general are different numbers');
    const task = await get(id);
    assert.equal(task.title, 'Подготовить договор');
    assert.equal(task.importance, 'HIGH');
    assert.equal(task.status, '1', 'a new task is ACTIVE (1)');
    assert.equal(task.general, general);
    assert.equal(obj(task.owner).id, '2');
    assert.equal(obj(task.owner).name, 'Ольга Сергеевна Кузнецова');
    assert.equal(obj(task.project).id, '11');
    assert.equal(obj(task.client).id, '101');
    assert.equal(task.startTime, '01-12-2026');
    assert.equal(task.endTime, '10-12-2026 18:30');
    assert.deepEqual(people(task, 'workers'), { users: ['3', '5'], groups: ['3'] });
    assert.deepEqual(people(task, 'members'), { users: ['6'], groups: [] });
    assert.deepEqual(people(task, 'auditors'), { users: [], groups: ['1'] });
    const custom = list(obj(task.customData).customValue).map((c) => [String(obj(obj(c).field).id), String(obj(c).value)]);
    assert.deepEqual(custom, [['1', '150000'], ['2', 'Сайт']]);
    // By general too.
    const byGeneral = obj((await ok(sb, 'task.get', { task: { general } })).task);
    assert.equal(byGeneral.id, id);
  });

  test('hostile values round-trip: <, &, ]]>, quotes, Cyrillic', async () => {
    const title = `<b>Тест</b> & "кавычки" 'апостроф' ]]> конец`;
    const description = 'строка 1\nстрока 2 <![CDATA[ не CDATA ]]> &amp; уже экранировано';
    const { id } = await add({ title, description, customData: { customValue: { id: 4, value: title } } });
    const task = await get(id);
    assert.equal(task.title, title);
    assert.equal(task.description, description);
    assert.equal(obj(list(obj(task.customData).customValue)[0]).value, title);
    const raw = (await call(sb, 'task.get', { task: { id } })).text;
    assert.ok(!raw.includes('<b>'), 'markup in values is escaped');
  });

  test('task.add errors: no task 0009, no title 0009, unknown project 3003, bad status 0016, start after end 3006', async () => {
    assert.equal(await code('task.add', {}), '0009');
    assert.equal(await code('task.add', { task: { description: 'x' } }), '0009');
    assert.equal(await code('task.add', { task: { title: 'x', project: { id: 999 } } }), '3003');
    assert.equal(await code('task.add', { task: { title: 'x', status: 'COMPLETED' } }), '0016');
    assert.equal(await code('task.add', { task: { title: 'x', status: 'NOPE' } }), '0015');
    assert.equal(await code('task.add', { task: { title: 'x', startDate: '10-12-2026', endDate: '01-12-2026' } }), '3006');
    assert.equal(await code('task.add', { task: { title: 'x', endDate: '31-02-2026' } }), '0015');
    assert.equal(await code('task.add', { task: { title: 'x', importance: 'LOW' } }), '0015');
    assert.equal(await code('task.add', { task: { title: 'x', workers: { users: { id: 777 } } } }), '0013');
    assert.equal(await code('task.add', { task: { title: 'x', workers: { groups: { id: 77 } } } }), '5001');
    assert.equal(await code('task.add', { task: { title: 'x', customData: { customValue: { id: 99, value: '1' } } } }), '0101');
    assert.equal(await code('task.add', { task: { title: 'x', customData: { customValue: { id: 1, value: 'много' } } } }), '0015');
    assert.equal(await code('task.add', { task: { title: 'x', client: { id: 99999 } } }), '7002');
    assert.equal(await code('task.add', { task: { title: 'x', parent: { id: 99999 } } }), '3001');
  });

  test('task.update by id and by general changes only what is sent', async () => {
    const { id, general } = await add({ title: 'Старое название', description: 'Не трогать', workers: { users: { id: 3 } } });
    await ok(sb, 'task.update', { task: { id, title: 'Новое название' } });
    let task = await get(id);
    assert.equal(task.title, 'Новое название');
    assert.equal(task.description, 'Не трогать');
    const body = await ok(sb, 'task.update', { silent: 1, task: { general, importance: 'HIGH', workers: { users: { id: [4, 5] } } } });
    assert.equal(obj(body.task).id, id);
    task = await get(id);
    assert.equal(task.importance, 'HIGH');
    assert.deepEqual(people(task, 'workers').users, ['4', '5']);
    // A rejected update leaves the task as it was.
    assert.equal(await code('task.update', { task: { id, title: 'Ещё раз', importance: 'LOW' } }), '0015');
    assert.equal((await get(id)).title, 'Новое название');
  });

  test('task.get errors: no id 0009, no such task 3001, not visible 3008', async () => {
    assert.equal(await code('task.get', { task: {} }), '0009');
    assert.equal(await code('task.get', { task: { id: 1 } }), '3001');
    assert.equal(await code('task.get', { task: { general: 999999 } }), '3001');
    const { id } = await add({ title: 'Секретная задача', owner: { id: 1 }, workers: { users: { id: 2 } } });
    assert.equal(await code('task.get', { task: { id } }, petrov), '3008');
  });

  test('rights: only the owner or an administrator changes the card (3009)', async () => {
    const { id } = await add({ title: 'Задача для Петрова', owner: { id: 1 }, workers: { users: { id: petrovId } } });
    assert.equal((await call(sb, 'task.get', { task: { id } }, petrov)).status, 'ok');
    assert.equal(await code('task.update', { task: { id, title: 'Петров меняет' } }, petrov), '3009');
    assert.equal(await code('task.changeWorkers', { task: { id, workers: { addUsers: { id: 3 } } } }, petrov), '3009');
    const own = obj((await ok(sb, 'task.add', { task: { title: 'Своя задача' } }, petrov)).task);
    assert.equal((await call(sb, 'task.update', { task: { id: own.id, title: 'Своя, изменена' } }, petrov)).status, 'ok');
  });

  test('seed 003: task.changeWorkers adds and removes users and groups; task.get shows the change', async () => {
    const { id } = await add({ title: 'Смена исполнителей', workers: { users: { id: [2, 3] }, groups: { id: 2 } } });
    const body = await ok(sb, 'task.changeWorkers', {
      task: { id, workers: { addUsers: { id: [5, 6] }, addGroups: { id: [3, 5] }, delUsers: { id: 2 }, delGroups: { id: 2 } } },
    });
    assert.deepEqual(obj(body.task), { id });
    const task = await get(id);
    assert.deepEqual(people(task, 'workers'), { users: ['3', '5', '6'], groups: ['3', '5'] });
    const names = list(obj(obj(task.workers).groups).group).map((g) => obj(g).name);
    assert.deepEqual(names, ['Разработка', 'Техническая поддержка']);
    const users = list(obj(obj(task.workers).users).user).map((u) => obj(u).name);
    assert.equal(users[1], 'Сергей Николаевич Петров');
    // Removing someone who is not a worker changes nothing; adding twice keeps one entry.
    await ok(sb, 'task.changeWorkers', { task: { id, workers: { addUsers: { id: 5 }, delUsers: { id: 9 } } } });
    assert.deepEqual(people(await get(id), 'workers').users, ['3', '5', '6']);
  });

  test('task.changeWorkers errors: no workers 0009, unknown user 0013, unknown group 5001, no task 3001', async () => {
    const { id } = await add({ title: 'Ошибки исполнителей' });
    assert.equal(await code('task.changeWorkers', { task: { id } }), '0009');
    assert.equal(await code('task.changeWorkers', { task: { id, workers: { addUsers: { id: 4242 } } } }), '0013');
    assert.equal(await code('task.changeWorkers', { task: { id, workers: { addGroups: { id: 4242 } } } }), '5001');
    assert.equal(await code('task.changeWorkers', { task: { id: 5, workers: { addUsers: { id: 2 } } } }), '3001');
  });

  test('task.accept and task.reject follow the rules: 3012, 3011, 3010, reason 0009', async () => {
    const make = async (): Promise<string> => (await add({ title: 'Принять или отклонить', owner: { id: 1 }, workers: { users: { id: petrovId } } })).id;
    const a = await make();
    // The administrator is not among the workers.
    assert.equal(await code('task.accept', { task: { id: a } }), '3012');
    const accepted = await call(sb, 'task.accept', { task: { id: a } }, petrov);
    assert.deepEqual(obj(accepted.body.task), { id: a });
    assert.equal((await get(a)).status, '2');
    assert.equal(await code('task.accept', { task: { id: a } }, petrov), '3011');
    assert.equal(await code('task.reject', { task: { id: a }, reason: 'Поздно' }, petrov), '3010');

    const r = await make();
    assert.equal(await code('task.reject', { task: { id: r } }, petrov), '0009');
    assert.equal(await code('task.reject', { task: { id: r }, reason: '   ' }, petrov), '0009');
    assert.equal((await call(sb, 'task.reject', { task: { id: r }, reason: 'Нет времени' }, petrov)).status, 'ok');
    assert.equal((await get(r)).status, '6');
    assert.equal(await code('task.accept', { task: { id: 99 } }, petrov), '3001');
  });

  test('task.changeStatus: names or ids; REJECTED 0016; DELAYED needs dateTime 0017; DONE before acceptance 3013', async () => {
    const { id } = await add({ title: 'Статусы', owner: { id: 1 }, workers: { users: { id: petrovId } } });
    assert.equal(await code('task.changeStatus', { task: { id }, status: 'DONE' }, petrov), '3013');
    assert.equal(await code('task.changeStatus', { task: { id }, status: 'REJECTED' }), '0016');
    assert.equal(await code('task.changeStatus', { task: { id }, status: 'DELAYED' }), '0017');
    assert.equal(await code('task.changeStatus', { task: { id }, status: 'WHATEVER' }), '0015');
    assert.equal(await code('task.changeStatus', { task: { id } }), '0009');
    await ok(sb, 'task.changeStatus', { task: { id }, status: 'DELAYED', dateTime: '15-12-2026 10:00' });
    assert.equal((await get(id)).status, '4');
    await ok(sb, 'task.changeStatus', { task: { id }, status: 2 });
    await ok(sb, 'task.changeStatus', { task: { id }, status: 'DONE' }, petrov);
    assert.equal((await get(id)).status, '5');
    const { id: other } = await add({ title: 'Чужая', owner: { id: 1 }, members: { users: { id: petrovId } } });
    assert.equal(await code('task.changeStatus', { task: { id: other }, status: 'COMPLETED' }, petrov), '3009');
  });

  test('task.updateCustomData sets and clears values; unknown field 0101, wrong value 0015, none 0009', async () => {
    const { id, general } = await add({ title: 'Поля', customData: { customValue: { id: 2, value: 'Сайт' } } });
    await ok(sb, 'task.updateCustomData', { task: { general, customData: { customValue: [{ id: 1, value: '42' }, { id: 3, value: '1' }, { id: 2, value: '' }] } } });
    const values = list(obj((await get(id)).customData).customValue).map((c) => [obj(obj(c).field).id, obj(c).value, obj(c).text]);
    assert.deepEqual(values, [['1', '42', '42'], ['3', '1', 'Да']]);
    assert.equal(await code('task.updateCustomData', { task: { id, customData: { customValue: { id: 55, value: 'x' } } } }), '0101');
    assert.equal(await code('task.updateCustomData', { task: { id, customData: { customValue: { id: 2, value: 'Почта' } } } }), '0015');
    assert.equal(await code('task.updateCustomData', { task: { id } }), '0009');
  });

  test('parents, projects and dates: 3002, 3004, beginDateTime 0020, a flag without its value 0017, subtrees in getList', async () => {
    const hidden = await add({ title: 'Надзадача без Петрова', owner: { id: 1 } });
    assert.equal(await code('task.add', { task: { title: 'Подзадача', parent: { id: hidden.id } } }, petrov), '3002');
    // Petrov takes no part in project 15 (accounting).
    assert.equal(await code('task.add', { task: { title: 'В чужой проект', project: { id: 15 } } }, petrov), '3004');
    assert.equal(await code('task.add', { task: { title: 'Задним числом', beginDateTime: '01-01-2026 09:00' } }, petrov), '0020');
    const backdated = await add({ title: 'Задним числом', beginDateTime: '01-01-2026 09:00' });
    assert.equal((await get(backdated.id)).beginDateTime, '01-01-2026 09:00');
    assert.equal(await code('task.add', { task: { title: 'Без даты', startDateIsSet: 1 } }), '0017');
    assert.equal(await code('task.add', { task: { title: 'Без даты', endTime: '10:00' } }), '0017');
    // A task cannot move under its own subtask.
    const child = await add({ title: 'Подзадача', parent: { id: hidden.id } });
    const grandchild = await add({ title: 'Под-подзадача', parent: { id: child.id } });
    assert.equal(await code('task.update', { task: { id: hidden.id, parent: { id: grandchild.id } } }), '0015');
    const below = obj((await ok(sb, 'task.getList', { parent: { id: hidden.id } })).tasks);
    assert.deepEqual(list(below.task).map((t) => obj(t).id).sort(), [child.id, grandchild.id].sort());
  });

  test('task.getList date filters: created (12), planned end (14), last change (38)', async () => {
    const totalOf = async (filter: Params): Promise<number> => {
      const answer = await call(sb, 'task.getList', { pageCurrent: 0, filters: { filter } });
      assert.equal(answer.status, 'ok', answer.text);
      return Number(obj(answer.body.tasks)['@_totalCount']);
    };
    await add({ title: 'Создана пятнадцатого', beginDateTime: '15-03-2026 10:00' });
    const all = (): Task[] => [...sb.state.tasks.values()].filter((t) => t.type === 'task');
    const tasks = all();
    assert.equal(
      await totalOf({ type: 12, operator: 'equal', value: { datetype: 'anotherdate', datefrom: '15-03-2026' } }),
      tasks.filter((t) => t.beginDateTime.startsWith('15-03-2026')).length,
    );
    assert.ok((await totalOf({ type: 12, operator: 'equal', value: { datetype: 'anotherdate', datefrom: '15-03-2026' } })) >= 1);
    const ms = (d: string): number => {
      const [dd, mm, yyyy] = d.split(' ')[0]?.split('-') ?? [];
      return Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd));
    };
    const cut = ms('01-12-2026');
    assert.equal(
      await totalOf({ type: 14, operator: 'lt', value: { datetype: 'anotherdate', datefrom: '01-12-2026' } }),
      tasks.filter((t) => t.end !== undefined && ms(t.end.date) < cut).length,
    );
    // Changing a task stamps it: it is among today's changes afterwards.
    const { id } = await add({ title: 'Изменим сегодня' });
    await ok(sb, 'task.update', { task: { id, description: 'изменено' } });
    const today = all().filter((t) => ms(t.updatedAt) === Math.floor(Date.now() / 86_400_000) * 86_400_000);
    assert.ok(today.some((t) => String(t.id) === id));
    assert.equal(await totalOf({ type: 38, operator: 'equal', value: { datetype: 'today' } }), today.length);
    assert.equal(await code('task.getList', { filters: { filter: { type: 12, operator: 'equal', value: { datetype: 'someday' } } } }), '0015');
    assert.equal(await code('task.getList', { filters: { filter: { type: 12, operator: 'equal', value: { datefrom: '01-01-2026' } } } }), '0009');
    assert.equal(await code('task.getList', { filters: { filter: { type: 12, operator: 'equal', value: { datetype: 'anotherdate' } } } }), '0017');
  });

  test('a request may start with a UTF-8 byte order mark', async () => {
    const xml = `\uFEFF<?xml version="1.0" encoding="UTF-8"?><request method="user.get"><account>${sb.info.account}</account></request>`;
    const res = await fetch(sb.info.url, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${sb.info.apiKey}:${sb.info.token}`).toString('base64')}` }, body: xml });
    assert.match(await res.text(), /<response status="ok">/);
  });

  test('task.getMulti: up to 100 ids and generals; missing ones left out; more 0021; none 0009', async () => {
    const ids = [...sb.state.tasks.values()].filter((t) => t.type === 'task').slice(0, 3);
    const body = await ok(sb, 'task.getMulti', { tasks: { id: [ids[0]?.id, ids[1]?.id, 1], general: ids[2]?.general } });
    const tasks = obj(body.tasks);
    assert.equal(tasks['@_count'], '3');
    assert.deepEqual(list(tasks.task).map((t) => obj(t).id), ids.map((t) => String(t.id)));
    assert.equal(await code('task.getMulti', { tasks: { id: Array.from({ length: 101 }, (_, i) => 10001 + i) } }), '0021');
    assert.equal(await code('task.getMulti', { tasks: {} }), '0009');
  });

  test('task.getList paging: count and totalCount, pages do not overlap, pageCurrent 0 counts only, pageSize > 100 is 0021', async () => {
    const total = [...sb.state.tasks.values()].filter((t) => t.type === 'task').length;
    const first = obj((await ok(sb, 'task.getList', { pageCurrent: 1, pageSize: 100 })).tasks);
    assert.equal(first['@_count'], '100');
    assert.equal(first['@_totalCount'], String(total));
    const second = obj((await ok(sb, 'task.getList', { pageCurrent: 2, pageSize: 100 })).tasks);
    assert.equal(second['@_count'], String(total - 100));
    const seen = new Set([...list(first.task), ...list(second.task)].map((t) => obj(t).id));
    assert.equal(seen.size, total);
    // getList leaves members and auditors out.
    assert.equal(obj(list(first.task)[0]).members, undefined);
    const countOnly = obj((await ok(sb, 'task.getList', { pageCurrent: 0 })).tasks);
    assert.equal(countOnly['@_count'], '0');
    assert.equal(countOnly['@_totalCount'], String(total));
    assert.equal(await code('task.getList', { pageSize: 101 }), '0021');
    const beyond = obj((await ok(sb, 'task.getList', { pageCurrent: 99, pageSize: 100 })).tasks);
    assert.equal(beyond['@_count'], '0');
  });

  test('task.getList filters: target, project with subprojects, status, filter words, complex filters, sort', async () => {
    const all = [...sb.state.tasks.values()].filter((t) => t.type === 'task');
    const totalOf = async (params: Params, auth?: { token: string }): Promise<number> => {
      const answer = await call(sb, 'task.getList', { pageCurrent: 0, ...params }, auth);
      assert.equal(answer.status, 'ok', answer.text);
      return Number(obj(answer.body.tasks)['@_totalCount']);
    };
    assert.equal(await totalOf({ target: 'template' }), 2);
    assert.equal(await totalOf({ target: 'out' }, petrov), all.filter((t) => t.ownerId === petrovId).length);
    const isPetrovWorker = (t: (typeof all)[number]): boolean => t.workers.users.includes(petrovId) || t.workers.groups.includes(3);
    assert.equal(await totalOf({ target: 'in' }, petrov), all.filter(isPetrovWorker).length);
    assert.equal(await totalOf({ project: { id: 13 } }), all.filter((t) => t.projectId === 13).length);
    assert.equal(await totalOf({ project: { id: 13, withSubprojects: 1 } }), all.filter((t) => t.projectId === 13 || t.projectId === 14).length);
    assert.equal(await totalOf({ status: 'COMPLETED' }), all.filter((t) => t.status === 'COMPLETED').length);
    assert.equal(await totalOf({ status: 3 }), all.filter((t) => t.status === 'COMPLETED').length);
    assert.equal(await totalOf({ filter: 'ACTIVE' }), all.filter((t) => ['ACTIVE', 'ACCEPTED', 'DELAYED'].includes(t.status)).length);
    assert.equal(await totalOf({ filter: 'ACTIVE MY' }, petrov), all.filter((t) => ['ACTIVE', 'ACCEPTED', 'DELAYED'].includes(t.status) && (t.ownerId === petrovId || isPetrovWorker(t))).length);
    assert.equal(await totalOf({ filters: { filter: { type: 1, operator: 'equal', value: 2 } } }), all.filter((t) => t.ownerId === 2).length);
    assert.equal(await totalOf({ filters: { filter: [{ type: 10, operator: 'equal', value: '3;5' }, { type: 1, operator: 'notequal', value: 2 }] } }), all.filter((t) => ['COMPLETED', 'DONE'].includes(t.status) && t.ownerId !== 2).length);
    assert.equal(await totalOf({ filters: { filter: { type: 8, operator: 'equal', value: 'договор' } } }), all.filter((t) => t.title.toLowerCase().includes('договор')).length);
    assert.equal(await totalOf({ filters: { filter: { type: 102, operator: 'gt', value: 100000, field: 1 } } }), all.filter((t) => Number(t.customData.get(1) ?? 'NaN') > 100000).length);
    assert.equal(await totalOf({ filters: { filter: { type: 33, operator: 'equal', value: 1 } } }), all.filter((t) => t.workers.users.length + t.workers.groups.length === 0).length);
    assert.equal(await code('task.getList', { filters: { filter: { type: 19, operator: 'equal', value: { datetype: 'today' } } } }), '0018');
    assert.equal(await code('task.getList', { filters: { filter: { type: 999, operator: 'equal', value: 1 } } }), '0015');
    assert.equal(await code('task.getList', { filters: { filter: { type: 1, operator: 'gt', value: 1 } } }), '0015');
    assert.equal(await code('task.getList', { filter: 'SOMETIMES' }), '0015');
    assert.equal(await code('task.getList', { target: 'sideways' }), '0015');
    assert.equal(await code('task.getList', { project: { id: 999 } }), '2001');
    assert.equal(await code('task.getList', { user: { id: 1 } }, petrov), '1002');
    // Visibility: Petrov's "all" is smaller than the administrator's.
    assert.ok((await totalOf({}, petrov)) < all.length);
    assert.equal(await totalOf({ user: { id: petrovId } }), await totalOf({}, petrov));
    const desc = list(obj((await ok(sb, 'task.getList', { sort: 'NUMBER_DESC', pageSize: 3 })).tasks).task).map((t) => Number(obj(t).general));
    assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
    assert.equal(await code('task.getList', { sort: 'RANDOM' }), '0015');
  });
});
