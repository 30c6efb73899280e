import { createHmac } from 'node:crypto';

/**
 * Stable, non-reversible stand-in for an author handle: HMAC-SHA256 keyed with the installation
 * secret, so the same handle always maps to the same pseudonym here but cannot be recomputed
 * (or matched across installations) without the secret. Handles are compared case-insensitively
 * and without a leading "@", as platforms do.
 */
export function pseudonymize(author: string, secret: string): string {
  const handle = author.normalize('NFC').trim().replace(/^@+/, '').toLowerCase();
  return `tg-${createHmac('sha256', secret).update(handle, 'utf8').digest('hex').slice(0, 8)}`;
}
