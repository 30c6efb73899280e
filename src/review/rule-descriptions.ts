import { loadEffectiveRules } from '../admin/rule-admin.js';
import type { Store } from '../storage/store.js';

/** A rule's description in each language (description_vi may be missing). */
export interface RuleDescription {
  en: string;
  vi?: string;
}

const TTL_MS = 60_000;
const cache = new WeakMap<Store, { dir: string; at: number; map: Promise<Map<string, RuleDescription>> }>();

/**
 * Descriptions of every rule and guard (shipped YAML with the admin's overrides), for the reasons
 * on an item page: the stored reason keeps only the English text of the day it was classified.
 * Loading the packs costs tens of milliseconds, so the map is kept a minute; a rules folder that
 * does not load gives an empty map (the page then falls back to what the reason stored).
 */
export function ruleDescriptions(store: Store, rulesDir: string, now = Date.now()): Promise<Map<string, RuleDescription>> {
  const hit = cache.get(store);
  if (hit && hit.dir === rulesDir && now - hit.at < TTL_MS) return hit.map;
  const map = loadEffectiveRules(store, rulesDir).then(
    (r) => new Map(r.rows.map((row) => [row.id, { en: row.description, vi: row.spec.description_vi }])),
    () => new Map<string, RuleDescription>(),
  );
  cache.set(store, { dir: rulesDir, at: now, map });
  return map;
}

/** The description a reader of `lang` sees: Vietnamese only in vi (no English fallback there), English in en. */
export function describeRule(d: RuleDescription | undefined, lang: string, stored: string | undefined): string | undefined {
  if (lang === 'vi') return d?.vi;
  return d?.en ?? stored;
}
