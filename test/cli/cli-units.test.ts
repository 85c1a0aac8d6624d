// The CLI's pieces without a process: JSON with bigint, schema-driven coercion, option lists.
import { describe, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { formatJson } from '../../src/core/json-text.js';
import { coerceOption } from '../../src/cli/coerce.js';
import { UsageError } from '../../src/cli/exit-codes.js';
import { clashes, methodOptions } from '../../src/cli/options.js';
import { exampleCommand } from '../../src/cli/examples.js';
import { serviceNames, loadService } from '../../src/services/registry.js';
import type { ServiceDefinition } from '../../src/core/catalogue.js';

describe('formatJson', () => {
  test('bigint values are written exactly, beyond 2^53', () => {
    const ticks = 638_765_432_109_876_543_2n;
    assert.equal(formatJson({ Ticks: ticks }, false), '{"Ticks":6387654321098765432}');
    assert.equal(formatJson({ a: [1, { b: 'x' }], e: [], o: {} }, true), '{\n  "a": [\n    1,\n    {\n      "b": "x"\n    }\n  ],\n  "e": [],\n  "o": {}\n}');
  });

  test('matches JSON.stringify where that can write the value', () => {
    const value = { s: 'кавычка " и \\ \n', n: -1.5e-7, t: true, nil: null, skip: undefined, d: new Date(0), list: [undefined, 2] };
    assert.equal(formatJson(value, false), JSON.stringify(value));
    assert.equal(formatJson(value, true), JSON.stringify(value, null, 2));
  });
});

describe('coerceOption', () => {
  const id = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]);
  test('numbers, booleans, Y/N, strings by what the schema takes', () => {
    assert.equal(coerceOption(['2520'], id, '--event'), 2520);
    assert.equal(coerceOption(['Y'], z.boolean(), '--x'), true);
    assert.equal(coerceOption(['no'], z.boolean().optional(), '--x'), false);
    assert.equal(coerceOption(['Y'], z.enum(['Y', 'N']), '--x'), 'Y');
    assert.equal(coerceOption(['123'], z.string(), '--name'), '123');
    assert.equal(coerceOption([true], z.boolean().optional(), '--flag'), true);
  });

  test('lists: JSON, one value, comma-separated, repeated option', () => {
    const ids = z.array(z.number().int());
    assert.deepEqual(coerceOption(['[1,2]'], ids, '--users'), [1, 2]);
    assert.deepEqual(coerceOption(['7'], ids, '--users'), [7]);
    assert.deepEqual(coerceOption(['1,2,34'], ids, '--users'), [1, 2, 34]);
    assert.deepEqual(coerceOption(['1', '2'], ids, '--users'), [1, 2]);
    assert.throws(() => coerceOption(['1', '2'], z.number(), '--event'), UsageError);
  });

  test('objects and big integers', () => {
    assert.deepEqual(coerceOption(['{"a":1}'], z.record(z.string(), z.unknown()), '--fields'), { a: 1 });
    assert.throws(() => coerceOption(['{"a":'], z.record(z.string(), z.unknown()), '--fields'), /--fields: malformed JSON/);
    // A file's mistake is placed by line and column; its text (a token, perhaps) is never quoted.
    const dir = mkdtempSync(join(tmpdir(), 'uzel-coerce-'));
    try {
      writeFileSync(join(dir, 'p.json'), '{"a": 1,\n "token": s3cr3tvalue}');
      assert.throws(
        () => coerceOption([`@${join(dir, 'p.json')}`], z.record(z.string(), z.unknown()), '--fields'),
        (error: Error) => /--fields: .*p\.json is not valid JSON/.test(error.message) && !error.message.includes('s3cr3t'),
      );
      assert.throws(
        () => coerceOption(['{"token": s3cr3tvalue}'], z.record(z.string(), z.unknown()), '--fields'),
        (error: Error) => /--fields: malformed JSON/.test(error.message) && !error.message.includes('s3cr3t'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(coerceOption(['638765432109876543'], z.bigint(), '--ticks'), 638765432109876543n);
  });

  test('a value no reading fits is returned as typed, for validation to explain', () => {
    assert.equal(coerceOption(['abc'], id, '--event'), 'abc');
  });
});

describe('every service\'s commands', () => {
  test('no option clashes, every method has an example command line', async () => {
    for (const name of serviceNames) {
      let service: ServiceDefinition;
      try {
        service = await loadService(name);
      } catch {
        continue; // not available yet
      }
      for (const entry of service.methods) {
        assert.deepEqual(clashes(service, entry), [], `${name} ${entry.name}`);
        const longs = methodOptions(service, entry).map((o) => o.long);
        assert.equal(new Set(longs).size, longs.length);
        assert.match(exampleCommand(service, entry, 'cmd', { multiline: true }), /^npx uzel /);
      }
    }
  });
});
