// Reading request parameters: required ones answer 0009 when absent, malformed ones 0015.
import { PlanfixError } from './errors.js';
import { at, childrenNamed, type XmlNode } from './xml.js';

/** The text at `path`, or undefined when the element is absent. */
export function text(node: XmlNode | undefined, path: string): string | undefined {
  return at(node, path)?.text;
}

/** A non-empty trimmed value, or undefined when absent or empty. */
export function value(node: XmlNode | undefined, path: string): string | undefined {
  const v = text(node, path)?.trim();
  return v === undefined || v === '' ? undefined : v;
}

export function requiredValue(node: XmlNode | undefined, path: string): string {
  const v = value(node, path);
  if (v === undefined) throw new PlanfixError('0009', path);
  return v;
}

export function toInt(raw: string, name: string): number {
  if (!/^-?\d+$/.test(raw)) throw new PlanfixError('0015', `${name} must be an integer`);
  return Number(raw);
}

export function int(node: XmlNode | undefined, path: string): number | undefined {
  const v = value(node, path);
  return v === undefined ? undefined : toInt(v, path);
}

export function requiredInt(node: XmlNode | undefined, path: string): number {
  return toInt(requiredValue(node, path), path);
}

/** bool parameters take 0 or 1 (the docs' bool type); true/false are tolerated. */
export function bool(node: XmlNode | undefined, path: string): boolean | undefined {
  const v = value(node, path);
  if (v === undefined) return undefined;
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  throw new PlanfixError('0015', `${path} must be 0 or 1`);
}

export function oneOf<T extends string>(raw: string, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly string[]).includes(raw)) throw new PlanfixError('0015', `${name} must be one of ${allowed.join(', ')}`);
  return raw as T;
}

/** All `<id>` values inside the element at `path` (absent element → undefined). */
export function idList(node: XmlNode | undefined, path: string): number[] | undefined {
  const list = at(node, path);
  if (!list) return undefined;
  return childrenNamed(list, 'id')
    .map((n) => n.text.trim())
    .filter((t) => t !== '')
    .map((t) => toInt(t, `${path}/id`));
}

export interface Page {
  /** 0 = only count (the docs: "0 - used to get the number of items"). */
  current: number;
  size: number;
}

export const maxPageSize = 100;

/**
 * pageCurrent from 1; 0 (or below) answers the totals only. pageSize up to 100, 0 or absent =
 * the default of 100. Above 100 answers 0021 (too many objects requested): the docs give 100
 * as the maximum and do not say what happens beyond it; an error teaches clients the limit.
 * `absentMeansCount`: project.getList's page says a missing pageCurrent means "count only".
 */
export function readPage(request: XmlNode, absentMeansCount = false): Page {
  const current = int(request, 'pageCurrent') ?? (absentMeansCount ? 0 : 1);
  const size = int(request, 'pageSize') ?? 0;
  if (size < 0) throw new PlanfixError('0015', 'pageSize must not be negative');
  if (size > maxPageSize) throw new PlanfixError('0021', `pageSize is at most ${maxPageSize}`);
  return { current: Math.max(0, current), size: size === 0 ? maxPageSize : size };
}

export function pageOf<T>(items: T[], page: Page): T[] {
  if (page.current === 0) return [];
  const from = (page.current - 1) * page.size;
  return items.slice(from, from + page.size);
}
