import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { THEMES, themeOfRule, themeOfRules } from '../../src/digest/grievance-themes.js';
import { digestStrings } from '../../src/digest/locales.js';

// Rules that say "a worker complains", "a news report" or ask a question name no theme of their own.
const GENERIC = ['grievance.question-about-problem', 'grievance.workers-harmed-news', 'grievance.employer-wrongdoing-news', 'grievance.worker-complaint'];

describe('grievance themes', () => {
  it('every shipped grievance rule belongs to a theme, or is a guard or a generic signal', async () => {
    const spec = parse(await readFile('rules/grievance.yaml', 'utf8')) as { rules: { id: string }[] };
    const ids = spec.rules.map((r) => r.id);
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) {
      if (id.startsWith('grievance.guard.') || GENERIC.includes(id)) expect(themeOfRule(id)).toBe('other');
      else expect(THEMES).toContain(themeOfRule(id));
    }
  });

  it('names each theme in both digest languages, in a union officer\'s words', () => {
    for (const lang of ['vi', 'en'] as const) for (const k of [...THEMES, 'other']) expect(digestStrings(lang).themes[k]).toBeTruthy();
    expect(digestStrings('vi').themes.wages).toBe('Nợ lương, thưởng Tết');
    expect(digestStrings('vi').themes.safety).toMatch(/^An toàn lao động/);
    expect(digestStrings('vi').themes.insurance).toBe('Bảo hiểm xã hội');
    expect(digestStrings('vi').themes.other).toBe('Khác');
  });

  it('an item with several rules gets one theme; unknown rules are "other"', () => {
    expect(themeOfRules(['grievance.workers-harmed-news', 'grievance.unpaid-wages', 'grievance.safety'])).toBe('wages');
    expect(themeOfRules(['grievance.worker-complaint'])).toBe('other');
    expect(themeOfRules(['local.my-custom-rule'])).toBe('other');
    expect(themeOfRules([])).toBe('other');
  });
});
