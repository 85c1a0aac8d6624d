// .NET ticks: 100-nanosecond intervals since 0001-01-01T00:00:00Z, the unit of Diadoc's Timestamp.
// Always bigint here: current values (~6.4e17) are far past 2^53.

/** Ticks at the Unix epoch, 1970-01-01T00:00:00Z. */
export const unixEpochTicks = 621355968000000000n;
const ticksPerMillisecond = 10000n;

export function ticksFromUnixMs(ms: number): bigint {
  return unixEpochTicks + BigInt(Math.trunc(ms)) * ticksPerMillisecond;
}

export function unixMsFromTicks(ticks: bigint): number {
  return Number((ticks - unixEpochTicks) / ticksPerMillisecond);
}

let lastIssued = 0n;

/** The current time in ticks, strictly increasing between calls so creation order stays total. */
export function nowTicks(): bigint {
  // hrtime supplies the sub-millisecond digits that Date.now() lacks.
  const sub = (process.hrtime.bigint() / 100n) % ticksPerMillisecond;
  let ticks = ticksFromUnixMs(Date.now()) + sub;
  if (ticks <= lastIssued) ticks = lastIssued + 1n;
  lastIssued = ticks;
  return ticks;
}
