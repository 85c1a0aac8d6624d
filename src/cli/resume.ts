// `--all --out FILE --resume STATE`: a whole-list export that survives a crash. The rows go
// straight into FILE (appended, not through a temp file: a partial file is the point), and after
// every batch STATE records the client's checkpoint with FILE's length at that moment. A new run
// with the same STATE cuts FILE back to that length and goes on from the checkpoint, so rows
// written after the last checkpoint are written once, by the new run. STATE is replaced
// atomically (a temp file renamed over it) and removed when the export is complete.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { echo } from '../core/echo.js';
import { UsageError } from './exit-codes.js';
import { fileProblem } from './output.js';

interface StateFile {
  uzel: 'export-checkpoint';
  /** The command it was taken by (`bitrix24 get-deals`). */
  command: string;
  /** The output file, absolute. */
  out: string;
  /** The output's length in bytes when the checkpoint was taken. */
  outputBytes: number;
  checkpoint: unknown;
}

export interface ResumableOutput {
  /** The client's checkpoint to resume from; undefined on a first run. */
  resume: unknown;
  /** Rows already in the file from earlier runs. */
  rowsBefore: number;
  write(text: string): Promise<void>;
  /** Records a checkpoint taken after everything written so far. */
  checkpoint(state: unknown): Promise<void>;
  /** The export is complete: the state file goes. */
  finish(): Promise<void>;
  close(): Promise<void>;
}

const refuse = (statePath: string, why: string) => new UsageError(`--resume ${echo(statePath)}: ${why}; nothing was sent`);

/** Opens FILE and STATE before any request (UsageError naming --resume for what does not fit). */
export async function openResumable(outPath: string, statePath: string, command: string): Promise<ResumableOutput> {
  const out = resolve(outPath);
  const statePlace = resolve(statePath);
  if (statePlace === out) throw refuse(statePath, 'it names the output file itself; give the state its own file');
  let saved: StateFile | undefined;
  let text: string | undefined;
  try {
    text = await readFile(statePlace, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw refuse(statePath, fileProblem(error));
  }
  if (text !== undefined) {
    try {
      saved = JSON.parse(text) as StateFile;
    } catch {
      throw refuse(statePath, 'it is not a state file written by --resume (not JSON)');
    }
    if (saved?.uzel !== 'export-checkpoint' || typeof saved.outputBytes !== 'number' || typeof saved.out !== 'string') {
      throw refuse(statePath, 'it is not a state file written by --resume');
    }
    if (saved.command !== command) throw refuse(statePath, `it is the state of ${echo(saved.command)}, not of ${echo(command)}`);
    if (saved.out !== out) throw refuse(statePath, `it goes with the output ${echo(saved.out)}; give that file with --out`);
    const size = (await stat(out).catch(() => undefined))?.size ?? -1;
    if (size < saved.outputBytes) throw refuse(statePath, `${echo(outPath)} is shorter than when the state was written (changed or replaced); start again without this state file`);
  }
  let handle: FileHandle;
  try {
    handle = await open(out, saved ? 'r+' : 'w');
  } catch (error) {
    throw new UsageError(`--out ${echo(outPath)}: ${fileProblem(error)}; nothing was sent`);
  }
  let bytes = saved?.outputBytes ?? 0;
  // Rows written after the last checkpoint are read again: cut them off.
  await handle.truncate(bytes);
  const rowsBefore = typeof (saved?.checkpoint as { rows?: unknown } | undefined)?.rows === 'number' ? (saved!.checkpoint as { rows: number }).rows : 0;
  const temp = join(dirname(statePlace), `.${basename(statePlace)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  return {
    resume: saved?.checkpoint,
    rowsBefore,
    async write(chunk) {
      const buffer = Buffer.from(chunk, 'utf8');
      await handle.write(buffer, 0, buffer.length, bytes);
      bytes += buffer.length;
    },
    async checkpoint(state) {
      const file: StateFile = { uzel: 'export-checkpoint', command, out, outputBytes: bytes, checkpoint: state };
      await writeFile(temp, JSON.stringify(file));
      await rename(temp, statePlace);
    },
    async finish() {
      await handle.sync();
      await rm(statePlace, { force: true });
    },
    async close() {
      await handle.close().catch(() => undefined);
      await rm(temp, { force: true }).catch(() => undefined);
    },
  };
}
