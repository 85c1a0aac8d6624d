// CRM multiple fields (crm_multifield): the phones, e-mails, sites, messengers and links of a
// lead, each an array of {ID, VALUE_TYPE, VALUE, TYPE_ID}. A write changes only the items it
// names: an item with an ID changes that item (or deletes it, given DELETE=Y or an empty VALUE),
// an item without one is added; items not mentioned stay (crm.contact.update docs).
import { isRecord, toInt, toList, toStr } from './params.js';

export const multifieldTypes = ['PHONE', 'EMAIL', 'WEB', 'IM', 'LINK'] as const;
export type MultifieldType = (typeof multifieldTypes)[number];

export interface MultiItem {
  ID: number;
  TYPE_ID: MultifieldType;
  VALUE_TYPE: string;
  VALUE: string;
}

/** The value type an added item gets when the caller names none. */
const defaultValueType: Record<MultifieldType, string> = { PHONE: 'WORK', EMAIL: 'WORK', WEB: 'WORK', IM: 'OTHER', LINK: 'USER' };

export function isMultifieldType(field: string): field is MultifieldType {
  return (multifieldTypes as readonly string[]).includes(field);
}

/**
 * Applies one field's written value to the row's items (all types), returning the new list.
 * `nextId` hands out IDs for added items.
 */
export function applyMultifieldWrite(items: readonly MultiItem[], type: MultifieldType, written: unknown, nextId: () => number): MultiItem[] {
  const out = items.map((item) => ({ ...item }));
  for (const entry of toList(written) ?? []) {
    if (!isRecord(entry)) continue;
    const value = toStr(entry.VALUE)?.trim() ?? '';
    const valueType = toStr(entry.VALUE_TYPE)?.trim().toUpperCase();
    const id = toInt(entry.ID);
    if (id !== undefined && id > 0) {
      const index = out.findIndex((item) => item.ID === id && item.TYPE_ID === type);
      if (index < 0) continue;
      if (toStr(entry.DELETE)?.toUpperCase() === 'Y' || value === '') {
        out.splice(index, 1);
        continue;
      }
      out[index]!.VALUE = value;
      if (valueType) out[index]!.VALUE_TYPE = valueType;
      continue;
    }
    if (value === '') continue;
    out.push({ ID: nextId(), TYPE_ID: type, VALUE_TYPE: valueType || defaultValueType[type], VALUE: value });
  }
  return out;
}

export function formatItems(items: readonly MultiItem[], type: MultifieldType): Record<string, string>[] {
  return items.filter((item) => item.TYPE_ID === type).map((item) => ({ ID: String(item.ID), VALUE_TYPE: item.VALUE_TYPE, VALUE: item.VALUE, TYPE_ID: item.TYPE_ID }));
}
