import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { defineSection, isRequired, kebabCase, parseInput, toWireParams, type AnyEntry, type Params } from '../../src/core/catalogue.js';
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

/** A one-method section for the tests below: the parameters (and a cross-parameter check) vary. */
const oneMethod = (params: Params, check?: AnyEntry['check']): AnyEntry =>
  defineSection('bitrix24', { id: 's', title: { en: 'S', ru: 'S' } }, {
    m: { ruName: 'М', remote: 'x.y', summary: { en: '', ru: '' }, access: 'read', docs: 'https://example.invalid', params, result: z.unknown(), ...(check && { check }) },
  }).m;

test('an unknown field inside an object is named as a field, not as a parameter', () => {
  const entry = oneMethod({ filter: { schema: z.strictObject({ from: z.string().optional() }), cli: 'filter', description: { en: '', ru: '' } } });
  try {
    parseInput(entry, { filter: { form: '2025-01-01' } });
    assert.fail('should throw');
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    assert.equal(error.issues[0]!.path, 'filter.form');
    assert.equal(error.issues[0]!.message, 'unknown field');
  }
});

test('zod issues no schema worded are translated once, in parseInput: no library phrasing, no regex, no 2^53−1', () => {
  const none = { en: '', ru: '' };
  const entry = oneMethod(
    {
      count: { schema: z.number().int().positive().optional(), cli: 'count', description: none },
      name: { schema: z.string().min(1).optional(), cli: 'name', description: none },
      code: { schema: z.string().regex(/^[A-Z]{3}$/).optional(), cli: 'code', description: none },
      kind: { schema: z.enum(['a', 'b']).optional(), cli: 'kind', description: none },
      either: { schema: z.union([z.enum(['all', 'none']), z.number().int()]).optional(), cli: 'either', description: none },
      mail: { schema: z.email().optional(), cli: 'mail', description: none },
      person: { schema: z.union([z.string().regex(/^\S+ \S+$/), z.strictObject({ first: z.string().min(1), last: z.string() })]).optional(), cli: 'person', description: none },
    },
    (input, nameOf) => (input.kind === 'b' && input.name === undefined ? [{ path: 'kind', message: `goes with ${nameOf('name')}` }] : []),
  );
  const message = (input: unknown, nameOf?: (key: string) => string) => {
    try {
      parseInput(entry, input, nameOf ? { nameOf } : {});
    } catch (error) {
      assert.ok(error instanceof ValidationError);
      return error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    }
    assert.fail('should throw');
  };
  assert.equal(message({ count: 0 }), 'count: expected a number greater than 0');
  assert.equal(message({ count: 1e30 }), 'count: expected a whole number small enough to be exact (within 2^53)');
  assert.equal(message({ count: 'x' }), 'count: expected a number');
  assert.equal(message({ count: true }), 'count: expected a number, not true');
  assert.equal(message({ name: '' }), 'name: cannot be empty');
  assert.equal(message({ code: 'abcd' }), 'code: expected text in the documented format (see the help)');
  assert.equal(message({ kind: 'c' }), 'kind: expected one of: a, b');
  assert.equal(message({ either: 'some' }), 'either: expected one of all, none or a number');
  assert.equal(message({ either: true }), 'either: expected one of all, none or a number, not true');
  assert.equal(message({ mail: 'x' }), 'mail: expected an e-mail address');
  // An object given where text or an object is taken: what is wrong inside it, not "not an object".
  assert.equal(message({ person: { first: '' } }), 'person: first: cannot be empty; last: required: expected text');
  assert.equal(message('text'), ': expected the parameters as an object, not string');
  // Rules across parameters name the others as the caller knows them.
  assert.equal(message({ kind: 'b' }), 'kind: goes with name');
  assert.equal(message({ kind: 'b' }, (key) => `--${key}`), 'kind: goes with --name');
  assert.match(message({ bogus: 1 }, (key) => `--${key}`), /unknown parameter: expected one of --count, --name/);
});
