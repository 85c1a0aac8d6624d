// The XML envelope without a server: building (escaping, bools, forbidden characters) and reading
// (lists always arrays, ints as numbers, codes as strings, entities and CDATA).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { ValidationError } from '../../../src/core/errors.js';
import { buildRequest, parseResponse, toWireTree } from '../../../src/services/planfix/xml.js';
import { readAnswer, planfixHint } from '../../../src/services/planfix/answer.js';
import { planfixErrorCodes } from '../../../src/services/planfix/codes.js';

const hostile = `<b>Tom & "Jerry"</b> ]]> it's <![CDATA[x]]> — Привет, ёж`;

describe('building requests', () => {
  test('every value is escaped and reads back exactly', () => {
    const xml = buildRequest('task.add', toWireTree({ account: 'acc', task: { title: hostile, description: '  spaces kept  ' } }));
    assert.ok(!xml.includes('<b>'), 'markup in a value must be escaped');
    assert.ok(!xml.includes(']]>'), 'a CDATA terminator in a value must be escaped');
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?><request method="task\.add"><account>acc<\/account>/);
    const doc = new XMLParser({ parseTagValue: false, trimValues: false, ignoreAttributes: false }).parse(xml);
    assert.equal(doc.request.task.title, hostile);
    assert.equal(doc.request.task.description, '  spaces kept  ');
    assert.equal(doc.request['@_method'], 'task.add');
  });

  test('lists become repeated elements; booleans 1/0; numbers as text; undefined left out', () => {
    const tree = toWireTree({ task: { id: 5, workers: { addUsers: { id: [1, 2] } } }, silent: true, checkResult: false, none: undefined });
    assert.deepEqual(tree, { task: { id: '5', workers: { addUsers: { id: ['1', '2'] } } }, silent: '1', checkResult: '0' });
    assert.match(buildRequest('task.changeWorkers', tree), /<addUsers><id>1<\/id><id>2<\/id><\/addUsers>/);
  });

  test('characters XML cannot carry and bad element names are refused before sending', () => {
    assert.throws(() => toWireTree({ task: { title: 'bell\u0007' } }, 'task.add'), (e: unknown) => e instanceof ValidationError && /task\/title/.test(e.message));
    assert.throws(() => toWireTree({ 'bad name': 'x' }), ValidationError);
    assert.throws(() => toWireTree({ x: '\uD800' }), ValidationError);
    assert.doesNotThrow(() => toWireTree({ x: 'tab\tnewline\n ok 😀' }));
  });
});

describe('reading answers', () => {
  test('a one-item list is an array, an empty list is an empty array, a single card is an object', () => {
    const parsed = parseResponse(
      `<?xml version="1.0" encoding="UTF-8"?>\n<response status="ok">\n  <tasks count="1" totalCount="31">\n    <task>\n      <id>7</id>\n      <title>007</title>\n      <workers><users><user><id>3</id><name>Ann</name></user></users><groups></groups></workers>\n      <customData/>\n    </task>\n  </tasks>\n</response>`,
    );
    assert.ok(parsed);
    assert.equal(parsed.status, 'ok');
    const tasks = parsed.body.tasks as { count: number; totalCount: number; task: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(tasks), ['count', 'totalCount', 'task'], 'the list root\'s attributes first, as in the XML');
    assert.equal(tasks.count, 1);
    assert.equal(tasks.totalCount, 31);
    assert.ok(Array.isArray(tasks.task));
    assert.equal(tasks.task[0]!.id, 7);
    assert.equal(tasks.task[0]!.title, '007', 'a title stays text even when it looks like a number');
    assert.deepEqual(tasks.task[0]!.workers, { users: { user: [{ id: 3, name: 'Ann' }] }, groups: { group: [] } });
    assert.deepEqual(tasks.task[0]!.customData, { customValue: [] });
    const single = parseResponse('<response status="ok"><task><id>9</id></task></response>');
    assert.deepEqual(single?.body, { task: { id: 9 } });
  });

  test('error codes keep their leading zeros; entities and CDATA are decoded once', () => {
    const parsed = parseResponse('<response status="error"><code>0005</code><message>a &amp;lt; b &#1046;&#x416; <![CDATA[<raw> &amp;]]></message></response>');
    assert.deepEqual(parsed, { status: 'error', body: { code: '0005', message: 'a &lt; b ЖЖ <raw> &amp;' } });
  });

  test('flags become booleans, both as 0/1 and true/false', () => {
    const parsed = parseResponse('<response status="ok"><contact><id>1</id><isCompany>1</isCompany><havePlanfixAccess>false</havePlanfixAccess></contact></response>');
    assert.deepEqual(parsed?.body, { contact: { id: 1, isCompany: true, havePlanfixAccess: false } });
  });

  test('what is not a well-formed <response> is refused', () => {
    assert.equal(parseResponse('<response status="ok"><task></response>'), undefined);
    assert.equal(parseResponse('<html><body>Bad gateway</body></html>'), undefined);
    assert.equal(parseResponse(''), undefined);
  });

  test('an error answer becomes an ApiError with the code, the method and the documented meaning', () => {
    const answer = readAnswer('task.get', 200, '<response status="error"><code>3001</code></response>', {
      url: 'https://api.planfix.com/xml/',
      headers: { 'x-ratelimit-remaining': '100' },
      redact: (s) => s,
    });
    assert.equal(answer.ok, false);
    if (answer.ok) return;
    const error = answer.error as import('../../../src/core/errors.js').ApiError;
    assert.equal(error.name, 'NotFoundError');
    assert.equal(error.code, '3001');
    assert.equal(error.method, 'task.get');
    assert.deepEqual(error.hint, { en: planfixErrorCodes['3001']!.en, ru: planfixErrorCodes['3001']!.ru });
    assert.equal(error.headers['x-ratelimit-remaining'], '100');
  });

  test('0024 names the endpoint used and the data centres; every code has both languages', () => {
    const hint = planfixHint('0024', 'https://api.planfix.ru/xml/');
    assert.ok(hint);
    assert.match(hint.en, /this client used https:\/\/api\.planfix\.ru\/xml\//);
    for (const url of ['https://api.planfix.com/xml/', 'https://api-sg.planfix.com/xml/', 'https://api-us.planfix.com/xml/']) {
      assert.ok(hint.en.includes(url) && hint.ru.includes(url));
    }
    for (const [code, info] of Object.entries(planfixErrorCodes)) {
      assert.match(code, /^\d{4,5}$/);
      assert.ok(info.en && info.ru, code);
    }
    for (const code of ['0001', '0005', '0007', '0012', '0024', '0101', '1001', '3001', '3013', '8002', '10004']) assert.ok(planfixErrorCodes[code], code);
  });
});
