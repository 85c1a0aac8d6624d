// The same CLI over Planfix and Diadoc, with no code of their own: their catalogue commands run
// against their sandboxes, and Diadoc's ticks (beyond 2^53) come out exactly as the service sent them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDiadocSandbox, type DiadocSandbox } from '../../src/sandbox/diadoc/index.js';
import { startPlanfixSandbox, type PlanfixSandbox } from '../../src/sandbox/planfix/index.js';
import { runUzel, shown } from './helpers.js';

let diadoc: DiadocSandbox;
let planfix: PlanfixSandbox;

before(async () => {
  [diadoc, planfix] = await Promise.all([startDiadocSandbox(), startPlanfixSandbox()]);
});
after(() => Promise.all([diadoc.close(), planfix.close()]));

test('diadoc get-employee (and its Russian name): ticks printed digit for digit', async () => {
  const { info } = diadoc;
  const raw = await fetch(`${info.url}/GetEmployee?boxId=${info.boxId}&userId=${info.employeeUserId}`, {
    headers: { Authorization: `DiadocAuth ddauth_api_client_id=${info.clientId},ddauth_token=${info.token}`, Accept: 'application/json' },
  }).then((r) => r.text());
  const ticks = /"Ticks":\s*(\d+)/.exec(raw)?.[1];
  assert.ok(ticks && BigInt(ticks) > BigInt(Number.MAX_SAFE_INTEGER), 'the sandbox sends ticks beyond 2^53');
  for (const name of ['get-employee', 'ПолучитьСотрудника']) {
    const r = await runUzel(['diadoc', name, '--url', info.url, '--clientid', info.clientId, '--token', info.token, '--box', info.boxId, '--user', info.employeeUserId, '--debug']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(/"Ticks":(\d+)/.exec(r.stdout)?.[1], ticks);
    assert.ok(!shown(r).includes(info.token) && !shown(r).includes(info.clientId), 'no secret in the output');
  }
});

test('diadoc: a box the user may not see is an API error (exit 3); a missing --clientid a usage error (exit 2)', async () => {
  const { info } = diadoc;
  const denied = await runUzel(['diadoc', 'get-employee', '--url', info.url, '--clientid', info.clientId, '--token', info.token, '--box', '00000000-0000-0000-0000-000000000001', '--user', info.employeeUserId]);
  assert.equal(denied.code, 3);
  assert.match(denied.stderr, /Http\.\w+/);
  const noKey = await runUzel(['diadoc', 'get-employee', '--url', info.url, '--token', info.token, '--box', info.boxId, '--user', info.employeeUserId]);
  assert.equal(noKey.code, 2);
  assert.match(noKey.stderr, /--clientid/);
});

test('planfix change-task-workers (seed 003) and --all over a paged list', async () => {
  const { info } = planfix;
  const env = { ...process.env, UZEL_PLANFIX_URL: info.url, UZEL_PLANFIX_ACCOUNT: info.account, UZEL_PLANFIX_APIKEY: info.apiKey, UZEL_PLANFIX_TOKEN: info.token };
  const list = await runUzel(['planfix', 'get-task-list', '--all'], env);
  assert.equal(list.code, 0, list.stderr);
  const tasks = list.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: number; owner: { id: number } });
  assert.ok(tasks.length > 0);
  assert.equal(new Set(tasks.map((t) => t.id)).size, tasks.length, 'no task twice');
  const raw = await runUzel(['planfix', 'get-task-list', '--raw'], env);
  assert.equal(raw.code, 0, raw.stderr);
  assert.match(raw.stdout, /^<\?xml[^>]*>\s*<response status="ok">/);
  const [task] = tasks;
  const changed = await runUzel(['planfix', 'ИзменитьИсполнителейЗадачи', '--task', String(task!.id), '--addusers', String(task!.owner.id)], env);
  assert.equal(changed.code, 0, changed.stderr);
  assert.equal(JSON.parse(changed.stdout).task.id, task!.id);
});
