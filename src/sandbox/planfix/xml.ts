// XML in and out of the Planfix sandbox: requests become a small ordered tree (repeated elements
// and document order matter for lists and for the signature); answers are built with
// fast-xml-parser's XMLBuilder, which escapes every text and attribute value.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  /** Direct text and CDATA content, untrimmed (meaningful for leaf elements only). */
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  processEntities: true,
  htmlEntities: false,
});

type OrderedEntry = Record<string, unknown> & { ':@'?: Record<string, string> };

function convert(entry: OrderedEntry): XmlNode | undefined {
  const name = Object.keys(entry).find((k) => k !== ':@');
  if (name === undefined || name.startsWith('#') || name.startsWith('?')) return undefined;
  const node: XmlNode = { name, attributes: { ...(entry[':@'] ?? {}) }, children: [], text: '' };
  const content = entry[name];
  if (!Array.isArray(content)) return node;
  for (const item of content as OrderedEntry[]) {
    if ('#text' in item) node.text += String(item['#text']);
    else if ('#cdata' in item) {
      for (const part of item['#cdata'] as OrderedEntry[]) node.text += String(part['#text'] ?? '');
    } else {
      const child = convert(item);
      if (child) node.children.push(child);
    }
  }
  return node;
}

/** Parses a request body; returns undefined when it is not well-formed XML with one root. */
export function parseXml(raw: string): XmlNode | undefined {
  // A UTF-8 byte order mark before the declaration is legal XML; the validator would refuse it.
  const body = raw.replace(/^\uFEFF/, '');
  if (body.trim() === '' || XMLValidator.validate(body) !== true) return undefined;
  let parsed: unknown;
  try {
    parsed = parser.parse(body);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const roots = (parsed as OrderedEntry[]).map(convert).filter((n): n is XmlNode => n !== undefined);
  return roots.length === 1 ? roots[0] : undefined;
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

export function childrenNamed(node: XmlNode | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** Follows a slash-separated path of first-found children: `task/workers/addUsers`. */
export function at(node: XmlNode | undefined, path: string): XmlNode | undefined {
  let current = node;
  for (const part of path.split('/')) current = child(current, part);
  return current;
}

/** A value that goes into the answer: text, a nested object, or a list of repeated elements. */
export type OutValue = string | number | boolean | OutObject | OutValue[];
export interface OutObject {
  [key: string]: OutValue | undefined;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  format: false,
  processEntities: true,
});

// Booleans and numbers become text here so that the builder never decides their spelling.
function normalise(value: OutValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(normalise);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== undefined) out[key] = normalise(v);
  }
  return out;
}

/** Builds `<response status="…">…</response>` with an XML declaration. */
export function buildResponse(status: 'ok' | 'error', body: OutObject): string {
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    response: { '@_status': status, ...(normalise(body) as Record<string, unknown>) },
  };
  return builder.build(document) as string;
}
