// The request signature of the Planfix XML API ("Формирование цифровой подписи"):
// md5(method name + the call's parameters glued together + the signature key).
//
// The documented rule for gluing: at one level of the XML tree the parameters are sorted by
// element name and concatenated in that order; a parameter that is the root of a subtree is
// expanded the same way, recursively; a parameter that is a list (the same element repeated,
// e.g. several <id>) is sorted by value and its items concatenated. The page's PHP sample keeps
// list items in document order instead of sorting them; we check the prose rule, which is the
// stricter one (for a list already in ascending order both agree).
//
// What counts as a parameter: every child element of <request> except <signature> itself —
// that includes <account> and <sid> (the worked example glues "acc" of <account> in:
// "auth.login" + "acc" + "login" + "passw" + key). The method name comes first because it is
// the only attribute of <request> (in the PHP sample it sorts first as "@attributes").
// Attributes of inner elements are not parameters. Leaf values are taken as sent, untrimmed.
// "Sorted by value" compares two numeric values as numbers and anything else as strings, the way
// PHP's sort() compares them; element names are compared as plain strings, as PHP's ksort().
import { createHash } from 'node:crypto';
import type { XmlNode } from './xml.js';

const numeric = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

function compareValues(a: string, b: string): number {
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function expand(node: XmlNode): string {
  return node.children.length > 0 ? glue(node.children) : node.text;
}

function glue(nodes: XmlNode[]): string {
  const groups = new Map<string, XmlNode[]>();
  for (const node of nodes) {
    const list = groups.get(node.name);
    if (list) list.push(node);
    else groups.set(node.name, [node]);
  }
  const names = [...groups.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let out = '';
  for (const name of names) {
    const items = (groups.get(name) as XmlNode[]).map(expand);
    if (items.length > 1) items.sort(compareValues);
    out += items.join('');
  }
  return out;
}

/** The string that is hashed, without the key: method name followed by the glued parameters. */
export function signatureBase(request: XmlNode): string {
  const method = request.attributes.method ?? '';
  return method + glue(request.children.filter((c) => c.name !== 'signature'));
}

export function computeSignature(request: XmlNode, signatureKey: string): string {
  return createHash('md5').update(signatureBase(request) + signatureKey, 'utf8').digest('hex');
}
