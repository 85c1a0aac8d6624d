// What the tasks and task-comments tests share: a sandbox with tasks, clients acting as other
// users, and the portal's refusal of a call as [code, text].
import { after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { ApiError } from '../../../src/core/errors.js';
import { userToken } from '../../sandbox/bitrix24/http.js';

const fast = { rateLimit: false, validateResults: true } as const;

export interface TaskWorld {
  sandbox: Bitrix24Sandbox;
  /** The webhook's user: the administrator (1). */
  client: Bitrix24Client;
  /** A client acting as another user of the portal (an application's token for that user). */
  as(userId: number): Promise<Bitrix24Client>;
}

/** Starts a sandbox for the file's tests, reseeded before each test. */
export function taskWorld(): TaskWorld {
  const world = {
    as: async (userId: number) => new Bitrix24Client({ portal: world.sandbox.url, accessToken: await userToken(world.sandbox, userId), ...fast }),
  } as TaskWorld;
  before(async () => {
    world.sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
    world.client = new Bitrix24Client({ webhookUrl: world.sandbox.info.webhookUrl, ...fast });
  });
  after(() => world.sandbox.close());
  beforeEach(() => world.sandbox.state.reset());
  return world;
}

/** The portal's error of a call: [code, text]; fails the test when the call succeeds. */
export async function refusal(call: Promise<unknown>): Promise<[string, string]> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return [error.code, error.description];
  }
  assert.fail('the call succeeded');
}
