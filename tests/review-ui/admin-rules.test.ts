import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadEffectiveRules, ruleToYaml } from '../../src/admin/rule-admin.js';
import { loadActiveClassifier } from '../../src/classifier-runtime/load-active-classifier.js';
import { recordVerdict } from '../../src/review/item-actions.js';
import { adminHarness } from './admin-harness.js';
import { Client, type Harness } from './harness.js';

const RULE = 'grievance.unpaid-wages';

describe('/admin/rules', () => {
  let h: Awaited<ReturnType<typeof adminHarness>>;
  let admin: Client;
  let shipped: string;
  const edited = (change: (spec: Record<string, unknown>) => void) => {
    const spec = YAML.parse(shipped) as Record<string, unknown>;
    change(spec);
    return YAML.stringify(spec);
  };

  beforeAll(async () => {
    h = await adminHarness();
    admin = new Client(h as Harness);
    expect((await admin.login('admin')).status).toBe(303);
    shipped = ruleToYaml((await loadEffectiveRules(h.store, 'rules')).rows.find((r) => r.id === RULE)!.spec);
    // A known verdict on the weather item, which the edited rule will newly match.
    await recordVerdict(h.store, { id: h.users.admin, username: 'admin', role: 'admin', unit: 'hq' }, { itemId: h.ids[4], verdict: 'not_relevant', reason: 'thời tiết' }, { now: h.now.value });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is for admins only and lists every shipped rule with hits, precision and shadow status', async () => {
    const { res, html } = await admin.page('/admin/rules');
    expect(res.status).toBe(200);
    expect(html).toContain(RULE);
    expect(html).toContain('Độ chính xác 30 ngày');
    const reviewer = new Client(h as Harness);
    await reviewer.login('reviewer');
    expect((await reviewer.get('/admin/rules')).status).toBe(403);
    expect((await new Client(h as Harness).get('/admin/rules')).status).toBe(303);
  });

  it('backtest lists the items that would newly match and stop matching, with their known verdicts', async () => {
    await admin.page(`/admin/rules/${RULE}`);
    const yaml = edited((s) => {
      s.any = ['trời nắng nhẹ'];
      (s.examples as { match: string[] }).match = ['hôm nay trời nắng nhẹ'];
    });
    const res = await admin.post(`/admin/rules/${RULE}/backtest`, { yaml, days: '7', note: '' });
    expect(res.status).toBe(200);
    const html = await res.text();
    const section = html.slice(html.indexOf('id="backtest-result"'));
    const newly = section.slice(0, section.indexOf('<h3>', section.indexOf('<h3>') + 1));
    const gone = section.slice(newly.length);
    expect(newly).toContain(`href="/items/${h.ids[4]}"`);
    expect(newly).toContain('not_relevant');
    expect(newly).not.toContain(`href="/items/${h.ids[3]}"`);
    expect(gone).toContain(`href="/items/${h.ids[3]}"`); // "Công ty nợ lương ba tháng" no longer matches
    // Nothing was saved by a backtest.
    expect(await h.store.ruleOverrides.history(RULE)).toEqual([]);
  });

  it('refuses an invalid rule with a message naming the field, and keeps the text', async () => {
    const bad = edited((s) => {
      s.weight = 3;
    });
    const res = await admin.post(`/admin/rules/${RULE}`, { yaml: bad, days: '30', note: '' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="rule-error"[^>]*>[^<]*weight/);
    const failing = edited((s) => {
      s.any = ['trời nắng nhẹ'];
    });
    const r2 = await admin.post(`/admin/rules/${RULE}`, { yaml: failing, days: '30', note: '' });
    expect(r2.status).toBe(400);
    expect(await r2.text()).toContain('examples.match');
    expect(await h.store.ruleOverrides.history(RULE)).toEqual([]);
  });

  it('saves a new version with author and diff, audited, exportable to YAML, and reverts', async () => {
    const yaml = edited((s) => {
      (s.any as unknown[]).push('quạt trần hỏng xyzzy');
    });
    const res = await admin.post(`/admin/rules/${RULE}`, { yaml, days: '30', note: 'thêm cụm từ' });
    expect(res.status).toBe(303);
    const [v1] = await h.store.ruleOverrides.history(RULE);
    expect(v1).toMatchObject({ version: 1, author: 'admin', note: 'thêm cụm từ' });
    expect(v1.diff).toContain('+  - quạt trần hỏng xyzzy');
    expect(h.reloads.n).toBe(1);
    const audit = await h.store.db.all<{ action: string; target_id: string; detail: string }>("SELECT action, target_id, detail FROM audit_log WHERE action = 'rule_override'");
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].detail).diff).toContain('quạt trần hỏng xyzzy');
    const page = await admin.page(`/admin/rules/${RULE}`);
    expect(page.html).toContain('v1 · admin');
    const exp = await admin.get('/admin/rules/export?pack=rules%2Fgrievance.yaml');
    expect(exp.status).toBe(200);
    const pack = YAML.parse(await exp.text());
    expect(pack.rules.find((r: { id: string }) => r.id === RULE).any).toContain('quạt trần hỏng xyzzy');
    // The ingest classifier honours the override.
    const c = await loadActiveClassifier(h.store, { rulesDir: 'rules', onWarning: () => undefined });
    // (the rule fires; whether one rule alone flags depends on the label's threshold, not on the override)
    expect(c.classify({ text: 'quạt trần hỏng xyzzy' })!.reasons.some((r) => r.kind === 'rule' && r.ruleId === RULE)).toBe(true);
    expect((await admin.post(`/admin/rules/${RULE}/revert`, {})).status).toBe(303);
    expect((await h.store.ruleOverrides.history(RULE))[0]).toMatchObject({ version: 2, spec: null });
    const back = await loadActiveClassifier(h.store, { rulesDir: 'rules', onWarning: () => undefined });
    expect(back.classify({ text: 'quạt trần hỏng xyzzy' })!.reasons.some((r) => r.kind === 'rule' && r.ruleId === RULE)).toBe(false);
  });

  it('adds a new rule to a pack (shadow by default): backtest, save, refuse a taken id, revert removes it', async () => {
    const page = await admin.page('/admin/rules/new?pack=rules%2Fgrievance.yaml');
    expect(page.html).toContain('shadow: true');
    const yaml = 'id: grievance.weather-test\ndescription: Thử\nweight: 0.5\nshadow: true\nany: ["trời nắng nhẹ"]\nexamples:\n  match: ["hôm nay trời nắng nhẹ"]\n';
    const bt = await admin.post('/admin/rules/new/backtest', { yaml, pack: 'rules/grievance.yaml', days: '7', note: '' });
    expect(bt.status).toBe(200);
    expect(await bt.text()).toContain(`href="/items/${h.ids[4]}"`);
    const taken = await admin.post('/admin/rules/new', { yaml: yaml.replace('grievance.weather-test', RULE), pack: 'rules/grievance.yaml', days: '7', note: '' });
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain('already exists');
    const saved = await admin.post('/admin/rules/new', { yaml, pack: 'rules/grievance.yaml', days: '7', note: 'mới' });
    expect(saved.headers.get('location')).toBe('/admin/rules/grievance.weather-test');
    const list = await admin.page('/admin/rules');
    expect(list.html).toContain('grievance.weather-test');
    await admin.page('/admin/rules/grievance.weather-test');
    expect((await admin.post('/admin/rules/grievance.weather-test/revert', {})).status).toBe(303);
    expect((await admin.page('/admin/rules')).html).not.toContain('grievance.weather-test');
  });

  it('a shadow rule scores and explains but never flags', async () => {
    const yaml = edited((s) => {
      (s.any as unknown[]).push('quạt trần hỏng xyzzy');
      s.weight = 1;
      s.shadow = true;
    });
    expect((await admin.post(`/admin/rules/${RULE}`, { yaml, days: '30', note: 'shadow' })).status).toBe(303);
    const list = await admin.page('/admin/rules');
    expect(list.html).toMatch(new RegExp(`${RULE.replace('.', '\\.')}</code>.*?<td>có</td>`, 's'));
    const c = await loadActiveClassifier(h.store, { rulesDir: 'rules', onWarning: () => undefined });
    for (const text of ['quạt trần hỏng xyzzy', 'Quạt trần hỏng xyzzy!!', 'quat tran hong xyzzy']) {
      const r = c.classify({ text })!;
      expect(r.labels).not.toContain('grievance');
      expect(r.reasons.some((x) => x.kind === 'rule' && x.ruleId === RULE && x.shadow === true)).toBe(true);
    }
  });
});
