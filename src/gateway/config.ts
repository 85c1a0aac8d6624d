// The gateway's config file (`uzel serve --config FILE`): its keys with their allow lists and
// limits, named handlers, where each service's connection comes from, and the request log. It
// holds no secret: keys as their hashes, connections as profile names (profiles keep the values).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { echo } from '../core/echo.js';
import { ConfigurationError } from '../core/errors.js';
import { jsonErrorPlace } from '../core/json.js';
import { ourWords } from '../core/zod-messages.js';
import { isKeyHash } from './keys.js';
import type { CallerLimit } from './rate-limit.js';

/** Callers' default limit per key: a steady 10 per second with a burst of 50. */
export const defaultCallerLimit: CallerLimit = { perMinute: 600, burst: 50 };

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected a name of letters, digits, ".", "_" or "-" (at most 64)');
const names = z.array(z.string().min(1)).optional();

const keySchema = z.strictObject({
  name,
  hash: z.string().refine(isKeyHash, 'expected "sha256:" and 64 hex digits, as npx uzel serve --new-key prints'),
  services: names,
  methods: names,
  handlers: names,
  write: z.boolean().default(false),
  destructive: z.boolean().default(false),
  rateLimit: z.strictObject({ perMinute: z.number().positive(), burst: z.number().int().min(1) }).optional(),
});

const handlerSchema = z.strictObject({
  name,
  /** The bound method, as the CLI names it: bitrix24/get-deals. */
  method: z.string().regex(/^[a-z0-9]+\/[a-z0-9-]+$/, 'expected service/method, e.g. bitrix24/get-deals'),
  fixed: z.record(z.string(), z.unknown()).default({}),
  description: z.strictObject({ en: z.string(), ru: z.string() }).optional(),
});

const bucket = z.strictObject({ capacity: z.number().min(1), drainPerSecond: z.number().positive() });

const configSchema = z.strictObject({
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65535).optional(),
  keys: z.array(keySchema).default([]),
  handlers: z.array(handlerSchema).default([]),
  connections: z
    .record(
      z.string(),
      z.strictObject({
        /** A profile of the profiles file; the environment (as the CLI reads it) when absent. */
        profile: z.string().min(1).optional(),
        /** The account's request limit (a preset's name or the bucket's numbers). */
        rateLimit: z.union([z.string().min(1), bucket]).optional(),
      }),
    )
    .default({}),
  /** Request log: a file to append JSON lines to; "-" or absent: stderr. */
  log: z.string().min(1).optional(),
  /** Per request to a service, in milliseconds. */
  timeoutMs: z.number().int().positive().optional(),
});

export type GatewayConfig = z.output<typeof configSchema>;
export type KeyConfig = GatewayConfig['keys'][number];
export type HandlerConfig = GatewayConfig['handlers'][number];

/** Checks a config object; a ConfigurationError names each place at fault. */
export function parseConfig(value: unknown, source = 'the gateway config'): GatewayConfig {
  const result = configSchema.safeParse(value ?? {}, { error: ourWords });
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const where = issue.path.map(String).join('.') || '(the whole file)';
      const what = issue.code === 'unrecognized_keys' ? `unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => echo(k)).join(', ')}` : issue.message;
      return `${where}: ${what}`;
    });
    throw new ConfigurationError(`${source}: ${issues.join('; ')}`);
  }
  const config = result.data;
  const seen = new Set<string>();
  for (const key of config.keys) {
    if (seen.has(key.name)) throw new ConfigurationError(`${source}: two keys are named ${echo(key.name)}; each needs its own name`);
    seen.add(key.name);
  }
  const handlerNames = new Set<string>();
  for (const handler of config.handlers) {
    if (handlerNames.has(handler.name)) throw new ConfigurationError(`${source}: two handlers are named ${echo(handler.name)}`);
    handlerNames.add(handler.name);
  }
  return config;
}

/** Reads and checks the config file. */
export function readConfig(path: string): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`cannot read the gateway config ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`the gateway config ${path} is not valid JSON${jsonErrorPlace(text, error)}`);
  }
  return parseConfig(value, `the gateway config ${path}`);
}
