// Shared set-up of the Planfix client tests: a sandbox, and clients in each auth mode that count
// what they send (to see how many times auth.login went out, or what a request carried).
import { startPlanfixSandbox } from '../../../src/sandbox/planfix/index.js';
import { PlanfixClient, type PlanfixClientOptions, type PlanfixCommonOptions } from '../../../src/services/planfix/index.js';

export type Sandbox = Awaited<ReturnType<typeof startPlanfixSandbox>>;
export type SandboxOptions = Parameters<typeof startPlanfixSandbox>[0];

export async function startSandbox(options: SandboxOptions = { rateLimit: false }): Promise<Sandbox> {
  return startPlanfixSandbox(options);
}

export interface Recorder {
  /** Request bodies in the order sent. */
  bodies: string[];
  /** How many requests called this function. */
  count(method: string): number;
  fetch: typeof fetch;
}

export function recorder(): Recorder {
  const bodies: string[] = [];
  return {
    bodies,
    count: (method) => bodies.filter((b) => b.includes(`method="${method}"`)).length,
    fetch: (input, init) => {
      if (typeof init?.body === 'string') bodies.push(init.body);
      return fetch(input, init);
    },
  };
}

type Extra = Partial<PlanfixCommonOptions>;

const fast: Extra = { rateLimit: false, retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 }, validateResults: true };

export function tokenClient(sandbox: Sandbox, extra: Extra = {}): PlanfixClient {
  const { info } = sandbox;
  return new PlanfixClient({ url: info.url, account: info.account, apiKey: info.apiKey, token: info.token, ...fast, ...extra } as PlanfixClientOptions);
}

export function loginClient(sandbox: Sandbox, extra: Extra = {}): PlanfixClient {
  const { info } = sandbox;
  return new PlanfixClient({
    url: info.url,
    account: info.account,
    apiKey: info.apiKey,
    login: info.login,
    password: info.password,
    ...fast,
    ...extra,
  } as PlanfixClientOptions);
}

/** The ids of a people list as task.get answers it (workers.users.user[]…). */
export const idsOf = (list: { id: number }[] | undefined): number[] => (list ?? []).map((x) => x.id).sort((a, b) => a - b);
