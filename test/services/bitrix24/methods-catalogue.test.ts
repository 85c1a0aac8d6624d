// The Bitrix24 catalogue as data: what the CLI, the docs and the tour rely on in every entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bitrix24Catalogue, bitrix24Sections } from '../../../src/services/bitrix24/catalogue.js';
import { commandName, parseInput, toWireParams, type AnyEntry } from '../../../src/core/catalogue.js';

const entries = Object.values(bitrix24Catalogue) as AnyEntry[];
// The sections checked in full here; calendar-events is checked by its own tests.
const sections = ['settings', 'crm-deals', 'crm-leads', 'calendars', 'users', 'departments'];
const ours = entries.filter((e) => sections.includes(e.section));

test('every section is registered once, and every entry belongs to a registered section', () => {
  const ids = bitrix24Sections.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const entry of entries) assert.ok(ids.includes(entry.section), `${entry.name}: section ${entry.section}`);
  for (const id of ids) assert.ok(entries.some((e) => e.section === id), `section ${id} has entries`);
});

test('names: English key, oint-style Russian name, official docs page', () => {
  const ruNames = new Set<string>();
  const commands = new Set<string>();
  for (const entry of entries) {
    assert.match(entry.name, /^[a-z][a-zA-Z]+$/, entry.name);
    assert.match(entry.ruName, /^[А-ЯЁ][А-Яа-яЁё]+$/, `${entry.name}: ruName ${entry.ruName}`);
    assert.ok(!ruNames.has(entry.ruName), `${entry.ruName} is used twice`);
    ruNames.add(entry.ruName);
    assert.ok(!commands.has(commandName(entry)), `command ${commandName(entry)} twice`);
    commands.add(commandName(entry));
    // As the docs write it: lower case, with camelCase words where the page has them (tasks.task.getFields).
    assert.match(entry.remote, /^[a-z]+(\.[a-z][a-zA-Z]*)+$/, `${entry.name}: remote`);
    assert.match(entry.docs, /^https:\/\/apidocs\.bitrix24\.ru\/api-reference\/[a-z0-9/-]+\.html$/, `${entry.name}: docs`);
    assert.ok(entry.summary.en && entry.summary.ru, `${entry.name}: summary`);
  }
});

test('CLI options: unique names and short forms, none taken by --url/-u or the token option', () => {
  for (const entry of ours) {
    // The token is -t, or -k where a parameter of the method holds -t (oint's table).
    const tokenShort = Object.values(entry.params).some((spec) => spec.short === 't') ? 'k' : 't';
    const names = new Set(['url', 'token']);
    const shorts = new Set(['u', tokenShort]);
    for (const [key, spec] of Object.entries(entry.params)) {
      assert.match(spec.cli, /^[a-z]+$/, `${entry.name}.${key}: --${spec.cli}`);
      assert.ok(!names.has(spec.cli), `${entry.name}: --${spec.cli} twice`);
      names.add(spec.cli);
      if (spec.short !== undefined) {
        assert.match(spec.short, /^[a-z]$/, `${entry.name}.${key}: -${spec.short}`);
        assert.ok(!shorts.has(spec.short), `${entry.name}: -${spec.short} twice (token is -${tokenShort})`);
        shorts.add(spec.short);
      }
      assert.ok(spec.description.en && spec.description.ru, `${entry.name}.${key}: description`);
      if (spec.example !== undefined) {
        assert.doesNotThrow(() => spec.schema.parse(spec.example), `${entry.name}.${key}: its example fits its schema`);
      }
    }
  }
});

test('list methods declare their paging; the offset parameters feed it', () => {
  for (const entry of entries) {
    if (!entry.paging) continue;
    assert.equal(entry.access, 'read', entry.name);
    if (entry.paging.style === 'offset-limit') {
      const wires = Object.values(entry.params).map((p) => p.wire);
      assert.ok(wires.includes(entry.paging.offset) && wires.includes(entry.paging.limit), entry.name);
    }
  }
  const lists = entries.filter((e) => e.paging).map((e) => e.remote).sort();
  for (const remote of ['crm.deal.list', 'crm.lead.list', 'department.get', 'im.department.colleagues.list', 'user.get', 'user.search']) {
    assert.ok(lists.includes(remote), `${remote} pages`);
  }
});

test('every entry of the new sections has an example input that passes validation', () => {
  for (const entry of ours) {
    assert.ok(entry.example, `${entry.name}: example`);
    const wire = toWireParams(entry, parseInput(entry, entry.example));
    assert.equal(typeof wire, 'object', entry.name);
  }
});

test('wire names: oint options map to the portal\'s parameters', () => {
  const wire = (name: keyof typeof bitrix24Catalogue, input: Record<string, unknown>) => {
    const entry = bitrix24Catalogue[name] as AnyEntry;
    return toWireParams(entry, parseInput(entry, input));
  };
  assert.deepEqual(wire('addDepartment', { title: 'Склад', parentId: '1', headId: 3 }), { NAME: 'Склад', PARENT: 1, UF_HEAD: 3 });
  assert.deepEqual(wire('getDepartmentsInfo', { departmentIds: 51, userData: false }), { ID: [51], USER_DATA: 'N' });
  assert.deepEqual(wire('changeUserStatus', { userId: 7 }), { ID: 7, ACTIVE: 'N' });
  assert.deepEqual(wire('changeUserStatus', { userId: 7, fire: false }), { ID: 7, ACTIVE: 'Y' });
  assert.deepEqual(wire('getUsers', { userId: 5 }), { FILTER: { ID: 5 } });
  assert.deepEqual(wire('getUsers', { userId: 5, filter: { ACTIVE: true }, sortBy: 'NAME', order: 'desc', offset: 50 }), {
    FILTER: { ACTIVE: true, ID: 5 }, sort: 'NAME', order: 'DESC', start: 50,
  });
  assert.deepEqual(wire('getDeals', { filter: { '>ID': 5 }, offset: '100', order: { ID: 'asc' } }), { filter: { '>ID': 5 }, order: { ID: 'ASC' }, start: 100 });
  assert.deepEqual(wire('updateLead', { leadId: '12', fields: { TITLE: 'x' } }), { id: 12, fields: { TITLE: 'x' } });
  assert.deepEqual(wire('deleteCalendar', { calendarId: 3, ownerId: 1, type: 'user' }), { id: 3, ownerId: 1, type: 'user' });
  assert.deepEqual(wire('getUsersAvailability', { users: [1, '2'], from: '2024-06-20', to: '2024-12-20' }), { users: [1, 2], from: '2024-06-20', to: '2024-12-20' });
  assert.deepEqual(wire('getColleagues', { offset: 10, limit: 20 }), { OFFSET: 10, LIMIT: 20 });
});
