// The XML form of an answer, asked for with a `.xml` suffix on the method
// (settings/how-to-call-rest-api/general-principles.md): the same data under <response>,
// served as text/xml (settings/cloud-and-on-premise/on-premise/custom-methods.md).
import { XMLBuilder } from 'fast-xml-parser';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, format: false, processEntities: true });

const xmlName = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Turns JSON data into the builder's tree. The docs show named keys as elements; list items and
 * keys that cannot be element names (numbers: user IDs, list positions) become <item>, with
 * the key in an `id` attribute where it is not a list position. Values print as PHP prints them:
 * true as 1, false and null as empty text.
 */
function tree(value: unknown): unknown {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '' : { item: value.map(tree) };
  const out: Record<string, unknown> = {};
  const items: unknown[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (xmlName.test(key)) out[key] = tree(v);
    else items.push(withId(tree(v), key));
  }
  if (items.length > 0) out.item = items;
  return out;
}

function withId(node: unknown, key: string): unknown {
  if (typeof node === 'string') return { '#text': node, '@_id': key };
  return { ...(node as Record<string, unknown>), '@_id': key };
}

export function toXml(answer: Record<string, unknown>): string {
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, response: tree(answer) }) as string;
}
