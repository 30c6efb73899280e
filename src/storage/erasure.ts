import type { SqlDb } from './sql-db.js';
import { flag, jsonValues } from './sql-fragments.js';

/** What erasing a set of items will find: one row per existing item. */
export interface ErasureTarget {
  id: number;
  /** Already a shell (erased_at set): nothing personal is left on it. */
  erased: boolean;
  /** Carries the organisation's decisions (verdicts, claim membership, grievance): becomes a shell. */
  keep: boolean;
  title: string | null;
  text: string;
  url: string | null;
  canonicalUrl: string | null;
  authorPseudonym: string | null;
  rawAuthor: string | null;
}

export interface ErasureChildCounts {
  authors: number;
  sightings: number;
  classifications: number;
  evidence: number;
}

export interface DecisionText {
  kind: 'verdict' | 'grievance' | 'grievance_event' | 'flow_event';
  /** verdicts.id, the item id for a grievance, grievance_events.id for a step of its history (reason = finding), item_flow_events.id for an escalation step. */
  id: number;
  itemId: number;
  reason: string | null;
  note: string | null;
}

export interface CheckpointResult {
  /** 1 when a reader kept the checkpoint from finishing (the WAL was then not truncated). */
  busy: number;
  /** Frames in the WAL before, and frames copied into the database file. */
  log: number;
  checkpointed: number;
  /** PostgreSQL: the tables vacuumed (dead row versions with erased text removed), and dead rows VACUUM could not remove yet (an older snapshot still sees them). */
  vacuumed?: string[];
  deadRows?: number;
}

/**
 * PostgreSQL keeps a deleted or updated row's old version until VACUUM: the tables erasure and the
 * purge change (items and their children, decision texts, requests, digests, sessions, tips).
 */
const ERASURE_TABLES = [
  'items', 'item_authors', 'item_sightings', 'item_labels', 'item_rule_hits', 'classifications', 'evidence', 'tips',
  'verdicts', 'grievances', 'grievance_events', 'item_flow_events', 'claim_items', 'subject_requests', 'digests',
  'sessions', 'login_attempts', 'hook_events',
];

/** SQL: item `i` carries the organisation's decisions (verdicts, claim membership, grievance), so erasing it leaves a shell. */
export const CARRIES_DECISIONS = `(EXISTS (SELECT 1 FROM verdicts v WHERE v.item_id = i.id)
  OR EXISTS (SELECT 1 FROM claim_items c WHERE c.item_id = i.id)
  OR EXISTS (SELECT 1 FROM grievances g WHERE g.item_id = i.id))`;

/**
 * The SQL of erasure (src/privacy/erase-items.ts decides, per item, shell or delete). Call the
 * mutating methods inside `db.write()`. Deleting an items row takes every child row with it
 * (ON DELETE CASCADE) and its FTS entry (trigger items_fts_ad); a shell's FTS entry goes through
 * trigger items_fts_au when `folded` is cleared. With FTS5 'secure-delete' (migration 008) and
 * PRAGMA secure_delete the removed terms and cells are overwritten, not just unlinked.
 */
export function erasureRepo(db: SqlDb) {
  const IDS = jsonValues(db, '?', 'int');
  const pg = db.dialect === 'postgres';
  return {
    async targets(ids: number[]): Promise<ErasureTarget[]> {
      if (ids.length === 0) return [];
      const rows = await db.all<{
        id: number; erased_at: string | null; keep: number; title: string | null; text: string; url: string | null;
        canonical_url: string | null; author_pseudonym: string | null; raw_author: string | null;
      }>(
        `SELECT i.id, i.erased_at, i.title, i.text, i.url, i.canonical_url, i.author_pseudonym, a.raw_author,
           ${flag(CARRIES_DECISIONS)} AS keep
         FROM items i LEFT JOIN item_authors a ON a.item_id = i.id
         WHERE i.id IN (${IDS}) ORDER BY i.id`,
        [JSON.stringify(ids)],
      );
      return rows.map((r) => ({
        id: r.id, erased: r.erased_at !== null, keep: r.keep === 1, title: r.title, text: r.text, url: r.url,
        canonicalUrl: r.canonical_url, authorPseudonym: r.author_pseudonym, rawAuthor: r.raw_author,
      }));
    },

    /** Child rows holding personal data that erasing these items removes (or, for classifications, deletes or cleans). */
    async childCounts(ids: number[]): Promise<ErasureChildCounts> {
      const empty = { authors: 0, sightings: 0, classifications: 0, evidence: 0 };
      if (ids.length === 0) return empty;
      return (
        (await db.get<ErasureChildCounts>(
          `WITH t(id) AS MATERIALIZED (${IDS})
           SELECT (SELECT count(*) FROM item_authors WHERE item_id IN (SELECT id FROM t)) AS authors,
             (SELECT count(*) FROM item_sightings WHERE item_id IN (SELECT id FROM t)) AS sightings,
             (SELECT count(*) FROM classifications WHERE item_id IN (SELECT id FROM t)) AS classifications,
             (SELECT count(*) FROM evidence WHERE item_id IN (SELECT id FROM t)) AS evidence`,
          [JSON.stringify(ids)],
        )) ?? empty
      );
    },

    async deleteItems(ids: number[]): Promise<number> {
      if (ids.length === 0) return 0;
      return (await db.run(`DELETE FROM items WHERE id IN (${IDS})`, [JSON.stringify(ids)])).changes;
    },

    /**
     * Turns these items into shells: the row (and its verdicts, claim membership, grievance,
     * labels) stays for the organisation's record; text, title, URLs, pseudonym, raw handle,
     * sightings and evidence go. The content hash becomes unique per id and the simhash bands -1
     * (real bands are 0..65535), so exact and near-duplicate lookups never match a shell.
     */
    async shellItems(ids: number[], now: string): Promise<number> {
      if (ids.length === 0) return 0;
      const p = [JSON.stringify(ids)];
      await db.run(`DELETE FROM item_authors WHERE item_id IN (${IDS})`, p);
      await db.run(`DELETE FROM item_sightings WHERE item_id IN (${IDS})`, p);
      await db.run(`DELETE FROM evidence WHERE item_id IN (${IDS})`, p);
      // A tip's worry, sender pseudonym and reply reference are personal data of the member who sent it.
      await db.run(`DELETE FROM tips WHERE item_id IN (${IDS})`, p);
      const r = await db.run(
        `UPDATE items SET title = NULL, text = '', folded = '', url = NULL, canonical_url = NULL, author_pseudonym = NULL,
           content_hash = 'erased:' || id, simhash = 0, sh0 = -1, sh1 = -1, sh2 = -1, sh3 = -1, erased_at = ?
         WHERE id IN (${IDS})`,
        [now, ...p],
      );
      return r.changes;
    },

    async reasonsFor(ids: number[]): Promise<{ itemId: number; reasons: string }[]> {
      if (ids.length === 0) return [];
      return db.all(`SELECT item_id AS "itemId", reasons FROM classifications WHERE item_id IN (${IDS})`, [JSON.stringify(ids)]);
    },

    /** Rewrites a classification's reasons (trigger classifications_rule_hits_au keeps rule hits in step). */
    async setReasons(itemId: number, reasons: string): Promise<void> {
      await db.run('UPDATE classifications SET reasons = ? WHERE item_id = ?', [reasons, itemId]);
    },

    /** Free text reviewers wrote about these items (it may quote the post). */
    async decisionTexts(ids: number[]): Promise<DecisionText[]> {
      if (ids.length === 0) return [];
      const p = [JSON.stringify(ids)];
      const verdicts = await db.all<DecisionText>(
        `SELECT 'verdict' AS kind, id, item_id AS "itemId", reason, note FROM verdicts WHERE item_id IN (${IDS})`, p);
      const grievances = await db.all<DecisionText>(
        `SELECT 'grievance' AS kind, item_id AS id, item_id AS "itemId", finding AS reason, note FROM grievances WHERE item_id IN (${IDS}) AND (note IS NOT NULL OR finding IS NOT NULL)`, p);
      const events = await db.all<DecisionText>(
        `SELECT 'grievance_event' AS kind, id, item_id AS "itemId", finding AS reason, note FROM grievance_events WHERE item_id IN (${IDS}) AND (note IS NOT NULL OR finding IS NOT NULL)`, p);
      // Reasons for escalating or holding, and the unit above's answer, may quote the post too.
      const flow = await db.all<DecisionText>(
        `SELECT 'flow_event' AS kind, id, item_id AS "itemId", reason, NULL AS note FROM item_flow_events WHERE item_id IN (${IDS})`, p);
      return [...verdicts, ...grievances, ...events, ...flow];
    },

    async setDecisionText(t: DecisionText): Promise<void> {
      if (t.kind === 'verdict') await db.run('UPDATE verdicts SET reason = ?, note = ? WHERE id = ?', [t.reason ?? '', t.note, t.id]);
      else if (t.kind === 'grievance') await db.run('UPDATE grievances SET note = ?, finding = ? WHERE item_id = ?', [t.note, t.reason, t.id]);
      else if (t.kind === 'flow_event') await db.run('UPDATE item_flow_events SET reason = ? WHERE id = ?', [t.reason ?? '', t.id]);
      else await db.run('UPDATE grievance_events SET note = ?, finding = ? WHERE id = ?', [t.note, t.reason, t.id]);
    },

    /**
     * FTS5 'secure-delete' (stored in the index, so for every connection): on, each deleted
     * document's terms are removed from the index pages at once (~8 ms per document at 50k items);
     * off, deletions are recorded as tombstones and the terms go at the next merge. Bulk erasure
     * turns it off and finishes with ftsOptimize(), which rewrites the index without them.
     */
    async ftsSecureDelete(on: boolean): Promise<void> {
      // PostgreSQL: the tsvector is a column of the row; it goes with the row (VACUUM, see checkpoint).
      if (pg) return;
      await db.run(`INSERT INTO items_fts(items_fts, rank) VALUES ('secure-delete', ?)`, [on ? 1 : 0]);
    },

    /**
     * Merges the whole FTS index into one segment, which drops every deleted document's terms and
     * rewrites the page-boundary keys (%_idx) that secure-delete leaves behind. Done as FTS5's
     * incremental 'merge' (the first call negative, then positive until fewer than two rows change,
     * as the FTS5 documentation prescribes) in transactions of `pages` pages, so other writers wait
     * a fraction of a second at a time rather than for a whole 'optimize'. Returns the steps taken.
     */
    async ftsOptimize(pages = 1000): Promise<number> {
      if (pg) return 0;
      for (let step = 0; ; step++) {
        const changed = await db.write(async () => {
          const before = (await db.get<{ n: number }>('SELECT total_changes() AS n'))!.n;
          await db.run(`INSERT INTO items_fts(items_fts, rank) VALUES ('merge', ?)`, [step === 0 ? -pages : pages]);
          return (await db.get<{ n: number }>('SELECT total_changes() AS n'))!.n - before;
        });
        if (changed < 2) return step + 1;
      }
    },

    /**
     * Copies the WAL into the database file and truncates it, so the pre-erasure pages in the WAL
     * are gone too. A reader holding an old snapshot makes it wait (busy timeout), then report busy.
     */
    async checkpoint(): Promise<CheckpointResult> {
      if (pg) return vacuum();
      const r = await db.get<CheckpointResult>('PRAGMA wal_checkpoint(TRUNCATE)');
      return r ?? { busy: 0, log: 0, checkpointed: 0 };
    },
  };

  /**
   * PostgreSQL's counterpart of the WAL checkpoint: VACUUM (outside any transaction) of the tables
   * erasure changes, so the erased rows' old versions leave the heap, its TOAST and its indexes
   * (the GIN index of the folded text too) instead of waiting for autovacuum. Plain VACUUM takes no
   * lock that stops readers or writers; freed space is reused, not zeroed, and WAL and backups keep
   * what they hold (operations guide).
   */
  async function vacuum(): Promise<CheckpointResult> {
    await db.exec(`VACUUM ${ERASURE_TABLES.join(', ')}`);
    const r = await db.get<{ n: number }>(
      `SELECT CAST(coalesce(sum(n_dead_tup), 0) AS BIGINT) AS n FROM pg_stat_user_tables WHERE relname IN (${ERASURE_TABLES.map((t) => `'${t}'`).join(', ')})`,
    );
    return { busy: 0, log: 0, checkpointed: 0, vacuumed: ERASURE_TABLES, deadRows: r?.n ?? 0 };
  }
}

export type ErasureRepo = ReturnType<typeof erasureRepo>;
