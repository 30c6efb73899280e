import type { SqlDb } from './sql-db.js';

export const VERDICTS = ['false', 'misleading', 'accurate', 'unverifiable', 'not_relevant', 'grievance'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * Which verdicts confirm a flag, per label: the rule-precision figures (digest, rules page) and the
 * labels a reviewed item teaches the model both follow it. Other labels: any verdict but not_relevant.
 */
export const DEFAULT_CONFIRMING: Readonly<Record<string, readonly string[]>> = {
  covid_false: ['false', 'misleading'],
  union_org: ['false', 'misleading'],
  grievance: ['grievance'],
};

/** A recorded verdict as services and pages see it: camelCase, the date as the ISO string stored. */
export interface VerdictRecord {
  id: number;
  itemId: number;
  /** The claim it came through, if any. */
  claimId: number | null;
  verdict: Verdict;
  reason: string;
  note: string | null;
  userId: number;
  /** Null once that account is gone. */
  username: string | null;
  createdAt: string;
}

interface VerdictRow {
  id: number;
  item_id: number;
  claim_id: number | null;
  verdict: Verdict;
  reason: string;
  note: string | null;
  user_id: number;
  username: string | null;
  created_at: string;
}

const toVerdict = (r: VerdictRow): VerdictRecord => ({
  id: r.id,
  itemId: r.item_id,
  claimId: r.claim_id,
  verdict: r.verdict,
  reason: r.reason,
  note: r.note,
  userId: r.user_id,
  username: r.username,
  createdAt: r.created_at,
});

/** Every verdict a person records, kept as history; items.verdict holds the latest for the queue. */
export function verdictsRepo(db: SqlDb) {
  return {
    async add(v: { itemId: number; claimId?: number | null; verdict: Verdict; reason: string; note?: string | null; userId: number; now: string }): Promise<number> {
      const r = await db.get<{ id: number }>(
        `INSERT INTO verdicts (item_id, claim_id, verdict, reason, note, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [v.itemId, v.claimId ?? null, v.verdict, v.reason, v.note ?? null, v.userId, v.now],
      );
      return r!.id;
    },
    async forItem(itemId: number): Promise<VerdictRecord[]> {
      const rows = await db.all<VerdictRow>(
        `SELECT v.*, u.username FROM verdicts v LEFT JOIN users u ON u.id = v.user_id WHERE v.item_id = ? ORDER BY v.id DESC`,
        [itemId],
      );
      return rows.map(toVerdict);
    },
  };
}
