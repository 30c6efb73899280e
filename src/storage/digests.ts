import type { DigestData } from '../digest/digest-data.js';
import { parseJson } from './json-column.js';
import type { SqlDb } from './sql-db.js';
import { jsonArrayLength, jsonField } from './sql-fragments.js';

export interface DigestSummary {
  id: number;
  week: string;
  /** '' for the all-units digest. */
  unit: string;
  lang: string;
  createdAt: string;
  delivery: string | null;
  deliveredAt: string | null;
}

export interface StoredDigest extends DigestSummary {
  data: DigestData;
  html: string;
  markdown: string;
  pdf: Buffer | null;
  outDir: string | null;
}

interface SummaryRow {
  id: number;
  week: string;
  unit: string;
  lang: string;
  created_at: string;
  delivery: string | null;
  delivered_at: string | null;
}

interface DigestRow extends SummaryRow {
  data: string;
  html: string;
  markdown: string;
  pdf: Buffer | null;
  out_dir: string | null;
}

const SUMMARY = 'id, week, unit, lang, created_at, delivery, delivered_at';

const toSummary = (r: SummaryRow): DigestSummary => ({ id: r.id, week: r.week, unit: r.unit, lang: r.lang, createdAt: r.created_at, delivery: r.delivery, deliveredAt: r.delivered_at });

const toDigest = (r: DigestRow): StoredDigest => ({
  ...toSummary(r),
  data: parseJson<DigestData>(r.data, {} as DigestData),
  html: r.html,
  markdown: r.markdown,
  pdf: r.pdf,
  outDir: r.out_dir,
});

/** Generated digests, one per (week, unit, language); regenerating a week replaces it. */
export function digestsRepo(db: SqlDb) {
  return {
    async save(d: { week: string; unit: string | null; lang: string; createdAt: string; data: unknown; html: string; markdown: string; pdf: Uint8Array | null; outDir: string | null }): Promise<number> {
      await db.run(
        `INSERT INTO digests (week, unit, lang, created_at, data, html, markdown, pdf, out_dir) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (week, unit, lang) DO UPDATE SET created_at = excluded.created_at, data = excluded.data, html = excluded.html,
           markdown = excluded.markdown, pdf = excluded.pdf, out_dir = excluded.out_dir, delivery = NULL, delivered_at = NULL`,
        [d.week, d.unit ?? '', d.lang, d.createdAt, JSON.stringify(d.data), d.html, d.markdown, d.pdf ? Buffer.from(d.pdf) : null, d.outDir],
      );
      const row = await db.get<{ id: number }>('SELECT id FROM digests WHERE week = ? AND unit = ? AND lang = ?', [d.week, d.unit ?? '', d.lang]);
      return row!.id;
    },

    async markDelivered(id: number, delivery: string, at: string): Promise<void> {
      await db.run('UPDATE digests SET delivery = ?, delivered_at = ? WHERE id = ?', [delivery, at, id]);
    },

    async list(opts: { unit?: string | null; limit?: number } = {}): Promise<DigestSummary[]> {
      const rows = await db.all<SummaryRow>(
        `SELECT ${SUMMARY} FROM digests WHERE (CAST(?1 AS TEXT) IS NULL OR unit = ?1 OR unit = '') ORDER BY week DESC, unit, lang LIMIT ?2`,
        [opts.unit ?? null, opts.limit ?? 200],
      );
      return rows.map(toSummary);
    },

    async get(id: number): Promise<StoredDigest | undefined> {
      const r = await db.get<DigestRow>(`SELECT ${SUMMARY}, data, html, markdown, pdf, out_dir FROM digests WHERE id = ?`, [id]);
      return r && toDigest(r);
    },

    /**
     * Digests of weeks that ended before `lastDay` (YYYY-MM-DD) still holding more than counts: words
     * taken from posts (emergingTerms) or a PDF rendered from them. The retention purge reduces them.
     */
    async unreducedBefore(lastDay: string): Promise<{ id: number; lang: string; data: DigestData; outDir: string | null }[]> {
      const rows = await db.all<{ id: number; lang: string; data: string; out_dir: string | null }>(
        `SELECT id, lang, data, out_dir FROM digests
         WHERE ${jsonField(db, 'data', 'lastDay')} < ? AND (pdf IS NOT NULL OR coalesce(${jsonArrayLength(db, 'data', 'emergingTerms')}, 0) > 0) ORDER BY id`,
        [lastDay],
      );
      return rows.map((r) => ({ id: r.id, lang: r.lang, data: parseJson<DigestData>(r.data, {} as DigestData), outDir: r.out_dir }));
    },

    /** Replaces a digest with its reduced form (counts only) and drops its PDF. Call inside `db.write()`. */
    async reduce(id: number, d: { data: unknown; html: string; markdown: string }): Promise<void> {
      await db.run('UPDATE digests SET data = ?, html = ?, markdown = ?, pdf = NULL WHERE id = ?', [JSON.stringify(d.data), d.html, d.markdown, id]);
    },

    async find(week: string, unit: string | null, lang: string): Promise<StoredDigest | undefined> {
      const r = await db.get<DigestRow>(
        `SELECT ${SUMMARY}, data, html, markdown, pdf, out_dir FROM digests WHERE week = ? AND unit = ? AND lang = ?`,
        [week, unit ?? '', lang],
      );
      return r && toDigest(r);
    },
  };
}

export type DigestsRepo = ReturnType<typeof digestsRepo>;
