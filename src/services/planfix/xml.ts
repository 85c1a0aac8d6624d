// The XML envelope of the Planfix API: request trees become documents through fast-xml-parser's
// builder (which escapes every value), and answers become plain objects where repeated elements
// are always arrays, ints are numbers, flags are booleans and everything else stays a string
// (so error code '0005' and a task titled '007' keep their leading zeros).
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { ValidationError } from '../../core/errors.js';

/** A request parameter tree: element name → text, subtree, or a list of repeated elements. */
export type XmlValue = string | number | boolean | XmlTree | XmlValue[];
export interface XmlTree {
  [element: string]: XmlValue | undefined | null;
}

/** The tree as it goes on the wire (and into the signature): only strings, subtrees and lists. */
export type WireValue = string | WireTree | WireValue[];
export interface WireTree {
  [element: string]: WireValue;
}

// Characters XML 1.0 cannot carry at all, even escaped; lone surrogates cannot be encoded in UTF-8.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const elementName = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Normalises a parameter tree for the wire: booleans as 1/0 (the API's bool), numbers as
 * decimal text, undefined/null dropped. Rejects values XML cannot carry and bad element names.
 */
export function toWireTree(tree: XmlTree, method?: string, path = ''): WireTree {
  const out: WireTree = {};
  for (const [name, value] of Object.entries(tree)) {
    const at = path ? `${path}/${name}` : name;
    if (!elementName.test(name)) {
      throw new ValidationError([{ path: at, message: 'not a valid XML element name' }], method);
    }
    const wire = toWireValue(value, method, at);
    if (wire !== undefined) out[name] = wire;
  }
  return out;
}

function toWireValue(value: XmlValue | undefined | null, method: string | undefined, at: string): WireValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    return value.map((v) => toWireValue(v, method, at)).filter((v): v is WireValue => v !== undefined);
  }
  if (typeof value === 'object') return toWireTree(value, method, at);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValidationError([{ path: at, message: 'not a finite number' }], method);
    return String(value);
  }
  if (forbidden.test(value)) {
    throw new ValidationError([{ path: at, message: 'contains a control character or broken surrogate that XML cannot carry' }], method);
  }
  return value;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  processEntities: true,
});

/**
 * The request document: `account` first and `signature` last, as the documentation shows them;
 * every text escaped by the builder.
 */
export function buildRequest(method: string, body: WireTree): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    request: { '@_method': method, ...body },
  }) as string;
}

// Lists as the answers nest them: container → its repeated child. A child is an array only
// under its container, so `response.task` of task.get stays an object while
// `response.tasks.task` of task.getList is always an array.
export const listContainers: Record<string, string> = {
  tasks: 'task',
  users: 'user',
  groups: 'group',
  userGroups: 'userGroup',
  projects: 'project',
  contacts: 'contact',
  phones: 'phone',
  secondaryEmails: 'email',
  contractors: 'client',
  customData: 'customValue',
  filters: 'filter',
  fields: 'field',
};

// Elements the documentation types as int (in the answers of the methods we cover).
const intElements = new Set([
  'id', 'general', 'userid', 'count', 'totalCount', 'duration', 'durationUnit', 'statusSet',
  'userCount', 'taskCount', 'typeId', 'actionid', 'shift', 'month', 'day', 'repeatCount',
]);

// Elements the documentation types as bool (sent as 0/1, some answered as true/false).
const boolElements = new Set([
  'checkResult', 'isOverdued', 'isCloseToDeadline', 'isNotAcceptedInTime', 'isSummary', 'starred',
  'isCompany', 'havePlanfixAccess', 'hidden', 'hasEndDate', 'isOnline', 'isInvisibleOutOfGroup',
  'isBlindOutOfGroup', 'canBeWorker', 'canBeClient',
]);

function lastTwo(jPath: unknown): [string | undefined, string | undefined] {
  const parts = String(jPath).split('.');
  return [parts[parts.length - 2], parts[parts.length - 1]];
}

function typedText(name: string, text: string): unknown {
  if (intElements.has(name) && /^-?\d{1,15}$/.test(text)) return Number(text);
  if (boolElements.has(name)) {
    if (text === '1' || text === 'true') return true;
    if (text === '0' || text === 'false') return false;
  }
  return text;
}

// Attributes (count, totalCount) are told apart while reading, then put first under their own name.
const attributePrefix = '@_';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: attributePrefix,
  parseTagValue: false,
  parseAttributeValue: false,
  // Keep the text exactly as sent: leading and trailing spaces are part of a value.
  trimValues: false,
  // Numeric character references (&#1046;) are plain XML; the parser decodes them only in this mode.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name, jPath, _leaf, isAttribute) => {
    if (isAttribute) return false;
    const [parent] = lastTwo(jPath);
    return parent !== undefined && listContainers[parent] === name;
  },
  tagValueProcessor: (name, value) => typedText(name, value),
  attributeValueProcessor: (name, value) => typedText(name, value),
});

/** Removes whitespace-only text between elements and fills empty lists (`<users/>` → { user: [] }). */
function tidy(value: unknown, name: string): unknown {
  if (Array.isArray(value)) return value.map((v) => tidy(v, name));
  const child = listContainers[name];
  if (value === '' && child) return { [child]: [] };
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [key, v] of entries) {
    if (!key.startsWith(attributePrefix)) continue;
    const plain = key.slice(attributePrefix.length);
    // An element of the same name keeps the attribute apart.
    out[plain in (value as object) ? key : plain] = v;
  }
  for (const [key, v] of entries) {
    if (key.startsWith(attributePrefix)) continue;
    if (key === '#text' && typeof v === 'string' && v.trim() === '') continue;
    out[key] = tidy(v, key);
  }
  if (child && !(child in out)) out[child] = [];
  return out;
}

export interface ParsedResponse {
  status: string;
  /** The children of `<response>`, typed as described above. */
  body: Record<string, unknown>;
}

/** Parses an answer; returns undefined when the text is not well-formed XML with a `<response>` root. */
export function parseResponse(text: string): ParsedResponse | undefined {
  const start = text.replace(/^\uFEFF/, '');
  if (XMLValidator.validate(start) !== true) return undefined;
  let doc: unknown;
  try {
    doc = parser.parse(start);
  } catch {
    return undefined;
  }
  const response = (doc as Record<string, unknown> | undefined)?.response;
  if (response === undefined) return undefined;
  const tidied = tidy(response === '' ? {} : response, 'response');
  if (tidied === null || typeof tidied !== 'object' || Array.isArray(tidied)) return undefined;
  const { status, ...body } = tidied as Record<string, unknown>;
  return { status: typeof status === 'string' ? status : '', body };
}
