import type { SqlDb } from './sql-db.js';

export interface ModelVersionRow {
  id: number;
  path: string;
  sha256: string;
  created_at: string;
  created_by: string | null;
  examples: number;
  verdict_examples: number;
  /** JSON evaluation reports on the held-out set. */
  eval_before: string | null;
  eval_after: string | null;
  /** JSON: the other figures (verdict time split, real development set); see src/admin/model-evaluations.ts. */
  evaluations: string | null;
  active: number;
  activated_at: string | null;
}

/** Trained model files and which one the classifier uses; at most one is active. */
export function modelVersionsRepo(db: SqlDb) {
  return {
    async add(m: { path: string; sha256: string; now: string; createdBy: string | null; examples: number; verdictExamples: number; evalBefore: unknown; evalAfter: unknown; evaluations?: unknown }): Promise<number> {
      const r = await db.get<{ id: number }>(
        `INSERT INTO model_versions (path, sha256, created_at, created_by, examples, verdict_examples, eval_before, eval_after, evaluations)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [m.path, m.sha256, m.now, m.createdBy, m.examples, m.verdictExamples, JSON.stringify(m.evalBefore ?? null), JSON.stringify(m.evalAfter ?? null), m.evaluations === undefined ? null : JSON.stringify(m.evaluations)],
      );
      return r!.id;
    },
    list(): Promise<ModelVersionRow[]> {
      return db.all<ModelVersionRow>('SELECT * FROM model_versions ORDER BY id DESC');
    },
    get(id: number): Promise<ModelVersionRow | undefined> {
      return db.get<ModelVersionRow>('SELECT * FROM model_versions WHERE id = ?', [id]);
    },
    active(): Promise<ModelVersionRow | undefined> {
      return db.get<ModelVersionRow>('SELECT * FROM model_versions WHERE active = 1');
    },
    /** Makes `id` the active model (null: back to the shipped model). Call inside db.write. */
    async activate(id: number | null, now: string): Promise<void> {
      await db.run('UPDATE model_versions SET active = 0 WHERE active = 1');
      if (id != null) {
        const r = await db.run('UPDATE model_versions SET active = 1, activated_at = ? WHERE id = ?', [now, id]);
        if (r.changes === 0) throw new Error(`no model version ${id}`);
      }
    },
  };
}

export type ModelVersionsRepo = ReturnType<typeof modelVersionsRepo>;
