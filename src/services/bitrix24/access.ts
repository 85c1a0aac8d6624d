// Whether a raw REST call only reads: reads are safe to repeat after a failure that may have
// reached the portal; writes are not (a repeated `add` would create twice).
export type Access = 'read' | 'write';

const readSuffix = /\.(get|list|fields|current|search|time|getbyid|nearest|info)$/i;

export function guessAccess(method: string): Access {
  if (method === 'server.time') return 'read';
  return readSuffix.test(method) || /\.get\./i.test(method) ? 'read' : 'write';
}
