import { parseJson } from './json-column.js';
import type { SqlDb } from './sql-db.js';

/** One version of an edited rule. */
export interface RuleOverride {
  id: number;
  ruleId: string;
  version: number;
  packFile: string | null;
  kind: 'rule' | 'guard';
  /** The rule as edited (parsed JSON, still to be validated by the loader); null = back to the shipped default. */
  spec: unknown;
  diff: string;
  note: string | null;
  authorId: number | null;
  author: string;
  createdAt: string;
}

interface RuleOverrideRow {
  id: number;
  rule_id: string;
  version: number;
  pack_file: string | null;
  kind: 'rule' | 'guard';
  /** JSON of the rule as edited; null = back to the shipped default. */
  spec: string | null;
  diff: string;
  note: string | null;
  author_id: number | null;
  author: string;
  created_at: string;
}

const toOverride = (r: RuleOverrideRow): RuleOverride => ({
  id: r.id,
  ruleId: r.rule_id,
  version: r.version,
  packFile: r.pack_file,
  kind: r.kind,
  spec: parseJson<unknown>(r.spec, null),
  diff: r.diff,
  note: r.note,
  authorId: r.author_id,
  author: r.author,
  createdAt: r.created_at,
});

/** Versioned rule edits made in the admin UI; rules/*.yaml stay the shipped defaults. */
export function ruleOverridesRepo(db: SqlDb) {
  return {
    /** The latest version of every overridden rule (including reverts, spec null). */
    async current(): Promise<RuleOverride[]> {
      const rows = await db.all<RuleOverrideRow>(
        `SELECT * FROM rule_overrides o WHERE version = (SELECT max(version) FROM rule_overrides x WHERE x.rule_id = o.rule_id)
         ORDER BY rule_id`,
      );
      return rows.map(toOverride);
    },

    async history(ruleId: string): Promise<RuleOverride[]> {
      return (await db.all<RuleOverrideRow>('SELECT * FROM rule_overrides WHERE rule_id = ? ORDER BY version DESC', [ruleId])).map(toOverride);
    },

    /**
     * Appends the next version of a rule; returns it. Call inside db.write with the audit entry.
     * Two nodes saving the same rule at once must get consecutive versions, not one of them failing
     * on UNIQUE (rule_id, version): on PostgreSQL the read of max(version) and the insert run under
     * the rule's advisory lock (in the caller's transaction, or one of their own when called outside
     * one); on SQLite the caller's BEGIN IMMEDIATE already lets one writer at a time in (a nested
     * db.write would wait on itself there).
     */
    async add(o: { ruleId: string; packFile: string | null; kind: 'rule' | 'guard'; spec: unknown | null; diff: string; note: string | null; authorId: number | null; author: string; now: string }): Promise<number> {
      const append = async (tx: SqlDb): Promise<number> => {
        await tx.lock(`rule_overrides:${o.ruleId}`);
        const row = await tx.get<{ v: number }>('SELECT coalesce(max(version), 0) + 1 AS v FROM rule_overrides WHERE rule_id = ?', [o.ruleId]);
        const version = row!.v;
        await tx.run(
          `INSERT INTO rule_overrides (rule_id, version, pack_file, kind, spec, diff, note, author_id, author, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [o.ruleId, version, o.packFile, o.kind, o.spec == null ? null : JSON.stringify(o.spec), o.diff, o.note, o.authorId, o.author, o.now],
        );
        return version;
      };
      return db.dialect === 'postgres' ? db.write(append) : append(db);
    },
  };
}

export type RuleOverridesRepo = ReturnType<typeof ruleOverridesRepo>;
