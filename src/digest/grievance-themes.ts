/**
 * Grievance themes as a union officer files them ("Nợ lương, thưởng Tết", "Bảo hiểm xã hội"), not
 * as rule descriptions. Each grievance rule of rules/grievance.yaml belongs to at most one theme;
 * an item whose rules name several themes goes to the first in THEMES order (pay before the news
 * report that mentions it), so every item is counted once. Rules that only say "a worker complains"
 * or "a news report" name no theme: such items, and unknown or custom rules, go to "other".
 */
export const THEMES = ['wages', 'insurance', 'safety', 'overtime', 'contract', 'fines', 'treatment', 'meals', 'commute', 'collective'] as const;
export type ThemeKey = (typeof THEMES)[number] | 'other';

const BY_RULE: Record<string, ThemeKey> = {
  'unpaid-wages': 'wages',
  'pay-problem-near': 'wages',
  'pay-problem-word': 'wages',
  'wage-debt-amount': 'wages',
  'bonus-insult': 'wages',
  'social-insurance': 'insurance',
  'insurance-problem-near': 'insurance',
  safety: 'safety',
  'safety-problem-near': 'safety',
  injury: 'safety',
  overtime: 'overtime',
  workload: 'overtime',
  contract: 'contract',
  fines: 'fines',
  'forced-payments': 'fines',
  'abusive-supervisor': 'treatment',
  'toilet-restrictions': 'treatment',
  meals: 'meals',
  'food-poisoning': 'meals',
  commute: 'commute',
  'collective-action': 'collective',
};

/** The theme of one rule id ("grievance.unpaid-wages" → wages); unknown → other. */
export function themeOfRule(ruleId: string): ThemeKey {
  const key = ruleId.replace(/^grievance\./, '');
  return Object.hasOwn(BY_RULE, key) ? BY_RULE[key] : 'other';
}

/** The theme of an item from all the grievance rules that fired on it (first in THEMES order). */
export function themeOfRules(ruleIds: readonly string[]): ThemeKey {
  const found = new Set(ruleIds.map(themeOfRule));
  return THEMES.find((t) => found.has(t)) ?? 'other';
}
