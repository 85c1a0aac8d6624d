// `uzel mcp` as a command: what it refuses before serving, and the bearer key of the HTTP mode.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { bin, isolatedEnv, runUzel } from '../cli/helpers.js';
import { startSandboxes, type Sandboxes } from './helpers.js';

let sandboxes: Sandboxes;
before(async () => {
  sandboxes = await startSandboxes(10);
});
after(() => sandboxes.close());

test('refused before serving, exit 2, one line each: no credentials, a named service without them, an open address without a key', async () => {
  const none = await runUzel(['mcp'], isolatedEnv());
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no service has credentials: give its UZEL_BITRIX24_\* variables/);
  const named = await runUzel(['mcp', '--services', 'bitrix24,diadoc'], isolatedEnv({ UZEL_BITRIX24_URL: sandboxes.bitrix24.info.webhookUrl }));
  assert.equal(named.code, 2);
  assert.match(named.stderr, /--services names diadoc, which has no credentials/);
  const open = await runUzel(['mcp', '--http', '--host', '0.0.0.0'], sandboxes.env());
  assert.equal(open.code, 2);
  assert.match(open.stderr, /--host 0\.0\.0\.0 lets other machines in: set UZEL_MCP_TOKEN/);
  const typo = await runUzel(['mcp', '--allow-write=bitrix24/add-dael'], sandboxes.env());
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /--allow-write: "bitrix24\/add-dael" is no method of bitrix24, planfix, diadoc/);
  const nothing = await runUzel(['mcp', '--methods', 'bitrix24/add-deal'], sandboxes.env());
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /these switches leave no method to offer/);
  const help = await runUzel(['mcp', '--help'], isolatedEnv());
  assert.equal(help.code, 0);
  assert.match(help.stdout, /npx uzel mcp --http/);
  for (const r of [none, named, open, typo, nothing]) for (const secret of sandboxes.secrets) assert.ok(!r.stderr.includes(secret));
});

test('HTTP with UZEL_MCP_TOKEN: no key or a wrong one is 401, the right one opens a session', async () => {
  const key = 'k3y-for-the-mcp-test-0123456789';
  const child = spawn(process.execPath, [bin, 'mcp', '--http', '--port', '0'], { env: sandboxes.env({ UZEL_MCP_TOKEN: key }), stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const found = /listening on (\S+)/.exec(stderr)?.[1];
        if (found) resolve(found);
      });
      child.once('exit', (code) => reject(new Error(`ended (${code}): ${stderr}`)));
    });
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
    for (const authorization of [undefined, 'Bearer wrong-key', `Basic ${key}`]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(authorization && { authorization }) },
        body: JSON.stringify(initialize),
      });
      assert.equal(response.status, 401, String(authorization));
      assert.ok(!(await response.text()).includes(key));
    }
    const client = new Client({ name: 't', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
    assert.ok((await client.listTools()).tools.length > 0);
    await client.close();
  } finally {
    child.kill('SIGTERM');
  }
});
