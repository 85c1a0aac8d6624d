// Rows of a CRM entity (deals, leads): kept sorted by ID with a Map beside them, so that a
// `>ID` filter is a binary search and a page read with start=-1 touches only the rows it returns.
// Rows are sparse: a field equal to its default is not stored, which keeps hundreds of
// thousands of rows small.
import { isoDate, parseDate } from './dates.js';
import { compileFilter, matches, type Condition, type ValueKind } from './filter.js';
import { isRecord, toInt, toNumber, toStr } from './params.js';
import { PortalError } from './errors.js';

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

  constructor(
    readonly entity: string,
    readonly schema: Schema,
    /** Fills derived fields (STAGE_SEMANTIC_ID, CLOSED …) after each write. */
    private readonly derive: (row: Row) => void = () => undefined,
  ) {}

  get size(): number {
    return this.rows.length;
  }

  get maxId(): number {
    return this.lastId;
  }

  value(row: Row, field: string): Value {
    const own = row[field];
    return own !== undefined ? own : (this.schema[field]?.fallback ?? null);
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
  }

  getRow(id: number): Row | undefined {
    return this.byId.get(id);
  }

  /** The row as the API shows it (all fields), or undefined. */
  get(id: number): Record<string, unknown> | undefined {
    const row = this.byId.get(id);
    return row ? this.format(row) : undefined;
  }

  /** Coerces API field values into a partial row; unknown and read-only fields are skipped. */
  private coerceFields(fields: Record<string, unknown>, creating: boolean): Row {
    const out: Row = {};
    for (const [rawKey, raw] of Object.entries(fields)) {
      const key = rawKey.toUpperCase();
      const spec = this.schema[key];
      if (!spec || spec.readOnly || (!creating && spec.immutable)) continue;
      out[key] = coerceValue(raw, spec, key);
    }
    return out;
  }

  add(fields: Record<string, unknown>, userId: number, nowSec: number): number {
    const row: Row = this.coerceFields(fields, true);
    for (const [key, value] of Object.entries(row)) if (value === this.schema[key]?.fallback) delete row[key];
    const id = this.lastId + 1;
    row.ID = id;
    row.DATE_CREATE = Math.floor(nowSec);
    row.DATE_MODIFY = Math.floor(nowSec);
    row.CREATED_BY_ID = userId;
    row.MODIFY_BY_ID = userId;
    if (row.ASSIGNED_BY_ID === undefined) row.ASSIGNED_BY_ID = userId;
    this.derive(row);
    this.insertRaw(row);
    return id;
  }

  update(id: number, fields: Record<string, unknown>, userId: number, nowSec: number): boolean {
    const row = this.byId.get(id);
    if (!row) return false;
    Object.assign(row, this.coerceFields(fields, false));
    row.DATE_MODIFY = Math.floor(nowSec);
    row.MODIFY_BY_ID = userId;
    this.derive(row);
    return true;
  }

  delete(id: number): boolean {
    if (!this.byId.delete(id)) return false;
    const index = this.lowerBound(id);
    this.rows.splice(index, 1);
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

  format(row: Row, fields?: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const field of fields ?? Object.keys(this.schema)) {
      const spec = this.schema[field];
      if (spec) out[field] = formatValue(this.value(row, field), spec);
    }
    return out;
  }

  /** The fields a `select` asks for; ID always comes along. */
  selectFields(select: unknown): string[] {
    const all = Object.keys(this.schema);
    const list = Array.isArray(select) ? select : isRecord(select) ? Object.values(select) : typeof select === 'string' && select ? [select] : [];
    if (list.length === 0 || list.includes('*')) return all;
    const wanted = new Set(list.map((f) => String(f).toUpperCase()).filter((f) => f in this.schema));
    wanted.add('ID');
    return all.filter((f) => wanted.has(f));
  }

  list(query: ListQuery): ListPage {
    const conditions = compileFilter(query.filter, (f) => this.schema[f]?.kind);
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
    const accept = (row: Row): boolean => rest.every((c) => matches(c, this.value(row, c.field)));

    const byIdOnly = order.length === 0 || (order.length === 1 && order[0]!.field === 'ID');
    const picked: Row[] = [];
    let total = 0;
    if (byIdOnly) {
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
        isMultiple: false,
        isDynamic: false,
        ...(spec.statusType ? { statusType: spec.statusType } : {}),
        title: spec.title,
      };
    }
    return out;
  }
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
    if (!(field in schema)) continue;
    out.push({ field, desc: String(dir).toUpperCase() === 'DESC' });
  }
  return out;
}

function coerceValue(raw: unknown, spec: FieldSpec, key: string): Value {
  if (raw === null || raw === undefined || raw === '') return spec.kind === 'str' ? '' : null;
  switch (spec.kind) {
    case 'int':
    case 'num': {
      const n = toNumber(raw);
      if (n === undefined) throw new PortalError(400, '', `Invalid value for the "${key}" field`);
      return spec.kind === 'int' ? Math.trunc(n) : n;
    }
    case 'date': {
      const t = toStr(raw);
      const epoch = t === undefined ? undefined : parseDate(t);
      if (epoch === undefined) throw new PortalError(400, '', `Invalid value for the "${key}" field`);
      return epoch;
    }
    case 'bool':
    case 'str':
      return toStr(raw) ?? JSON.stringify(raw);
  }
}

function formatValue(value: Value, spec: FieldSpec): unknown {
  if (value === null) return null;
  switch (spec.kind) {
    case 'int':
      return String(value);
    case 'num':
      return typeof value === 'number' ? value.toFixed(2) : value;
    case 'date':
      return typeof value === 'number' ? isoDate(value) : value;
    default:
      return value;
  }
}
