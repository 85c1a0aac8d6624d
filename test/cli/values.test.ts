// What you type is what is sent (issue 10, "Values"): the issue's own cases, end to end through the
// CLI in process — IDs as typed, real dates, periods that run forward, and answers printed with
// every number as it came.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../src/sandbox/bitrix24/index.js';
import { startPlanfixSandbox, type PlanfixSandbox } from '../../src/sandbox/planfix/index.js';

const env = { UZEL_CONFIG: join(mkdtempSync(join(tmpdir(), 'uzel-values-')), 'config.json') };

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) =>
    ({ write: (chunk: string, cb?: () => void) => (add(String(chunk)), cb?.(), true) }) as unknown as NodeJS.WritableStream;
  const io: Io = { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env, stdoutIsTTY: false, stderrIsTTY: false };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

let bitrix: Bitrix24Sandbox;
let planfix: PlanfixSandbox;
let webhook: string;
let planfixArgs: string[];

before(async () => {
  bitrix = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 600 } });
  planfix = await startPlanfixSandbox({ rateLimit: false });
  webhook = bitrix.info.webhookUrl;
  const p = planfix.info as unknown as Record<string, string>;
  planfixArgs = ['--url', p.url!, '--account', p.account!, '--apikey', p.apiKey!, '--token', p.token!];
});
after(async () => {
  await bitrix.close();
  await planfix.close();
});

describe('an ID is the ID typed', () => {
  const refused: [string, string[], RegExp][] = [
    ['exponent notation does not delete deal 500', ['bitrix24', 'delete-deal', '--deal', '5e2'], /--deal: expected an ID: .*no exponent/],
    ['a big ID is not rounded to 9007199254740992', ['bitrix24', 'delete-deal', '--deal', '9007199254740993'], /--deal: 9007199254740993 is beyond the largest ID, 2147483647/],
    ['0 is refused as -5 is', ['bitrix24', 'get-calendar-event', '--event', '0'], /--event: 0 is not an ID/],
    ['-5 is refused', ['bitrix24', 'get-calendar-event', '--event', '-5'], /--event: -5 is below the smallest ID/],
    ['1e+30 is never sent', ['bitrix24', 'get-calendar-event', '--event', '1000000000000000000000000000000'], /--event: 10000000000000000000… is beyond the largest ID/],
    ['an ID padded with spaces', ['bitrix24', 'get-deal', '--deal', ' 7'], /--deal: expected an ID/],
    ['a list with a 0 in it', ['bitrix24', 'get-users-availability', '--users', '1,0', '--from', '2025-10-01', '--to', '2025-10-02'], /--users: item 2: 0 is not an ID/],
  ];
  for (const [name, args, message] of refused) {
    test(`Bitrix24: ${name}`, async () => {
      const before = bitrix.stats.requests;
      const deals = bitrix.state.deals.size;
      assert.ok(bitrix.state.deals.get(500), 'deal 500 exists');
      const r = await run([...args.slice(0, 2), '--url', webhook, ...args.slice(2)]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
      assert.equal(bitrix.stats.requests, before, 'no request');
      assert.equal(bitrix.state.deals.size, deals, 'no deal deleted');
      assert.ok(bitrix.state.deals.get(500), 'deal 500 is still there');
    });
  }

  test('Planfix: the same rule, in its commands', async () => {
    for (const [value, message] of [
      ['5e2', /--task: expected an ID/],
      ['9007199254740993', /--task: 9007199254740993 is beyond the largest ID/],
      ['0', /--task: 0 is not an ID/],
      ['1000000000000000000000000000000', /--task: 10000000000000000000… is beyond/],
    ] as const) {
      const before = planfix.stats.requests;
      const r = await run(['planfix', 'get-task', ...planfixArgs, '--task', value]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(planfix.stats.requests, before);
    }
  });

  test('a plain ID still works', async () => {
    const id = 500;
    const r = await run(['bitrix24', 'get-deal', '--url', webhook, '--deal', String(id)]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(String((JSON.parse(r.stdout) as { result: { ID: string } }).result.ID), String(id));
  });
});

describe('a date is a real date, a period runs forward', () => {
  const cases: [string, string[], RegExp][] = [
    ['30 February', ['bitrix24', 'get-users-availability', '--users', '1', '--from', '2024-02-30', '--to', '2024-03-10'], /--from: expected a date as YYYY-MM-DD: there is no such day/],
    ['month 13', ['bitrix24', 'get-users-availability', '--users', '1', '--from', '2024-13-01', '--to', '2024-03-10'], /--from: .*no such day/],
    ['from after to', ['bitrix24', 'get-users-availability', '--users', '1', '--from', '2024-03-11', '--to', '2024-03-10'], /--from: is after --to/],
    ['a filter period backwards', ['bitrix24', 'get-calendar-events', '--type', 'user', '--owner', '1', '--filter', '{"from":"2024-03-11","to":"2024-03-10"}'], /--filter \(from\): is after --filter \(to\)/],
    [
      'an event that ends before it starts',
      ['bitrix24', 'add-calendar-event', '--fields', '{"type":"user","ownerId":1,"section":1,"name":"x","from":"2024-03-02T10:00:00+03:00","to":"2024-03-02T06:30:00Z"}'],
      /--fields \(from\): is after --fields \(to\)/,
    ],
    ['an impossible time of an event', ['bitrix24', 'add-calendar-event', '--fields', '{"type":"user","ownerId":1,"section":1,"name":"x","from":"2024-03-02T25:00:00","to":"2024-03-02T26:00:00"}'], /--fields \(from\): .*no such day, time or offset/],
  ];
  for (const [name, args, message] of cases) {
    test(`Bitrix24: ${name}`, async () => {
      const before = bitrix.stats.requests;
      const r = await run([...args.slice(0, 2), '--url', webhook, ...args.slice(2)]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(bitrix.stats.requests, before);
    });
  }

  test('Planfix: dd-mm-yyyy and hh:mm in its own format, and the task period', async () => {
    for (const [extra, message] of [
      [['--startdate', '30-02-2024'], /--startdate: expected a date as dd-mm-yyyy: there is no such day/],
      [['--starttime', '25:99'], /--starttime: expected a time as hh:mm: there is no such time/],
      [['--startdate', '2024-02-01'], /--startdate: expected a date as dd-mm-yyyy/],
      [['--startdate', '02-03-2024', '--enddate', '01-03-2024'], /--startdate: is after --enddate/],
      [['--startdate', '01-03-2024', '--starttime', '10:00', '--enddate', '01-03-2024', '--endtime', '09:59'], /--starttime: is after --endtime/],
    ] as const) {
      const before = planfix.stats.requests;
      const r = await run(['planfix', 'add-task', ...planfixArgs, '--title', 'x', ...extra]);
      assert.equal(r.code, 2, `${extra.join(' ')}: ${r.stderr}${r.stdout}`);
      assert.match(r.stderr, message);
      assert.equal(planfix.stats.requests, before);
    }
  });

  test('a real period goes through', async () => {
    const r = await run(['bitrix24', 'get-users-availability', '--url', webhook, '--users', '1', '--from', '2024-02-29', '--to', '2024-02-29']);
    assert.equal(r.code, 0, r.stderr);
  });
});

describe('output is exact', () => {
  let server: Server;
  let base: string;
  const body = '{"result":{"ID":"7","Big":123456789012345678901234567890,"Huge":1e400,"Price":1.50,"List":[9007199254740993,-0]},"time":{"start":1,"finish":1.5,"duration":0.5,"processing":0.1,"date_start":"x","date_finish":"y"}}';

  const rows = ['{"ID":"1","Big":123456789012345678901234567890}', '{"ID":"2","Huge":-1e400,"List":[1.0]}'];
  const listBody = `{"result":[${rows.join(',')}],"total":2,"time":{"start":1,"finish":1.5,"duration":0.5,"processing":0.1,"date_start":"x","date_finish":"y"}}`;

  before(async () => {
    // A portal whose answer holds numbers a double cannot keep: only the text the service sent is right.
    server = createServer((request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(request.url?.includes('crm.deal.list') ? listBody : body),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}/rest/1/abcdefgh12345678/`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('integers beyond 2^53 print as they came, 1e400 is not null (compact and pretty)', async () => {
    const compact = await run(['bitrix24', 'get-deal', '--url', base, '--deal', '7']);
    assert.equal(compact.code, 0, compact.stderr);
    assert.equal(compact.stdout, `${body}\n`);
    const pretty = await run(['bitrix24', 'get-deal', '--url', base, '--deal', '7', '--pretty']);
    assert.match(pretty.stdout, /"Big": 123456789012345678901234567890,\n/);
    assert.match(pretty.stdout, /"Huge": 1e400,\n/);
    assert.match(pretty.stdout, /"Price": 1\.50,\n/);
    assert.match(pretty.stdout, /9007199254740993,\n\s+-0\n/);
  });

  test('every row of --all (NDJSON) keeps its numbers as they came', async () => {
    // This stand-in portal answers one list and speaks no batch: --offset 0 keeps --all on pages
    // (without it, --all reads CRM lists through export(), in batches).
    const r = await run(['bitrix24', 'get-deals', '--url', base, '--all', '--offset', '0']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${rows.join('\n')}\n`);
  });
});
