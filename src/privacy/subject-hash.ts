import { createHmac } from 'node:crypto';
import { canonicalUrl } from '../pipeline/canonical-url.js';

export type SubjectType = 'handle' | 'url';

/** A handle as platforms compare it: NFC, trimmed, no leading "@", case-insensitive. */
export const normalizeHandle = (handle: string): string => handle.normalize('NFC').trim().replace(/^@+/, '').toLowerCase();

/**
 * Full keyed hash (HMAC-SHA256 with the installation secret) of a handle or URL, for the
 * suppression list and request records: equal inputs match, but the value cannot be read back or
 * matched by another installation. URLs are canonicalised first, so tracking parameters or a
 * trailing slash do not let an erased post back in.
 */
export function subjectHash(type: SubjectType, value: string, secret: string): string {
  const key = type === 'handle' ? normalizeHandle(value) : (canonicalUrl(value) ?? value.trim());
  return createHmac('sha256', secret).update(`${type}:${key}`, 'utf8').digest('hex');
}
