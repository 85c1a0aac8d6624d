// Errors in our words: unknown options get a suggestion; a short form that means something else
// in other commands is noted in the help; input echoed in an error cannot drive the terminal.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { commandName } from '../../src/core/catalogue.js';
import { methodHelp } from '../../src/cli/help.js';
import { methodOptions, serviceShorts } from '../../src/cli/options.js';
import { unknownOptionMessage } from '../../src/cli/parse-options.js';
import { closestOptions, editDistance } from '../../src/cli/suggest.js';
import { loadService, serviceNames } from '../../src/services/registry.js';
import { runUzel } from './helpers.js';

const webhook = 'https://portal.example/rest/1/abcdef123456/';

describe('unknown options get a suggestion', () => {
  test('the edit distance counts inserts, deletes, substitutions and swaps of neighbours', () => {
    assert.equal(editDistance('deal', 'deal'), 0);
    assert.equal(editDistance('dael', 'deal'), 1);
    assert.equal(editDistance('evnt', 'event'), 1);
    assert.equal(editDistance('evemt', 'event'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });

  test('by the option name, the parameter key or its wire name, in every form people write them', async () => {
    const b24 = await loadService('bitrix24');
    const getDeal = b24.methods.find((e) => commandName(e) === 'get-deal')!;
    const options = methodOptions(b24, getDeal);
    for (const typed of ['id', 'ID', 'dael', 'deal-id', 'DEAL_ID', 'dealId', 'dea']) {
      assert.deepEqual(closestOptions(typed, options).map((o) => o.long), ['deal'], typed);
    }
    assert.deepEqual(closestOptions('zzzzzz', options), []);
    assert.equal(unknownOptionMessage('--id=5', options), 'unknown option "--id" (did you mean --deal?)');
  });

  test('every parameter of every command is found from its key and from a one-letter typo of its name', async () => {
    let checked = 0;
    for (const name of serviceNames) {
      const service = await loadService(name).catch(() => undefined);
      if (!service) continue;
      for (const entry of service.methods) {
        const options = methodOptions(service, entry);
        for (const option of options.filter((o) => o.kind === 'param' && o.long.length >= 3)) {
          const typo = `${option.long.slice(0, -2)}${option.long.at(-1)}${option.long.at(-2)}`;
          for (const typed of [option.key, typo]) {
            if (typed === option.long) continue;
            const near = closestOptions(typed, options).map((o) => o.long);
            assert.ok(near.includes(option.long), `${name} ${commandName(entry)}: "${typed}" should suggest --${option.long}, got ${near.join(', ') || 'nothing'}`);
            checked += 1;
          }
        }
      }
    }
    assert.ok(checked > 100, `only ${checked} cases`);
  });

  test('the CLI says it, exit 2, nothing sent', async () => {
    const r = await runUzel(['bitrix24', 'delete-deal', '--id', '5', '--url', webhook]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option "--id" \(did you mean --deal\?\) \(see: npx uzel bitrix24 delete-deal --help\)/);
    const planfix = await runUzel(['planfix', 'get-task', '--taks', '5']);
    assert.equal(planfix.code, 2);
    assert.match(planfix.stderr, /unknown option "--taks" \(did you mean --task\?\)/);
  });

  test('an unknown short form names what it means in other commands and the option here', async () => {
    const r = await runUzel(['bitrix24', 'get-deal', '-k', 'token', '--deal', '1']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option "-k" \(in other commands -k is --token; here: --token \(-t\)\)/);
  });
});

describe('a short form means one thing across a service, or the help says so', () => {
  test('every option whose short form usually means another option carries a note in its help', async () => {
    let notes = 0;
    for (const name of serviceNames) {
      const service = await loadService(name).catch(() => undefined);
      if (!service) continue;
      const across = serviceShorts(service);
      for (const entry of service.methods) {
        const help = methodHelp(service, entry);
        for (const option of methodOptions(service, entry)) {
          if (option.short) {
            const usual = [...across.get(option.short)!].sort((a, b) => b[1] - a[1])[0]![0];
            if (usual === option.long) continue;
            assert.ok(
              help.includes(`note: -${option.short} here is --${option.long}; in most ${name} commands -${option.short} is --${usual}`),
              `${name} ${commandName(entry)} --${option.long} -${option.short}`,
            );
            notes += 1;
          } else if (option.kind === 'connection' && option.connection?.short) {
            assert.match(help, new RegExp(`--${option.long} .*\\n.*\\n\\s+note: no short form here`), `${name} ${commandName(entry)} --${option.long}`);
            notes += 1;
          }
        }
      }
    }
    assert.ok(notes > 0);
  });

  test('get-calendars: -t is --type there, and --token has -k (oint), both said in its help', async () => {
    const r = await runUzel(['bitrix24', 'get-calendars', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /note: -t here is --type; in most bitrix24 commands -t is --token/);
    assert.match(r.stdout, /--token, -k <value>.*\n.*\n\s+note: -k here: -t is --type in this command/);
  });
});

describe('input echoed in an error is safe for a terminal', () => {
  const esc = '\x1b]0;pwned\x07\x1b[2J';
  const cases: [string, string[]][] = [
    ['an unknown command', [`bitrix${esc}`]],
    ['an unknown method', ['bitrix24', `get-deal${esc}`]],
    ['an unknown option', ['bitrix24', 'get-deal', `--deal${esc}`, '1']],
    ['an unknown profile', ['bitrix24', 'get-deal', '--deal', '1', '--profile', `p${esc}`]],
    ['a REST method name', ['bitrix24', 'call', `user.get${esc}`, '--url', webhook]],
    ['an unknown profile action', ['profile', `list${esc}`]],
  ];
  for (const [what, args] of cases) {
    test(`${what}: no control byte reaches stderr, the value is shown escaped`, async () => {
      const r = await runUzel(args);
      assert.notEqual(r.code, 0);
      assert.notEqual(r.code, 1, r.stderr);
      // eslint-disable-next-line no-control-regex -- looking for control characters
      assert.doesNotMatch(r.stderr, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/, JSON.stringify(r.stderr));
      assert.match(r.stderr, /\\e\]0;pwned\\x07\\e\[2J/);
    });
  }

  test('a huge value is cut, saying how much was left out', async () => {
    const r = await runUzel(['bitrix24', `get-deal${'x'.repeat(100_000)}`]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.length < 1000, `${r.stderr.length} characters`);
    assert.match(r.stderr, /… \(\d+ more characters\)/);
  });
});
