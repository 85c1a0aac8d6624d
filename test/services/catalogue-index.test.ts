// The committed catalogue indexes (src/services/*/catalogue-index.ts) must be what the catalogues
// generate now: a section registered in catalogue.ts without `npm run docs` fails here. And an
// index must lead to the very entries of the catalogue, by either name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { commandName } from '../../src/core/catalogue.js';
import { bindIndexed, findIndexed, loadIndexed, type CatalogueIndex } from '../../src/core/catalogue-index.js';
import { loadBase, loadIndex, loadService, serviceNames } from '../../src/services/registry.js';
import { generateIndex, indexPath } from '../../scripts/generate-index.js';

for (const id of serviceNames) {
  test(`${id}: catalogue-index.ts is up to date (run \`npm run docs\` when this fails)`, async () => {
    const fresh = await generateIndex(await loadService(id));
    assert.equal(readFileSync(indexPath(id), 'utf8'), fresh, `src/services/${id}/catalogue-index.ts is out of date: run \`npm run docs\` and commit it`);
  });

  test(`${id}: every catalogue entry is found by each of its names and loads as the same entry`, async () => {
    const service = await loadService(id);
    const index = await loadIndex(id);
    assert.equal((await loadBase(id)).index, index);
    assert.deepEqual(index.title, service.title);
    assert.equal(index.entries.length, service.methods.length);
    for (const entry of service.methods) {
      for (const typed of [commandName(entry), entry.name, entry.ruName, entry.ruName.toLowerCase(), commandName(entry).toUpperCase()]) {
        const indexed = findIndexed(index, typed);
        assert.ok(indexed, `${id} ${typed}`);
        assert.equal(await loadIndexed(index, indexed), entry, `${id} ${typed}`);
      }
    }
    assert.equal(findIndexed(index, 'no-such-method'), undefined);
  });
}

test('an index entry its section no longer declares loads as nothing, and its bound function says to regenerate', async () => {
  const stale: CatalogueIndex = {
    service: 'bitrix24',
    title: { en: 'Bitrix24', ru: 'Битрикс24' },
    modules: [async () => ({})],
    entries: [['getGone', 'ПолучитьУшедшее', 0]],
  };
  assert.equal(await loadIndexed(stale, stale.entries[0]!), undefined);
  const calls: unknown[] = [];
  const bound = bindIndexed({ invoke: async (entry) => calls.push(entry) }, stale);
  await assert.rejects(bound.getGone!({}), /getGone is in the catalogue index but not in its section; run `npm run docs`/);
  assert.deepEqual(calls, []);
});

test('a client bound through the index calls the catalogue entry itself', async () => {
  const index = await loadIndex('bitrix24');
  const service = await loadService('bitrix24');
  const seen: unknown[] = [];
  const bound = bindIndexed({ invoke: async (entry, input) => seen.push([entry, input]) }, index);
  assert.deepEqual(Object.keys(bound), service.methods.map((e) => e.name));
  await bound.getServerTime!({});
  assert.deepEqual(seen, [[service.methods.find((e) => e.name === 'getServerTime'), {}]]);
});
