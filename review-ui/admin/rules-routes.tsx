import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { backtestRule, exportPackYaml, loadEffectiveRules, parseRuleYaml, ruleToYaml, saveRuleOverride } from '../../src/admin/rule-admin.js';
import { DEFAULT_CONFIRMING } from '../../src/storage/verdicts.js';
import { setFlash } from '../auth/session.js';
import { requireRole } from '../auth/guards.js';
import type { AppEnv } from '../context.js';
import { auditAdmin, by, metaOf, page } from './common.js';
import { RuleEdit, RulesList, type RulePerf } from './rules-views.js';
import type { AdminOptions } from './index.js';

const editForm = z.object({
  yaml: z.string().max(20_000),
  days: z.coerce.number().int().min(1).max(365).default(30),
  note: z.string().max(500).default(''),
});

/** /admin/rules: rule list with 30-day hits and precision, edit with validation, backtest, versions, export. */
export function ruleRoutes(options: AdminOptions) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  const rulesOf = (c: Context<AppEnv>) => loadEffectiveRules(c.get('deps').store, c.get('deps').config.rulesDir);

  app.get('/', async (c) => {
    const { store, clock } = c.get('deps');
    const rules = await rulesOf(c);
    const now = clock();
    const perfRows = await store.digestQueries.rulePerformance({ start: new Date(now.getTime() - 30 * 86_400_000).toISOString(), end: now.toISOString() }, null, DEFAULT_CONFIRMING);
    const perf = new Map<string, RulePerf>(perfRows.map((r) => [r.rule_id, { hits: r.hits, precision: r.reviewed > 0 ? r.confirmed / r.reviewed : null }]));
    return page(c, 'adm.rules.title', (ctx, t) => <RulesList t={t} ctx={ctx} rows={rules.rows} perf={perf} packs={rules.packs.map((p) => p.file)} />);
  });

  app.get('/export', async (c) => {
    const rules = await rulesOf(c);
    const file = c.req.query('pack') ?? '';
    if (!rules.packs.some((p) => p.file === file)) throw new HTTPException(404);
    await auditAdmin(c, 'export', { type: 'rule_pack', id: file }, { format: 'yaml' });
    c.header('Content-Type', 'application/yaml; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${file.split('/').pop()!.replace(/[^\w.-]/g, '_')}"`);
    return c.body(exportPackYaml(rules, file));
  });

  const render = async (c: Context<AppEnv>, ruleId: string, extra: { yaml?: string; days?: number; note?: string; error?: string; result?: Awaited<ReturnType<typeof backtestRule>> }, status = 200) => {
    const rules = await rulesOf(c);
    const rule = rules.rows.find((r) => r.id === ruleId);
    if (!rule) throw new HTTPException(404);
    const history = await c.get('deps').store.ruleOverrides.history(ruleId);
    return page(
      c,
      'adm.rules.title',
      (ctx, t) => (
        <RuleEdit t={t} ctx={ctx} rule={rule} ruleId={ruleId} yaml={extra.yaml ?? ruleToYaml(rule.spec)} days={extra.days ?? 30} note={extra.note ?? ''} error={extra.error} result={extra.result} history={history} />
      ),
      status,
    );
  };

  // A new rule starts in shadow: it is watched on real traffic before it may flag anything.
  const template = (pack: string) =>
    `id: new-rule\ndescription: Mô tả quy tắc\nweight: 0.5\nshadow: true\nany:\n  - cụm từ cần tìm\nexamples:\n  match:\n    - một câu có cụm từ cần tìm\n  no_match:\n    - một câu khác\n# pack: ${pack}\n`;
  const renderNew = async (c: Context<AppEnv>, pack: string, extra: { yaml?: string; days?: number; note?: string; error?: string; result?: Awaited<ReturnType<typeof backtestRule>> }, status = 200) =>
    page(
      c,
      'adm.rules.title',
      (ctx, t) => <RuleEdit t={t} ctx={ctx} rule={undefined} ruleId="" yaml={extra.yaml ?? template(pack)} days={extra.days ?? 30} note={extra.note ?? ''} error={extra.error} result={extra.result} history={[]} newInPack={pack} />,
      status,
    );
  const packOf = async (c: Context<AppEnv>, pack: string | undefined) => {
    const rules = await rulesOf(c);
    if (!pack || !rules.packs.some((p) => p.file === pack)) throw new HTTPException(404);
    return rules;
  };
  app.get('/new', async (c) => {
    const pack = c.req.query('pack');
    await packOf(c, pack);
    return renderNew(c, pack!, {});
  });
  const parseNew = async (c: Context<AppEnv>) => {
    const raw = await c.req.parseBody();
    const body = editForm.safeParse(raw);
    const pack = typeof raw.pack === 'string' ? raw.pack : undefined;
    if (!body.success) throw new HTTPException(400);
    const rules = await packOf(c, pack);
    const parsed = parseRuleYaml(body.data.yaml, { rules, kind: 'rule', packFile: pack });
    const taken = parsed.ok && rules.rows.some((r) => r.id === parsed.spec.id);
    return { rules, pack: pack!, form: body.data, parsed: taken ? ({ ok: false, error: `id: "${parsed.ok ? parsed.spec.id : ''}" already exists` } as const) : parsed };
  };
  app.post('/new/backtest', async (c) => {
    const { rules, pack, form, parsed } = await parseNew(c);
    if (!parsed.ok) return renderNew(c, pack, { ...form, error: parsed.error }, 400);
    const result = await backtestRule(c.get('deps').store, { rules, spec: parsed.spec, kind: 'rule', packFile: pack, days: form.days, now: c.get('deps').clock() });
    return renderNew(c, pack, { ...form, result });
  });
  app.post('/new', async (c) => {
    const { rules, pack, form, parsed } = await parseNew(c);
    if (!parsed.ok) return renderNew(c, pack, { ...form, error: parsed.error }, 400);
    await saveRuleOverride(c.get('deps').store, by(c), { rules, ruleId: parsed.spec.id, spec: parsed.spec, kind: 'rule', packFile: pack, note: form.note || null }, metaOf(c));
    await options.onClassifierChange?.();
    await setFlash(c, { kind: 'ok', key: 'flash.saved' });
    return c.redirect(`/admin/rules/${encodeURIComponent(parsed.spec.id)}`, 303);
  });

  app.get('/:id', (c) => render(c, c.req.param('id'), {}));

  const parse = async (c: Context<AppEnv>) => {
    const ruleId = c.req.param('id')!;
    const body = editForm.safeParse(await c.req.parseBody());
    if (!body.success) throw new HTTPException(400);
    const rules = await rulesOf(c);
    const rule = rules.rows.find((r) => r.id === ruleId);
    if (!rule) throw new HTTPException(404);
    const parsed = parseRuleYaml(body.data.yaml, { rules, ruleId, kind: rule.guard ? 'guard' : 'rule' });
    return { ruleId, rules, rule, form: body.data, parsed };
  };

  app.post('/:id/backtest', async (c) => {
    const { ruleId, rules, rule, form, parsed } = await parse(c);
    if (!parsed.ok) return render(c, ruleId, { ...form, error: parsed.error }, 400);
    const result = await backtestRule(c.get('deps').store, { rules, spec: parsed.spec, kind: rule.guard ? 'guard' : 'rule', days: form.days, now: c.get('deps').clock() });
    return render(c, ruleId, { ...form, result });
  });

  app.post('/:id', async (c) => {
    const { ruleId, rules, rule, form, parsed } = await parse(c);
    if (!parsed.ok) return render(c, ruleId, { ...form, error: parsed.error }, 400);
    await saveRuleOverride(c.get('deps').store, by(c), { rules, ruleId, spec: parsed.spec, kind: rule.guard ? 'guard' : 'rule', packFile: rule.file, note: form.note || null }, metaOf(c));
    await options.onClassifierChange?.();
    await setFlash(c, { kind: 'ok', key: 'flash.saved' });
    return c.redirect(`/admin/rules/${encodeURIComponent(ruleId)}`, 303);
  });

  app.post('/:id/revert', async (c) => {
    const ruleId = c.req.param('id');
    const rules = await rulesOf(c);
    const rule = rules.rows.find((r) => r.id === ruleId);
    if (!rule) throw new HTTPException(404);
    await saveRuleOverride(c.get('deps').store, by(c), { rules, ruleId, spec: null, kind: rule.guard ? 'guard' : 'rule', packFile: rule.file, note: null }, metaOf(c));
    await options.onClassifierChange?.();
    await setFlash(c, { kind: 'ok', key: 'flash.saved' });
    return c.redirect(`/admin/rules/${encodeURIComponent(ruleId)}`, 303);
  });
  return app;
}
