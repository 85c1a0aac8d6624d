// The OpenAPI 3.1 document at /openapi.json: valid by a standard validator, one route per
// catalogue method (and handler) with descriptions in both languages, and every route in it
// answered through real HTTP with the example the document gives.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileErrors, validate } from '@readme/openapi-parser';
import { commandName, isRequired, touchesLocalFiles } from '../../src/core/catalogue.js';
import { loadService, serviceNames } from '../../src/services/registry.js';
import { leaks, setup, type Setup } from './helpers.js';

let s: Setup;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let doc: any;
before(async () => {
  s = await setup({
    keys: { all: { write: true, destructive: true, rateLimit: { perMinute: 60_000, burst: 1000 } } },
    handlers: [{ name: 'new-deals', method: 'bitrix24/get-deals', fixed: { filter: { STAGE_ID: 'NEW' } } }],
    // As an application: some methods answer only in an application's context (disk.storage.getforapp).
    ways: { bitrix24: 'OAuth' },
  });
  const response = await fetch(`${s.url}/openapi.json`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  doc = await response.json();
});
after(() => s.close());

test('the document is valid OpenAPI 3.1 (@readme/openapi-parser)', async () => {
  assert.equal(doc.openapi, '3.1.0');
  const result = await validate(structuredClone(doc));
  assert.ok(result.valid, result.valid ? '' : compileErrors(result));
});

test('one POST route per catalogue method and handler, with both languages and the entry\'s facts', async () => {
  const services = await Promise.all(serviceNames.map(loadService));
  // Methods that read or write files on the server by path are not offered (core/policy.ts).
  const offered = (service: (typeof services)[number]) => service.methods.filter((e) => !touchesLocalFiles(e));
  const expected = [...services.flatMap((service) => offered(service).map((e) => `/v1/${service.id}/${commandName(e)}`)), '/v1/handlers/new-deals'];
  const posted = Object.keys(doc.paths).filter((path) => doc.paths[path].post);
  assert.deepEqual(posted, expected);
  const local = services.flatMap((service) => service.methods.filter(touchesLocalFiles).map((e) => `/v1/${service.id}/${commandName(e)}`));
  assert.ok(local.includes('/v1/bitrix24/download-file') && local.includes('/v1/bitrix24/upload-file-to-folder'), local.join(' '));
  for (const path of local) assert.equal(doc.paths[path], undefined, path);
  const ids = new Set<string>();
  for (const service of services) {
    for (const entry of offered(service)) {
      const op = doc.paths[`/v1/${service.id}/${commandName(entry)}`].post;
      ids.add(op.operationId);
      assert.equal(op.summary, entry.summary.en);
      assert.ok(op.description.includes(entry.summary.ru), `${entry.name}: Russian summary`);
      assert.ok(op.description.includes(entry.remote) && op.description.includes(entry.ruName) && op.description.includes(entry.docs));
      const schema = op.requestBody.content['application/json'].schema;
      assert.equal(schema.additionalProperties, false);
      assert.equal(op.requestBody.required, Object.values(entry.params).some(isRequired), `${entry.name}: a body is required where a parameter is`);
      assert.deepEqual(Object.keys(schema.properties), Object.keys(entry.params));
      for (const [key, spec] of Object.entries(entry.params)) {
        assert.ok(schema.properties[key].description.includes(spec.description.en), `${entry.name}.${key}`);
      }
      assert.equal(Boolean(op.parameters?.some((p: { name: string }) => p.name === 'all')), Boolean(entry.paging), `${entry.name}: ?all only for lists`);
      for (const status of ['200', '400', '401', '403', '429', '502', '503', '504', 'default']) assert.ok(op.responses[status], `${entry.name}: ${status}`);
    }
  }
  assert.equal(ids.size, expected.length - 1, 'operationIds are unique');
  const handler = doc.paths['/v1/handlers/new-deals'].post;
  assert.ok(!('filter' in handler.requestBody.content['application/json'].schema.properties), 'a fixed argument is not offered');
});

test('every route in the document is answered, with the example it gives', async (t) => {
  const sandboxes = { bitrix24: s.bitrix24, planfix: s.planfix, diadoc: s.diadoc } as Record<string, { url: string }>;
  let answered = 0;
  for (const [path, item] of Object.entries(doc.paths) as [string, Record<string, any>][]) { // eslint-disable-line @typescript-eslint/no-explicit-any
    if (item.get) {
      const response = await fetch(`${s.url}${path}`);
      assert.equal(response.status, 200, path);
      await response.text();
      answered += 1;
      continue;
    }
    const op = item.post;
    const service = op['x-uzel'].service as string;
    // Each example on fresh data, as the reference pages capture them.
    const reset = await fetch(`${sandboxes[service]!.url}/_sandbox/reset`, { method: 'POST' });
    assert.ok(reset.ok);
    const example = op.requestBody.content['application/json'].example;
    const answer = await s.call(path, example, 'all');
    assert.equal(answer.status, 200, `${path} ${JSON.stringify(example)}: ${answer.text.slice(0, 400)}`);
    assert.notEqual(answer.body, undefined, `${path}: a JSON answer`);
    if (service === 'bitrix24') assert.ok('result' in answer.body, path);
    if (op.parameters?.some((p: { name: string }) => p.name === 'all')) {
      const rows = await s.call(path, example, 'all', '?all=1');
      assert.equal(rows.status, 200, `${path}?all=1: ${rows.text.slice(0, 400)}`);
      for (const line of rows.text.split('\n').filter(Boolean)) {
        const row = JSON.parse(line) as unknown;
        assert.ok(!(row !== null && typeof row === 'object' && 'error' in row), `${path}?all=1: ${line.slice(0, 300)}`);
      }
    }
    answered += 1;
  }
  t.diagnostic(`routes answered: ${answered}`);
  assert.equal(answered, Object.keys(doc.paths).length);
});

test('an unknown route is a 404 in the one error shape; a body that is not JSON is a 400', async () => {
  const missing = await s.call('/v1/bitrix24/get-dealz', {}, 'all');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.kind, 'not-found');
  const broken = await s.call('/v1/bitrix24/get-deals', '{"filter": x}', 'all');
  assert.equal(broken.status, 400);
  assert.match(broken.body.error.message, /the body is not valid JSON/);
  assert.ok(!broken.text.includes('filter'), 'the body is not echoed');
  const cut = await s.call('/v1/bitrix24/get-deals', '{"filter": ', 'all');
  assert.equal(cut.status, 400);
  assert.match(cut.body.error.message, /not valid JSON: it ends too early/);
  const list = await s.call('/v1/bitrix24/get-deals', '[1]', 'all');
  assert.equal(list.status, 400);
  assert.match(list.body.error.message, /expected the parameters as an object, not a list/);
  const form = await fetch(`${s.url}/v1/bitrix24/get-deals`, { method: 'POST', headers: { authorization: `Bearer ${s.keys.all}`, 'content-type': 'text/plain' }, body: 'x' });
  assert.equal(form.status, 415);
  assert.equal(((await form.json()) as { error: { kind: string } }).error.kind, 'validation');
});

test('no secret in the document, any answer or log line', () => {
  assert.deepEqual(leaks(JSON.stringify(doc) + s.seen.join('\n') + s.log.join(''), s.secrets), []);
});
