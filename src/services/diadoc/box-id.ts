// Box ids come in the two forms the Box structure carries (proto/Box): BoxIdGuid, "the box id in
// GUID form; this value is to be passed to methods as the boxId query parameter", and BoxId, the
// older `<32 hex digits>@diadoc.ru` that Organization.Boxes, documents and counteragents still
// show. Both name the same box; the client sends the GUID form, as the Box page asks.

const guidForm = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const legacyForm = /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})@diadoc\.ru$/i;

/** What a box id must look like, for error messages. */
export const boxIdForms =
  'a box id: the GUID (BoxIdGuid, e.g. 7bade7d0-8f84-4ddf-b73f-6d1d3f7cf04f) or the older form, 32 hex digits and @diadoc.ru (BoxId, e.g. 7bade7d08f844ddfb73f6d1d3f7cf04f@diadoc.ru)';

/**
 * The BoxIdGuid (lower case) of a box id given in either documented form, or undefined for
 * anything else — surrounding spaces, braces, a GUID without dashes and path-like text included.
 */
export function toBoxIdGuid(value: string): string | undefined {
  if (guidForm.test(value)) return value.toLowerCase();
  const legacy = legacyForm.exec(value);
  return legacy ? legacy.slice(1, 6).join('-').toLowerCase() : undefined;
}
