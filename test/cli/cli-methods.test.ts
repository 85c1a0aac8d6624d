// End-to-end: the `uzel` binary against the Bitrix24 sandbox — the seeds' command lines with both
// method names, the OAuth form, --out, --all, bad input and the exit codes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../src/sandbox/bitrix24/index.js';
import { runUzel, shown } from './helpers.js';

let sandbox: Bitrix24Sandbox;
let webhook: string;
let secrets: string[];
/** An event where the webhook's user (1) is an attendee, and the status the sandbox holds. */
let meeting: { id: number; status: string };
const work = mkdtempSync(join(tmpdir(), 'uzel-cli-work-'));

before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 120, leads: 10 } });
  webhook = sandbox.info.webhookUrl;
  secrets = [webhook.split('/').at(-2)!, sandbox.info.accessToken, sandbox.info.refreshToken, sandbox.info.clientSecret];
  const event = sandbox.state.events.all().find((e) => e.IS_MEETING && e.attendees.some((a) => a.id === 1));
  assert.ok(event, 'the seeded portal has a meeting of user 1');
  meeting = { id: event.ID, status: event.attendees.find((a) => a.id === 1)!.status };
});
after(() => sandbox.close());

function assertNoSecret(text: string): void {
  for (const secret of secrets) assert.ok(!text.includes(secret), `a secret leaked into: ${text.slice(0, 300)}`);
}

describe('seed 000: calendar.meeting.status.get', { concurrency: true }, () => {
  test('the oint command line runs unchanged, Russian name, webhook URL', async () => {
    const r = await runUzel(['bitrix24', 'ПолучитьСтатусУчастияПользователя', '--url', webhook, '--event', String(meeting.id)]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const answer = JSON.parse(r.stdout) as { result: string; time: Record<string, unknown> };
    assert.equal(answer.result, meeting.status);
    assert.equal(typeof answer.time.start, 'number');
    assert.equal(typeof answer.time.date_start, 'string');
    // piped: compact, one line
    assert.equal(r.stdout.trim().split('\n').length, 1);
  });

  test('English name with short options, and --pretty', async () => {
    const r = await runUzel(['bitrix24', 'get-user-participation-status', '-u', webhook, '-e', String(meeting.id), '--pretty']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).result, meeting.status);
    assert.match(r.stdout, /^\{\n {2}"result": /);
  });

  test('the OAuth form: --url portal --token', async () => {
    const r = await runUzel(['bitrix24', 'ПолучитьСтатусУчастияПользователя', '--url', sandbox.info.portal, '--event', String(meeting.id), '--token', sandbox.info.accessToken]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).result, meeting.status);
  });

  test('an event of someone else: API error, exit 3, one line with the service\'s description', async () => {
    const other = sandbox.state.events.all().find((e) => !e.attendees.some((a) => a.id === 1));
    assert.ok(other);
    const r = await runUzel(['bitrix24', 'get-user-participation-status', '--url', webhook, '--event', String(other.ID)]);
    assert.equal(r.code, 3);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1);
    // The text of api-reference/calendar/calendar-event/calendar-meeting-status-get.md.
    assert.match(r.stderr, /HTTP 400 \(empty code\): При выборке статуса произошла ошибка/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assertNoSecret(shown(r));
  });
});

describe('seed 001: calendar.accessibility.get', () => {
  test('Russian name, users as JSON text, dates in ISO 8601', async () => {
    const r = await runUzel(['bitrix24', 'ПолучитьЗанятостьПользователей', '--url', webhook, '--users', '[1,2]', '--from', '2020-01-01', '--to', '2040-12-31']);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout).result as Record<string, { ID: string; DATE_FROM: string }[]>;
    assert.deepEqual(Object.keys(result).sort(), ['1', '2']);
    assert.ok(result['1']!.length > 0, 'user 1 is busy sometime');
  });

  test('English name, a single user where a list is expected', async () => {
    const r = await runUzel(['bitrix24', 'get-users-availability', '--url', webhook, '--users', '2', '--from', '2020-01-01', '--to', '2040-12-31']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(Object.keys(JSON.parse(r.stdout).result), ['2']);
  });

  test('a date not in ISO 8601 is refused before any request', async () => {
    const before = sandbox.stats.requests;
    const r = await runUzel(['bitrix24', 'get-users-availability', '--url', webhook, '--users', '1', '--from', '20.06.2024', '--to', '2024-12-20']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--from: .*YYYY-MM-DD/);
    assert.equal(sandbox.stats.requests, before);
  });
});

describe('seed 002: im.department.get', { concurrency: true }, () => {
  test('get-departments-info with --ids JSON and --userdata Y', async () => {
    const r = await runUzel(['bitrix24', 'get-departments-info', '--url', webhook, '--ids', '[1]', '--userdata', 'Y']);
    assert.equal(r.code, 0, r.stderr);
    const [department] = JSON.parse(r.stdout).result as { id: number; name: string; manager_user_data?: { id: number } }[];
    assert.equal(department!.id, 1);
    assert.equal(department!.name, sandbox.state.departments.get(1)!.NAME);
    assert.ok(department!.manager_user_data, 'USER_DATA=Y loads the manager');
  });

  test('the same by its Russian name, one ID where a list is expected', async () => {
    const r = await runUzel(['bitrix24', 'ПолучитьДанныеПодразделений', '--url', webhook, '--ids', '2']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout).result as { id: number }[]).map((d) => d.id), [2]);
  });

  test('--ids from @file.json and from a path to a .json file; --userdata as a boolean', async () => {
    const file = join(work, 'ids.json');
    writeFileSync(file, '[1, 2]');
    for (const value of [`@${file}`, file]) {
      const r = await runUzel(['bitrix24', 'get-departments-info', '--url', webhook, '--ids', value, '--userdata', 'false']);
      assert.equal(r.code, 0, r.stderr);
      const rows = JSON.parse(r.stdout).result as { id: number; manager_user_data?: unknown }[];
      assert.deepEqual(rows.map((d) => d.id), [1, 2]);
      assert.equal(rows[0]!.manager_user_data, undefined);
    }
  });
});

describe('output', { concurrency: true }, () => {
  test('--out FILE writes the answer there, nothing on stdout', async () => {
    const file = join(work, 'status.json');
    const r = await runUzel(['bitrix24', 'get-user-participation-status', '--url', webhook, '--event', String(meeting.id), '--out', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).result, meeting.status);
  });

  test('--all streams every row of a list method as NDJSON', async () => {
    const r = await runUzel(['bitrix24', 'get-deals', '--url', webhook, '--all']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 120);
    const ids = lines.map((l) => (JSON.parse(l) as { ID: string }).ID);
    assert.equal(new Set(ids).size, 120, 'no row twice');
  });

  test('--all with --out writes NDJSON to the file', async () => {
    const file = join(work, 'deals.ndjson');
    const r = await runUzel(['bitrix24', 'get-deals', '--url', webhook, '--all', '--out', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 120);
  });

  test('--all with --offset -1 (no counting, so no next page) is refused in the catalogue\'s words', async () => {
    const r = await runUzel(['bitrix24', 'get-deals', '--url', webhook, '--all', '--offset', '-1']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /offset: -1 skips counting, so there is no next page to follow when reading every row; leave it out/);
    assert.doesNotMatch(r.stderr, /start=-1|export\(\)/);
    // Named as the option, like every other bad value, not as the library's parameter.
    for (const command of ['get-deals', 'get-tasks']) {
      const named = await runUzel(['bitrix24', command, '--url', webhook, '--all', '--offset', '-1']);
      assert.equal(named.code, 2);
      assert.match(named.stderr, /uzel: error: --offset: -1 skips counting/);
      assert.match(named.stderr, new RegExp(`\\(see: npx uzel bitrix24 ${command} --help\\)`));
      assert.doesNotMatch(named.stderr, /getDeals|getTasks/);
    }
  });

  test('--all is refused for a method that is not a list', async () => {
    const r = await runUzel(['bitrix24', 'get-user-participation-status', '--url', webhook, '--event', '1', '--all']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--all works only for list methods; get-user-participation-status is not one/);
  });
});

describe('bad input: exit 2, a message naming the option, no request sent', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown option', ['--evnt', '5'], /unknown option "--evnt" \(did you mean --event\?\)/],
    ['missing required option', [], /missing required option: --event/],
    ['wrong type', ['--event', 'abc'], /--event: expected an ID: a whole number from 1/],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const before = sandbox.stats.requests;
      const r = await runUzel(['bitrix24', 'get-user-participation-status', '--url', webhook, ...args]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
      assert.equal(sandbox.stats.requests, before);
      assertNoSecret(shown(r));
    });
  }

  test('malformed JSON', async () => {
    const r = await runUzel(['bitrix24', 'get-departments-info', '--url', webhook, '--ids', '[1, 2']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--ids: malformed JSON/);
  });

  test('a malformed object for --fields', async () => {
    const r = await runUzel(['bitrix24', 'add-calendar-event', '--url', webhook, '--fields', '{"name": ']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--fields: malformed JSON/);
  });

  test('an unknown method and an unknown service', async () => {
    const method = await runUzel(['bitrix24', 'get-nothing', '--url', webhook]);
    assert.equal(method.code, 2);
    assert.match(method.stderr, /bitrix24 has no method "get-nothing"/);
    const service = await runUzel(['amocrm', 'x']);
    assert.equal(service.code, 2);
    assert.match(service.stderr, /unknown command "amocrm"/);
  });

  test('no credentials at all', async () => {
    const r = await runUzel(['bitrix24', 'get-user-participation-status', '--event', '1']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no credentials for bitrix24: give --url \(or UZEL_BITRIX24_URL\)/);
  });
});

describe('network and auth failures', { concurrency: true }, () => {
  test('nothing listening: exit 4', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const r = await runUzel(['bitrix24', 'get-server-time', '--url', `http://127.0.0.1:${port}/rest/1/${secrets[0]}/`]);
    assert.equal(r.code, 4);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assertNoSecret(shown(r));
  });

  test('a wrong webhook code: exit 3 with NO_AUTH_FOUND, the code masked', async () => {
    const wrong = webhook.replace(/\/[^/]+\/$/, '/0123456789abcdef/');
    const r = await runUzel(['bitrix24', 'get-server-time', '--url', wrong, '--debug']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /NO_AUTH_FOUND/);
    assert.ok(!shown(r).includes('0123456789abcdef'));
  });
});

describe('call, batch and help', { concurrency: true }, () => {
  test('call reaches any REST method', async () => {
    const r = await runUzel(['bitrix24', 'call', 'user.get', '--params', '{"ID": 1}', '--url', webhook]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).result[0].ID, '1');
  });

  test('batch with a reference between commands', async () => {
    const commands = join(work, 'batch.json');
    writeFileSync(commands, JSON.stringify({ me: 'user.current', dep: 'im.department.get?ID[]=$result[me][UF_DEPARTMENT][0]' }));
    const r = await runUzel(['bitrix24', 'batch', '--commands', `@${commands}`, '--url', webhook]);
    assert.equal(r.code, 0, r.stderr);
    const answer = JSON.parse(r.stdout) as { result: { me: { UF_DEPARTMENT: number[] }; dep: { id: number }[] } };
    assert.equal(answer.result.dep[0]!.id, answer.result.me.UF_DEPARTMENT[0]);
  });

  test('uzel --help, service help grouped by section, method help with types and an example', async () => {
    const top = await runUzel(['--help']);
    assert.equal(top.code, 0);
    assert.match(top.stdout, /Exit codes/);
    const service = await runUzel(['bitrix24', '--help']);
    assert.equal(service.code, 0);
    assert.match(service.stdout, /Calendar events \/ Работа с событиями календарей:\n {2}add-calendar-event\s+СоздатьСобытиеКалендаря/);
    assert.match(service.stdout, /call <rest\.method>/);
    const method = await runUzel(['bitrix24', 'ПолучитьЗанятостьПользователей', '--help']);
    assert.equal(method.code, 0);
    assert.match(method.stdout, /--users/);
    assert.match(method.stdout, /required/);
    assert.match(method.stdout, /uzel bitrix24 get-users-availability --url "\$UZEL_BITRIX24_URL" --users/);
  });

  test('no secret in any output with --debug, webhook and token', async () => {
    const a = await runUzel(['bitrix24', 'get-departments-info', '--url', webhook, '--ids', '1', '--debug']);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stderr, /debug: → POST .*\/rest\/1\/\*\*\*\/im\.department\.get/);
    const b = await runUzel(['bitrix24', 'get-departments-info', '--url', sandbox.info.portal, '--token', sandbox.info.accessToken, '--ids', '1', '--debug']);
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stderr, /debug: /);
    for (const r of [a, b]) assertNoSecret(shown(r));
  });
});

