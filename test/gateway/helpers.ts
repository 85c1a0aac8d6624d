// A gateway over the three sandboxes, in this process, reached through real HTTP: each test file
// starts its own, with the keys and handlers it needs, and reads the request log it wrote.
import { startBitrix24Sandbox, type Bitrix24Sandbox, type Bitrix24SandboxOptions } from '../../src/sandbox/bitrix24/index.js';
import { startDiadocSandbox, type DiadocSandbox } from '../../src/sandbox/diadoc/index.js';
import { startPlanfixSandbox, type PlanfixSandbox } from '../../src/sandbox/planfix/index.js';
import { sandboxConnections } from '../../src/cli/connection-hints.js';
import { parseConfig } from '../../src/gateway/config.js';
import { hashKey, newKey } from '../../src/gateway/keys.js';
import { createGateway, type Gateway } from '../../src/gateway/server.js';
import { loadService, serviceNames } from '../../src/services/registry.js';

export interface KeySpec {
  services?: string[];
  methods?: string[];
  handlers?: string[];
  write?: boolean;
  destructive?: boolean;
  rateLimit?: { perMinute: number; burst: number };
}

export interface SetupOptions {
  keys: Record<string, KeySpec>;
  handlers?: { name: string; method: string; fixed: Record<string, unknown> }[];
  bitrix24?: Bitrix24SandboxOptions;
  /** The portal's bucket as the gateway's config tells the client. */
  bitrix24RateLimit?: { capacity: number; drainPerSecond: number };
  /** Start only these sandboxes (default all three). */
  only?: ('bitrix24' | 'planfix' | 'diadoc')[];
  /** How the gateway connects to each sandbox, by the way's label (default: the first, a webhook for Bitrix24). */
  ways?: Partial<Record<'bitrix24' | 'planfix' | 'diadoc', string>>;
}

export interface Setup {
  url: string;
  gateway: Gateway;
  bitrix24: Bitrix24Sandbox;
  planfix: PlanfixSandbox;
  diadoc: DiadocSandbox;
  /** The key text by key name. */
  keys: Record<string, string>;
  /** Every line the gateway logged. */
  log: string[];
  /** Every secret that must never show: the sandboxes' credentials and the gateway keys. */
  secrets: string[];
  /** Every response text the tests read (to look for secrets). */
  seen: string[];
  call(path: string, body?: unknown, key?: string | null, query?: string): Promise<{ status: number; body: any; text: string; headers: Headers }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

const secretKeys = /token|secret|password|apikey|apiKey|webhook/i;

/** The values of an info object that are secrets (tokens, keys, passwords, the webhook code). */
export function infoSecrets(info: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string' && secretKeys.test(key) && value.length >= 6) {
      if (key === 'webhookUrl') out.push(value.split('/').filter(Boolean).at(-1)!);
      else if (!/url$/i.test(key)) out.push(value);
    } else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(info, '');
  return out;
}

export async function setup(options: SetupOptions): Promise<Setup> {
  const only = options.only ?? ['bitrix24', 'planfix', 'diadoc'];
  const bitrix24 = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, ...options.bitrix24 });
  const planfix = await startPlanfixSandbox({ rateLimit: false });
  const diadoc = await startDiadocSandbox();
  const env: NodeJS.ProcessEnv = { UZEL_CONFIG: '/nonexistent/uzel-gateway-test.json' };
  const services = await Promise.all(serviceNames.map(loadService));
  const running = { bitrix24, planfix, diadoc };
  for (const service of services) {
    if (!only.includes(service.id)) continue;
    const ways = sandboxConnections[service.id]!(running[service.id].info as unknown as Record<string, unknown>);
    const wanted = options.ways?.[service.id];
    const way = wanted ? ways.find((w) => w.label === wanted)! : ways[0]!;
    for (const c of service.connection) if (way.values[c.key] !== undefined) env[c.env] = way.values[c.key];
  }
  const keys: Record<string, string> = {};
  const keyConfigs = Object.entries(options.keys).map(([name, spec]) => {
    keys[name] = newKey();
    return { name, hash: hashKey(keys[name]), ...spec };
  });
  const config = parseConfig({
    keys: keyConfigs,
    handlers: options.handlers ?? [],
    connections: options.bitrix24RateLimit ? { bitrix24: { rateLimit: options.bitrix24RateLimit } } : {},
  });
  const log: string[] = [];
  const gateway = await createGateway({ config, services, env, log: (line) => log.push(line) });
  const url = await gateway.listen(0, '127.0.0.1');
  const secrets = [
    ...infoSecrets(bitrix24.info as unknown as Record<string, unknown>),
    ...infoSecrets(planfix.info as unknown as Record<string, unknown>),
    ...infoSecrets(diadoc.info as unknown as Record<string, unknown>),
    ...Object.values(keys),
  ];
  const seen: string[] = [];
  const firstKey = Object.keys(keys)[0];
  return {
    url,
    gateway,
    bitrix24,
    planfix,
    diadoc,
    keys,
    log,
    secrets,
    seen,
    async call(path, body = {}, key = firstKey ?? null, query = '') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (key !== null && key !== undefined) headers.authorization = `Bearer ${keys[key] ?? key}`;
      const response = await fetch(`${url}${path}${query}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
      const text = await response.text();
      seen.push(text, JSON.stringify([...response.headers]));
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed, text, headers: response.headers };
    },
    async close() {
      await gateway.close();
      await Promise.all([bitrix24.close(), planfix.close(), diadoc.close()]);
    },
  };
}

/** Requests that reached any sandbox so far. */
export function reached(s: Setup): number {
  return s.bitrix24.stats.requests + s.planfix.stats.requests + s.diadoc.stats.requests;
}

/** The secrets found in a text; empty when none. */
export function leaks(text: string, secrets: string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}
