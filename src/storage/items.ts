import type { DedupeKey } from '../pipeline/dedupe.js';
import { bandsToSimhash, hammingDistance, NEAR_DUP_MAX_DISTANCE, simhashBands, type Simhash } from '../pipeline/simhash.js';
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

export interface DedupeCandidate {
  id: number;
  key: DedupeKey;
}

interface CandidateRaw {
  id: number;
  content_hash: string;
  canonical_url: string | null;
  sh0: number;
  sh1: number;
  sh2: number;
  sh3: number;
}

const CANDIDATE_COLUMNS = 'id, content_hash, canonical_url, sh0, sh1, sh2, sh3';
// Every batch lookup binds one JSON array, so each statement is prepared once whatever the batch size.
const CANDIDATES_SQL = [
  `SELECT ${CANDIDATE_COLUMNS} FROM items WHERE content_hash IN (SELECT value FROM json_each(?1))`,
  `SELECT ${CANDIDATE_COLUMNS} FROM items WHERE canonical_url IN (SELECT value FROM json_each(?2))`,
  ...[0, 1, 2, 3].map((b) => `SELECT ${CANDIDATE_COLUMNS} FROM items WHERE sh${b} IN (SELECT value FROM json_each(?${b + 3}))`),
].join(' UNION ');
const NEAR_SQL = [0, 1, 2, 3].map((b) => `SELECT ${CANDIDATE_COLUMNS} FROM items WHERE sh${b} = ?${b + 1}`).join(' UNION ');

const toCandidate = (r: CandidateRaw): DedupeCandidate => ({
  id: r.id,
  key: { contentHash: r.content_hash, canonicalUrl: r.canonical_url, simhash: bandsToSimhash([r.sh0, r.sh1, r.sh2, r.sh3]) },
});

const INSERT_ITEMS = `INSERT INTO items (id, source_id, unit, url, canonical_url, title, text, folded, author_pseudonym,
    content_hash, simhash, sh0, sh1, sh2, sh3, published_at, collected_at)
  SELECT j.value->>'id', j.value->>'sourceId',
    coalesce(j.value->>'unit', (SELECT unit FROM sources WHERE id = j.value->>'sourceId')),
    j.value->>'url', j.value->>'canonicalUrl', j.value->>'title', j.value->>'text', j.value->>'folded',
    j.value->>'authorPseudonym', j.value->>'contentHash',
    ((j.value->>'b0') << 48) | ((j.value->>'b1') << 32) | ((j.value->>'b2') << 16) | (j.value->>'b3'),
    j.value->>'b0', j.value->>'b1', j.value->>'b2', j.value->>'b3', j.value->>'publishedAt', j.value->>'collectedAt'
  FROM json_each(?) AS j`;

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
      return rows.map(toCandidate);
    },

    /** Closest stored item within the near-duplicate threshold, if any. */
    async findNearDuplicate(s: Simhash): Promise<{ id: number; distance: number } | null> {
      const rows = await db.all<CandidateRaw>(NEAR_SQL, simhashBands(s));
      let best: { id: number; distance: number } | null = null;
      for (const r of rows) {
        const d = hammingDistance(s, bandsToSimhash([r.sh0, r.sh1, r.sh2, r.sh3]));
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

    /** Inserts items (and their raw authors) in one statement each; run inside `db.write`. */
    async insertMany(items: NewItem[]): Promise<void> {
      if (items.length === 0) return;
      const json = items.map((it) => {
        const [b0, b1, b2, b3] = simhashBands(it.simhash);
        const { simhash: _s, rawAuthor: _a, ...rest } = it;
        return { ...rest, b0, b1, b2, b3 };
      });
      await db.run(INSERT_ITEMS, [JSON.stringify(json)]);
      const authors = items.filter((it) => it.rawAuthor).map((it) => [it.id, it.rawAuthor]);
      if (authors.length) {
        await db.run(`INSERT INTO item_authors (item_id, raw_author)
          SELECT value->>0, value->>1 FROM json_each(?)`, [JSON.stringify(authors)]);
      }
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
