import { createPatch } from 'diff';
import YAML from 'yaml';
import { RuleEngine, type CompiledRule, type LoadedPack } from '../classify/rule-engine.js';
import { RuleFileError } from '../classify/rule-error.js';
import { ruleSchema, type RuleSpec } from '../classify/rule-schema.js';
import { streamOf } from '../classify/token-stream.js';
import { loadRules, type LoadedRules } from '../rules-loader/load-rules.js';
import type { Store } from '../storage/store.js';
import { applyRuleOverrides, type RuleOverride } from '../classifier-runtime/apply-overrides.js';
import { currentOverrides } from '../classifier-runtime/current-overrides.js';

export interface RuleRow {
  id: string;
  label: string;
  description: string;
  shadow: boolean;
  guard: boolean;
  file: string;
  /** Version of the UI override in force, null when the shipped rule applies. */
  version: number | null;
  spec: RuleSpec;
}

export interface EffectiveRules {
  loaded: LoadedRules;
  overrides: RuleOverride[];
  packs: LoadedPack[];
  labels: Set<string>;
  rows: RuleRow[];
}

/** Shipped rule packs with the database overrides applied, plus one row per rule for the UI. */
export async function loadEffectiveRules(store: Store, rulesDir: string): Promise<EffectiveRules> {
  const loaded = await loadRules(rulesDir);
  const overrides = await currentOverrides(store);
  const packs = applyRuleOverrides(loaded.packs, overrides);
  const version = new Map(overrides.filter((o) => o.spec).map((o) => [o.ruleId, o.version]));
  const rows: RuleRow[] = [];
  for (const p of packs) {
    for (const [guard, list] of [[false, p.spec.rules], [true, p.spec.guards]] as const) {
      for (const r of list) {
        rows.push({ id: r.id, label: r.label ?? p.spec.label ?? '', description: r.description, shadow: r.shadow, guard, file: p.file, version: version.get(r.id) ?? null, spec: r });
      }
    }
  }
  return { loaded, overrides, packs, labels: new Set(loaded.labels.labels.map((l) => l.id)), rows };
}

export function ruleToYaml(spec: RuleSpec): string {
  return YAML.stringify(spec, { lineWidth: 0 });
}

export type ParsedRule = { ok: true; spec: RuleSpec } | { ok: false; error: string };

/**
 * Validates an edited rule exactly as a rule file is validated: YAML syntax (with line), the rule
 * schema (with field), compilation next to every other rule (phrase sets, regex safety, labels,
 * duplicate ids), and the rule's own examples.
 */
export function parseRuleYaml(text: string, ctx: { rules: EffectiveRules; ruleId?: string; kind: 'rule' | 'guard'; packFile?: string | null }): ParsedRule {
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) return { ok: false, error: `YAML: ${doc.errors[0].message}` };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }); // throws on an alias bomb: a validation error, not a 500
  } catch (err) {
    return { ok: false, error: `YAML: too many aliases (${(err as Error).message})` };
  }
  const parsed = ruleSchema.safeParse(data);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return { ok: false, error: `${i.path.join('.') || 'rule'}: ${i.message}` };
  }
  const spec = parsed.data;
  if (ctx.ruleId && spec.id !== ctx.ruleId) return { ok: false, error: `id: a rule keeps its id (${ctx.ruleId}); add a new rule instead` };
  const home = ctx.rules.rows.find((r) => r.id === spec.id)?.file ?? ctx.packFile ?? null;
  const packLabel = ctx.rules.packs.find((p) => p.file === home)?.spec.label;
  if (!spec.label && !packLabel) return { ok: false, error: 'label: required for a rule outside a pack with a default label' };
  try {
    const packs = applyRuleOverrides(ctx.rules.packs, [{ ruleId: spec.id, packFile: home, kind: ctx.kind, spec }]);
    const engine = new RuleEngine(packs, ctx.rules.labels);
    const mine = new Set([firing(engine, spec.id)!]);
    // The rule's own examples must hold, as `cli rules test` demands of the YAML files.
    for (const [expected, list] of [[true, spec.examples.match], [false, spec.examples.no_match]] as const) {
      for (const example of list) {
        const r = engine.evaluate(streamOf({ text: example }), mine);
        if (r.rules.length + r.guards.length > 0 !== expected) {
          return { ok: false, error: `examples.${expected ? 'match' : 'no_match'}: "${example}" ${expected ? 'does not match' : 'matches'}` };
        }
      }
    }
  } catch (err) {
    return { ok: false, error: err instanceof RuleFileError ? `${err.where.field ?? 'rule'}: ${err.detail}` : String(err) };
  }
  return { ok: true, spec };
}

export interface BacktestChange {
  id: number;
  title: string | null;
  excerpt: string;
  unit: string | null;
  verdict: string | null;
  collectedAt: string;
}

export interface BacktestResult {
  days: number;
  scanned: number;
  /** Items in the period beyond the scan cap (newest are scanned first). */
  skipped: number;
  before: number;
  after: number;
  newlyMatching: BacktestChange[];
  noLongerMatching: BacktestChange[];
}

function firing(engine: RuleEngine, ruleId: string): CompiledRule | undefined {
  return [...engine.rules, ...engine.guards].find((r) => r.id === ruleId);
}

/**
 * Runs the current and the edited version of one rule over the items stored in the last `days`
 * days and lists the items whose match changes, with their reviewers' verdicts.
 */
export async function backtestRule(
  store: Store,
  o: { rules: EffectiveRules; spec: RuleSpec; kind: 'rule' | 'guard'; packFile?: string | null; days: number; now: Date; maxItems?: number },
): Promise<BacktestResult> {
  const since = new Date(o.now.getTime() - o.days * 86_400_000).toISOString();
  const oldEngine = new RuleEngine(o.rules.packs, o.rules.labels);
  const home = o.rules.rows.find((r) => r.id === o.spec.id)?.file ?? o.packFile ?? null;
  const newEngine = new RuleEngine(applyRuleOverrides(o.rules.packs, [{ ruleId: o.spec.id, packFile: home, kind: o.kind, spec: o.spec }]), o.rules.labels);
  const oldRule = firing(oldEngine, o.spec.id);
  const newRule = firing(newEngine, o.spec.id)!;
  const fires = (engine: RuleEngine, rule: CompiledRule | undefined, stream: ReturnType<typeof streamOf>) => {
    if (!rule) return false;
    const r = engine.evaluate(stream, new Set([rule]));
    return r.rules.length + r.guards.length > 0;
  };
  const max = o.maxItems ?? 20_000;
  const total = await store.adminQueries.countSince(since);
  const result: BacktestResult = { days: o.days, scanned: 0, skipped: Math.max(0, total - max), before: 0, after: 0, newlyMatching: [], noLongerMatching: [] };
  let beforeId: number | null = null;
  while (result.scanned < max) {
    const page = await store.adminQueries.backtestPage(since, beforeId, Math.min(1000, max - result.scanned));
    if (page.length === 0) break;
    for (const item of page) {
      const stream = streamOf({ text: item.text, ...(item.title ? { title: item.title } : {}) });
      const was = fires(oldEngine, oldRule, stream);
      const is = fires(newEngine, newRule, stream);
      result.before += Number(was);
      result.after += Number(is);
      if (was !== is) {
        const change = { id: item.id, title: item.title, excerpt: item.text.slice(0, 200), unit: item.unit, verdict: item.verdict, collectedAt: item.collected_at };
        (is ? result.newlyMatching : result.noLongerMatching).push(change);
      }
    }
    result.scanned += page.length;
    beforeId = page[page.length - 1].id;
  }
  return result;
}

/** Unified diff between two YAML versions of a rule, for the version history. */
export function ruleDiff(ruleId: string, before: string, after: string): string {
  return createPatch(`${ruleId}.yaml`, before, after, 'before', 'after', { context: 3 });
}

/** A pack file as YAML with the UI's overrides merged in: how to carry edits back into rules/. */
export function exportPackYaml(rules: EffectiveRules, file: string): string {
  const pack = rules.packs.find((p) => p.file === file);
  if (!pack) throw new Error(`no rule pack ${file}`);
  return YAML.stringify(pack.spec, { lineWidth: 0 });
}

/**
 * Stores the next version of a rule (spec null: back to the shipped default) with author and diff,
 * and writes the audit entry in the same transaction.
 */
export async function saveRuleOverride(
  store: Store,
  by: { id: number; username: string },
  o: { rules: EffectiveRules; ruleId: string; spec: RuleSpec | null; kind: 'rule' | 'guard'; packFile: string | null; note: string | null },
  meta: { now: Date; ip?: string | null },
): Promise<number> {
  const current = o.rules.rows.find((r) => r.id === o.ruleId);
  const shipped = o.rules.loaded.packs.flatMap((p) => [...p.spec.rules, ...p.spec.guards]).find((r) => r.id === o.ruleId);
  // Reverting a rule that was added in the UI (no shipped default) removes it.
  const before = current ? ruleToYaml(current.spec) : '';
  const after = o.spec ? ruleToYaml(o.spec) : shipped ? ruleToYaml(shipped) : '';
  const diff = ruleDiff(o.ruleId, before, after);
  const now = meta.now.toISOString();
  return store.write(async () => {
    const version = await store.ruleOverrides.add({
      ruleId: o.ruleId, packFile: current?.file ?? o.packFile, kind: o.kind, spec: o.spec, diff, note: o.note, authorId: by.id, author: by.username, now,
    });
    await store.audit.append({
      at: now, userId: by.id, username: by.username, action: o.spec ? 'rule_override' : 'rule_revert', targetType: 'rule', targetId: o.ruleId,
      detail: { version, shadow: o.spec?.shadow ?? shipped?.shadow ?? false, note: o.note, diff }, ip: meta.ip ?? null,
    });
    return version;
  });
}
