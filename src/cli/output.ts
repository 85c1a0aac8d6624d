// Where an answer goes: stdout, or the file named by --out. The file is checked — its folder
// exists, it is not a folder, it can be created — before any request is sent, and written
// atomically (a temp file in the same folder, renamed over the target at the end), so a reader
// never sees half an answer. If the file cannot be written after the request was carried out,
// the answer goes to stdout instead and the exit code says so: a write's answer is never lost.
import { randomBytes } from 'node:crypto';
import { constants, createWriteStream, rmSync, type Stats, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { access, chmod, open, readlink, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { echo } from '../core/echo.js';
import { OutputError, UsageError } from './exit-codes.js';
import { write, type Io } from './io.js';

const reasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'input/output error',
};

/** What went wrong with a file, in our words (Node's messages carry internal temp paths). */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code && reasons[code]) ?? (error instanceof Error ? error.message : String(error));
}

export interface OutputTarget {
  /** The --out path, or undefined for stdout. */
  readonly path: string | undefined;
  write(text: string): Promise<void>;
  /** A stream onto the target for bytes (a download): stdout itself, or the temp file; left open. */
  stream(): NodeJS.WritableStream;
  /** Makes the written text the file's content (rename); nothing to do for stdout. */
  commit(): Promise<void>;
  /** Leaves the target as it was (removes the temp file). Never throws. */
  discard(): Promise<void>;
}

class StdoutTarget implements OutputTarget {
  readonly path = undefined;
  constructor(private readonly io: Io) {}
  write(text: string): Promise<void> {
    return write(this.io.stdout, text);
  }
  stream(): NodeJS.WritableStream {
    return this.io.stdout;
  }
  async commit(): Promise<void> {}
  async discard(): Promise<void> {}
}

// Temp files not yet renamed or removed. Ctrl+C or a kill during a request must not leave one
// behind: it is removed, then the signal is raised again so the process ends as it would have.
const pendingTemps = new Set<string>();
let signalsHooked = false;

function trackTemp(temp: string): void {
  pendingTemps.add(temp);
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const path of pendingTemps) rmSync(path, { force: true });
      process.kill(process.pid, signal);
    });
  }
}

class FileTarget implements OutputTarget {
  private bytes: WriteStream | undefined;

  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    /** The temp file renamed over `path` at commit; undefined when writing a device or pipe in place. */
    private readonly temp: string | undefined,
    /** What the temp file is renamed to: `path`, or the file a link at `path` points to. */
    private readonly destination = path,
  ) {}

  async write(text: string): Promise<void> {
    await this.handle.write(text);
  }

  stream(): NodeJS.WritableStream {
    // On the descriptor, not the FileHandle: a handle with a stream on it would not close.
    this.bytes ??= createWriteStream('', { fd: this.handle.fd, autoClose: false });
    return this.bytes;
  }

  /** Lets the byte stream write out what it holds. */
  private async settle(): Promise<void> {
    const bytes = this.bytes;
    if (!bytes || bytes.writableFinished) return;
    bytes.end();
    await once(bytes, 'finish');
  }

  async commit(): Promise<void> {
    await this.settle();
    if (this.temp) await this.handle.sync();
    await this.handle.close();
    if (this.temp) {
      await rename(this.temp, this.destination);
      pendingTemps.delete(this.temp);
    }
  }

  async discard(): Promise<void> {
    await this.settle().catch(() => undefined);
    await this.handle.close().catch(() => undefined);
    if (this.temp) {
      await rm(this.temp, { force: true }).catch(() => undefined);
      pendingTemps.delete(this.temp);
    }
  }
}

/**
 * Whether a path is, or links to, something under /dev or /proc: /dev/stdout, /proc/self/fd/1.
 * Those name an open descriptor or a device even when it leads to a regular file (stdout sent to
 * a log): a rename there would replace the link itself, so they are written in place.
 */
async function namesDescriptor(full: string): Promise<boolean> {
  const underSystem = (path: string) => /^\/(dev|proc)\//.test(path);
  return underSystem(full) || underSystem(await readlink(full).catch(() => ''));
}

const refuse = (path: string, why: string): UsageError => new UsageError(`--out ${echo(path)}: ${why}; nothing was sent`);

/** Checks the target and opens it (a temp file beside it) before any request; throws UsageError. */
export async function openOutput(path: string | undefined, io: Io): Promise<OutputTarget> {
  if (path === undefined) return new StdoutTarget(io);
  if (path === '') throw refuse(path, 'give a file name');
  const full = resolve(path);
  let existing: Stats | undefined;
  try {
    existing = await stat(full);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw refuse(path, fileProblem(error));
  }
  if (existing?.isDirectory()) throw refuse(path, 'it is a folder; give a file name');
  if (existing && (!existing.isFile() || (await namesDescriptor(full)))) {
    // A device, a pipe or a descriptor (/dev/stdout, a FIFO): written in place, appended as the
    // shell's own output would be; there is nothing to rename over.
    const handle = await open(full, 'a').catch((error) => {
      throw refuse(path, fileProblem(error));
    });
    return new FileTarget(full, handle, undefined);
  }
  // A link to a file: the file it points to is replaced, the link stays.
  const target = existing ? await realpath(full) : full;
  const folder = dirname(target);
  const folderStat = await stat(folder).catch(() => undefined);
  if (!folderStat) throw refuse(path, `the folder ${echo(dirname(path))} does not exist (create it first, or give another path)`);
  if (!folderStat.isDirectory()) throw refuse(path, `${echo(dirname(path))} is not a folder`);
  if (existing) {
    await access(target, constants.W_OK).catch((error) => {
      throw refuse(path, `the file cannot be replaced: ${fileProblem(error)}`);
    });
  }
  const temp = join(folder, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  trackTemp(temp); // before it exists: a signal between its creation and the tracking would leave it behind
  const handle = await open(temp, 'wx', 0o666).catch((error) => {
    pendingTemps.delete(temp);
    throw refuse(path, `cannot create a file in ${echo(dirname(path))}: ${fileProblem(error)}`);
  });
  if (existing) await chmod(temp, existing.mode & 0o7777).catch(() => undefined);
  return new FileTarget(full, handle, temp, target);
}

/**
 * Writes one whole answer to its target. When the file fails, the answer is shown on stdout (or
 * stderr if stdout fails too) and an OutputError says that the file was not written.
 */
export async function emitAnswer(target: OutputTarget, text: string, io: Io, carriedOut: string): Promise<void> {
  try {
    await target.write(text);
    await target.commit();
  } catch (error) {
    if (target.path === undefined) throw error;
    await target.discard();
    let shownOn = 'stdout';
    try {
      await write(io.stdout, text);
    } catch {
      shownOn = 'stderr';
      await write(io.stderr, text).catch(() => undefined);
    }
    throw new OutputError(
      `${carriedOut}, but its answer was NOT written to ${echo(target.path)} (${fileProblem(error)}); the answer is shown on ${shownOn} instead. ` +
        'Do not repeat the command to get the answer: use the one shown.',
    );
  }
}
