import { describe, expect, it } from 'vitest';
import adminVi from '../../review-ui/admin/locales/vi.json' with { type: 'json' };
import vi from '../../review-ui/locales/vi.json' with { type: 'json' };
import { digestStrings } from '../../src/digest/locales.js';
import { loadRules } from '../../src/rules-loader/load-rules.js';

/**
 * One term per concept in the Vietnamese UI and digest (issue 13, §5): "luận điệu" for a claim,
 * "phản ánh, kiến nghị" for grievances, "cổ xúy" spelled one way, "Chưa kiểm chứng được", and no
 * English status or validation words. A forbidden variant anywhere fails with its key.
 */
const FORBIDDEN: [RegExp, string][] = [
  [/bức xúc/iu, '“phản ánh, kiến nghị”, not “bức xúc”'],
  [/cổ vũ|cỗ vũ/iu, '“cổ xúy”, not “cổ vũ”'],
  [/cỗ xu[ýy]|cổ su[ýy]|cổ xuý|cổ xuy\b/iu, '“cổ xúy” spelled this one way'],
  [/nhận định/iu, '“luận điệu” for a claim'],
  [/không (thể )?kiểm chứng được|chưa thể kiểm chứng/iu, '“Chưa kiểm chứng được”'],
  [/\bclaims?\b/iu, 'English “claim”'],
  [/\b(degraded|failed|failing|pending|invalid|error|required|unknown field)\b/iu, 'English status or validation word'],
];

/** Every string of the Vietnamese digest, functions called with sample arguments. */
function digestTexts(): [string, string][] {
  const out: [string, string][] = [];
  const walk = (prefix: string, v: unknown) => {
    if (typeof v === 'string') out.push([prefix, v]);
    else if (typeof v === 'function') out.push([prefix, String((v as (...a: unknown[]) => unknown)('2026-W47', '16/11/2026', '22/11/2026'))]);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(`${prefix}.${k}`, x);
  };
  walk('digest', digestStrings('vi'));
  return out;
}

const SOURCES: [string, [string, string][]][] = [
  ['review-ui/locales/vi.json', Object.entries(vi)],
  ['review-ui/admin/locales/vi.json', Object.entries(adminVi)],
  ['src/digest/locales.ts (vi)', digestTexts()],
];

// Technical names a Vietnamese sentence may quote as they are (commands, variables, formats).
const QUOTED = /`[^`]*`|“cli [^”]*”|KC_[A-Z_]+|\{[a-z_]+\}|https?:\/\/\S+/g;

describe('Vietnamese locale terms', () => {
  for (const [file, entries] of SOURCES) {
    it(`${file}: one term per concept, no English`, () => {
      expect(entries.length).toBeGreaterThan(20);
      const found: string[] = [];
      for (const [key, text] of entries) {
        const prose = text.replace(QUOTED, ' ');
        for (const [re, want] of FORBIDDEN) if (re.test(prose)) found.push(`${key}: ${want} — ${text}`);
      }
      expect(found).toEqual([]);
    });
  }

  it('uses the chosen terms where the concepts appear', () => {
    expect(vi['nav.claims']).toBe('Luận điệu');
    expect(vi['verdict.unverifiable']).toBe('Chưa kiểm chứng được');
    expect(vi['label.union_org']).toContain('Cổ xúy');
    expect(vi['label.grievance']).toContain('Phản ánh, kiến nghị');
    const d = digestStrings('vi');
    expect(d.claim).toBe('Luận điệu');
    expect(d.verdicts.unverifiable).toBe(vi['verdict.unverifiable']);
    expect(d.labels.union_org).toBe(vi['label.union_org']);
    expect(d.labels.grievance).toBe(vi['label.grievance']);
  });

  it('catches the variants it is meant to catch', () => {
    const hits = (s: string) => FORBIDDEN.filter(([re]) => re.test(s)).length;
    for (const bad of ['Công nhân bức xúc', 'cổ vũ công đoàn độc lập', 'Cỗ xuý', 'Cổ suý', 'Nhận định #3', 'Không kiểm chứng được', 'claim', 'Nguồn degraded', 'run failed']) expect(hits(bad), bad).toBeGreaterThan(0);
    expect(hits('Cổ xúy “công đoàn độc lập”; luận điệu; phản ánh, kiến nghị; Chưa kiểm chứng được')).toBe(0);
  });

  it('every shipped rule and guard has a Vietnamese description, in the same terms', async () => {
    const { packs } = await loadRules('rules');
    const rules = packs.flatMap((p) => [...p.spec.rules, ...p.spec.guards]);
    expect(rules.length).toBeGreaterThan(50);
    expect(rules.filter((r) => !r.description_vi).map((r) => r.id)).toEqual([]);
    const found = rules.flatMap((r) => FORBIDDEN.filter(([re]) => re.test(r.description_vi!.replace(QUOTED, ' '))).map(([, want]) => `${r.id}: ${want}`));
    expect(found).toEqual([]);
  });
});
