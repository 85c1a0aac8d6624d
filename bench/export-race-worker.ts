// One contestant of bench/export-race.ts, in a process of its own (so that its peak memory is its
// own): reads every deal of the sandbox through the client's documented way of reading a whole
// list and prints one JSON line: rows, missing, duplicated, seconds, peak memory, or the error.
//   node --import tsx bench/export-race-worker.ts <uzel|b24jssdk|2bad> <webhook url> <rows> <budget seconds>
import { Bitrix24Client } from '../src/services/bitrix24/client.js';

const [name, webhookUrl, rowsText, budgetText] = process.argv.slice(2) as [string, string, string, string];
const expected = Number(rowsText);
const select = ['ID', 'TITLE', 'STAGE_ID', 'OPPORTUNITY'];
// One byte per ID: how many times each row came.
const seen = new Uint8Array(expected + 1);
let rows = 0;
const take = (row: { ID: string | number }) => {
  const id = Number(row.ID);
  rows += 1;
  if (id >= 1 && id <= expected && seen[id]! < 255) seen[id]! += 1;
};

function report(extra: Record<string, unknown>): never {
  let missing = 0;
  let duplicated = 0;
  for (let id = 1; id <= expected; id += 1) {
    if (seen[id] === 0) missing += 1;
    else if (seen[id]! > 1) duplicated += seen[id]! - 1;
  }
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ rows, missing, duplicated, seconds: (performance.now() - started) / 1000, peakMb, ...extra })}\n`);
  process.exit(0);
}

const started = performance.now();
// A peer that would take hours stops at the budget; the race extrapolates its time.
setTimeout(() => report({ stopped: true }), Number(budgetText) * 1000).unref();

async function run(): Promise<void> {
  if (name === 'uzel') {
    const client = new Bitrix24Client({ webhookUrl });
    for await (const row of client.export<{ ID: string }>('crm.deal.list', { select })) take(row);
    return;
  }
  if (name === 'b24jssdk') {
    // Its documented way for a whole list: actions.v2.fetchList (keyset pages by ID).
    const { B24Hook } = await import('@bitrix24/b24jssdk');
    const b24 = B24Hook.fromWebhookUrl(webhookUrl);
    const pages = b24.actions.v2.fetchList.make<{ ID: string }>({ method: 'crm.deal.list', params: { select }, idKey: 'ID' });
    for await (const page of pages) for (const row of page) take(row);
    return;
  }
  if (name === '2bad') {
    // Its documented way: deals.list() reads every page and resolves with all rows.
    const { Bitrix } = await import('@2bad/bitrix');
    const bitrix = Bitrix(webhookUrl.replace(/\/$/, ''));
    const answer = await bitrix.deals.list({ select } as never);
    for (const row of answer.result) take(row as { ID: string });
    return;
  }
  throw new Error(`unknown contestant ${name}`);
}

run().then(
  () => report({}),
  (error: unknown) => {
    const text = error instanceof Error ? `${(error as { code?: string }).code ?? ''} ${error.message}` : JSON.stringify(error);
    report({ error: /OPERATION_TIME_LIMIT/.test(text) ? 'OPERATION_TIME_LIMIT' : text.replace(/\s+/g, ' ').trim().slice(0, 80) });
  },
);
