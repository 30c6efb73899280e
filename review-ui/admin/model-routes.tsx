import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { EvalReport } from '../../src/classify/metrics.js';
import { activateModel, retrainModel } from '../../src/admin/model-admin.js';
import { setFlash } from '../auth/session.js';
import { requireRole } from '../auth/guards.js';
import type { AppEnv } from '../context.js';
import { CsrfField } from '../views/form.js';
import { by, metaOf, page, Table, when, type T } from './common.js';
import type { AdminOptions } from './index.js';
import { ModelFigures } from './model-figures.js';

const f1 = (t: T, r: EvalReport | null, label?: string) => {
  if (!r) return '—';
  const v = label ? r.labels[label]?.f1 : r.macroF1;
  return t.fmt.number(v, 3);
};

/**
 * /admin/model: retrain (training files + verdicts); figures before/after on the held-out set, the
 * newest fifth of verdicts (time split) and the real development set; activate or roll back.
 */
export function modelRoutes(options: AdminOptions) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));

  app.get('/', async (c) => {
    const versions = await c.get('deps').store.modelVersions.list();
    const active = versions.find((v) => v.active);
    return page(c, 'adm.model.title', (ctx, t) => (
      <>
        <h1>{t('adm.model.title')}</h1>
        <p class="muted">{t('adm.model.intro')}</p>
        <p>
          {t('adm.model.active')}: <strong id="active-model">{active ? `#${active.id} (${when(t.fmt, active.activatedAt)})` : t('adm.model.shipped')}</strong>
        </p>
        <form method="post" action="/admin/model/retrain" class="inline">
          <CsrfField ctx={ctx} />
          <button type="submit" id="retrain">{t('adm.model.retrain')}</button>
        </form>
        {active && (
          <form method="post" action="/admin/model/activate/shipped" class="inline">
            <CsrfField ctx={ctx} />
            <button type="submit" class="secondary">{t('adm.model.use_shipped')}</button>
          </form>
        )}
        <h2>{t('adm.model.versions')}</h2>
        <Table
          head={['#', t('adm.model.created'), t('adm.model.examples'), t('adm.model.before'), t('adm.model.after'), t('adm.model.per_label'), t('adm.model.active')]}
          empty={t('adm.model.none')}
          rows={versions.map((v) => {
            const before = v.evalBefore;
            const after = v.evalAfter;
            const labels = Object.keys(after?.labels ?? {});
            return [
              `#${v.id}`,
              `${when(t.fmt, v.createdAt)} · ${v.createdBy ?? ''}`,
              `${v.examples} (${v.verdictExamples})`,
              f1(t, before),
              f1(t, after),
              labels.map((l) => `${l}: ${f1(t, before, l)} → ${f1(t, after, l)}`).join('; '),
              v.active ? (
                t('adm.common.yes')
              ) : (
                <form method="post" action={`/admin/model/activate/${v.id}`} class="inline">
                  <CsrfField ctx={ctx} />
                  <button type="submit" class="secondary">{t('adm.model.activate')}</button>
                </form>
              ),
            ];
          })}
        />
        {versions.length > 0 && (
          <>
            <h2>{t('adm.model.figures')}</h2>
            <p class="muted">{t('adm.model.figures_help')}</p>
            {versions.map((v, i) => (
              <ModelFigures t={t} version={v} open={i === 0} />
            ))}
          </>
        )}
      </>
    ));
  });

  app.post('/retrain', async (c) => {
    const { store, config } = c.get('deps');
    await retrainModel(store, { rulesDir: config.rulesDir, heldoutPath: options.heldoutPath, realEvalPath: options.realEvalPath, modelsDir: options.modelsDir, by: by(c), ...metaOf(c) });
    await setFlash(c, { kind: 'ok', key: 'flash.saved' });
    return c.redirect('/admin/model', 303);
  });

  app.post('/activate/:id', async (c) => {
    const raw = c.req.param('id');
    const id = raw === 'shipped' ? null : Number(raw);
    if (id !== null && !(Number.isSafeInteger(id) && (await c.get('deps').store.modelVersions.get(id)))) throw new HTTPException(404);
    await activateModel(c.get('deps').store, id, by(c), metaOf(c));
    await options.onClassifierChange?.();
    await setFlash(c, { kind: 'ok', key: 'flash.saved' });
    return c.redirect('/admin/model', 303);
  });
  return app;
}
