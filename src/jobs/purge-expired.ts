import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_THROTTLE } from '../review/login-throttle.js';
import type { CheckpointResult } from '../storage/erasure.js';
import type { RetentionWindow } from '../storage/retention.js';
import type { Store } from '../storage/store.js';
import { EMPTY_ERASE_COUNTS, eraseItems, type EraseCounts } from '../privacy/erase-items.js';
import { reduceOldDigests } from './reduce-digests.js';

export interface PurgeOptions {
  /** Never-flagged, undecided items are erased this many days after collection (config.retention.unflaggedDays). */
  unflaggedDays: number;
  /** Flagged or decided items this many days after the last decision (config.retention.flaggedDays). */
  flaggedDays: number;
  now?: Date;
  /** Evidence files live under <dataDir>/evidence, the crawl spool under <dataDir>/crawl-spool. */
  dataDir: string;
  spoolDir?: string;
  /** Digest mails written as files when no SMTP server is configured (config.digest.outboxDir, <dataDir>/outbox). */
  outboxDir?: string;
  /** Session lifetimes (config.review); expired sessions are deleted. */
  sessions?: { idleMs: number; maxMs: number };
  /** Tipline (config.tipline.replyDays): the chat ids kept to answer a member are cleared after this many days (default 30). */
  tipReplyDays?: number;
  /** Who is purging, for the audit log: "system:retention" for the schedule, "cli:<user>" for the CLI. */
  actor: string;
  /** Count only: nothing is deleted and no audit row is written. */
  dryRun?: boolean;
  /** Items per write transaction: small enough that reviewers never wait long on the lock. */
  batchSize?: number;
  onProgress?: (window: RetentionWindow, done: number, total: number) => void;
}

export interface WindowResult extends EraseCounts {
  days: number;
  /** Unflagged: collected before this; flagged: last decision before this. */
  cutoff: string;
  /** Items that expired in this window (deleted + scrubbed; in a dry run, what would be). */
  items: number;
  seconds: number;
}

export interface PurgeResult {
  now: string;
  dryRun: boolean;
  windows: Record<RetentionWindow, WindowResult>;
  /**
   * Personal data outside items: failed-login rows, expired sessions, stale crawl spool files,
   * outbox digest mails older than the flagged window, digests reduced to counts.
   */
  other: { loginAttempts: number; sessions: number; spoolFiles: number; outboxFiles: number; digests: number };
  /** Seconds spent rewriting the search index after bulk erasure (0 when nothing was erased or in a dry run). */
  ftsSeconds?: number;
  /** How the final WAL checkpoint went (busy = 1: a reader kept the WAL from being truncated). Absent in a dry run. */
  checkpoint?: CheckpointResult;
  /** The audit row recording this purge (absent in a dry run). */
  auditId?: number;
}

const DAY_MS = 86_400_000;
const WINDOWS: RetentionWindow[] = ['unflagged', 'flagged'];

function checkDays(name: string, days: number): void {
  if (!Number.isInteger(days) || days < 1) throw new Error(`${name} must be a whole number of days ≥ 1, got ${days}`);
}

/**
 * The retention purge: both windows, then what else holds personal data past its use. Items that
 * carry the organisation's decisions stay as shells (eraseItems); claims, responses and the audit
 * log stay. One audit row records the run with counts only, also when it fails half-way.
 */
export async function purgeExpired(store: Store, o: PurgeOptions): Promise<PurgeResult> {
  checkDays('unflagged retention', o.unflaggedDays);
  checkDays('flagged retention', o.flaggedDays);
  const batchSize = o.batchSize ?? 2000;
  const now = o.now ?? new Date();
  const nowMs = now.getTime();
  const days = { unflagged: o.unflaggedDays, flagged: o.flaggedDays };
  const spoolDir = o.spoolDir ?? join(o.dataDir, 'crawl-spool');
  const outboxDir = o.outboxDir ?? join(o.dataDir, 'outbox');
  const sessions = o.sessions ?? { idleMs: 2 * 3_600_000, maxMs: 12 * 3_600_000 };
  const loginBefore = nowMs - DEFAULT_THROTTLE.windowMs;
  const digestBefore = new Date(nowMs - o.flaggedDays * DAY_MS);
  const windows = {} as Record<RetentionWindow, WindowResult>;
  const other = { loginAttempts: 0, sessions: 0, spoolFiles: 0, outboxFiles: 0, digests: 0 };

  if (o.dryRun) {
    for (const w of WINDOWS) {
      const t0 = performance.now();
      const cutoff = new Date(nowMs - days[w] * DAY_MS).toISOString();
      const c = await store.retention.count(w, cutoff);
      windows[w] = {
        ...EMPTY_ERASE_COUNTS, days: days[w], cutoff, items: c.items, deleted: c.items - c.shells, scrubbed: c.shells,
        authors: c.authors, evidence: c.evidence, evidenceFiles: c.evidenceFiles, seconds: secondsSince(t0),
      };
    }
    other.loginAttempts = await store.retention.countLoginAttempts(loginBefore);
    other.sessions = await store.retention.countSessions(nowMs - sessions.idleMs, nowMs - sessions.maxMs);
    other.spoolFiles = purgeOldFiles(spoolDir, new Date(nowMs - o.unflaggedDays * DAY_MS), true);
    other.outboxFiles = purgeOldFiles(outboxDir, digestBefore, true);
    other.digests = await reduceOldDigests(store, digestBefore, true);
    return { now: now.toISOString(), dryRun: true, windows, other };
  }

  let failure: unknown;
  let checkpoint: CheckpointResult | undefined;
  let erasedAny = false;
  let ftsSeconds = 0;
  try {
    for (const w of WINDOWS) {
      const t0 = performance.now();
      const cutoff = new Date(nowMs - days[w] * DAY_MS).toISOString();
      const r: WindowResult = { ...EMPTY_ERASE_COUNTS, days: days[w], cutoff, items: 0, seconds: 0 };
      windows[w] = r;
      const total = o.onProgress ? (await store.retention.count(w, cutoff)).items : 0;
      o.onProgress?.(w, 0, total);
      let cursor = null;
      for (;;) {
        const page = await store.retention.expired(w, cutoff, cursor, batchSize);
        if (page.ids.length === 0) break;
        cursor = page.next;
        // Bulk FTS mode: terms go in one index rewrite at the end instead of per document (~25× faster).
        erasedAny = true;
        const c = await eraseItems(store, { dataDir: o.dataDir, ids: page.ids, now, batchSize, checkpoint: false, fts: 'bulk', ftsOptimize: false });
        for (const k of Object.keys(EMPTY_ERASE_COUNTS) as (keyof EraseCounts)[]) r[k] += c[k];
        r.items = r.deleted + r.scrubbed;
        r.seconds = secondsSince(t0);
        o.onProgress?.(w, r.items, Math.max(total, r.items));
      }
      r.seconds = secondsSince(t0);
    }
    if (erasedAny) ftsSeconds = await optimizeFts(store);
    erasedAny = false;
    other.loginAttempts = await store.write(() => store.loginAttempts.prune(loginBefore));
    other.sessions = await store.write(() => store.sessions.purgeExpired(nowMs - sessions.idleMs, nowMs - sessions.maxMs));
    // Tipline: a member's chat id is kept only so a reviewer can answer; the tip itself follows its item.
    // Replay keys of webhook events outlive the longest accepted event age (a day) by a day.
    await store.write(() => store.tips.clearReplyRefs(new Date(nowMs - (o.tipReplyDays ?? 30) * DAY_MS).toISOString()));
    await store.write(() => store.tips.pruneHookEvents(new Date(nowMs - 2 * DAY_MS).toISOString()));
    other.spoolFiles = purgeOldFiles(spoolDir, new Date(nowMs - o.unflaggedDays * DAY_MS), false);
    // Outbox mails carry the digest as sent (emerging terms taken from posts): the stored digest
    // is reduced to counts after the flagged window, so its mailed copy goes at the same age.
    other.outboxFiles = purgeOldFiles(outboxDir, digestBefore, false);
    other.digests = await reduceOldDigests(store, digestBefore, false);
    // Once, at the end: the WAL still holds the pre-erasure pages until it is truncated.
    checkpoint = await store.erasure.checkpoint();
  } catch (err) {
    failure = err;
    // What was deleted before the failure must not stay in the index either.
    if (erasedAny) await optimizeFts(store).catch(() => undefined);
  }
  const auditId = await store.write(() =>
    store.audit.append({
      at: new Date().toISOString(),
      userId: null,
      username: o.actor,
      action: 'purge',
      targetType: 'items',
      detail: {
        // Counts and cutoffs only, never content.
        ...Object.fromEntries(Object.entries(windows).map(([w, r]) => [w, auditCounts(r)])),
        ...other,
        ...(checkpoint?.busy ? { walBusy: true } : {}),
        ...(failure ? { error: failure instanceof Error ? failure.message : String(failure) } : {}),
      },
    }),
  );
  // The audit row itself went to the WAL; truncating once more leaves no pre-erasure frames.
  if (!failure) checkpoint = await store.erasure.checkpoint();
  if (failure) throw failure;
  return { now: now.toISOString(), dryRun: false, windows, other, ftsSeconds, checkpoint, auditId };
}

/** The FTS rewrite after bulk erasure (incremental merges in short write transactions); returns its seconds. */
async function optimizeFts(store: Store): Promise<number> {
  const t0 = performance.now();
  await store.erasure.ftsOptimize();
  return secondsSince(t0);
}

function auditCounts(r: WindowResult) {
  const { seconds: _seconds, ...counts } = r;
  return counts;
}

/**
 * Deletes the files of `dir` last modified before `before` (not folders); returns how many.
 * Crawl spool files hold raw items (handles included) that could not be stored; one untouched
 * longer than the unflagged window belongs to a source that is gone or broken. Outbox files are
 * digest mails nobody forwarded or cleared within the flagged window.
 */
function purgeOldFiles(dir: string, before: Date, dryRun: boolean): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let n = 0;
  for (const name of names) {
    const path = join(dir, name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st?.isFile() || st.mtime >= before) continue;
    if (!dryRun) rmSync(path, { force: true });
    n++;
  }
  return n;
}

function secondsSince(t0: number): number {
  return Math.round((performance.now() - t0) / 10) / 100;
}
