import type { SqlDb } from './sql-db.js';

export type ResponseStatus = 'draft' | 'approved' | 'published';
export interface ResponseSource {
  url: string;
  title: string;
}
/** A drafted answer as services and pages see it: camelCase, dates as the ISO strings stored. */
export interface ClaimResponse {
  id: number;
  claimId: number;
  template: string | null;
  body: string;
  status: ResponseStatus;
  createdBy: number;
  createdAt: string;
  updatedBy: number;
  updatedAt: string;
  approvedBy: number | null;
  /** Username of the approver (null once that account is gone). */
  approvedByName: string | null;
  approvedAt: string | null;
  publishedBy: number | null;
  publishedAt: string | null;
  publishedUrl: string | null;
}
/** A response in the list, with the claim it answers. */
export interface ResponseListing extends ClaimResponse {
  statement: string;
  unit: string | null;
  verdict: string | null;
}

interface ResponseRow {
  id: number;
  claim_id: number;
  template: string | null;
  body: string;
  status: ResponseStatus;
  created_by: number;
  created_at: string;
  updated_by: number;
  updated_at: string;
  approved_by: number | null;
  approved_by_name: string | null;
  approved_at: string | null;
  published_by: number | null;
  published_at: string | null;
  published_url: string | null;
}

const toResponse = (r: ResponseRow): ClaimResponse => ({
  id: r.id,
  claimId: r.claim_id,
  template: r.template,
  body: r.body,
  status: r.status,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
  approvedBy: r.approved_by,
  approvedByName: r.approved_by_name,
  approvedAt: r.approved_at,
  publishedBy: r.published_by,
  publishedAt: r.published_at,
  publishedUrl: r.published_url,
});

/** Drafted answers to a claim, with their cited sources. Nothing here ever posts anywhere. */
export function responsesRepo(db: SqlDb) {
  async function writeSources(id: number, sources: ResponseSource[]): Promise<void> {
    await db.run(`DELETE FROM response_sources WHERE response_id = ?`, [id]);
    let pos = 0;
    for (const s of sources) await db.run(`INSERT INTO response_sources (response_id, position, url, title) VALUES (?, ?, ?, ?)`, [id, pos++, s.url, s.title]);
  }
  return {
    async create(r: { claimId: number; template: string | null; body: string; sources: ResponseSource[]; userId: number; now: string }): Promise<number> {
      const res = await db.get<{ id: number }>(
        `INSERT INTO responses (claim_id, template, body, status, created_by, created_at, updated_by, updated_at)
         VALUES (?, ?, ?, 'draft', ?, ?, ?, ?) RETURNING id`,
        [r.claimId, r.template, r.body, r.userId, r.now, r.userId, r.now],
      );
      await writeSources(res!.id, r.sources);
      return res!.id;
    },
    // The status changes below are compare-and-set: each returns false when the response was no
    // longer in the expected status, so two parallel requests cannot both pass (issue 14, finding 8).
    /** Editing an approved text sends it back to draft: approval covers exactly the words approved. Never a published one. */
    async update(id: number, r: { body: string; sources: ResponseSource[]; userId: number; now: string }): Promise<boolean> {
      const res = await db.run(
        `UPDATE responses SET body = ?, status = 'draft', approved_by = NULL, approved_at = NULL, updated_by = ?, updated_at = ? WHERE id = ? AND status <> 'published'`,
        [r.body, r.userId, r.now, id],
      );
      if (res.changes === 0) return false;
      await writeSources(id, r.sources);
      return true;
    },
    async approve(id: number, userId: number, now: string): Promise<boolean> {
      const res = await db.run(`UPDATE responses SET status = 'approved', approved_by = ?, approved_at = ? WHERE id = ? AND status = 'draft'`, [userId, now, id]);
      return res.changes > 0;
    },
    async publish(id: number, url: string, userId: number, now: string): Promise<boolean> {
      const res = await db.run(
        `UPDATE responses SET status = 'published', published_by = ?, published_at = ?, published_url = ? WHERE id = ? AND status = 'approved'`,
        [userId, now, url, id],
      );
      return res.changes > 0;
    },
    async get(id: number): Promise<ClaimResponse | undefined> {
      const r = await db.get<ResponseRow>(
        `SELECT r.*, u.username AS approved_by_name FROM responses r LEFT JOIN users u ON u.id = r.approved_by WHERE r.id = ?`,
        [id],
      );
      return r && toResponse(r);
    },
    async forClaim(claimId: number): Promise<ClaimResponse[]> {
      const rows = await db.all<ResponseRow>(
        `SELECT r.*, u.username AS approved_by_name FROM responses r LEFT JOIN users u ON u.id = r.approved_by
          WHERE r.claim_id = ? ORDER BY r.id DESC`,
        [claimId],
      );
      return rows.map(toResponse);
    },
    sources(id: number): Promise<ResponseSource[]> {
      return db.all<ResponseSource>(`SELECT url, title FROM response_sources WHERE response_id = ? ORDER BY position`, [id]);
    },
    /** Newest first, optionally by status and claim unit; keyset on id. */
    async list(opts: { status?: ResponseStatus; unit?: string; beforeId?: number; limit: number }): Promise<ResponseListing[]> {
      const rows = await db.all<ResponseRow & { statement: string; claim_unit: string | null; verdict: string | null }>(
        `SELECT r.*, u.username AS approved_by_name, c.statement, c.unit AS claim_unit, c.verdict FROM responses r
           JOIN claims c ON c.id = r.claim_id LEFT JOIN users u ON u.id = r.approved_by
          WHERE (CAST(?1 AS TEXT) IS NULL OR r.status = ?1) AND (CAST(?2 AS TEXT) IS NULL OR c.unit = ?2) AND r.id < ?3
          ORDER BY r.id DESC LIMIT ?4`,
        [opts.status ?? null, opts.unit ?? null, opts.beforeId ?? Number.MAX_SAFE_INTEGER, opts.limit],
      );
      return rows.map((r) => ({ ...toResponse(r), statement: r.statement, unit: r.claim_unit, verdict: r.verdict }));
    },
  };
}
