import { ruleSchema } from '../classify/rule-schema.js';
import type { Store } from '../storage/store.js';
import type { RuleOverride } from './apply-overrides.js';

/** The latest override of each rule, as the classifier loader takes them. */
export async function currentOverrides(store: Store): Promise<(RuleOverride & { version: number })[]> {
  return (await store.ruleOverrides.current()).map((o) => ({
    ruleId: o.ruleId,
    packFile: o.packFile,
    kind: o.kind,
    spec: o.spec == null ? null : ruleSchema.parse(o.spec),
    version: o.version,
  }));
}
