import type { DedupeKey } from '../pipeline/dedupe.js';
import { hammingDistance, NEAR_DUP_MAX_DISTANCE, simhashBands, simhashToSigned, type Simhash } from '../pipeline/simhash.js';
import { insertRows } from './bulk-insert.js';
import { itemReads } from './item-reads.js';
import type { SqlDb } from './sql-db.js';
import { jsonList, jsonRows } from './sql-fragments.js';

/** A new item as the ingest job hands it over; `id` comes from `nextId()` in the same transaction. */
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
const candidatesSql = (db: SqlDb) =>
  [
    // Typed NULLs: PostgreSQL settles a UNION's column types branch by branch.
    `SELECT id, content_hash AS hash, CAST(NULL AS TEXT) AS url, CAST(NULL AS BIGINT) AS hi, CAST(NULL AS BIGINT) AS lo FROM items WHERE content_hash IN ${jsonList(db, '?1')}`,
    `SELECT id, NULL, canonical_url, NULL, NULL FROM items WHERE canonical_url IN ${jsonList(db, '?2')}`,
    ...[0, 1, 2, 3].map((b) => `SELECT id, NULL, NULL, ${FINGERPRINT} FROM items WHERE sh${b} IN ${jsonList(db, `?${b + 3}`, 'int')}`),
  ].join(' UNION ALL ');
/** Ingest's lock (PostgreSQL: across nodes): dedupe lookups, id allocation and inserts of one batch happen under it. */
export const INGEST_LOCK = 'items.ingest';
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
  'content_hash', 'simhash', 'sh0', 'sh1', 'sh2', 'sh3', 'published_at', 'collected_at',
] as const;

export function itemsRepo(db: SqlDb) {
  const CANDIDATES_SQL = candidatesSql(db);
  return {
    ...itemReads(db),

    /**
     * First id of a batch; the caller numbers the batch's new items from it and `insertMany` moves
     * the id sequence past them. Call inside the write that inserts, after `lockIngest()`, so no
     * other node allocates from the same point meanwhile.
     */
    async nextId(): Promise<number> {
      const sql = db.dialect === 'postgres' ? `SELECT nextval(pg_get_serial_sequence('items', 'id')) AS next` : 'SELECT coalesce(max(id), 0) + 1 AS next FROM items';
      return (await db.get<{ next: number }>(sql))!.next;
    },

    /**
     * Takes the ingest lock until the end of this write transaction: dedupe reads, id allocation
     * and inserts of a batch happen under it, so that on PostgreSQL another node cannot store a
     * copy between our dedupe read and our commit (SQLite's one writer already guarantees it).
     */
    async lockIngest(): Promise<void> {
      await db.lock(INGEST_LOCK);
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
      ]);
      await insertRows(db, 'items', ITEM_COLUMNS, rows);
      // The ids were numbered from nextId() on: the identity sequence must not hand them out again.
      if (db.dialect === 'postgres') {
        await db.get(`SELECT setval(pg_get_serial_sequence('items', 'id'), ?)`, [Math.max(...items.map((it) => it.id))]);
      }
      const authors = items.filter((it) => it.rawAuthor).map((it) => [it.id, it.rawAuthor]);
      await insertRows(db, 'item_authors', ['item_id', 'raw_author'], authors);
    },

    /** Records later copies and bumps their first copy's duplicate_count; run inside `db.write`. */
    async addSightings(sightings: NewSighting[]): Promise<void> {
      if (sightings.length === 0) return;
      const json = JSON.stringify(sightings);
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
