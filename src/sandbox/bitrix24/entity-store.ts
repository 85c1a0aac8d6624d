// Rows of a CRM entity (deals, leads): kept sorted by ID with a Map beside them, so that a
// `>ID` filter is a binary search and a page read with start=-1 touches only the rows it returns.
// Rows are sparse: a field equal to its default is not stored, which keeps hundreds of
// thousands of rows small; unset fields share the schema's defaults. Multiple fields (PHONE,
// EMAIL …) live beside the rows, only for rows that have been written through the API; seeded
// rows get theirs from a generator, so that a large seed costs no memory for them.
import { isoDate, parseDate, startOfDay } from './dates.js';
import { compileFilter, matches, type Condition, type ValueKind } from './filter.js';
import { applyMultifieldWrite, formatItems, isMultifieldType, type MultiItem } from './multifields.js';
import { isRecord, toInt, toNumber, toStr } from './params.js';
import { PortalError } from './errors.js';
import { wholeValueTypes } from './crm-schema.js';

export interface FieldSpec {
  /** The type crm.*.fields reports. */
  type: string;
  title: string;
  kind: ValueKind;
  readOnly?: boolean;
  required?: boolean;
  immutable?: boolean;
  statusType?: string;
  /** Internal value of a field that a row does not store. */
  fallback?: number | string | null;
  /** A row that does not store the field shows this other field's value (+ seconds for dates). */
  from?: { field: string; addSeconds?: number };
  /** How an empty value shows (leads show unset dates as ""); null by default. */
  blank?: '';
  /** isMultiple in crm.*.fields. With type crm_multifield (PHONE, EMAIL …) the value is an array of items, shown only when not empty. */
  multiple?: boolean;
  /** Described by crm.*.fields and accepted on write, never returned by get or list (CONTACT_IDS). */
  writeOnly?: boolean;
  deprecated?: boolean;
  settings?: Record<string, unknown>;
}

/** What a write carried, for the entity's derived fields. */
export interface WriteInfo {
  creating: boolean;
  /** The written fields with upper-case names, as sent. */
  raw: Record<string, unknown>;
  /** The row's stored values before the write ({} on creation). */
  previous: Row;
  userId: number;
  nowSec: number;
  /** The row's multiple-field items after the write. */
  items: readonly MultiItem[];
}

export interface EntityHooks {
  /** Fills derived fields (STAGE_SEMANTIC_ID, CLOSED, HAS_PHONE …) after each write. */
  derive?: (row: Row, write: WriteInfo) => void;
}

export type Schema = Record<string, FieldSpec>;
export type Value = number | string | null;
export type Row = Record<string, Value>;

export const pageSize = 50;

export interface ListQuery {
  filter?: unknown;
  order?: unknown;
  select?: unknown;
  start?: unknown;
}

export interface ListPage {
  rows: Record<string, unknown>[];
  /** Absent when start=-1 skipped the count. */
  total?: number;
  next?: number;
  /** Rows the count had to go through: the basis of the modelled counting cost. */
  counted: number;
}

export class EntityStore {
  private rows: Row[] = [];
  private byId = new Map<number, Row>();
  private lastId = 0;
  /** Multiple-field items of rows written through the API (they override the generator). */
  private items = new Map<number, MultiItem[]>();
  private lastItemId = 0;
  private seededItems: ((row: Row) => MultiItem[]) | undefined;
  /** Standard fields in the documented order: what get returns and `*` selects. */
  private readonly standard: string[];
  private readonly multifieldNames: string[];

  constructor(
    readonly entity: string,
    readonly schema: Schema,
    private readonly hooks: EntityHooks = {},
  ) {
    this.standard = Object.keys(schema).filter((f) => !isMultifield(schema[f]!) && !schema[f]!.writeOnly);
    this.multifieldNames = Object.keys(schema).filter((f) => isMultifield(schema[f]!));
  }

  get size(): number {
    return this.rows.length;
  }

  get maxId(): number {
    return this.lastId;
  }

  value(row: Row, field: string): Value {
    const own = row[field];
    if (own !== undefined) return own;
    const spec = this.schema[field];
    if (spec?.from) {
      const base = this.value(row, spec.from.field);
      return typeof base === 'number' ? base + (spec.from.addSeconds ?? 0) : base;
    }
    return spec?.fallback ?? null;
  }

  /** The row's multiple-field items: written ones, or the seed's. */
  multifields(row: Row): readonly MultiItem[] {
    return this.items.get(row.ID as number) ?? this.seededItems?.(row) ?? [];
  }

  /**
   * Seeded rows take their multiple fields from `generate` (it must be deterministic), whose
   * item IDs stay at or below `reservedIds`.
   */
  seedMultifields(generate: (row: Row) => MultiItem[], reservedIds: number): void {
    this.seededItems = generate;
    this.lastItemId = Math.max(this.lastItemId, reservedIds);
  }

  /** What filters compare: a multiple field gives the list of its values. */
  private filterValue(row: Row, field: string): Value | string[] {
    if (this.multifieldNames.includes(field)) return this.multifields(row).filter((item) => item.TYPE_ID === field).map((item) => item.VALUE);
    return this.value(row, field);
  }

  /** Appends a seeded row (IDs must grow). */
  insertRaw(row: Row): void {
    const id = row.ID as number;
    if (id <= this.lastId) throw new Error(`${this.entity}: seeded IDs must increase`);
    this.rows.push(row);
    this.byId.set(id, row);
    this.lastId = id;
  }

  clear(): void {
    this.rows = [];
    this.byId.clear();
    this.lastId = 0;
    this.items.clear();
    this.lastItemId = 0;
    this.seededItems = undefined;
  }

  getRow(id: number): Row | undefined {
    return this.byId.get(id);
  }

  /** The row as the API shows it (all standard fields and the multiple fields it has), or undefined. */
  get(id: number): Record<string, unknown> | undefined {
    const row = this.byId.get(id);
    return row ? this.format(row, [...this.standard, ...this.multifieldNames]) : undefined;
  }

  /** The written fields with upper-case names. */
  private static upper(fields: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) out[key.toUpperCase()] = value;
    return out;
  }

  /**
   * Coerces API field values into a partial row; unknown, read-only, write-only (the hooks read
   * those) and multiple fields are skipped.
   */
  private coerceFields(raw: Record<string, unknown>, creating: boolean): Row {
    const out: Row = {};
    for (const [key, value] of Object.entries(raw)) {
      const spec = this.schema[key];
      if (!spec || spec.readOnly || isMultifield(spec) || spec.writeOnly || (!creating && spec.immutable)) continue;
      out[key] = coerceValue(value, spec);
    }
    return out;
  }

  /** Applies written multiple fields; returns the row's items after the write. */
  private writeMultifields(id: number, current: readonly MultiItem[], raw: Record<string, unknown>): readonly MultiItem[] {
    let items = current;
    for (const field of this.multifieldNames) {
      if (raw[field] === undefined || !isMultifieldType(field)) continue;
      items = applyMultifieldWrite(items, field, raw[field], () => (this.lastItemId += 1));
    }
    if (items !== current) this.items.set(id, items as MultiItem[]);
    return items;
  }

  add(fields: Record<string, unknown>, userId: number, nowSec: number): number {
    const raw = EntityStore.upper(fields);
    const row: Row = this.coerceFields(raw, true);
    for (const [key, value] of Object.entries(row)) if (value === this.schema[key]?.fallback) delete row[key];
    const id = this.lastId + 1;
    row.ID = id;
    row.DATE_CREATE = Math.floor(nowSec);
    row.DATE_MODIFY = Math.floor(nowSec);
    row.CREATED_BY_ID = userId;
    row.MODIFY_BY_ID = userId;
    if (row.ASSIGNED_BY_ID === undefined) row.ASSIGNED_BY_ID = userId;
    const items = this.writeMultifields(id, [], raw);
    this.hooks.derive?.(row, { creating: true, raw, previous: {}, userId, nowSec, items });
    this.insertRaw(row);
    return id;
  }

  update(id: number, fields: Record<string, unknown>, userId: number, nowSec: number): boolean {
    const row = this.byId.get(id);
    if (!row) return false;
    const raw = EntityStore.upper(fields);
    const previous = { ...row };
    Object.assign(row, this.coerceFields(raw, false));
    row.DATE_MODIFY = Math.floor(nowSec);
    row.MODIFY_BY_ID = userId;
    const items = this.writeMultifields(id, this.multifields(row), raw);
    this.hooks.derive?.(row, { creating: false, raw, previous, userId, nowSec, items });
    return true;
  }

  delete(id: number): boolean {
    if (!this.byId.delete(id)) return false;
    const index = this.lowerBound(id);
    this.rows.splice(index, 1);
    this.items.delete(id);
    return true;
  }

  /** First index whose ID is >= id. */
  private lowerBound(id: number): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.rows[mid]!.ID as number) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The row as the API shows the given fields; empty multiple fields are left out. */
  format(row: Row, fields: readonly string[] = this.standard): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let items: readonly MultiItem[] | undefined;
    for (const field of fields) {
      const spec = this.schema[field];
      if (!spec || spec.writeOnly) continue;
      if (isMultifield(spec)) {
        items ??= this.multifields(row);
        const shown = isMultifieldType(field) ? formatItems(items, field) : [];
        if (shown.length > 0) out[field] = shown;
        continue;
      }
      out[field] = formatValue(this.value(row, field), spec);
    }
    return out;
  }

  /**
   * The fields a `select` asks for; ID always comes along. `*` (and no select) means the
   * standard fields: multiple fields come only when named (crm.lead.list docs).
   */
  selectFields(select: unknown): string[] {
    const list = Array.isArray(select) ? select : isRecord(select) ? Object.values(select) : typeof select === 'string' && select ? [select] : [];
    const names = new Set(list.map((f) => String(f).toUpperCase()));
    const all = names.size === 0 || names.has('*');
    const wanted = (f: string): boolean => f === 'ID' || names.has(f) || (all && !isMultifield(this.schema[f]!));
    return [...this.standard, ...this.multifieldNames].filter(wanted);
  }

  list(query: ListQuery): ListPage {
    const conditions = compileFilter(query.filter, (f) => (this.schema[f]?.writeOnly ? undefined : this.schema[f]?.kind)).map((c) =>
      wholeValueTypes.has(this.schema[c.field]?.type ?? '') ? wholeValue(c) : c,
    );
    const order = readOrder(query.order, this.schema);
    const fields = this.selectFields(query.select);
    const startValue = toInt(query.start) ?? 0;
    const counting = startValue >= 0;
    const start = Math.max(0, startValue);

    // ID bounds from the filter narrow the scan to a slice of the sorted array.
    let lo = 0;
    let hi = this.rows.length;
    const rest: Condition[] = [];
    for (const cond of conditions) {
      const v = cond.values[0];
      if (cond.field !== 'ID' || typeof v !== 'number' || Number.isNaN(v) || !['>', '>=', '<', '<=', '='].includes(cond.op)) {
        rest.push(cond);
        continue;
      }
      if (cond.op === '>') lo = Math.max(lo, this.lowerBound(Math.floor(v) + 1));
      if (cond.op === '>=') lo = Math.max(lo, this.lowerBound(Math.ceil(v)));
      if (cond.op === '<') hi = Math.min(hi, this.lowerBound(Math.ceil(v)));
      if (cond.op === '<=') hi = Math.min(hi, this.lowerBound(Math.floor(v) + 1));
      if (cond.op === '=') {
        lo = Math.max(lo, this.lowerBound(v));
        hi = Math.min(hi, this.lowerBound(v + 1));
      }
    }
    const accept = (row: Row): boolean => rest.every((c) => matches(c, this.filterValue(row, c.field)));

    const byIdOnly = order.length === 0 || (order.length === 1 && order[0]!.field === 'ID');
    const picked: Row[] = [];
    let total = 0;
    if (byIdOnly && rest.length === 0) {
      // Only ID bounds: the selection is the slice itself, counted without a walk.
      const descending = order[0]?.desc ?? false;
      total = Math.max(0, hi - lo);
      for (let k = start; k < Math.min(total, start + pageSize); k += 1) picked.push(this.rows[descending ? hi - 1 - k : lo + k]!);
    } else if (byIdOnly) {
      const descending = order[0]?.desc ?? false;
      for (let k = 0; k < hi - lo; k += 1) {
        const row = this.rows[descending ? hi - 1 - k : lo + k]!;
        if (!accept(row)) continue;
        if (total >= start && picked.length < pageSize) picked.push(row);
        total += 1;
        if (!counting && picked.length >= pageSize) break;
      }
    } else {
      const all: Row[] = [];
      for (let i = lo; i < hi; i += 1) if (accept(this.rows[i]!)) all.push(this.rows[i]!);
      all.sort((a, b) => {
        for (const { field, desc } of order) {
          const c = compareValues(this.value(a, field), this.value(b, field));
          if (c !== 0) return desc ? -c : c;
        }
        return (a.ID as number) - (b.ID as number);
      });
      total = all.length;
      picked.push(...all.slice(start, start + pageSize));
    }
    const page: ListPage = { rows: picked.map((r) => this.format(r, fields)), counted: counting ? total : 0 };
    if (counting) {
      page.total = total;
      if (start + pageSize < total) page.next = start + pageSize;
    }
    return page;
  }

  /** The answer of crm.*.fields. */
  describe(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(this.schema)) {
      out[name] = {
        type: spec.type,
        isRequired: spec.required ?? false,
        isReadOnly: spec.readOnly ?? false,
        isImmutable: spec.immutable ?? false,
        isMultiple: spec.multiple ?? false,
        isDynamic: false,
        ...(spec.deprecated ? { isDeprecated: true } : {}),
        ...(spec.statusType ? { statusType: spec.statusType } : {}),
        title: spec.title,
        ...(spec.settings ? { settings: spec.settings } : {}),
      };
    }
    return out;
  }
}

/**
 * LIKE does not work on status, contact and company fields (crm-deal-list.md): the portal
 * compares the whole value, so "%STAGE_ID": "WO" finds no WON deal.
 */
function wholeValue(cond: Condition): Condition {
  if (cond.op === 'like' || cond.op === 'pattern') return { field: cond.field, op: '=', values: cond.values };
  if (cond.op === 'notLike' || cond.op === 'notPattern') return { field: cond.field, op: '!=', values: cond.values };
  return cond;
}

function isMultifield(spec: FieldSpec): boolean {
  return spec.type === 'crm_multifield';
}

function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'ru');
}

function readOrder(order: unknown, schema: Schema): { field: string; desc: boolean }[] {
  if (order === undefined || order === null || order === '' || (Array.isArray(order) && order.length === 0)) return [];
  if (!isRecord(order)) throw new PortalError(400, '', "Parameter 'order' must be array.");
  const out: { field: string; desc: boolean }[] = [];
  for (const [key, dir] of Object.entries(order)) {
    const field = key.toUpperCase();
    if (!(field in schema) || isMultifield(schema[field]!) || schema[field]!.writeOnly) continue;
    out.push({ field, desc: String(dir).toUpperCase() === 'DESC' });
  }
  return out;
}

/**
 * No CRM page has an error for a value of the wrong kind: a number field takes what PHP's cast
 * makes of it ("12abc" → 12, "abc" → 0), a date that does not read stays unset.
 */
function coerceValue(raw: unknown, spec: FieldSpec): Value {
  if (raw === null || raw === undefined || raw === '') return spec.kind === 'str' ? '' : null;
  switch (spec.kind) {
    case 'int':
    case 'num': {
      const n = toNumber(raw) ?? phpNumber(raw);
      return spec.kind === 'int' ? Math.trunc(n) : n;
    }
    case 'date': {
      const t = toStr(raw);
      return (t === undefined ? undefined : parseDate(t)) ?? null;
    }
    case 'bool':
    case 'str':
      return toStr(raw) ?? JSON.stringify(raw);
  }
}

/** PHP's (float) of a value: the leading number of a text, else 0. */
function phpNumber(raw: unknown): number {
  const lead = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(toStr(raw) ?? '');
  return lead ? Number(lead[0]) : 0;
}

function formatValue(value: Value, spec: FieldSpec): unknown {
  if (value === null) return spec.blank ?? null;
  switch (spec.kind) {
    case 'int':
      return String(value);
    case 'num':
      return typeof value === 'number' ? value.toFixed(2) : value;
    case 'date':
      // A date field (not datetime) shows the day's midnight in the portal's zone.
      return typeof value === 'number' ? isoDate(spec.type === 'date' ? startOfDay(value) : value) : value;
    default:
      return value;
  }
}
