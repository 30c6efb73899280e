import type { SqlDb } from './sql-db.js';

export interface RuleOverrideRow {
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

/** Versioned rule edits made in the admin UI; rules/*.yaml stay the shipped defaults. */
export function ruleOverridesRepo(db: SqlDb) {
  return {
    /** The latest version of every overridden rule (including reverts, spec null). */
    current(): Promise<RuleOverrideRow[]> {
      return db.all<RuleOverrideRow>(
        `SELECT * FROM rule_overrides o WHERE version = (SELECT max(version) FROM rule_overrides x WHERE x.rule_id = o.rule_id)
         ORDER BY rule_id`,
      );
    },

    history(ruleId: string): Promise<RuleOverrideRow[]> {
      return db.all<RuleOverrideRow>('SELECT * FROM rule_overrides WHERE rule_id = ? ORDER BY version DESC', [ruleId]);
    },

    /** Appends the next version of a rule; returns it. Call inside db.write with the audit entry. */
    async add(o: { ruleId: string; packFile: string | null; kind: 'rule' | 'guard'; spec: unknown | null; diff: string; note: string | null; authorId: number | null; author: string; now: string }): Promise<number> {
      const row = await db.get<{ v: number }>('SELECT coalesce(max(version), 0) + 1 AS v FROM rule_overrides WHERE rule_id = ?', [o.ruleId]);
      const version = row!.v;
      await db.run(
        `INSERT INTO rule_overrides (rule_id, version, pack_file, kind, spec, diff, note, author_id, author, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [o.ruleId, version, o.packFile, o.kind, o.spec == null ? null : JSON.stringify(o.spec), o.diff, o.note, o.authorId, o.author, o.now],
      );
      return version;
    },
  };
}

export type RuleOverridesRepo = ReturnType<typeof ruleOverridesRepo>;
