// Parameters in the form PHP's http_build_query produces, which `batch` commands must use:
// filter[>ID]=5&select[0]=ID. Batch references ($result[cmd][FIELD]) stay readable.
import qs from 'qs';

const referencePattern = /%24result%5B[^&]*?%5D(?:%5B[^&]*?%5D)*/g;

export function encodeQuery(params: Record<string, unknown>): string {
  const encoded = qs.stringify(params, { arrayFormat: 'indices', strictNullHandling: false });
  // The portal substitutes `$result[...]` before reading the values; keep them as written.
  return encoded.replace(referencePattern, (ref) => decodeURIComponent(ref));
}
