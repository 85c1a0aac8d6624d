import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { defineSection, isRequired, kebabCase, parseInput, toWireParams } from '../../src/core/catalogue.js';
import { ValidationError } from '../../src/core/errors.js';

const section = defineSection(
  'planfix',
  { id: 'tasks', title: { en: 'Tasks', ru: 'Задачи' } },
  {
    changeTaskWorkers: {
      ruName: 'ИзменитьИсполнителейЗадачи',
      remote: 'task.changeWorkers',
      summary: { en: 'Changes workers', ru: 'Изменяет исполнителей' },
      access: 'write',
      docs: 'https://example.invalid/doc',
      params: {
        task: { schema: z.number().int(), wire: 'task/id', cli: 'task', description: { en: 'Task', ru: 'Задача' } },
        addUsers: {
          schema: z.array(z.number()).optional(),
          wire: 'task/workers/addUsers/id',
          cli: 'addusers',
          description: { en: 'Users', ru: 'Пользователи' },
        },
        extra: { schema: z.record(z.string(), z.unknown()).optional(), spread: true, cli: 'extra', description: { en: 'x', ru: 'x' } },
      },
      result: z.object({ id: z.number() }),
    },
  },
);

test('defineSection stamps name, section and service', () => {
  const entry = section.changeTaskWorkers;
  assert.equal(entry.name, 'changeTaskWorkers');
  assert.equal(entry.section, 'tasks');
  assert.equal(entry.service, 'planfix');
});

test('kebab-case command names', () => {
  assert.equal(kebabCase('getUserParticipationStatus'), 'get-user-participation-status');
  assert.equal(kebabCase('getDepartmentsInfo'), 'get-departments-info');
  assert.equal(kebabCase('getMyUserV2'), 'get-my-user-v2');
});

test('parseInput names each wrong parameter and rejects unknown ones', () => {
  const entry = section.changeTaskWorkers;
  try {
    parseInput(entry, { task: 'x', bogus: 1 });
    assert.fail('should throw');
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    const paths = error.issues.map((i) => i.path).sort();
    assert.deepEqual(paths, ['bogus', 'task']);
    assert.match(error.message, /^changeTaskWorkers: /);
  }
});

test('toWireParams follows wire paths and spreads', () => {
  const entry = section.changeTaskWorkers;
  const wire = toWireParams(entry, parseInput(entry, { task: 7, addUsers: [1, 2], extra: { silent: 1 } }), '/');
  assert.deepEqual(wire, { task: { id: 7, workers: { addUsers: { id: [1, 2] } } }, silent: 1 });
});

test('isRequired reads the schema', () => {
  assert.equal(isRequired(section.changeTaskWorkers.params.task), true);
  assert.equal(isRequired(section.changeTaskWorkers.params.addUsers), false);
});

test('an unknown field inside an object is named as a field, not as a parameter', () => {
  const entry = defineSection('bitrix24', { id: 's', title: { en: 'S', ru: 'S' } }, {
    m: {
      ruName: 'М',
      remote: 'x.y',
      summary: { en: '', ru: '' },
      access: 'read',
      docs: 'https://example.invalid',
      params: { filter: { schema: z.strictObject({ from: z.string().optional() }), cli: 'filter', description: { en: '', ru: '' } } },
      result: z.unknown(),
    },
  }).m;
  try {
    parseInput(entry, { filter: { form: '2025-01-01' } });
    assert.fail('should throw');
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    assert.equal(error.issues[0]!.path, 'filter.form');
    assert.equal(error.issues[0]!.message, 'unknown field');
  }
});
