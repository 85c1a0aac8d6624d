// Box ids: the client takes both forms proto/Box carries — BoxIdGuid ("to be passed to methods as
// the boxId parameter") and BoxId (`<32 hex>@diadoc.ru`, what Organization.Boxes hand out) — and
// sends the GUID; anything else stops before any request with a ValidationError naming the
// parameter (the option, in the CLI) and the accepted forms.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../../src/core/errors.js';
import { startDiadocSandbox, type DiadocSandbox } from '../../../src/sandbox/diadoc/index.js';
import { toBoxIdGuid, type DiadocClient } from '../../../src/services/diadoc/index.js';
import { isolatedEnv, runUzel, shown } from '../../cli/helpers.js';
import { Recorder, clientFor } from './helpers.js';

const guid = '7bade7d0-8f84-4ddf-b73f-6d1d3f7cf04f';

// Not box ids: path tricks, spaces, other GUID spellings, other domains, random text.
const notBoxIds = [
  '../../V2/GetMyUser',
  '/GetMyUser',
  `${guid}&userId=x`,
  ' ',
  '',
  `${guid} `,
  ` ${guid}`,
  `7bade7d0 8f84 4ddf b73f 6d1d3f7cf04f`,
  `{${guid}}`,
  `(${guid})`,
  guid.replace(/-/g, ''),
  `${guid}@diadoc.ru`,
  '7bade7d08f844ddfb73f6d1d3f7cf04f@diadoc.ru.evil',
  '7bade7d08f844ddfb73f6d1d3f7cf04f@example.ru',
  '7bade7d08f844ddfb73f6d1d3f7cf04@diadoc.ru',
  'g'.repeat(32) + '@diadoc.ru',
  'random text',
  'Ящик',
];

describe('toBoxIdGuid', () => {
  test('both documented forms give the lower-case GUID', () => {
    assert.equal(toBoxIdGuid(guid), guid);
    assert.equal(toBoxIdGuid(guid.toUpperCase()), guid);
    assert.equal(toBoxIdGuid('7bade7d08f844ddfb73f6d1d3f7cf04f@diadoc.ru'), guid);
    assert.equal(toBoxIdGuid('7BADE7D08F844DDFB73F6D1D3F7CF04F@DIADOC.RU'), guid);
  });

  test('anything else is not a box id', () => {
    for (const value of notBoxIds) assert.equal(toBoxIdGuid(value), undefined, JSON.stringify(value));
  });
});

describe('diadoc client: box ids', () => {
  let sb: DiadocSandbox;
  let client: DiadocClient;
  let rec: Recorder;
  before(async () => {
    sb = await startDiadocSandbox({ seed: { employees: 5 } });
    rec = new Recorder();
    client = clientFor(sb, 'token', { fetch: rec.fetch, validateResults: true });
  });
  after(() => sb.close());

  test('the BoxId GetMyOrganizations hands out works, and goes out as the BoxIdGuid', async () => {
    const { Organizations } = await client.getMyOrganizations();
    const box = Organizations.find((o) => o.OrgId === sb.info.orgId)!.Boxes![0]!;
    assert.match(box.BoxId, /@diadoc\.ru$/);
    rec.clear();
    const me = await client.getMyEmployee({ boxId: box.BoxId });
    assert.equal(me.User.Login, sb.info.login);
    const got = await client.getBox({ boxId: box.BoxId.toUpperCase() });
    assert.equal(got.BoxIdGuid, sb.info.boxId);
    const sent = rec.exchanges.map((e) => new URL(e.url).searchParams.get('boxId'));
    assert.deepEqual(sent, [sb.info.boxId, sb.info.boxId]);
  });

  test('every box method refuses a value that is not a box id before any request, naming boxId and the forms', async () => {
    const calls: ((boxId: string) => Promise<unknown>)[] = [
      (boxId) => client.getBox({ boxId }),
      (boxId) => client.getMyEmployee({ boxId }),
      (boxId) => client.getEmployee({ boxId, userId: sb.info.employeeUserId }),
      (boxId) => client.getEmployees({ boxId }),
      (boxId) => client.getOrganization({ boxId }),
      (boxId) => client.getDepartments({ boxId }),
      (boxId) => client.deleteEmployee({ boxId, userId: sb.info.employeeUserId }),
    ];
    rec.clear();
    for (const call of calls) {
      for (const bad of notBoxIds) {
        await assert.rejects(call(bad), (e: unknown) => {
          assert.ok(e instanceof ValidationError, String(e));
          assert.equal(e.issues[0]?.path, 'boxId');
          assert.match(e.message, /BoxIdGuid/);
          assert.match(e.message, /@diadoc\.ru/);
          assert.doesNotMatch(e.message, /Invalid input|regex|Too small/i);
          return true;
        }, JSON.stringify(bad));
      }
    }
    assert.equal(rec.exchanges.length, 0, 'nothing was sent');
  });

  test('a non-string box id is refused the same way', async () => {
    await assert.rejects(client.getBox({ boxId: 42 as unknown as string }), (e: unknown) => e instanceof ValidationError && /BoxIdGuid/.test(e.message));
  });

  test('request(): a boxId query value is checked and sent in the GUID form too', async () => {
    rec.clear();
    const box = (await client.request('GET', '/GetBox', { query: { boxId: `${sb.info.boxId.replace(/-/g, '')}@diadoc.ru` } })) as { BoxIdGuid: string };
    assert.equal(box.BoxIdGuid, sb.info.boxId);
    assert.equal(new URL(rec.exchanges[0]!.url).searchParams.get('boxId'), sb.info.boxId);
    rec.clear();
    await assert.rejects(client.request('GET', '/GetBox', { query: { boxId: '../../V2/GetMyUser' } }), ValidationError);
    await assert.rejects(client.request('GET', '/GetMyEmployee', { query: { BoxId: 'x' } }), ValidationError);
    assert.equal(rec.exchanges.length, 0);
  });
});

describe('uzel diadoc: --box', () => {
  let sb: DiadocSandbox;
  before(async () => {
    sb = await startDiadocSandbox({ seed: { employees: 5 } });
  });
  after(() => sb.close());

  const connection = (): string[] => ['--url', sb.info.url, '--clientid', sb.info.clientId, '--token', sb.info.token];

  test('the legacy form works from the command line', async () => {
    const legacy = `${sb.info.boxId.replace(/-/g, '')}@diadoc.ru`;
    const r = await runUzel(['diadoc', 'get-box', ...connection(), '--box', legacy], isolatedEnv());
    assert.equal(r.code, 0, shown(r));
    assert.equal(JSON.parse(r.stdout).BoxIdGuid, sb.info.boxId);
  });

  test('anything else is a usage error naming --box and the accepted forms, with no request sent', async () => {
    const before = sb.stats.requests;
    for (const bad of ['../../V2/GetMyUser', ' ', 'random text', `{${sb.info.boxId}}`]) {
      const r = await runUzel(['diadoc', 'get-my-employee', ...connection(), '--box', bad], isolatedEnv());
      assert.equal(r.code, 2, `${bad}: ${shown(r)}`);
      assert.match(r.stderr, /--box/);
      assert.match(r.stderr, /BoxIdGuid/);
      assert.match(r.stderr, /@diadoc\.ru/);
      assert.doesNotMatch(shown(r), /\n\s+at /, 'no stack trace');
      assert.ok(!shown(r).includes(sb.info.token), 'no secret shown');
    }
    assert.equal(sb.stats.requests, before, 'nothing reached the sandbox');
  });
});
