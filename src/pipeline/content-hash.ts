import { createHash } from 'node:crypto';

/**
 * Exact-duplicate key: SHA-256 of the folded text, so copies that differ only in Unicode form
 * (NFC/NFD), case, tone-mark placement, diacritics or spacing collide. Hashing is pure computation.
 */
export function contentHash(folded: string): string {
  return createHash('sha256').update(folded, 'utf8').digest('hex');
}
