// The CLI's contact with the outside: streams, environment, terminals. Passed around rather than
// read from `process` everywhere, so that each piece says what it uses.
import { cut, escapeControls } from '../core/echo.js';
import { redact } from '../core/redact.js';

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

export function processIo(): Io {
  // A reader that stops early (`uzel … | head`) closes the pipe: the write fails with EPIPE,
  // which main() treats as the end of the job. Without a listener Node would crash on it.
  process.stdout.on('error', () => {});
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}

/** Longest error message shown, in characters: a runaway value must not bury the message. */
export const errorLimit = 2000;

/**
 * Everything the CLI says on stderr passes here: every known secret masked, then control and
 * reordering characters escaped (echoed input and service texts cannot drive the terminal).
 */
export class Diagnostics {
  /** --debug: stack traces and request lines. */
  debug = false;

  constructor(
    private readonly io: Io,
    readonly secrets: string[] = [],
  ) {}

  line(text: string): void {
    this.io.stderr.write(`${escapeControls(redact(text, this.secrets))}\n`);
  }

  /** An error for the user: `uzel: error: …`, cut to errorLimit characters (after masking, so no secret is cut in half). */
  error(message: string): void {
    this.line(`uzel: error: ${cut(redact(message, this.secrets), errorLimit)}`);
  }

  addSecrets(values: Iterable<string>): void {
    for (const v of values) if (!this.secrets.includes(v)) this.secrets.push(v);
  }
}

export const isClosedPipe = (error: unknown): boolean => (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';

/** Waits until a stream has taken its buffered output (large answers into a slow pipe). */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
