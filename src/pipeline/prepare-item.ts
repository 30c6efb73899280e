import type { RawItem } from '../types.js';
import { analyze } from '../text/index.js';
import { canonicalUrl } from './canonical-url.js';
import { contentHash } from './content-hash.js';
import { MIN_NEAR_DUP_TOKENS, type DedupeKey } from './dedupe.js';
import { simhash, type Simhash } from './simhash.js';

/** A raw item normalised and fingerprinted, ready for dedupe, classification and storage. */
export interface PreparedItem {
  sourceId: string;
  unit: string | null;
  url: string | null;
  title: string | null;
  /** Original text, unchanged: classifier spans are offsets into it. */
  text: string;
  /** Folded title + text: the search document. */
  folded: string;
  publishedAt: string | null;
  simhash: Simhash;
  key: DedupeKey;
}

function blankToNull(s: string | undefined): string | null {
  return s === undefined || s.trim() === '' ? null : s;
}

function isoOrNull(s: string | undefined): string | null {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export function prepareItem(raw: RawItem, defaultSource: string): PreparedItem {
  const body = analyze(raw.text);
  const title = blankToNull(raw.title);
  const titleFolded = title ? analyze(title).folded : '';
  const url = blankToNull(raw.url)?.trim() ?? null;
  const fingerprint = simhash(body.tokens.map((t) => t.fold));
  // A text with no letters at all (emoji, a bare link) folds to ''; hash its normalised form instead
  // so such posts are not all "duplicates" of each other.
  const hashInput = body.folded !== '' ? body.folded : `\u0000${body.normalized.trim()}`;
  return {
    sourceId: blankToNull(raw.source)?.trim() ?? defaultSource,
    unit: blankToNull(raw.unit)?.trim() ?? null,
    url,
    title,
    text: raw.text,
    folded: titleFolded ? `${titleFolded} ${body.folded}` : body.folded,
    publishedAt: isoOrNull(raw.publishedAt),
    simhash: fingerprint,
    key: {
      contentHash: contentHash(hashInput),
      canonicalUrl: url ? canonicalUrl(url) : null,
      simhash: body.tokens.length >= MIN_NEAR_DUP_TOKENS ? fingerprint : null,
    },
  };
}
