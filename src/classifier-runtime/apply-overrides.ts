import type { LoadedPack } from '../classify/rule-engine.js';
import type { RuleSpec } from '../classify/rule-schema.js';

/** A rule as edited in the admin UI (the latest stored version); spec null = shipped default. */
export interface RuleOverride {
  ruleId: string;
  /** Pack the rule belongs to (shipped packs: their file; new rules: the pack chosen when adding). */
  packFile: string | null;
  kind: 'rule' | 'guard';
  spec: RuleSpec | null;
}

/** Pack that holds rules added in the UI to no shipped pack. */
export const OVERRIDES_PACK = '(database overrides)';

/**
 * The shipped packs with the UI's overrides applied: an edited rule replaces the shipped rule of
 * the same id in place; a new rule joins the pack it names (or a pack of its own). Pure: the YAML
 * files stay untouched and remain the shipped defaults.
 */
export function applyRuleOverrides(packs: readonly LoadedPack[], overrides: readonly RuleOverride[]): LoadedPack[] {
  const out = packs.map((p) => ({ file: p.file, spec: { ...p.spec, rules: [...p.spec.rules], guards: [...p.spec.guards] } }));
  for (const o of overrides) {
    if (!o.spec) continue;
    let placed = false;
    for (const p of out) {
      for (const list of [p.spec.rules, p.spec.guards]) {
        const i = list.findIndex((r) => r.id === o.ruleId);
        if (i >= 0) {
          list.splice(i, 1);
          if (!placed) (o.kind === 'guard' ? p.spec.guards : p.spec.rules).splice(i, 0, o.spec);
          placed = true;
        }
      }
    }
    if (placed) continue;
    let home = out.find((p) => p.file === o.packFile);
    if (!home) {
      home = out.find((p) => p.file === OVERRIDES_PACK);
      if (!home) {
        home = { file: OVERRIDES_PACK, spec: { sets: {}, rules: [], guards: [] } };
        out.push(home);
      }
    }
    (o.kind === 'guard' ? home.spec.guards : home.spec.rules).push(o.spec);
  }
  return out;
}
