import type { SqlDb } from './sql-db.js';

export type RequestKind = 'access' | 'deletion';
export type RequestStatus = 'open' | 'acknowledged' | 'completed' | 'rejected';

export interface SubjectRequest {
  id: number;
  kind: RequestKind;
  subjectType: 'handle' | 'url';
  subjectHash: string;
  subjectHint: string;
  /** Present while the request is worked on; null once it is closed. */
  subjectValue: string | null;
  requester: string | null;
  receivedAt: string;
  ackDueAt: string;
  dueAt: string;
  acknowledgedAt: string | null;
  exportedAt: string | null;
  closedAt: string | null;
  status: RequestStatus;
  itemsFound: number | null;
  itemsErased: number | null;
  note: string | null;
  createdBy: number | null;
  createdAt: string;
}

export type NewSubjectRequest = Pick<
  SubjectRequest,
  'kind' | 'subjectType' | 'subjectHash' | 'subjectHint' | 'subjectValue' | 'requester' | 'receivedAt' | 'ackDueAt' | 'dueAt' | 'note' | 'createdBy' | 'createdAt'
>;

const COLUMNS = `id, kind, subject_type AS "subjectType", subject_hash AS "subjectHash", subject_hint AS "subjectHint",
  subject_value AS "subjectValue", requester, received_at AS "receivedAt", ack_due_at AS "ackDueAt", due_at AS "dueAt",
  acknowledged_at AS "acknowledgedAt", exported_at AS "exportedAt", closed_at AS "closedAt", status,
  items_found AS "itemsFound", items_erased AS "itemsErased", note, created_by AS "createdBy", created_at AS "createdAt"`;

/** Data-subject requests (access or deletion) and their deadlines. Writes run inside db.write(). */
export function subjectRequestsRepo(db: SqlDb) {
  return {
    async insert(r: NewSubjectRequest): Promise<number> {
      const res = await db.get<{ id: number }>(
        `INSERT INTO subject_requests (kind, subject_type, subject_hash, subject_hint, subject_value, requester, received_at, ack_due_at, due_at, note, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [r.kind, r.subjectType, r.subjectHash, r.subjectHint, r.subjectValue, r.requester, r.receivedAt, r.ackDueAt, r.dueAt, r.note, r.createdBy, r.createdAt],
      );
      return res!.id;
    },

    get(id: number): Promise<SubjectRequest | undefined> {
      return db.get<SubjectRequest>(`SELECT ${COLUMNS} FROM subject_requests WHERE id = ?`, [id]);
    },

    /** Open requests first (soonest due first), then closed ones, newest first. */
    list(limit = 200): Promise<SubjectRequest[]> {
      return db.all<SubjectRequest>(
        `SELECT ${COLUMNS} FROM subject_requests
         ORDER BY status IN ('completed', 'rejected'), CASE WHEN status IN ('open', 'acknowledged') THEN due_at END, id DESC LIMIT ?`,
        [limit],
      );
    },

    /** Sets acknowledged_at (first time only) and moves an open request to "acknowledged". */
    async acknowledge(id: number, at: string): Promise<boolean> {
      const r = await db.run(
        `UPDATE subject_requests SET acknowledged_at = coalesce(acknowledged_at, ?), status = 'acknowledged' WHERE id = ? AND status IN ('open', 'acknowledged')`,
        [at, id],
      );
      return r.changes > 0;
    },

    async setFound(id: number, n: number): Promise<void> {
      await db.run('UPDATE subject_requests SET items_found = ? WHERE id = ?', [n, id]);
    },

    async setExported(id: number, at: string, n: number): Promise<void> {
      await db.run('UPDATE subject_requests SET exported_at = ?, items_found = ? WHERE id = ?', [at, n, id]);
    },

    /**
     * Closes a request: completed (with what was erased) or rejected. The subject's value and the
     * requester's contact are cleared, so a closed request keeps only the hash, the masked hint and
     * the dates. A reason is appended to the note.
     */
    async close(id: number, o: { status: 'completed' | 'rejected'; at: string; itemsErased?: number | null; reason?: string | null }): Promise<boolean> {
      const r = await db.run(
        `UPDATE subject_requests SET status = ?, closed_at = ?, items_erased = coalesce(?, items_erased),
           note = CASE WHEN CAST(? AS TEXT) IS NULL THEN note WHEN note IS NULL OR note = '' THEN ? ELSE note || ? END,
           acknowledged_at = coalesce(acknowledged_at, ?),
           subject_value = NULL, requester = NULL
         WHERE id = ? AND status IN ('open', 'acknowledged')`,
        [o.status, o.at, o.itemsErased ?? null, o.reason ?? null, o.reason ?? null, o.reason == null ? null : `\n${o.reason}`, o.at, id],
      );
      return r.changes > 0;
    },
  };
}
