// How a PHP portal's json_encode writes a map: an empty one is [] (an empty PHP array cannot be
// told from an empty list), and one keyed 0..n-1 in order is a list.

/** A map built key by key (batch sections, per-user and per-department results). */
export function phpMap(map: ReadonlyMap<string, unknown>): unknown {
  if (map.size === 0) return [];
  const keys = [...map.keys()];
  if (keys.every((k, i) => k === String(i))) return [...map.values()];
  return Object.fromEntries(map);
}

/** The same for a plain object. */
export function phpRecord(record: Record<string, unknown>): unknown {
  return phpMap(new Map(Object.entries(record)));
}
