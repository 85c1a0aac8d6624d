// One request on every path: call() sends JSON, batch() and export() query strings; both carry
// the one normalised model (encode.ts), so a request means the same whichever path it takes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import qs from 'qs';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { decodeQuery, encodeQuery, normalizeParams } from '../../../src/services/bitrix24/encode.js';
import { ValidationError } from '../../../src/core/errors.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
const awkwardTitles = ['A&B=C+D#E', '100% «Ёлка» & Co', 'Сделка #7 = 50+50', 'percent %25 literal', 'a[b]c', 'пробел  двойной'];
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 160, leads: 20 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false });
  for (const TITLE of awkwardTitles) sandbox.state.deals.add({ TITLE, COMMENTS: `${TITLE} / комментарий` }, 1, Date.now() / 1000);
});
after(() => sandbox.close());

const ids = (rows: unknown): string[] => (Array.isArray(rows) ? rows : []).map((r) => String((r as { ID: unknown }).ID));

describe('the normalised model', () => {
  test('leaves are text, structures stay, undefined is left out', () => {
    const when = new Date('2026-11-29T09:00:00.000Z');
    assert.deepEqual(
      normalizeParams({ a: 5, b: -1.5, c: 10n, d: true, e: false, f: null, g: undefined, h: when, i: [1, [2, { x: null }]], j: { k: { l: 'm' } } }),
      { a: '5', b: '-1.5', c: '10', d: '1', e: '0', f: '', h: '2026-11-29T09:00:00.000Z', i: ['1', ['2', { x: '' }]], j: { k: { l: 'm' } } },
    );
  });

  test('empty lists and objects: left out at the top, cleared ("") deeper, refused inside a filter', () => {
    assert.deepEqual(normalizeParams({ select: [], SELECT: [], order: {}, filter: {}, fields: { UF_CRM_TAGS: [], X: {} } }), { fields: { UF_CRM_TAGS: '', X: '' } });
    // Top-level fields are a filter for user.get and department.get: an empty list is refused there.
    for (const [method, params, path] of [
      ['department.get', { ID: [] }, 'ID'],
      ['user.get', { UF_DEPARTMENT: [], ACTIVE: true }, 'UF_DEPARTMENT'],
      ['im.department.get', { ID: [] }, 'ID'],
    ] as const) {
      assert.throws(() => normalizeParams(params as Record<string, unknown>, method), (e: unknown) => e instanceof ValidationError && e.issues[0]!.path === path, method);
    }
    for (const [params, path] of [
      [{ filter: { '@STAGE_ID': [] } }, 'filter.@STAGE_ID'],
      [{ filter: { '!@STAGE_ID': [] } }, 'filter.!@STAGE_ID'],
      [{ FILTER: { UF_DEPARTMENT: [] } }, 'FILTER.UF_DEPARTMENT'],
      [{ filter: { '0': { LOGIC: 'OR', '@ID': {} } } }, 'filter.0.@ID'],
      [{ params: { filter: { '=TYPE_ID': [undefined] } } }, 'params.filter.=TYPE_ID'],
    ] as const) {
      assert.throws(
        () => normalizeParams(params as Record<string, unknown>, 'crm.deal.list'),
        (e: unknown) => e instanceof ValidationError && e.issues.length === 1 && e.issues[0]!.path === path && /empty list in a filter/.test(e.message),
        path,
      );
    }
  });

  test('what cannot travel the same on both paths is refused, naming the parameter', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ n: Number.NaN }, 'n'],
      [{ fields: { X: Number.POSITIVE_INFINITY } }, 'fields.X'],
      [{ fields: { 'A[B]': 1 } }, 'fields.A[B]'],
      [{ 'a.b': 1 }, 'a.b'],
      [{ 'a b': 1 }, 'a b'],
      [{ fields: { '': 1 } }, 'fields'],
      [{ fields: { X: new Map() } }, 'fields.X'],
      [{ fields: { X: () => 1 } }, 'fields.X'],
    ];
    for (const [params, path] of cases) {
      assert.throws(() => normalizeParams(params), (e: unknown) => e instanceof ValidationError && e.issues[0]!.path === path, path);
    }
    let deep: Record<string, unknown> = { x: 1 };
    for (let i = 0; i < 25; i += 1) deep = { d: deep };
    assert.throws(() => normalizeParams({ deep }), ValidationError);
  });

  test('keys and values with % & = + # [ ] and Cyrillic come back from the query string unchanged', () => {
    const params = normalizeParams({
      filter: { '%TITLE': 'A&B=C+D#E %25 [x]', '=%COMMENTS': 'Ёлка%' },
      fields: { 'ключ&=+#%': 'значение&=+#% ', list: ['', ' ', '+'] },
    });
    assert.deepEqual(decodeQuery(encodeQuery(params)), params);
  });

  test('the encoder writes what qs writes as http_build_query (RFC 3986), on 2,000 generated shapes', () => {
    // Seeded, so that a failure repeats: text with every reserved and unreserved ASCII mark,
    // Cyrillic, an emoji, tab and NUL; lists and maps nested up to five levels.
    let seed = 17;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const marks = "aZ09-._~!*'()%&=+#?/:;,@$ ÿЖ😀\t\u0000\"<>^`{|}";
    const text = () => Array.from({ length: random(6) }, () => marks[random(marks.length)]).join('');
    const value = (depth: number): unknown =>
      depth > 4 || random(3) === 0
        ? text()
        : random(2) === 0
          ? Array.from({ length: 1 + random(3) }, () => value(depth + 1))
          : Object.fromEntries(Array.from({ length: 1 + random(3) }, () => [text() || 'k', value(depth + 1)]));
    for (let i = 0; i < 2000; i += 1) {
      const params: Record<string, unknown> = {};
      for (let j = 0; j <= random(4); j += 1) params[(text() || 'k').replace(/[. ]/g, '_')] = value(1);
      const wire = normalizeParams(params);
      assert.equal(encodeQuery(wire), qs.stringify(wire, { arrayFormat: 'indices', format: 'RFC3986' }), JSON.stringify(wire));
    }
  });

  test('a lone surrogate, which no encoding can carry, travels as U+FFFD', () => {
    assert.equal(encodeQuery({ TITLE: 'a\uD800b' }), 'TITLE=a%EF%BF%BDb');
  });
});

describe('an empty @ / !@ filter list', () => {
  test('is refused before any request, naming the filter key, on every path', async () => {
    const params = { filter: { '@STAGE_ID': [] }, select: ['ID'] };
    const before = sandbox.stats.requests;
    const refused = (e: unknown) => e instanceof ValidationError && e.issues.some((i) => /filter\.@STAGE_ID$/.test(i.path));
    await assert.rejects(client.call('crm.deal.list', params), refused);
    await assert.rejects(client.batch({ q: { method: 'crm.deal.list', params } }), refused);
    await assert.rejects(client.batch({ fine: 'server.time', q: { method: 'crm.deal.list', params: { filter: { '!@STAGE_ID': [] } } } }), ValidationError);
    await assert.rejects(async () => {
      for await (const _ of client.export('crm.deal.list', params)) break;
    }, refused);
    await assert.rejects(async () => {
      for await (const _ of client.list('crm.deal.list', params)) break;
    }, refused);
    await assert.rejects(client.getDeals({ filter: { '@STAGE_ID': [] } }), refused);
    await assert.rejects(client.getLeads({ filter: { '!@STATUS_ID': [] } }), (e: unknown) => e instanceof ValidationError && /filter\.!@STATUS_ID/.test(e.message));
    await assert.rejects(client.getUsers({ filter: { '@UF_DEPARTMENT': [] } }), (e: unknown) => e instanceof ValidationError && /@UF_DEPARTMENT/.test(e.message));
    // A method that reads its top-level fields as a filter: the JSON path used to answer no
    // department, the query path every one.
    await assert.rejects(client.call('department.get', { ID: [] }), (e: unknown) => e instanceof ValidationError && e.issues[0]!.path === 'ID');
    await assert.rejects(client.batch({ d: { method: 'department.get', params: { ID: [] } } }), ValidationError);
    assert.equal(sandbox.stats.requests - before, 0);
  });
});

// ——— the property: generated requests give the same rows on every path ———

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Gen {
  rnd: () => number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

function gen(seed: number): Gen {
  const rnd = prng(seed);
  return {
    rnd,
    pick: (items) => items[Math.floor(rnd() * items.length)]!,
    chance: (p) => rnd() < p,
  };
}

type Row = Record<string, unknown>;

/** A value of the shape the caller might give for a field: the row's own value in some form. */
function valueLike(g: Gen, sample: unknown, field: string): unknown {
  if (g.chance(0.08)) return null;
  if (field === 'CLOSED' && g.chance(0.5)) return sample === 'Y';
  if (typeof sample === 'number' || (typeof sample === 'string' && /^\d+(\.\d+)?$/.test(sample))) {
    const n = Number(sample);
    return g.pick([n, String(n), n + 1, String(n - 1)]);
  }
  if (typeof sample === 'string') {
    if (field === 'TITLE' && g.chance(0.5)) return g.pick(awkwardTitles);
    return sample;
  }
  return g.pick(['', 'N', 'Y']);
}

function generateFilter(g: Gen, rows: Row[]): Record<string, unknown> {
  const fields = ['TITLE', 'STAGE_ID', 'OPPORTUNITY', 'CLOSED', 'COMPANY_ID', 'TYPE_ID', 'PROBABILITY', 'COMMENTS', 'ASSIGNED_BY_ID', 'SOURCE_ID'];
  const filter: Record<string, unknown> = {};
  const count = 1 + Math.floor(g.rnd() * 3);
  for (let i = 0; i < count; i += 1) {
    const field = g.pick(fields);
    const sample = g.pick(rows)[field];
    const op = g.pick(['', '=', '!', '!=', '>', '>=', '<', '<=', '@', '!@', '%', '!%', '=%']);
    if (op === '@' || op === '!@' || (op === '' && g.chance(0.3))) {
      const n = g.chance(0.1) ? 0 : 1 + Math.floor(g.rnd() * 3);
      const list = Array.from({ length: n }, () => valueLike(g, g.pick(rows)[field], field));
      filter[`${op}${field}`] = g.chance(0.2) ? Object.fromEntries(list.map((v, k) => [String(k), v])) : list;
    } else if (op === '%' || op === '!%' || op === '=%') {
      const text = String(valueLike(g, sample, field) ?? '');
      const cut = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
      filter[`${op}${field}`] = op === '=%' ? `${cut}%` : cut;
    } else {
      filter[`${op}${field}`] = valueLike(g, sample, field);
    }
  }
  // A nested block the portal reads as a sub-filter; on every path alike.
  if (g.chance(0.15)) filter['0'] = { LOGIC: 'OR', '%TITLE': g.pick(awkwardTitles), '>PROBABILITY': { nested: [1, 2] } };
  return filter;
}

test('generated parameter shapes: call(), batch() and export() give the same rows, or all refuse', async () => {
  const seed = Number(process.env.UZEL_PROPERTY_SEED ?? 20261129);
  const g = gen(seed);
  const rows = (await client.call<Row[]>('crm.deal.list', { select: ['*'], start: 0 })).result;
  let compared = 0;
  let refused = 0;
  let nonEmpty = 0;
  for (let n = 0; n < 60; n += 1) {
    const filter = generateFilter(g, rows);
    const select = g.chance(0.5) ? ['ID', 'TITLE', g.pick(['STAGE_ID', 'OPPORTUNITY', 'COMMENTS'])] : g.chance(0.5) ? [] : undefined;
    const order = g.chance(0.5) ? { ID: g.pick(['ASC', 'DESC', 'desc']) } : undefined;
    const params: Record<string, unknown> = { filter, ...(select ? { select } : {}), ...(order ? { order } : {}) };
    const label = `seed ${seed}, case ${n}: ${JSON.stringify(params)}`;

    const viaJson = await (async () => {
      const all: string[] = [];
      for await (const row of client.list<Row>('crm.deal.list', params)) all.push(String(row.ID));
      return all;
    })().catch((e: unknown) => e);
    const viaBatch = await client.batch({ q: { method: 'crm.deal.list', params } }).catch((e: unknown) => e);
    const viaExport = await (async () => {
      const all: string[] = [];
      for await (const row of client.export<Row>('crm.deal.list', params)) all.push(String(row.ID));
      return all;
    })().catch((e: unknown) => e);

    if (viaJson instanceof ValidationError) {
      assert.ok(viaBatch instanceof ValidationError, `${label}: batch did not refuse`);
      assert.ok(viaExport instanceof ValidationError, `${label}: export did not refuse`);
      assert.match(viaJson.message, /filter\./, label);
      refused += 1;
      continue;
    }
    assert.ok(Array.isArray(viaJson), `${label}: ${String(viaJson)}`);
    assert.ok(!(viaBatch instanceof Error), `${label}: ${String(viaBatch)}`);
    assert.ok(Array.isArray(viaExport), `${label}: ${String(viaExport)}`);
    const batch = viaBatch as Awaited<ReturnType<typeof client.batch>>;
    assert.deepEqual(batch.errors, {}, label);
    // JSON pages and the query-string batch agree on the count and the first page…
    assert.equal(batch.total.q, viaJson.length, `${label}: total`);
    assert.deepEqual(ids(batch.result.q), viaJson.slice(0, 50), `${label}: first page`);
    // …and the export (query strings, ID slices) reads exactly the same rows, in the same order.
    assert.deepEqual(viaExport, viaJson, `${label}: export`);
    compared += 1;
    if (viaJson.length > 0) nonEmpty += 1;
  }
  // The generator reaches every outcome: refusals, empty and non-empty selections.
  assert.ok(refused >= 2, `refused ${refused}`);
  assert.ok(compared >= 40, `compared ${compared}`);
  assert.ok(nonEmpty >= 15, `non-empty ${nonEmpty}`);
});
