// Switchable faults shared by every sandbox: tests (and users) turn them on to see how a client
// copes with a failing service. Rules are checked in the order they were added; the first that
// matches a request and still has uses left decides what happens to it.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type FaultKind = 'error' | 'slow' | 'drop' | 'malformed' | 'html';

export interface FaultRule {
  kind: FaultKind;
  /** How many requests the rule affects; unlimited when absent. */
  times?: number;
  /** Chance that a matching request is affected, 0..1; 1 when absent. */
  probability?: number;
  /** HTTP status for `error` and `html` (default 500), and for `malformed` (default 200). */
  status?: number;
  /** Delay for `slow`, in milliseconds (default 2000). */
  delayMs?: number;
  /** Only requests whose URL path contains this text (for example a method name). */
  match?: string;
}

export interface MalformedBody {
  contentType: string;
  body: string;
}

interface ActiveRule extends FaultRule {
  used: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];

  constructor(private readonly malformed: MalformedBody) {}

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, used: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ used, ...rule }) => ({ ...rule, times: rule.times === undefined ? undefined : rule.times - used }));
  }

  /**
   * Applies the first matching rule. Returns true when the request has been answered (or dropped)
   * by the fault; `slow` only delays and returns false, so the normal handler still answers.
   */
  async apply(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = req.url ?? '';
    const rule = this.rules.find(
      (r) => (r.times === undefined || r.used < r.times) && (r.match === undefined || path.includes(r.match)),
    );
    if (!rule) return false;
    if (rule.probability !== undefined && Math.random() >= rule.probability) return false;
    rule.used += 1;
    switch (rule.kind) {
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, rule.delayMs ?? 2000));
        return false;
      case 'drop':
        req.socket.destroy();
        return true;
      case 'error':
        res.writeHead(rule.status ?? 500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Internal Server Error');
        return true;
      case 'html':
        res.writeHead(rule.status ?? 502, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>');
        return true;
      case 'malformed':
        res.writeHead(rule.status ?? 200, { 'content-type': this.malformed.contentType });
        res.end(this.malformed.body);
        return true;
    }
  }
}

const kinds: readonly FaultKind[] = ['error', 'slow', 'drop', 'malformed', 'html'];

/** Checks a rule that arrived as JSON (from the admin endpoint); returns an error text or the rule. */
export function parseFaultRule(value: unknown): FaultRule | string {
  if (typeof value !== 'object' || value === null) return 'a fault rule must be a JSON object';
  const v = value as Record<string, unknown>;
  if (typeof v.kind !== 'string' || !kinds.includes(v.kind as FaultKind)) {
    return `"kind" must be one of ${kinds.join(', ')}`;
  }
  for (const key of ['times', 'probability', 'status', 'delayMs'] as const) {
    if (v[key] !== undefined && typeof v[key] !== 'number') return `"${key}" must be a number`;
  }
  if (v.match !== undefined && typeof v.match !== 'string') return '"match" must be a string';
  return v as unknown as FaultRule;
}
