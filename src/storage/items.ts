import type { DedupeKey } from '../pipeline/dedupe.js';
import { hammingDistance, NEAR_DUP_MAX_DISTANCE, simhashBands, simhashToSigned, type Simhash } from '../pipeline/simhash.js';
import { insertRows } from './bulk-insert.js';
import { itemReads } from './item-reads.js';
import type { SqlDb } from './sql-db.js';
import { jsonList, jsonRows, jsonValues } from './sql-fragments.js';

/** A new item as the ingest job hands it over; `id` comes from `allocateIds()` in the same transaction. */
export interface NewItem {
  id: number;
  sourceId: string;
  unit: string | null;
  url: string | null;
  canonicalUrl: string | null;
  title: string | null;
  text: string;
  folded: string;
  contentHash: string;
  simhash: Simhash;
  authorPseudonym: string | null;
  /** Goes to item_authors only. */
  rawAuthor: string | null;
  publishedAt: string | null;
  collectedAt: string;
  /**
   * The queue's summary of the item's classification (classificationSummary), written with the
   * row; its details follow with `classifications.saveMany(…, { fresh: true })` in the same write.
   */
  summary?: { maxScore: number; flagged: 0 | 1; classifiedAt: string } | null;
}

export interface NewSighting {
  itemId: number;
  sourceId: string | null;
  url: string | null;
  authorPseudonym: string | null;
  kind: 'exact' | 'url' | 'near';
  distance: number | null;
  seenAt: string;
}

/** A stored item matching one part of a dedupe key (its hash, its URL, or a simhash band). */
export interface DedupeCandidate {
  id: number;
  key: Partial<DedupeKey>;
}

interface CandidateRaw {
  id: number;
  hash: string | null;
  url: string | null;
  hi: number | null;
  lo: number | null;
}

// Index-only reads: content_hash and canonical_url come from their indexes, the fingerprint from
// the (band, simhash) indexes, split into two exact 32-bit halves. Every lookup binds one JSON
// array per list, so each statement is prepared once whatever the batch size.
const FINGERPRINT = '(simhash >> 32) & 4294967295 AS hi, simhash & 4294967295 AS lo';
// On PostgreSQL every lookup is a LATERAL index probe per key: with IN (list) the plan depends on
// statistics, and a table that grew since the last ANALYZE (a first crawl: autovacuum analyses a
// minute later at best) is costed at 0.5 % of its rows per key, which hash-joined six full scans
// of it for a page of 20 posts (60 ms at 20,000 items instead of 1 ms; issue 16). A probe per key
// (OFFSET 0 keeps the planner from flattening it back into that join) stays an index scan whatever
// the statistics say.
const candidatesSql = (db: SqlDb) => {
  const FP = '(i.simhash >> 32) & 4294967295 AS hi, i.simhash & 4294967295 AS lo';
  if (db.dialect === 'postgres') {
    const probe = (param: string, type: 'text' | 'int', cols: string, where: string) =>
      `SELECT ${cols} FROM (SELECT DISTINCT value FROM (${jsonValues(db, param, type)}) AS l) AS k
         CROSS JOIN LATERAL (SELECT * FROM items WHERE ${where} = k.value OFFSET 0) AS i`;
    return [
      probe('?1', 'text', 'i.id, i.content_hash AS hash, CAST(NULL AS TEXT) AS url, CAST(NULL AS BIGINT) AS hi, CAST(NULL AS BIGINT) AS lo', 'content_hash'),
      probe('?2', 'text', 'i.id, NULL, i.canonical_url, NULL, NULL', 'canonical_url'),
      ...[0, 1, 2, 3].map((b) => probe(`?${b + 3}`, 'int', `i.id, NULL, NULL, ${FP}`, `sh${b}`)),
    ].join(' UNION ALL ');
  }
  return [
    `SELECT id, content_hash AS hash, CAST(NULL AS TEXT) AS url, CAST(NULL AS BIGINT) AS hi, CAST(NULL AS BIGINT) AS lo FROM items WHERE content_hash IN ${jsonList(db, '?1')}`,
    `SELECT id, NULL, canonical_url, NULL, NULL FROM items WHERE canonical_url IN ${jsonList(db, '?2')}`,
    ...[0, 1, 2, 3].map((b) => `SELECT id, NULL, NULL, ${FINGERPRINT} FROM items WHERE sh${b} IN ${jsonList(db, `?${b + 3}`, 'int')}`),
  ].join(' UNION ALL ');
};
/**
 * Ingest's lock on PostgreSQL (across nodes). A batch of up to KEY_LOCKS_MAX dedupe keys holds it
 * shared and locks its own keys; a larger one holds it exclusive (see `lockIngest`).
 */
export const INGEST_LOCK = 'items.ingest';
/**
 * Above this many keys a batch locks the whole ingest instead of its keys: every advisory lock takes
 * a slot of the server's shared lock table (max_locks_per_transaction × max_connections, 6,400 by
 * default), and a crawled page (20 posts: about 100 keys) should never come near it.
 */
export const KEY_LOCKS_MAX = 256;

/**
 * The lock names of a batch's dedupe keys: its content hash, canonical URL and each simhash band
 * (a near copy shares at least one band with its original, and an exact copy all four), so two
 * batches that could duplicate each other always share a name, and other batches none.
 */
export function ingestLockKeys(keys: DedupeKey[]): string[] {
  const names = new Set<string>();
  for (const k of keys) {
    names.add(`h${k.contentHash}`);
    if (k.canonicalUrl !== null) names.add(`u${k.canonicalUrl}`);
    if (k.simhash) simhashBands(k.simhash).forEach((v, b) => names.add(`b${b}:${v}`));
  }
  return [...names];
}
const NEAR_SQL = [0, 1, 2, 3].map((b) => `SELECT id, ${FINGERPRINT} FROM items WHERE sh${b} = ?${b + 1}`).join(' UNION ALL ');

function toCandidates(rows: CandidateRaw[]): DedupeCandidate[] {
  const out: DedupeCandidate[] = [];
  const seenBand = new Set<number>();
  for (const r of rows) {
    if (r.hash !== null) out.push({ id: r.id, key: { contentHash: r.hash } });
    else if (r.url !== null) out.push({ id: r.id, key: { canonicalUrl: r.url } });
    else if (!seenBand.has(r.id)) {
      seenBand.add(r.id);
      out.push({ id: r.id, key: { simhash: { hi: r.hi!, lo: r.lo! } } });
    }
  }
  return out;
}

const ITEM_COLUMNS = [
  'id', 'source_id', 'unit', 'url', 'canonical_url', 'title', 'text', 'folded', 'author_pseudonym',
  'content_hash', 'simhash', 'sh0', 'sh1', 'sh2', 'sh3', 'published_at', 'collected_at', 'max_score', 'flagged', 'classified_at',
] as const;

export function itemsRepo(db: SqlDb) {
  const CANDIDATES_SQL = candidatesSql(db);
  return {
    ...itemReads(db),

    /**
     * `n` new ids, ascending, for the items of one batch (inserted with `insertMany`). Call inside the
     * write that inserts, after `lockIngest()`. PostgreSQL draws them from the identity sequence, so
     * concurrent batches never share one; SQLite's one writer counts on from the largest id.
     */
    async allocateIds(n: number): Promise<number[]> {
      if (n <= 0) return [];
      if (db.dialect === 'postgres') {
        const rows = await db.all<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('items', 'id')) AS id FROM generate_series(1, ?)`, [n]);
        return rows.map((r) => r.id).sort((a, b) => a - b);
      }
      const first = (await db.get<{ next: number }>('SELECT coalesce(max(id), 0) + 1 AS next FROM items'))!.next;
      return Array.from({ length: n }, (_, i) => first + i);
    },

    /**
     * Takes ingest's locks until the end of this write transaction, so that another node cannot
     * store a copy of one of `keys` between our dedupe read and our commit. On PostgreSQL a batch
     * locks only its own dedupe keys (one statement, in key order so two batches never deadlock)
     * under INGEST_LOCK held shared: batches of different posts store in parallel, on one node or
     * many (one lock for everything made ingest one batch at a time: issue 16). A batch with more
     * than KEY_LOCKS_MAX keys takes INGEST_LOCK exclusive. SQLite's one writer needs nothing more.
     */
    async lockIngest(keys: DedupeKey[]): Promise<void> {
      if (db.dialect !== 'postgres') return;
      const names = ingestLockKeys(keys);
      if (names.length > KEY_LOCKS_MAX) return db.lock(INGEST_LOCK);
      await db.get('SELECT pg_advisory_xact_lock_shared(hashtext(?))', [INGEST_LOCK]);
      // The two-key form keeps these apart from the single-key locks of db.lock().
      await db.get(
        `SELECT count(pg_advisory_xact_lock(hashtext(?1), k)) AS n
           FROM (SELECT DISTINCT hashtext(v) AS k FROM json_array_elements_text(CAST(?2 AS json)) AS v ORDER BY k) AS keys`,
        [INGEST_LOCK, JSON.stringify(names)],
      );
    },

    /**
     * Stored items that may duplicate any of `keys`: same content hash, same canonical URL, or a
     * shared simhash band. The caller (pipeline/dedupe) applies the Hamming check. Final only
     * inside a write after `lockIngest()`.
     */
    async dedupeCandidates(keys: DedupeKey[]): Promise<DedupeCandidate[]> {
      if (keys.length === 0) return [];
      const bands: number[][] = [[], [], [], []];
      for (const k of keys) {
        if (!k.simhash) continue;
        simhashBands(k.simhash).forEach((v, b) => bands[b].push(v));
      }
      const urls = keys.map((k) => k.canonicalUrl).filter((u): u is string => u !== null);
      const rows = await db.all<CandidateRaw>(CANDIDATES_SQL, [
        JSON.stringify(keys.map((k) => k.contentHash)),
        JSON.stringify(urls),
        ...bands.map((b) => JSON.stringify(b)),
      ]);
      return toCandidates(rows);
    },

    /** Closest stored item within the near-duplicate threshold, if any. */
    async findNearDuplicate(s: Simhash): Promise<{ id: number; distance: number } | null> {
      const rows = await db.all<{ id: number; hi: number; lo: number }>(NEAR_SQL, simhashBands(s));
      let best: { id: number; distance: number } | null = null;
      for (const r of rows) {
        const d = hammingDistance(s, r);
        if (d <= NEAR_DUP_MAX_DISTANCE && (!best || d < best.distance)) best = { id: r.id, distance: d };
      }
      return best;
    },

    async findByContentHash(hash: string): Promise<number | undefined> {
      return (await db.get<{ id: number }>('SELECT id FROM items WHERE content_hash = ?', [hash]))?.id;
    },

    async findByCanonicalUrl(url: string): Promise<number | undefined> {
      return (await db.get<{ id: number }>('SELECT id FROM items WHERE canonical_url = ? ORDER BY id LIMIT 1', [url]))?.id;
    },

    /** Inserts items (and their raw authors, into item_authors only); run inside `db.write`. */
    async insertMany(items: NewItem[]): Promise<void> {
      if (items.length === 0) return;
      // Units: an item without one inherits its source's (one lookup per distinct source).
      const units = new Map<string, string | null>();
      for (const id of new Set(items.filter((it) => it.unit === null).map((it) => it.sourceId))) {
        units.set(id, (await db.get<{ unit: string | null }>('SELECT unit FROM sources WHERE id = ?', [id]))?.unit ?? null);
      }
      const rows = items.map((it) => [
        it.id, it.sourceId, it.unit ?? units.get(it.sourceId) ?? null, it.url, it.canonicalUrl, it.title, it.text, it.folded,
        it.authorPseudonym, it.contentHash,
        // The driver cannot bind 64-bit integers; a decimal string is stored losslessly as INTEGER.
        simhashToSigned(it.simhash).toString(),
        ...simhashBands(it.simhash), it.publishedAt, it.collectedAt,
        it.summary?.maxScore ?? null, it.summary?.flagged ?? 0, it.summary?.classifiedAt ?? null,
      ]);
      await insertRows(db, 'items', ITEM_COLUMNS, rows);
      // Ids from elsewhere (a copy of an installation) must not be handed out again by the sequence;
      // ids from allocateIds() are behind it already, and setting it back would reuse a concurrent
      // batch's ids.
      if (db.dialect === 'postgres') {
        await db.get(`SELECT setval(pg_get_serial_sequence('items', 'id'), ?1) FROM items_id_seq WHERE last_value < ?1 OR NOT is_called`, [Math.max(...items.map((it) => it.id))]);
      }
      const authors = items.filter((it) => it.rawAuthor).map((it) => [it.id, it.rawAuthor]);
      await insertRows(db, 'item_authors', ['item_id', 'raw_author'], authors);
    },

    /** Records later copies and bumps their first copy's duplicate_count; run inside `db.write`. */
    async addSightings(sightings: NewSighting[]): Promise<void> {
      if (sightings.length === 0) return;
      const json = JSON.stringify(sightings);
      // Row locks in id order first: two batches with copies of the same items (near copies
      // sharing a different band each) would otherwise update them in any order and could deadlock.
      if (db.dialect === 'postgres') {
        await db.all(`SELECT id FROM items WHERE id IN (SELECT CAST(e.value->>'itemId' AS BIGINT) FROM ${jsonRows(db)}) ORDER BY id FOR UPDATE`, [json]);
      }
      await db.run(`INSERT INTO item_sightings (item_id, source_id, url, author_pseudonym, kind, distance, seen_at)
        SELECT CAST(e.value->>'itemId' AS BIGINT), e.value->>'sourceId', e.value->>'url', e.value->>'authorPseudonym', e.value->>'kind',
          CAST(e.value->>'distance' AS INTEGER), e.value->>'seenAt' FROM ${jsonRows(db)}`, [json]);
      await db.run(`UPDATE items SET duplicate_count = duplicate_count + s.n
        FROM (SELECT CAST(e.value->>'itemId' AS BIGINT) AS id, count(*) AS n FROM ${jsonRows(db)} GROUP BY 1) AS s
        WHERE items.id = s.id`, [json]);
    },

    async sightings(itemId: number) {
      return db.all<{ id: number; source_id: string | null; url: string | null; author_pseudonym: string | null; kind: string; distance: number | null; seen_at: string }>(
        'SELECT id, source_id, url, author_pseudonym, kind, distance, seen_at FROM item_sightings WHERE item_id = ? ORDER BY id',
        [itemId],
      );
    },

    async count(): Promise<number> {
      return (await db.get<{ n: number }>('SELECT count(*) AS n FROM items'))!.n;
    },
  };
}

export type ItemsRepo = ReturnType<typeof itemsRepo>;
