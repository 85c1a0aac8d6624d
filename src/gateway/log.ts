// The request log: one JSON line per request, after it ends (answered, failed or abandoned by the
// caller). It names the key by its name, never its value; every text passes the secret mask.
import { redact } from '../core/redact.js';

export interface RequestLogLine {
  time: string;
  id: string;
  ip: string;
  method: string;
  /** The path without its query (a query could carry anything a caller typed). */
  path: string;
  status: number;
  ms: number;
  key?: string;
  /** service/method, or handlers/name. */
  route?: string;
  /** ?all=1: rows sent, and whether the caller went away before the end. */
  rows?: number;
  aborted?: boolean;
  error?: string;
}

export class RequestLog {
  constructor(
    private readonly write: (line: string) => void,
    /** The secrets to mask, read on every line (rotated tokens join it while the gateway runs). */
    private readonly secrets: () => Iterable<string>,
  ) {}

  add(line: RequestLogLine): void {
    this.write(`${redact(JSON.stringify(line), this.secrets())}\n`);
  }

  /** A line about the gateway itself (started, a connection missing), masked the same way. */
  note(message: string, extra: Record<string, unknown> = {}): void {
    this.write(`${redact(JSON.stringify({ time: new Date().toISOString(), message, ...extra }), this.secrets())}\n`);
  }
}
