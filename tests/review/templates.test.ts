import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillTemplate, loadTemplates, parseTemplate, templatesFor } from '../../src/review/templates.js';

describe('response templates', () => {
  it('parses YAML front matter, including a bare `false` verdict', () => {
    const t = parseTemplate('a.md', '---\nid: x\ntitle: Tiêu đề\nverdicts: [false, misleading]\nlabel: covid_false\n---\nXin chào {{unit}}\n');
    expect(t).toEqual({ id: 'x', title: 'Tiêu đề', labels: ['covid_false'], verdicts: ['false', 'misleading'], language: 'vi', body: 'Xin chào {{unit}}' });
    expect(parseTemplate('b.en.md', '---\nlanguage: en\n---\nHi').language).toBe('en');
    expect(parseTemplate('plain.md', 'Chỉ có nội dung')).toMatchObject({ id: 'plain', body: 'Chỉ có nội dung' });
  });

  it('names the file and field of a bad template', () => {
    expect(() => parseTemplate('bad.md', '---\ntitle: [x\n---\nb')).toThrow(/^bad\.md: front matter is not valid YAML/);
    expect(() => parseTemplate('bad2.md', '---\ntitle: 3\n---\nb')).toThrow(/^bad2\.md: front matter field "title"/);
  });

  it('fills known placeholders and leaves unknown ones visible', () => {
    expect(fillTemplate('{{claim_statement}} là {{ verdict }}; {{sources}} {{nope}}', { claim_statement: 'A', verdict: 'sai', sources: '- s' })).toBe('A là sai; - s {{nope}}');
    expect(fillTemplate('{{claim_statement}}', { claim_statement: '$& $1 {{verdict}}', verdict: 'x' })).toBe('$& $1 {{verdict}}');
  });

  it('loads a folder, reports bad files, and picks templates by verdict and label', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-tpl-'));
    writeFileSync(join(dir, 'a.md'), '---\nverdict: false\n---\nA');
    writeFileSync(join(dir, 'b.md'), '---\nverdicts: [accurate]\nlabels: [union_org]\n---\nB');
    writeFileSync(join(dir, 'c.md'), '---\ntitle: [\n---\nC');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const { templates, errors } = await loadTemplates(dir);
    expect(templates.map((t) => t.id)).toEqual(['a', 'b']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^c\.md:/);
    expect(templatesFor(templates, 'false', 'covid_false').map((t) => t.id)).toEqual(['a']);
    expect(templatesFor(templates, 'accurate', 'union_org').map((t) => t.id)).toEqual(['b']);
    expect((await loadTemplates(join(dir, 'missing'))).templates).toEqual([]);
  });
});

describe('shipped templates (rules/responses)', () => {
  it('all parse, and use only the placeholders the drafter fills', async () => {
    const { templates, errors } = await loadTemplates(join(import.meta.dirname, '../../rules/responses'));
    expect(errors).toEqual([]);
    expect(templates.length).toBeGreaterThan(0);
    for (const t of templates) {
      const used = [...t.body.matchAll(/\{\{\s*([a-z_]+)\s*\}\}/g)].map((m) => m[1]);
      expect(used.filter((u) => !['claim_statement', 'verdict', 'sources', 'unit', 'date'].includes(u)), t.id).toEqual([]);
      expect(['vi', 'en'], t.id).toContain(t.language);
    }
  });
});
