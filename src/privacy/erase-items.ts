import type { CheckpointResult, DecisionText, ErasureTarget } from '../storage/erasure.js';
import type { Store } from '../storage/store.js';
import { foldWord } from '../text/fold-word.js';
import { purgeEvidenceFiles } from './evidence-purge.js';

export interface EraseCounts {
  /** Items deleted outright (no decision hangs on them). */
  deleted: number;
  /** Items kept as shells (verdicts, claim membership or grievance kept; personal data gone). */
  scrubbed: number;
  /** Raw author handles (item_authors rows) removed. */
  authors: number;
  sightings: number;
  /** Classification rows deleted (with their item) or cleaned of words taken from the post (shells). */
  classifications: number;
  /** Evidence rows removed. */
  evidence: number;
  /** Evidence files (HTML snapshots, screenshots) removed from disk. */
  evidenceFiles: number;
}

export const EMPTY_ERASE_COUNTS: EraseCounts = { deleted: 0, scrubbed: 0, authors: 0, sightings: 0, classifications: 0, evidence: 0, evidenceFiles: 0 };

export interface EraseOptions {
  /** Evidence files live under <dataDir>/evidence. */
  dataDir: string;
  ids: number[];
  now?: Date;
  /** Items per write transaction (default 2000): reviewers never wait long on the lock. */
  batchSize?: number;
  /** Checkpoint and truncate the WAL at the end (default true). Batch callers pass false and checkpoint once. */
  checkpoint?: boolean;
  /**
   * 'bulk' (default) records deletions as FTS tombstones and rewrites the index at the end
   * (incremental merge in short transactions): ~25× faster per item than 'secure', and the only
   * mode that also rewrites the page-boundary keys (%_idx), where FTS5 secure-delete leaves prefixes
   * of deleted terms (a full term when a neighbour shares all but its last character, e.g. numbers).
   * 'secure' removes each document's terms at once, with no index rewrite.
   */
  fts?: 'secure' | 'bulk';
  /** In bulk mode, rewrite the FTS index at the end (default true; a caller erasing in several calls passes false to all but the last). */
  ftsOptimize?: boolean;
  /** Told how the final checkpoint went (busy = 1: a reader kept the WAL from being truncated). */
  onCheckpoint?: (r: CheckpointResult) => void;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Erases the personal data of these items (retention purge, data-subject deletion). An item that
 * carries the organisation's decisions becomes a shell; any other item is deleted. Already
 * erased shells and unknown ids are skipped. Writes no audit row: callers record counts.
 */
export async function eraseItems(store: Store, o: EraseOptions): Promise<EraseCounts> {
  const batchSize = o.batchSize ?? 2000;
  const now = (o.now ?? new Date()).toISOString();
  const ids = [...new Set(o.ids)];
  const counts: EraseCounts = { ...EMPTY_ERASE_COUNTS };
  const bulk = (o.fts ?? 'bulk') === 'bulk';
  // Freed cells and pages are zeroed by PRAGMA secure_delete, which Db.open sets on every connection.
  // Set either way: a bulk run that crashed before its end would otherwise leave it off.
  await store.write(() => store.erasure.ftsSecureDelete(!bulk));
  try {
    for (let i = 0; i < ids.length; i += batchSize) {
      const chunk = ids.slice(i, i + batchSize);
      const c = await store.write(() => eraseBatch(store, o.dataDir, chunk, now));
      for (const k of Object.keys(counts) as (keyof EraseCounts)[]) counts[k] += c[k];
      o.onProgress?.(Math.min(i + batchSize, ids.length), ids.length);
    }
  } finally {
    if (bulk) {
      // Also after a failure: what was deleted so far must not stay in the index.
      if (o.ftsOptimize !== false) await store.erasure.ftsOptimize();
      await store.write(() => store.erasure.ftsSecureDelete(true));
    }
  }
  if (o.checkpoint !== false) {
    const r = await store.erasure.checkpoint();
    o.onCheckpoint?.(r);
  }
  return counts;
}

async function eraseBatch(store: Store, dataDir: string, ids: number[], now: string): Promise<EraseCounts> {
  const targets = (await store.erasure.targets(ids)).filter((t) => !t.erased);
  if (targets.length === 0) return { ...EMPTY_ERASE_COUNTS };
  const shells = targets.filter((t) => t.keep);
  const gone = targets.filter((t) => !t.keep).map((t) => t.id);
  const all = targets.map((t) => t.id);

  const c = await store.erasure.childCounts(all);
  // Inside the transaction, so a capture finishing meanwhile cannot add files we would miss.
  const evidenceFiles = await purgeEvidenceFiles(store, dataDir, all);
  const deleted = await store.erasure.deleteItems(gone);

  const shellIds = shells.map((t) => t.id);
  const byId = new Map(shells.map((t) => [t.id, t]));
  for (const d of await store.erasure.decisionTexts(shellIds)) {
    const t = byId.get(d.itemId);
    if (!t) continue;
    const cleaned = cleanDecisionText(d, t);
    if (cleaned) await store.erasure.setDecisionText(cleaned);
  }
  for (const r of await store.erasure.reasonsFor(shellIds)) {
    const cleaned = cleanReasons(r.reasons);
    if (cleaned !== null) await store.erasure.setReasons(r.itemId, cleaned);
  }
  const scrubbed = await store.erasure.shellItems(shellIds, now);
  return { deleted, scrubbed, ...c, evidenceFiles };
}

/**
 * Reasons keep labels, rule ids and claim statements (the organisation's own texts); they lose
 * what came from the post: model features are words and word pairs of the text, spans are
 * offsets into it. Returns null when nothing changed.
 */
function cleanReasons(json: string): string | null {
  let reasons: unknown;
  try {
    reasons = JSON.parse(json);
  } catch {
    return '[]';
  }
  if (!Array.isArray(reasons)) return '[]';
  let changed = false;
  const out = reasons.map((r: Record<string, unknown>) => {
    if (r && Array.isArray(r.features) && r.features.length > 0) {
      changed = true;
      return { ...r, features: [] };
    }
    if (r && Array.isArray(r.spans) && r.spans.length > 0) {
      changed = true;
      return { ...r, spans: [] };
    }
    return r;
  });
  return changed ? JSON.stringify(out) : null;
}

function cleanDecisionText(d: DecisionText, t: ErasureTarget): DecisionText | null {
  const reason = d.reason === null ? null : stripQuotes(d.reason, t);
  const note = d.note === null ? null : stripQuotes(d.note, t);
  return reason === d.reason && note === d.note ? null : { ...d, reason, note };
}

/** Consecutive words (Vietnamese: syllables) a reviewer's text must share with the post to count as a quotation. */
const QUOTE_WORDS = 5;
const WORD = /[\p{L}\p{N}]+/gu;
const MARK = '[…]';

/**
 * Removes from a reviewer's free text what was copied from the post: the URLs and handle
 * verbatim, and every run of QUOTE_WORDS or more consecutive words (compared folded: case,
 * diacritics) that also occurs in the post's title or text. The reviewer's own words stay.
 */
function stripQuotes(s: string, t: ErasureTarget): string {
  let out = s;
  for (const v of [t.url, t.canonicalUrl, t.rawAuthor, t.authorPseudonym]) {
    if (v && v.length >= 3) out = out.split(v).join(MARK);
  }
  const source = [...`${t.title ?? ''} ${t.text}`.matchAll(WORD)].map((m) => foldWord(m[0]));
  if (source.length < QUOTE_WORDS) return out;
  const grams = new Set<string>();
  for (let i = 0; i + QUOTE_WORDS <= source.length; i++) grams.add(source.slice(i, i + QUOTE_WORDS).join(' '));
  const words = [...out.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, fold: foldWord(m[0]) }));
  const marked = new Array<boolean>(words.length).fill(false);
  for (let i = 0; i + QUOTE_WORDS <= words.length; i++) {
    if (grams.has(words.slice(i, i + QUOTE_WORDS).map((w) => w.fold).join(' '))) marked.fill(true, i, i + QUOTE_WORDS);
  }
  if (!marked.includes(true)) return out;
  let result = '';
  let pos = 0;
  for (let i = 0; i < words.length; i++) {
    if (!marked[i]) continue;
    let j = i;
    while (j + 1 < words.length && marked[j + 1]) j++;
    result += out.slice(pos, words[i].start) + MARK;
    pos = words[j].end;
    i = j;
  }
  return result + out.slice(pos);
}
