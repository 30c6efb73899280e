import { describe, expect, it } from 'vitest';
import en from '../../review-ui/locales/en.json' with { type: 'json' };
import vi from '../../review-ui/locales/vi.json' with { type: 'json' };
import adminEn from '../../review-ui/admin/locales/en.json' with { type: 'json' };
import adminVi from '../../review-ui/admin/locales/vi.json' with { type: 'json' };
import { AUDIT_ACTIONS } from '../../src/review/audit.js';
import { STATUSES } from '../../src/review/status.js';
import { VERDICTS } from '../../src/storage/verdicts.js';

describe('locale files', () => {
  it('have the same keys, none empty, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [k, v] of Object.entries(vi)) {
      const e = (en as Record<string, string>)[k];
      expect(v.trim(), k).not.toBe('');
      expect(e.trim(), k).not.toBe('');
      expect([...e.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(), k).toEqual([...v.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
    }
  });

  it('cover every key built at run time', () => {
    const keys = new Set(Object.keys(vi));
    const dynamic = [
      ...STATUSES.map((s) => `status.${s}`),
      // The audit page names every action; a raw code there is English in the Vietnamese UI.
      ...AUDIT_ACTIONS.map((a) => `audit.a.${a}`),
      ...VERDICTS.map((v) => `verdict.${v}`),
      ...['covid_false', 'union_org', 'grievance'].map((l) => `label.${l}`),
      ...['viewer', 'reviewer', 'admin'].map((r) => `role.${r}`),
      ...['draft', 'approved', 'published'].map((s) => `response.status.${s}`),
      ...['open', 'forwarded', 'resolved'].map((s) => `grievance.status.${s}`),
      ...['suggested', 'confirmed', 'rejected'].map((s) => `claim.state.${s}`),
      ...[400, 401, 403, 404, 409, 413, 415, 429, 500].flatMap((c) => [`error.${c}.title`, `error.${c}.body`]),
    ];
    expect(dynamic.filter((k) => !keys.has(k))).toEqual([]);
  });

  it('translate the Vietnamese UI into English, not copy it', () => {
    const same = Object.keys(vi).filter((k) => (vi as Record<string, string>)[k] === (en as Record<string, string>)[k] && !/^(app\.name)$/.test(k));
    expect(same).toEqual([]);
  });

  // Admin pages are Vietnamese first too: the same keys, and no value left in English. Only names
  // and codes read the same in both languages.
  it('admin strings: same keys in vi and en, no Vietnamese value identical to the English one', () => {
    expect(Object.keys(adminEn).sort()).toEqual(Object.keys(adminVi).sort());
    const SAME_IN_BOTH = new Set(['adm.model.macro', 'adm.model.label_f1']);
    const same = Object.keys(adminVi).filter((k) => (adminVi as Record<string, string>)[k] === (adminEn as Record<string, string>)[k] && !SAME_IN_BOTH.has(k));
    expect(same).toEqual([]);
  });
});
