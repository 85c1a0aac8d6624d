// The state of an export between two hand-overs, for the caller to persist and resume from. It
// names what is left, never what was read: the ID range, the slices not handed over whole (read
// again in full on resume: their rows never reached the caller), where slicing stopped, and,
// once the range is done, the last ID of the rows added past it. Rows handed over before the
// checkpoint are behind it, the rest ahead: a resume loses and repeats nothing.
import { createHash } from 'node:crypto';
import { ValidationError } from '../../core/errors.js';

export interface ExportCheckpoint {
  version: 1;
  /** The list method, and a fingerprint of the selection (parameters) it was taken for. */
  method: string;
  selection: string;
  direction: 'ASC' | 'DESC';
  /** Rows handed over so far. */
  rows: number;
  /** `slices`: reading the ID range; `tail`: reading rows added past it, after `lastId`. */
  phase: 'slices' | 'tail';
  /** The ID range being read, [low, end). */
  low: number;
  end: number;
  /** Where slicing continues: the next ID (ascending) or the exclusive top (descending). */
  cursor: number;
  /** The slice width in IDs the export had learnt. */
  width: number;
  /** Slices cut but not handed over whole, [lo, hi), in the order of the reading. */
  pending: [number, number][];
  /** The highest ID of the range, then of the rows handed over past it. */
  lastId: number;
}

/** A short fingerprint of a selection: a checkpoint resumes only the export it was taken of. */
export function selectionOf(method: string, params: unknown): string {
  return createHash('sha256').update(`${method.toLowerCase()} ${JSON.stringify(params)}`).digest('hex').slice(0, 16);
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Checks a checkpoint (it may come from a file) against the export it is to resume. */
export function checkCheckpoint(value: unknown, method: string, selection: string, direction: 'ASC' | 'DESC'): ExportCheckpoint {
  const refuse = (message: string): never => {
    throw new ValidationError([{ path: 'resume', message }], method);
  };
  const cp = value as Partial<ExportCheckpoint> | null;
  if (typeof cp !== 'object' || cp === null || cp.version !== 1) refuse('this is not an export checkpoint (version 1)');
  const c = cp as ExportCheckpoint;
  const shapeOk =
    (c.direction === 'ASC' || c.direction === 'DESC') &&
    (c.phase === 'slices' || c.phase === 'tail') &&
    [c.rows, c.low, c.end, c.cursor, c.width, c.lastId].every(finite) &&
    c.width >= 1 &&
    Array.isArray(c.pending) &&
    c.pending.every((p) => Array.isArray(p) && p.length === 2 && finite(p[0]) && finite(p[1]) && p[0] < p[1]);
  if (!shapeOk) refuse('the checkpoint is damaged (a field is missing or not a number)');
  if (c.method.toLowerCase() !== method.toLowerCase()) refuse(`the checkpoint is of ${c.method}, not of ${method}`);
  if (c.selection !== selection || c.direction !== direction) refuse('the checkpoint was taken of another selection (filter, select or order differ); resume with the same parameters');
  return c;
}
