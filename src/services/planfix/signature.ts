// The optional request signature (ПланФикс API: Формирование цифровой подписи): MD5 of the method
// name, the request's element values and the signature key, concatenated. The values are taken
// in a fixed order: at each XML level by element name; a subtree is expanded the same way,
// recursively; the repeated elements of a list are sorted by value. `signature` itself is left out.
// The doc's own example: auth.login with account=acc, password=passw, login=login signs
// "auth.login" + "acc" + "login" + "passw" + key.
//
// The page disagrees with itself on lists: its prose sorts the items of a list by value, its PHP
// sample glues them in document order. We take the prose as the rule (it is the specification;
// the sample is offered as an illustration of it, and the worked example has no list to settle
// it) — and make the question moot: a signed request is sent with every list already in that
// order (`inSignedOrder`), so the prose and the sample compute the same string. The order of
// repeated elements carries no meaning in the functions we call (ids, custom values, filters).
import { createHash } from 'node:crypto';
import type { WireTree, WireValue } from './xml.js';

const numeric = /^-?\d+(\.\d+)?$/;

/**
 * Order of list items "by value": numbers by size when both are numbers (ids 9 before 10, as
 * PHP's sort() compares numeric strings), otherwise by code units.
 */
export function compareValues(a: string, b: string): number {
  if (numeric.test(a) && numeric.test(b)) {
    const d = Number(a) - Number(b);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The concatenated values of one element: its text, or its subtree expanded in order. */
export function signatureText(value: WireValue): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(signatureText).sort(compareValues).join('');
  let out = '';
  for (const name of Object.keys(value).sort(byName)) {
    if (name === 'signature') continue;
    out += signatureText(value[name]!);
  }
  return out;
}

/**
 * The tree with the items of every list (repeated elements) in the order the signature glues
 * them, subtrees first put in order themselves; sending this tree makes the document order and
 * the sorted order one and the same.
 */
export function inSignedOrder(tree: WireTree): WireTree {
  const out: WireTree = {};
  for (const [name, value] of Object.entries(tree)) out[name] = orderValue(value);
  return out;
}

function orderValue(value: WireValue): WireValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    return value
      .map(orderValue)
      .map((item) => ({ item, text: signatureText(item) }))
      .sort((a, b) => compareValues(a.text, b.text))
      .map((x) => x.item);
  }
  return inSignedOrder(value);
}

/** The string that is hashed: method + the request's values in order + key. */
export function signatureBase(method: string, body: WireTree, key: string): string {
  return method + signatureText(body) + key;
}

/** The signature of a request: md5 hex of the base string (UTF-8). */
export function signRequest(method: string, body: WireTree, key: string): string {
  return createHash('md5').update(signatureBase(method, body, key), 'utf8').digest('hex');
}
