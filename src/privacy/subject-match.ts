import { canonicalUrl } from '../pipeline/canonical-url.js';
import type { Store } from '../storage/store.js';
import { pseudonymize } from './pseudonymize.js';
import { normalizeHandle, type SubjectType } from './subject-hash.js';

/** A person's handle or a post's URL, as given in a request. */
export interface Subject {
  type: SubjectType;
  value: string;
}

export class SubjectInputError extends Error {}

/** Checks a handle or URL from a form or the command line; returns it trimmed. */
export function parseSubject(type: SubjectType, raw: string): Subject {
  const value = raw.normalize('NFC').trim();
  if (value.length > 500) throw new SubjectInputError(`${type} is too long (500 characters at most)`);
  // Control characters never occur in a real handle or URL; they hint at a paste gone wrong.
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new SubjectInputError(`${type} contains control characters`);
  if (type === 'handle') {
    if (!normalizeHandle(value)) throw new SubjectInputError('handle is empty');
  } else if (!canonicalUrl(value)) {
    throw new SubjectInputError('url must be an absolute http(s) URL');
  }
  return { type, value };
}

/** A masked form for lists and the audit-free parts of the UI: "ng…an", "example.com/…". */
export function subjectHint(s: Subject): string {
  if (s.type === 'url') return `${new URL(canonicalUrl(s.value)!).host}/…`;
  const h = [...normalizeHandle(s.value)];
  return h.length <= 4 ? `${h[0]}…` : `${h.slice(0, 2).join('')}…${h.slice(-2).join('')}`;
}

export interface SubjectMatches {
  subject: Subject;
  /** Items confirmed as the subject's: raw handle equal after normalisation, or URL equal. */
  itemIds: number[];
  /**
   * Handle requests only: items with the subject's pseudonym whose raw handle is no longer stored,
   * so they cannot be confirmed. They are erased with the rest (erasure errs towards deleting) but
   * left out of an export (it must never show another person's post).
   */
  unconfirmedIds: number[];
  /** Later copies (item_sightings) posted by the subject or found at the URL. */
  sightingIds: number[];
}

/** The distinctive part of a URL for a substring pre-filter: its path, or its host for a bare site. */
function needleOf(canonical: string): string {
  const u = new URL(canonical);
  return u.pathname.length > 1 ? u.pathname : u.hostname;
}

/**
 * Everything stored about a handle or URL. Handle: items whose pseudonym matches and whose raw
 * handle, normalised, is the handle (the 32-bit pseudonym alone could collide), plus sightings by
 * that pseudonym. URL: items and sightings at that URL, compared in canonical form.
 */
export async function findSubject(store: Store, subject: Subject, secret: string): Promise<SubjectMatches> {
  const out: SubjectMatches = { subject, itemIds: [], unconfirmedIds: [], sightingIds: [] };
  if (subject.type === 'handle') {
    const pseudonym = pseudonymize(subject.value, secret);
    const wanted = normalizeHandle(subject.value);
    for (const r of await store.subjectData.itemsByPseudonym(pseudonym)) {
      if (r.rawAuthor === null) out.unconfirmedIds.push(r.id);
      else if (normalizeHandle(r.rawAuthor) === wanted) out.itemIds.push(r.id);
    }
    out.sightingIds = (await store.subjectData.sightingsByPseudonym(pseudonym)).map((s) => s.id);
    return out;
  }
  const raw = subject.value;
  const canonical = canonicalUrl(raw);
  out.itemIds = await store.subjectData.itemIdsByUrl(canonical, raw);
  const candidates = canonical ? await store.subjectData.sightingsContaining(needleOf(canonical)) : [];
  out.sightingIds = candidates.filter((s) => s.url === raw || canonicalUrl(s.url) === canonical).map((s) => s.id);
  return out;
}
