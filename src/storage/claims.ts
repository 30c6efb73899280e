import type { SqlDb } from './sql-db.js';
import type { ItemStatus } from '../types.js';

/** A claim as services and pages see it: camelCase, dates as the ISO strings stored. */
export interface Claim {
  id: number;
  statement: string;
  label: string | null;
  unit: string | null;
  knownClaimId: string | null;
  verdict: string | null;
  verdictReason: string | null;
  decidedBy: number | null;
  decidedAt: string | null;
  createdBy: number;
  createdAt: string;
  updatedAt: string;
}
export type MemberState = 'suggested' | 'confirmed' | 'rejected';
export interface ClaimMember {
  itemId: number;
  state: MemberState;
  similarity: number | null;
  title: string | null;
  text: string;
  unit: string | null;
  status: ItemStatus;
  verdict: string | null;
  collectedAt: string;
}
export interface ClaimSummary extends Claim {
  /** Confirmed members. */
  members: number;
  /** Status of the newest response, if any. */
  responseStatus: string | null;
}

interface ClaimRow {
  id: number;
  statement: string;
  label: string | null;
  unit: string | null;
  known_claim_id: string | null;
  verdict: string | null;
  verdict_reason: string | null;
  decided_by: number | null;
  decided_at: string | null;
  created_by: number;
  created_at: string;
  updated_at: string;
}
interface ClaimMemberRow {
  item_id: number;
  state: MemberState;
  similarity: number | null;
  title: string | null;
  text: string;
  unit: string | null;
  status: ItemStatus;
  verdict: string | null;
  collected_at: string;
}

const toClaim = (r: ClaimRow): Claim => ({
  id: r.id,
  statement: r.statement,
  label: r.label,
  unit: r.unit,
  knownClaimId: r.known_claim_id,
  verdict: r.verdict,
  verdictReason: r.verdict_reason,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toMember = (r: ClaimMemberRow): ClaimMember => ({
  itemId: r.item_id,
  state: r.state,
  similarity: r.similarity,
  title: r.title,
  text: r.text,
  unit: r.unit,
  status: r.status,
  verdict: r.verdict,
  collectedAt: r.collected_at,
});

/** Claims: groups of items saying the same thing, decided once. */
export function claimsRepo(db: SqlDb) {
  return {
    async create(c: { statement: string; label: string | null; unit: string | null; knownClaimId?: string | null; userId: number; now: string }): Promise<number> {
      const r = await db.get<{ id: number }>(
        `INSERT INTO claims (statement, label, unit, known_claim_id, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [c.statement, c.label, c.unit, c.knownClaimId ?? null, c.userId, c.now, c.now],
      );
      return r!.id;
    },
    async get(id: number): Promise<Claim | undefined> {
      const r = await db.get<ClaimRow>(`SELECT * FROM claims WHERE id = ?`, [id]);
      return r && toClaim(r);
    },
    async update(id: number, f: { statement: string; label: string | null }, now: string): Promise<void> {
      await db.run(`UPDATE claims SET statement = ?, label = ?, updated_at = ? WHERE id = ?`, [f.statement, f.label, now, id]);
    },
    async decide(id: number, d: { verdict: string; reason: string; userId: number; now: string }): Promise<void> {
      await db.run(
        `UPDATE claims SET verdict = ?, verdict_reason = ?, decided_by = ?, decided_at = ?, updated_at = ? WHERE id = ?`,
        [d.verdict, d.reason, d.userId, d.now, d.now, id],
      );
    },
    async setMember(m: { claimId: number; itemId: number; state: MemberState; similarity?: number | null; userId: number | null; now: string }): Promise<void> {
      await db.run(
        `INSERT INTO claim_items (claim_id, item_id, state, similarity, decided_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (claim_id, item_id) DO UPDATE SET state = excluded.state, decided_by = excluded.decided_by,
           similarity = coalesce(excluded.similarity, claim_items.similarity)`,
        [m.claimId, m.itemId, m.state, m.similarity ?? null, m.userId, m.now],
      );
    },
    async members(claimId: number, state?: MemberState): Promise<ClaimMember[]> {
      const rows = await db.all<ClaimMemberRow>(
        `SELECT ci.item_id, ci.state, ci.similarity, i.title, substr(i.text, 1, 400) AS text, i.unit, i.status, i.verdict, i.collected_at
           FROM claim_items ci JOIN items i ON i.id = ci.item_id
          WHERE ci.claim_id = ? AND (CAST(? AS TEXT) IS NULL OR ci.state = ?) ORDER BY ci.item_id DESC`,
        [claimId, state ?? null, state ?? null],
      );
      return rows.map(toMember);
    },
    memberState(claimId: number, itemId: number): Promise<MemberState | undefined> {
      return db.get<{ state: MemberState }>(`SELECT state FROM claim_items WHERE claim_id = ? AND item_id = ?`, [claimId, itemId]).then((r) => r?.state);
    },
    /** Claims an item belongs to or was suggested for (not rejected). */
    async forItem(itemId: number): Promise<(Claim & { state: MemberState })[]> {
      const rows = await db.all<ClaimRow & { state: MemberState }>(
        `SELECT c.*, ci.state FROM claim_items ci JOIN claims c ON c.id = ci.claim_id
          WHERE ci.item_id = ? AND ci.state != 'rejected' ORDER BY c.id DESC`,
        [itemId],
      );
      return rows.map((r) => ({ ...toClaim(r), state: r.state }));
    },
    /** Decided claims linked to any of these items (member or suggested) or to these known-claim ids. */
    async decidedFor(itemIds: number[], knownIds: string[]): Promise<(Claim & { itemId: number | null })[]> {
      const a = itemIds.length
        ? `SELECT c.*, ci.item_id FROM claim_items ci JOIN claims c ON c.id = ci.claim_id
            WHERE ci.item_id IN (${itemIds.map(() => '?').join(',')}) AND ci.state != 'rejected' AND c.verdict IS NOT NULL`
        : '';
      const b = knownIds.length
        ? `SELECT c.*, NULL AS item_id FROM claims c WHERE c.verdict IS NOT NULL AND c.known_claim_id IN (${knownIds.map(() => '?').join(',')})`
        : '';
      const sql = [a, b].filter(Boolean).join(' UNION ALL ');
      if (!sql) return [];
      const rows = await db.all<ClaimRow & { item_id: number | null }>(sql, [...itemIds, ...knownIds]);
      return rows.map((r) => ({ ...toClaim(r), itemId: r.item_id }));
    },
    /** Known-claim ids (rules/claims) of decided claims: a small set, read per queue page. */
    decidedKnownIds(): Promise<string[]> {
      return db
        .all<{ k: string }>(`SELECT DISTINCT known_claim_id AS k FROM claims WHERE verdict IS NOT NULL AND known_claim_id IS NOT NULL`)
        .then((r) => r.map((x) => x.k));
    },
    async list(opts: { unit?: string | null; beforeId?: number; limit: number }): Promise<ClaimSummary[]> {
      const rows = await db.all<ClaimRow & { members: number; response_status: string | null }>(
        `SELECT c.*, (SELECT count(*) FROM claim_items ci WHERE ci.claim_id = c.id AND ci.state = 'confirmed') AS members,
                (SELECT r.status FROM responses r WHERE r.claim_id = c.id ORDER BY r.id DESC LIMIT 1) AS response_status
           FROM claims c WHERE (CAST(? AS TEXT) IS NULL OR c.unit = ?) AND c.id < ? ORDER BY c.id DESC LIMIT ?`,
        [opts.unit ?? null, opts.unit ?? null, opts.beforeId ?? Number.MAX_SAFE_INTEGER, opts.limit],
      );
      return rows.map((r) => ({ ...toClaim(r), members: r.members, responseStatus: r.response_status }));
    },
  };
}
