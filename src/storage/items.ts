import type { DedupeKey } from '../pipeline/dedupe.js';
import { hammingDistance, NEAR_DUP_MAX_DISTANCE, simhashBands, simhashToSigned, type Simhash } from '../pipeline/simhash.js';
import { insertRows } from './bulk-insert.js';
import type { Db } from './db.js';
import { itemReads } from './item-reads.js';

/** A new item as the ingest job hands it over; `id` is allocated with `nextId()` in the same transaction. */
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
const CANDIDATES_SQL = [
  `SELECT id, content_hash AS hash, NULL AS url, NULL AS hi, NULL AS lo FROM items WHERE content_hash IN (SELECT value FROM json_each(?1))`,
  `SELECT id, NULL, canonical_url, NULL, NULL FROM items WHERE canonical_url IN (SELECT value FROM json_each(?2))`,
  ...[0, 1, 2, 3].map((b) => `SELECT id, NULL, NULL, ${FINGERPRINT} FROM items WHERE sh${b} IN (SELECT value FROM json_each(?${b + 3}))`),
].join(' UNION ALL ');
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

export function itemsRepo(db: Db) {
  return {
    ...itemReads(db),

    /** First free id; call inside the write transaction that inserts with it. */
    async nextId(): Promise<number> {
      const r = await db.get<{ next: number }>('SELECT coalesce(max(id), 0) + 1 AS next FROM items');
      return r!.next;
    },

    /**
     * Stored items that may duplicate any of `keys`: same content hash, same canonical URL, or a
     * shared simhash band. The caller (pipeline/dedupe) applies the Hamming check.
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
      const authors = items.filter((it) => it.rawAuthor).map((it) => [it.id, it.rawAuthor]);
      await insertRows(db, 'item_authors', ['item_id', 'raw_author'], authors);
    },

    /** Records later copies and bumps their first copy's duplicate_count; run inside `db.write`. */
    async addSightings(sightings: NewSighting[]): Promise<void> {
      if (sightings.length === 0) return;
      const json = JSON.stringify(sightings);
      await db.run(`INSERT INTO item_sightings (item_id, source_id, url, author_pseudonym, kind, distance, seen_at)
        SELECT value->>'itemId', value->>'sourceId', value->>'url', value->>'authorPseudonym', value->>'kind',
          value->>'distance', value->>'seenAt' FROM json_each(?)`, [json]);
      await db.run(`UPDATE items SET duplicate_count = duplicate_count + s.n
        FROM (SELECT value->>'itemId' AS id, count(*) AS n FROM json_each(?) GROUP BY 1) AS s
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
