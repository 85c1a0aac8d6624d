// Every row of a list as NDJSON (?all=1): each row once, in order; a caller that goes away midway
// stops the walk (no further page is asked of the portal); errors have their place.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { leaks, setup, type Setup } from './helpers.js';

const deals = 20_000;
let s: Setup;
before(async () => {
  s = await setup({
    keys: { reader: { rateLimit: { perMinute: 60_000, burst: 1000 } } },
    bitrix24: { seed: { deals, leads: 1 } },
    // A small bucket: the export keeps as many batches (of 50 pages) in flight as it has room
    // for, so with a large one the whole list would be asked for before the caller could leave.
    bitrix24RateLimit: { capacity: 2, drainPerSecond: 1 },
    only: ['bitrix24'],
  });
});
after(() => s.close());

const listCalls = () => s.bitrix24.stats.byMethod['crm.deal.list'] ?? 0;

test('?all=1 streams every row once, in ID order, as one JSON value per line', async () => {
  const answer = await s.call('/v1/bitrix24/get-deals', { select: ['ID', 'TITLE'], filter: { '<=ID': 3000 } }, 'reader', '?all=1');
  assert.equal(answer.status, 200, answer.text.slice(0, 300));
  assert.match(answer.headers.get('content-type') ?? '', /^application\/x-ndjson/);
  const rows = answer.text.trimEnd().split('\n').map((line) => JSON.parse(line) as { ID: string; TITLE: string });
  assert.equal(rows.length, 3000);
  assert.deepEqual(rows.map((r) => Number(r.ID)), Array.from({ length: 3000 }, (_, i) => i + 1));
  assert.ok(rows.every((r) => typeof r.TITLE === 'string' && r.TITLE.length > 0));
  const line = s.log.map((l) => JSON.parse(l)).find((l) => l.route === 'bitrix24/get-deals' && l.rows === 3000);
  assert.ok(line, 'the log line counts the rows');
});

test('a caller that disconnects midway stops the export: no further page is read', async (t) => {
  const pagesNeeded = Math.ceil(deals / 50);
  const before = listCalls();
  const controller = new AbortController();
  const response = await fetch(`${s.url}/v1/bitrix24/get-deals?all=1`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.keys.reader}`, 'content-type': 'application/json' },
    body: '{}',
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.split('\n').length <= 200) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  const first = text.split('\n').slice(0, 200).map((l) => JSON.parse(l) as { ID: string });
  assert.deepEqual(first.map((r) => Number(r.ID)), Array.from({ length: 200 }, (_, i) => i + 1));
  controller.abort();
  // The gateway logs the request when its connection closes.
  const logged = await waitFor(() => s.log.map((l) => JSON.parse(l)).find((l) => l.route === 'bitrix24/get-deals' && l.aborted === true));
  assert.ok(logged.rows < deals, `rows sent before the caller left: ${logged.rows}`);
  const afterClose = listCalls();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const pagesRead = listCalls() - before;
  assert.equal(listCalls(), afterClose, 'no page is asked for once the caller is gone');
  t.diagnostic(`disconnect after 200 rows: ${logged.rows} rows sent, ${pagesRead} of ${pagesNeeded} pages read`);
  assert.ok(pagesRead < pagesNeeded / 2, `pages read: ${pagesRead} of ${pagesNeeded}`);
});

test('?all=1 on a method that is not a list, or with a bad value, is a 400 before any request', async () => {
  const before = s.bitrix24.stats.requests;
  const single = await s.call('/v1/bitrix24/get-deal', { dealId: 1 }, 'reader', '?all=1');
  assert.equal(single.status, 400);
  assert.equal(single.body.error.issues[0].path, 'all');
  const bad = await s.call('/v1/bitrix24/get-deals', {}, 'reader', '?all=yes');
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /expected 1 or true/);
  // The walk's own rule, refused before the answer starts: an ordinary error answer.
  const offset = await s.call('/v1/bitrix24/get-deals', { offset: -1 }, 'reader', '?all=1');
  assert.equal(offset.status, 400, offset.text);
  assert.equal(offset.body.error.issues[0].path, 'offset');
  assert.equal(s.bitrix24.stats.requests, before);
});

test('a failure after the first rows ends the stream with a line {"error": …}', async () => {
  // The portal answers the first page, then only with something that is not its answer.
  s.bitrix24.faults.add({ kind: 'slow', delayMs: 0, times: 1, match: 'crm.deal.list' });
  s.bitrix24.faults.add({ kind: 'malformed', match: 'crm.deal.list' });
  try {
    const answer = await s.call('/v1/bitrix24/get-deals', { select: ['ID'], filter: { '<=ID': 120 } }, 'reader', '?all=1');
    assert.equal(answer.status, 200);
    const lines = answer.text.trimEnd().split('\n').map((line) => JSON.parse(line) as { ID?: string; error?: { kind: string; status: number } });
    assert.equal(lines.length, 51, 'the first page, then the error');
    assert.deepEqual(lines.slice(0, 50).map((l) => Number(l.ID)), Array.from({ length: 50 }, (_, i) => i + 1));
    assert.equal(lines[50]!.error?.kind, 'invalid-response');
    assert.equal(lines[50]!.error?.status, 502);
  } finally {
    s.bitrix24.faults.clear();
  }
});

test('no secret in any answer or log line', () => {
  assert.deepEqual(leaks(s.seen.join('\n') + s.log.join(''), s.secrets), []);
});

async function waitFor<T>(find: () => T | undefined, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error('not seen in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
