import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { PortalState } from '../../../src/sandbox/bitrix24/state.js';
import type { Task } from '../../../src/sandbox/bitrix24/tasks/index.js';

const now = Math.floor(Date.now() / 1000);

/** A user with no role at all in a task, and not above any of its people. */
function outsider(state: PortalState, task: Task): number {
  const id = state.users.all().find((u) => u.ID !== 1 && state.tasks.roles(task, u.ID).size === 0)?.ID;
  assert.ok(id, 'an outsider exists');
  return id;
}

describe('bitrix24 sandbox: the task store', () => {
  test('seeded tasks are linked to real users, groups and stages, in every status', () => {
    const state = new PortalState({ deals: 5, leads: 5 });
    const tasks = state.tasks.tasks.all();
    assert.ok(tasks.length >= 40, `${tasks.length} tasks`);
    for (const t of tasks) {
      assert.ok(state.users.get(t.RESPONSIBLE_ID), `responsible of ${t.ID}`);
      assert.ok(state.users.get(t.CREATED_BY), `creator of ${t.ID}`);
      for (const id of [...t.ACCOMPLICES, ...t.AUDITORS]) assert.ok(state.users.get(id));
      if (t.GROUP_ID > 0) {
        assert.ok(state.tasks.groups.get(t.GROUP_ID));
        assert.equal(state.tasks.stages.get(t.STAGE_ID)?.ENTITY_ID, t.GROUP_ID);
      }
      if (t.STATUS === 5) assert.ok(t.CLOSED_DATE !== null && t.CLOSED_BY !== null);
      else assert.equal(t.CLOSED_DATE, null);
    }
    assert.deepEqual([...new Set(tasks.map((t) => t.STATUS))].sort(), [2, 3, 4, 5, 6]);
    assert.match(tasks[0]!.TITLE, /[а-я]/);
    assert.ok(state.tasks.comments.size > 0 && state.tasks.results.size > 0 && state.tasks.dependencies.length > 0);
    // The same seed gives the same tasks.
    const again = new PortalState({ deals: 5, leads: 5 });
    assert.deepEqual(again.tasks.tasks.all().map((t) => [t.TITLE, t.RESPONSIBLE_ID, t.STATUS]), tasks.map((t) => [t.TITLE, t.RESPONSIBLE_ID, t.STATUS]));
  });

  test('statuses move as the docs say; control sends a completed task to its creator', () => {
    const state = new PortalState({ deals: 1, leads: 1 });
    const store = state.tasks;
    const [creator, doer, observer] = [2, 12, 13];
    const task = store.create({ TITLE: 'Проверить договор', RESPONSIBLE_ID: doer, AUDITORS: [observer], TASK_CONTROL: true }, creator, now);
    assert.equal(task.STATUS, 2);
    assert.equal(store.transition(task, 'pause', doer, now), false, 'a pending task cannot be paused');
    assert.ok(store.transition(task, 'start', doer, now));
    assert.equal(task.STATUS, 3);
    assert.ok(task.DATE_START !== null);
    assert.equal(store.transition(task, 'complete', observer, now), false, 'an observer cannot complete');
    assert.equal(store.transition(task, 'approve', doer, now), false);
    assert.ok(store.transition(task, 'complete', doer, now));
    assert.equal(task.STATUS, 4, 'awaits control');
    assert.equal(store.transition(task, 'approve', doer, now), false, 'the doer cannot approve their own work');
    assert.ok(store.transition(task, 'disapprove', creator, now));
    assert.equal(task.STATUS, 2);
    store.transition(task, 'complete', doer, now);
    assert.ok(store.transition(task, 'approve', creator, now));
    assert.equal(task.STATUS, 5);
    assert.equal(task.CLOSED_BY, creator);
    assert.ok(store.transition(task, 'renew', doer, now));
    assert.equal(task.STATUS, 2);
    assert.equal(task.CLOSED_DATE, null);
    assert.ok(store.transition(task, 'defer', doer, now));
    assert.equal(task.STATUS, 6);
    const fields = store.historyOf(task.ID).map((h) => h.FIELD);
    assert.equal(fields[0], 'NEW');
    assert.ok(fields.filter((f) => f === 'STATUS').length >= 7);
    // Without control the doer's completion closes the task at once.
    const plain = store.create({ TITLE: 'Обновить прайс-лист', RESPONSIBLE_ID: doer }, creator, now);
    assert.ok(store.transition(plain, 'complete', doer, now));
    assert.equal(plain.STATUS, 5);
  });

  test('access: observers read but do not act; heads see their staff\'s tasks; outsiders see nothing', () => {
    const state = new PortalState({ deals: 1, leads: 1 });
    const store = state.tasks;
    const task = store.tasks.all().find((t) => t.AUDITORS.length > 0 && t.STATUS === 2)!;
    const observer = task.AUDITORS[0]!;
    const actions = store.actions(task, observer);
    if (!store.roles(task, observer).has('director')) {
      assert.equal(actions.edit || actions.complete || actions.start || actions.delegate || actions.remove, false);
    }
    assert.ok(actions.create && store.canRead(task, observer));
    const stranger = outsider(state, task);
    assert.equal(store.findReadable(task.ID, stranger), undefined);
    assert.ok(Object.values(store.actions(task, stranger)).every((v) => v === false));
    assert.ok(store.actions(task, 1).edit, 'the administrator edits everything');
    // The head of the responsible person's department.
    const dep = state.users.get(task.RESPONSIBLE_ID)!.UF_DEPARTMENT[0]!;
    const head = state.departments.get(dep)!.UF_HEAD!;
    if (head !== task.RESPONSIBLE_ID) assert.ok(store.roles(task, head).has('director') && store.actions(task, head).edit);
  });

  test('delegation, watching, favourites, links, results and a deleted task\'s traces', () => {
    const state = new PortalState({ deals: 1, leads: 1 });
    const store = state.tasks;
    const a = store.create({ TITLE: 'Первая', RESPONSIBLE_ID: 12 }, 2, now);
    const b = store.create({ TITLE: 'Вторая', RESPONSIBLE_ID: 12 }, 2, now);
    assert.equal(store.delegate(a, 14, 13, now), false);
    assert.ok(store.delegate(a, 14, 12, now));
    assert.equal(a.RESPONSIBLE_ID, 14);
    assert.ok(a.AUDITORS.includes(12), 'the one who delegated keeps watching');
    store.watch(a, 15, true, now);
    assert.ok(a.AUDITORS.includes(15));
    store.setFavorite(15, a.ID, true);
    assert.ok(store.actions(a, 15).deleteFavorite);
    store.addDependency({ from: a.ID, to: b.ID, linkType: 2 }, 2, now);
    assert.deepEqual(store.dependsOn(b.ID), [a.ID]);
    assert.ok(store.wouldLoop(b.ID, a.ID));
    const comment = store.addComment(b, 12, 'Готово', now);
    const result = store.addResult(comment, 12, now);
    assert.equal(result.STATUS, 0);
    store.transition(b, 'complete', 12, now);
    assert.equal(store.resultsOf(b.ID)[0]!.STATUS, 1, 'completion closes results');
    store.remove(a);
    assert.equal(store.find(a.ID), undefined);
    assert.deepEqual(store.dependsOn(b.ID), []);
    assert.equal(store.isFavorite(15, a.ID), false);
  });

  test('registered user fields show up with their defaults; a result is needed where the task asks for one', () => {
    const state = new PortalState({ deals: 1, leads: 1 });
    const store = state.tasks;
    const off = store.registerUserFields({ fields: () => [{ name: 'UF_AUTO_1', label: 'Смета', mandatory: false, multiple: false, defaultValue: '0' }] });
    const task = store.create({ TITLE: 'Смета', RESPONSIBLE_ID: 12, REQUIRE_RESULT: true }, 2, now);
    const info = store.userFields().find((f) => f.name === 'UF_AUTO_1');
    assert.equal(store.userFieldValue(task, info!), '0');
    store.update(task, { userFields: { UF_AUTO_1: '1500' } }, 2, now);
    assert.equal(store.userFieldValue(task, info!), '1500');
    off();
    assert.ok(!store.userFields().some((f) => f.name === 'UF_AUTO_1'));
    assert.equal(store.actions(task, 12).complete, false);
    store.addResult(store.addComment(task, 12, 'Смета готова', now), 12, now);
    assert.equal(store.actions(task, 12).complete, true);
  });
});
