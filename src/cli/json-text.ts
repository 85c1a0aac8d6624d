// JSON text for the CLI's output. JSON.stringify cannot write bigint, and Diadoc's ticks exceed
// 2^53, so values are written by hand: a bigint becomes its exact digits, as the service sent it.

/** Writes a value as JSON: indented by two spaces when `pretty`, compact otherwise. */
export function formatJson(value: unknown, pretty: boolean): string {
  return write(value, pretty ? '  ' : '', '') ?? 'null';
}

function write(value: unknown, step: string, indent: string): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return write(withJson.toJSON(), step, indent);
  const inner = indent + step;
  const newline = step ? '\n' : '';
  const colon = step ? ': ' : ':';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => inner + (write(item, step, inner) ?? 'null'));
    return `[${newline}${items.join(`,${newline}`)}${newline}${indent}]`;
  }
  const members: string[] = [];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const text = write(item, step, inner);
    if (text !== undefined) members.push(`${inner}${JSON.stringify(key)}${colon}${text}`);
  }
  if (members.length === 0) return '{}';
  return `{${newline}${members.join(`,${newline}`)}${newline}${indent}}`;
}
