// Every oint option of every Bitrix24 function we have exists in our command, with oint's short
// form, so an oint command line runs unchanged. The option table, test/data/oint-bitrix24-cli.tsv
// (region, function, option, short, types, default, required), is a copy of the project's shared
// reference oint-bitrix24-cli.tsv, taken from the OpenIntegrations (oint) CLI's help for its
// Bitrix24 library; it lives in the repository so that the test runs in every clone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bitrix24Service } from '../../src/services/bitrix24/service.js';
import { methodOptions } from '../../src/cli/options.js';
import { bitrix24Commands } from '../../src/cli/extras/bitrix24.js';
import { runUzel } from './helpers.js';

const table = 'test/data/oint-bitrix24-cli.tsv';

test('oint options and short forms of every Bitrix24 method', () => {
  const rows = readFileSync(table, 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t'));
  const problems: string[] = [];
  let checked = 0;
  for (const entry of bitrix24Service.methods) {
    const options = methodOptions(bitrix24Service, entry);
    for (const [, fn, long, short] of rows.filter((r) => r[1] === entry.ruName)) {
      checked += 1;
      const ours = options.find((o) => `--${o.long}` === long);
      if (!ours) problems.push(`${fn} ${long}: missing`);
      else if (short && `-${ours.short}` !== short) problems.push(`${fn} ${long}: short ${short} in oint, -${ours.short} here`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(checked > 50, `only ${checked} oint options matched catalogue methods`);
});

test('every one of the 179 functions of the oint table is a command, with its options and short forms', async () => {
  const rows = readFileSync(table, 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t'));
  const functions = [...new Set(rows.map((r) => r[1]!))];
  assert.equal(functions.length, 179);
  const catalogue = new Set(bitrix24Service.methods.map((e) => e.ruName));
  const extras = new Map(bitrix24Commands.flatMap((c) => (c.aliases ?? []).map((alias): [string, string] => [alias, c.name])));
  const problems: string[] = [];
  for (const fn of functions) {
    if (catalogue.has(fn)) continue;
    if (!extras.has(fn)) {
      problems.push(`${fn}: no command`);
      continue;
    }
    // Commands outside the catalogue (OAuth links and tokens): their options, as their help lists them.
    const help = await runUzel(['bitrix24', fn, '--help']);
    for (const [, , long, short] of rows.filter((r) => r[1] === fn)) {
      if (!help.stdout.includes(`${long}${short ? `, ${short} ` : ''}`)) problems.push(`${fn} ${long} ${short ?? ''}: not in its help`);
    }
  }
  assert.deepEqual(problems, []);
});
