// A client constructor called wrongly fails at once with a ConfigurationError that says what to
// give — never a TypeError from deep inside — for all three clients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bitrix24Client, ConfigurationError, DiadocClient, PlanfixClient } from '../../src/index.js';

type Ctor = new (options: never) => unknown;
const clients: [string, Ctor, Record<string, unknown>][] = [
  ['Bitrix24Client', Bitrix24Client as unknown as Ctor, { webhookUrl: 'https://portal.example/rest/1/abcdef123456/' }],
  ['PlanfixClient', PlanfixClient as unknown as Ctor, { account: 'acme', apiKey: 'key-123456', token: 'token-123456' }],
  ['DiadocClient', DiadocClient as unknown as Ctor, { clientId: 'client-123456', token: 'token-123456' }],
];

const refuses = (make: () => unknown, message: RegExp) =>
  assert.throws(make, (e: unknown) => e instanceof ConfigurationError && message.test(e.message) && !/Cannot read|is not a function/.test(e.message));

for (const [name, Client, good] of clients) {
  test(`${name}: good options work; nothing, null, a string or a list is a ConfigurationError`, () => {
    assert.ok(new Client(good as never));
    for (const bad of [undefined, null, 'https://x/', [good], 42]) {
      refuses(() => new Client(bad as never), new RegExp(`new ${name}\\(\\) needs its options: \\{`));
    }
  });

  test(`${name}: a text option given as another type is a ConfigurationError naming it`, () => {
    const key = Object.keys(good)[0]!;
    for (const value of [123, {}, ['x'], true]) {
      refuses(() => new Client({ ...good, [key]: value } as never), new RegExp(`${name}: the option "${key}" must be text`));
    }
  });
}

test('an unknown rate preset or bad bucket numbers: a ConfigurationError listing what is accepted', () => {
  const [, B24, b24] = clients[0]!;
  const [, Planfix, planfix] = clients[1]!;
  refuses(() => new B24({ ...b24, rateLimit: 'fast' } as never), /Bitrix24Client: unknown rateLimit "fast"; give a preset \("standard", "enterprise"\)/);
  refuses(() => new B24({ ...b24, rateLimit: { capacity: 0, drainPerSecond: 2 } } as never), /capacity >= 1/);
  refuses(() => new B24({ ...b24, rateLimit: 7 } as never), /rateLimit must be/);
  refuses(() => new Planfix({ ...planfix, rateLimit: 'standard' } as never), /PlanfixClient: unknown rateLimit "standard"/);
  refuses(() => new Planfix({ ...planfix, rateLimit: { capacity: 1, drainPerSecond: 0 } } as never), /drainPerSecond > 0/);
  assert.ok(new B24({ ...b24, rateLimit: 'enterprise' } as never));
  assert.ok(new B24({ ...b24, rateLimit: false } as never));
  assert.ok(new Planfix({ ...planfix, rateLimit: { capacity: 2, drainPerSecond: 1 } } as never));
});

test('a malformed address is refused without echoing it (it is often a token given in the wrong place)', () => {
  const token = 'd41d8cd98f00b204e9800998ecf8427e';
  const [, B24] = clients[0]!;
  const [, Diadoc] = clients[2]!;
  for (const make of [() => new B24({ webhookUrl: token } as never), () => new Diadoc({ url: token, bearer: 'x' } as never)]) {
    assert.throws(make, (e: unknown) => e instanceof ConfigurationError && /is not a valid URL/.test(e.message) && !e.message.includes(token));
  }
});
