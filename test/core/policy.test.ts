import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allows, effectOf, readOnly, refusal } from '../../src/core/policy.js';
import { loadService, serviceNames } from '../../src/services/registry.js';
import type { AnyEntry } from '../../src/core/catalogue.js';

async function entries(): Promise<AnyEntry[]> {
  const out: AnyEntry[] = [];
  for (const name of serviceNames) out.push(...(await loadService(name)).methods);
  return out;
}

const byName = (all: AnyEntry[], service: string, name: string) => all.find((e) => e.service === service && e.name === name)!;

test('effects: reads, writes, and writes that remove data', async () => {
  const all = await entries();
  assert.equal(effectOf(byName(all, 'bitrix24', 'getDeals')), 'read');
  assert.equal(effectOf(byName(all, 'bitrix24', 'addDeal')), 'write');
  assert.equal(effectOf(byName(all, 'bitrix24', 'deleteDeal')), 'destructive');
  assert.equal(effectOf(byName(all, 'diadoc', 'deleteEmployee')), 'destructive');
  assert.equal(effectOf(byName(all, 'planfix', 'changeTaskWorkers')), 'write');
  // Every write whose name or remote method says delete/remove is destructive.
  for (const entry of all) {
    if (entry.access === 'write' && /delete|remove|trash/i.test(entry.name + entry.remote) && entry.destructive === undefined) {
      assert.equal(effectOf(entry), 'destructive', entry.name);
    }
  }
  assert.equal(effectOf({ ...byName(all, 'bitrix24', 'addDeal'), destructive: true }), 'destructive');
});

test('read-only by default; writes and destructive writes need their own switches', async () => {
  const all = await entries();
  const read = byName(all, 'bitrix24', 'getDeals');
  const write = byName(all, 'bitrix24', 'addDeal');
  const destroy = byName(all, 'bitrix24', 'deleteDeal');
  assert.deepEqual([read, write, destroy].map((e) => allows(readOnly, e)), [true, false, false]);
  assert.deepEqual([read, write, destroy].map((e) => allows({ write: true, destructive: false }, e)), [true, true, false]);
  assert.deepEqual([read, write, destroy].map((e) => allows({ write: true, destructive: true }, e)), [true, true, true]);
  assert.match(refusal(readOnly, write)!, /changes data/);
  assert.match(refusal({ write: true, destructive: false }, destroy)!, /removes data/);
});

test('allow lists by service and by any of a method\'s names', async () => {
  const all = await entries();
  const deals = byName(all, 'bitrix24', 'getDeals');
  const employee = byName(all, 'diadoc', 'getEmployee');
  const policy = { ...readOnly, services: ['bitrix24'] };
  assert.equal(allows(policy, deals), true);
  assert.equal(allows(policy, employee), false);
  assert.match(refusal(policy, employee)!, /service diadoc/);
  for (const name of ['get-deals', 'bitrix24/get-deals', 'getDeals', deals.ruName, 'crm.deal.list', 'GET-DEALS']) {
    assert.equal(allows({ ...readOnly, methods: [name] }, deals), true, name);
  }
  assert.equal(allows({ ...readOnly, methods: ['planfix/get-deals'] }, deals), false);
  assert.match(refusal({ ...readOnly, methods: ['get-leads'] }, deals)!, /not in the allowed methods/);
});

test('methods that read or write files on this machine by path are refused unless local files are allowed', async () => {
  const all = await entries();
  const everything = { write: true, destructive: true };
  for (const name of ['uploadFileToFolder', 'uploadFileToStorage', 'downloadFile', 'sendFile', 'setChatPicture', 'addPost']) {
    const entry = byName(all, 'bitrix24', name);
    assert.equal(allows(everything, entry), false, name);
    assert.match(refusal(everything, entry)!, /files on this machine/);
    assert.equal(allows({ ...everything, localFiles: true }, entry), true, name);
  }
  // Reading a file's facts (its DOWNLOAD_URL) is no local file access.
  assert.equal(allows(readOnly, byName(all, 'bitrix24', 'getFile')), true);
});
