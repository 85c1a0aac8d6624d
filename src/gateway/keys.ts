// Gateway keys: callers present a random key; the config holds only its SHA-256. A key carries 256
// random bits, so a fast hash is enough (nothing to guess from it), and every stored hash is
// compared in constant time, all of them on every request, so timing tells nothing either.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const prefix = 'uzel_';
const hashPrefix = 'sha256:';

/** A new key: `uzel_` and 43 base64url characters (32 random bytes). */
export function newKey(): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** What the config stores for a key: `sha256:` and 64 hex digits. */
export function hashKey(key: string): string {
  return `${hashPrefix}${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/** Whether a text is a stored hash as hashKey writes it. */
export const isKeyHash = (text: string): boolean => /^sha256:[0-9a-f]{64}$/.test(text);

/**
 * The index of the stored hash the presented key matches, or -1. Every hash is compared, each in
 * constant time, whatever matched first.
 */
export function matchKey(presented: string, hashes: readonly string[]): number {
  const digest = createHash('sha256').update(presented, 'utf8').digest();
  let found = -1;
  for (const [index, hash] of hashes.entries()) {
    const stored = Buffer.from(hash.slice(hashPrefix.length), 'hex');
    if (stored.length === digest.length && timingSafeEqual(stored, digest) && found === -1) found = index;
  }
  return found;
}

/** The key from an `Authorization: Bearer …` header; undefined when there is none. */
export function bearerKey(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}
