import type { ModelEvaluations } from '../admin/model-evaluations.js';
import type { EvalReport } from '../classify/metrics.js';
import { parseJson } from './json-column.js';
import type { SqlDb } from './sql-db.js';

/** A trained model file with its figures (parsed). */
export interface ModelVersion {
  id: number;
  path: string;
  sha256: string;
  createdAt: string;
  createdBy: string | null;
  examples: number;
  verdictExamples: number;
  /** Held-out set, before (the model active then) and after (this one). */
  evalBefore: EvalReport | null;
  evalAfter: EvalReport | null;
  /** The other figures (verdict time split, real development set); null for versions trained before they were recorded. */
  evaluations: ModelEvaluations | null;
  active: boolean;
  activatedAt: string | null;
}

interface ModelVersionRow {
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
  active: number | boolean;
  activated_at: string | null;
}

const toVersion = (r: ModelVersionRow): ModelVersion => ({
  id: r.id,
  path: r.path,
  sha256: r.sha256,
  createdAt: r.created_at,
  createdBy: r.created_by,
  examples: r.examples,
  verdictExamples: r.verdict_examples,
  evalBefore: parseJson<EvalReport | null>(r.eval_before, null),
  evalAfter: parseJson<EvalReport | null>(r.eval_after, null),
  evaluations: parseJson<ModelEvaluations | null>(r.evaluations, null),
  active: Boolean(r.active),
  activatedAt: r.activated_at,
});

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
    async list(): Promise<ModelVersion[]> {
      return (await db.all<ModelVersionRow>('SELECT * FROM model_versions ORDER BY id DESC')).map(toVersion);
    },
    async get(id: number): Promise<ModelVersion | undefined> {
      const r = await db.get<ModelVersionRow>('SELECT * FROM model_versions WHERE id = ?', [id]);
      return r && toVersion(r);
    },
    async active(): Promise<ModelVersion | undefined> {
      const r = await db.get<ModelVersionRow>('SELECT * FROM model_versions WHERE active = 1');
      return r && toVersion(r);
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
