// Diadoc timestamps: .NET ticks, 100-nanosecond intervals since 0001-01-01T00:00:00Z.
// A Date holds milliseconds only, so the ticks (bigint) stay the exact value and the Date is a view.

/** A Diadoc `Timestamp` as the client reads it: the exact ticks. */
export interface DiadocTimestamp {
  Ticks: bigint;
}

/** Ticks at the Unix epoch (1970-01-01T00:00:00Z). */
export const unixEpochTicks = 621_355_968_000_000_000n;
export const ticksPerMillisecond = 10_000n;

/** Largest and smallest ticks a .NET DateTime holds (0001-01-01 … 9999-12-31T23:59:59.9999999). */
const maxTicks = 3_155_378_975_999_999_999n;

/**
 * The moment of a timestamp as a Date (to the millisecond; the digits below a millisecond are
 * dropped, towards the past). Accepts the ticks or the `{Ticks}` structure. Throws a RangeError
 * for ticks outside the .NET DateTime range (0 … 3155378975999999999), which no real timestamp has.
 */
export function ticksToDate(ticks: bigint | DiadocTimestamp): Date {
  const value = typeof ticks === 'bigint' ? ticks : ticks?.Ticks;
  if (typeof value !== 'bigint') throw new TypeError('ticksToDate expects a bigint or {Ticks: bigint}');
  if (value < 0n || value > maxTicks) {
    throw new RangeError(`ticksToDate: ${value} is outside the .NET DateTime range (0 … ${maxTicks}, 0001-01-01 … 9999-12-31)`);
  }
  const sinceEpoch = value - unixEpochTicks;
  // BigInt division truncates towards zero; a floor keeps moments before 1970 in the right millisecond.
  let ms = sinceEpoch / ticksPerMillisecond;
  if (sinceEpoch < 0n && sinceEpoch % ticksPerMillisecond !== 0n) ms -= 1n;
  return new Date(Number(ms));
}

/**
 * The ticks of a moment. A Date gives whole milliseconds; pass `extraTicks` (0…9999) to set the
 * 100-nanosecond digits below the millisecond.
 */
export function dateToTicks(date: Date, extraTicks = 0): bigint {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('dateToTicks: invalid Date');
  if (!Number.isInteger(extraTicks) || extraTicks < 0 || extraTicks > 9_999) {
    throw new RangeError('dateToTicks: extraTicks must be a whole number from 0 to 9999');
  }
  const ticks = BigInt(ms) * ticksPerMillisecond + unixEpochTicks + BigInt(extraTicks);
  if (ticks < 0n || ticks > maxTicks) throw new RangeError('dateToTicks: the date is outside the .NET DateTime range');
  return ticks;
}

/** A `{Ticks}` structure for a moment, ready to send. */
export function toDiadocTimestamp(date: Date, extraTicks = 0): DiadocTimestamp {
  return { Ticks: dateToTicks(date, extraTicks) };
}

/** The exact moment as ISO 8601 with all seven fractional digits, e.g. 2025-03-20T09:38:21.3048865Z. */
export function ticksToIsoString(ticks: bigint | DiadocTimestamp): string {
  const value = typeof ticks === 'bigint' ? ticks : ticks.Ticks;
  const date = ticksToDate(value);
  let below = (value - unixEpochTicks) % ticksPerMillisecond;
  if (below < 0n) below += ticksPerMillisecond;
  const iso = date.toISOString(); // …ss.mmmZ
  return `${iso.slice(0, -1)}${below.toString().padStart(4, '0')}Z`;
}
