// crm.deal.* and crm.lead.*: list (filter, order, select, start), get, add, update, delete,
// fields. Errors are HTTP 400 with an empty code, as the CRM pages show.
import { crmError } from '../errors.js';
import type { EntityStore } from '../entity-store.js';
import { isRecord, pick, toInt } from '../params.js';
import type { PortalState } from '../state.js';
import { currencies } from '../crm-schema.js';
import type { MethodHandler } from './types.js';

function readId(value: unknown): number {
  const id = toInt(value);
  if (id === undefined || id <= 0) throw crmError('ID is not defined or invalid.');
  return id;
}

function readFields(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw crmError("Parameter 'fields' must be array.");
  // The currency module knows a fixed list (crm-deal-add.md, crm-deal-update.md).
  const currency = Object.entries(value).find(([key]) => key.toUpperCase() === 'CURRENCY_ID')?.[1];
  if (currency !== undefined && currency !== null && currency !== '' && !currencies.includes(String(currency).toUpperCase())) {
    throw crmError('Неверное значение поля «Валюта»');
  }
  return value;
}

/** `params` (REGISTER_SONET_EVENT …) must be an object when given (crm-deal-add.md, crm-deal-update.md). */
function checkOptions(value: unknown): void {
  if (value !== undefined && !isRecord(value) && !(Array.isArray(value) && value.length === 0)) throw crmError("Parameter 'params' must be array.");
}

function entityMethods(prefix: string, store: (state: PortalState) => EntityStore): Record<string, MethodHandler> {
  return {
    [`${prefix}.list`]: (params, ctx) => {
      const page = store(ctx.state).list({
        filter: pick(params, 'filter'),
        order: pick(params, 'order'),
        select: pick(params, 'select'),
        start: pick(params, 'start'),
      });
      return { result: page.rows, total: page.total, next: page.next, rows: page.rows.length, counted: page.counted };
    },
    [`${prefix}.get`]: (params, ctx) => {
      const id = readId(pick(params, 'id'));
      const row = store(ctx.state).get(id);
      if (!row) throw crmError('Not found');
      return { result: row };
    },
    [`${prefix}.add`]: (params, ctx) => {
      const fields = readFields(pick(params, 'fields'));
      checkOptions(pick(params, 'params'));
      return { result: store(ctx.state).add(fields, ctx.userId, ctx.nowSec) };
    },
    [`${prefix}.update`]: (params, ctx) => {
      const id = readId(pick(params, 'id'));
      const fields = readFields(pick(params, 'fields'));
      checkOptions(pick(params, 'params'));
      if (!store(ctx.state).update(id, fields, ctx.userId, ctx.nowSec)) throw crmError('Not found');
      return { result: true };
    },
    [`${prefix}.delete`]: (params, ctx) => {
      const id = readId(pick(params, 'id'));
      if (!store(ctx.state).delete(id)) throw crmError('Not found');
      return { result: true };
    },
    [`${prefix}.fields`]: (_params, ctx) => ({ result: store(ctx.state).describe() }),
  };
}

export const crmMethods: Record<string, MethodHandler> = {
  ...entityMethods('crm.deal', (s) => s.deals),
  ...entityMethods('crm.lead', (s) => s.leads),
};
