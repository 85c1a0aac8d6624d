import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { inputTemplate, templateAnswer, templateOf } from '../../src/core/template.js';
import { id, yn } from '../../src/services/bitrix24/methods/schemas.js';
import { bitrix24Service } from '../../src/services/bitrix24/service.js';

const fields = z.looseObject({
  TITLE: z.string().optional(),
  ASSIGNED_BY_ID: id().optional(),
  OPENED: yn().optional(),
  STAGE: z.enum(['NEW', 'WON']).optional(),
  PHONE: z.array(z.object({ VALUE: z.string(), VALUE_TYPE: z.string().optional() })).optional(),
  NOTE: z.string().describe('Free text for the manager').optional(),
  TAGS: z.array(z.string()).optional(),
});

test('a template names every known field and says what each takes', () => {
  assert.deepEqual(templateOf(fields), {
    TITLE: 'string',
    ASSIGNED_BY_ID: 'integer',
    OPENED: 'boolean | Y|N',
    STAGE: 'NEW|WON',
    PHONE: [{ VALUE: 'string', VALUE_TYPE: 'string' }],
    NOTE: 'Free text for the manager',
    TAGS: 'array of string',
  });
  assert.equal((templateOf(fields, { lang: 'ru' }) as Record<string, unknown>).TITLE, 'Строка');
});

test('an empty template keeps the shape with empty values', () => {
  assert.deepEqual(templateOf(fields, { empty: true }), {
    TITLE: '',
    ASSIGNED_BY_ID: '',
    OPENED: '',
    STAGE: '',
    PHONE: [{ VALUE: '', VALUE_TYPE: '' }],
    NOTE: '',
    TAGS: [],
  });
  assert.deepEqual(templateAnswer(fields, { empty: true }), templateOf(fields, { empty: true }));
});

test('every catalogue method has an input template keyed by its parameters', () => {
  for (const entry of bitrix24Service.methods) {
    const template = inputTemplate(entry.params, { nameOf: (_key, spec) => spec.cli });
    assert.deepEqual(Object.keys(template), Object.values(entry.params).map((p) => p.cli), entry.name);
  }
});

test('uzel … --input-template prints the input template by option names, with no connection and no request', async () => {
  const { runUzel, isolatedEnv } = await import('../cli/helpers.js');
  // No URL anywhere: a template needs none.
  const r = await runUzel(['bitrix24', 'add-lead', '--input-template', '--compact'], isolatedEnv());
  assert.equal(r.code, 0, r.stderr);
  const template = JSON.parse(r.stdout) as { fields: Record<string, unknown>; params: unknown };
  assert.equal(template.fields.TITLE, 'string');
  assert.ok('params' in template);
});
