// Checks of a client constructor's options, so that a wrong call fails at once with a
// ConfigurationError that says what to give, never with a TypeError from deep inside.
import { kindOf } from './echo.js';
import { ConfigurationError } from './errors.js';
import type { LeakyBucketOptions } from './limiter.js';

/** The options object itself, and every named text option that is present. */
export function checkClientOptions(client: string, options: unknown, expected: string, textKeys: string[]): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigurationError(`new ${client}() needs its options: ${expected}; got ${options === undefined ? 'nothing' : kindOf(options)}`);
  }
  for (const key of textKeys) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined && typeof value !== 'string') {
      throw new ConfigurationError(`${client}: the option "${key}" must be text, not ${kindOf(value)}`);
    }
  }
}

/**
 * A client's `rateLimit` option: false (no client-side limit), a preset's name, or the bucket's
 * numbers (capacity >= 1, drainPerSecond > 0). Undefined stays undefined (the client's default).
 */
export function rateLimitOption<T extends LeakyBucketOptions>(
  client: string,
  value: unknown,
  presets: Record<string, T>,
): T | LeakyBucketOptions | false | undefined {
  if (value === undefined || value === false) return value;
  const names = Object.keys(presets);
  const how = `${names.length > 0 ? `a preset (${names.map((n) => `"${n}"`).join(', ')}), ` : ''}{ capacity, drainPerSecond }, or false`;
  if (typeof value === 'string') {
    if (Object.hasOwn(presets, value)) return presets[value]!;
    throw new ConfigurationError(`${client}: unknown rateLimit ${JSON.stringify(value.slice(0, 40))}; give ${how}`);
  }
  const bucket = value as Partial<LeakyBucketOptions> | null;
  if (typeof bucket !== 'object' || bucket === null || !(Number(bucket.capacity) >= 1) || !(Number(bucket.drainPerSecond) > 0)) {
    throw new ConfigurationError(`${client}: rateLimit must be ${how} with capacity >= 1 and drainPerSecond > 0`);
  }
  return bucket as LeakyBucketOptions;
}
