import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { setFlash } from '../auth/session.js';
import { requireRole } from '../auth/guards.js';
import type { AppEnv } from '../context.js';
import { CsrfField } from '../views/form.js';
import { auditAdmin, page, Table, when } from './common.js';
import type { AdminOptions } from './index.js';
import { sourceFormRoutes } from './source-form-routes.js';

/** /admin/sources: health and runs, pause/resume; adding and editing is the recipe form (source-form-routes.tsx). */
export function sourceRoutes(options: AdminOptions) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  const tools = () => {
    if (!options.sources) throw new HTTPException(503);
    return options.sources;
  };
  app.get('/', async (c) => {
    if (!options.sources) return page(c, 'adm.sources.title', (_ctx, t) => <p>{t('adm.sources.unavailable')}</p>);
    const { store } = c.get('deps');
    const { sources, errors } = options.sources.list();
    const states = new Map((await store.crawlState.list()).map((s) => [s.sourceId, s]));
    const runs = new Map(await Promise.all(sources.map(async (s) => [s.id, await store.adminQueries.recentRuns(s.id, 5)] as const)));
    return page(c, 'adm.sources.title', (ctx, t) => (
      <>
        <h1>{t('adm.sources.title')}</h1>
        <p><a href="/admin/sources/new">{t('adm.sources.add')}</a></p>
        <Table
          head={[t('adm.sources.id'), t('adm.sources.name'), t('adm.sources.type'), t('adm.sources.enabled'), t('adm.sources.health'), t('adm.sources.last_run'), t('adm.sources.per_run'), t('adm.common.actions')]}
          empty={t('adm.rules.none')}
          rows={sources.map((s) => {
            const st = states.get(s.id);
            const r = runs.get(s.id) ?? [];
            return [
              <a href={`/admin/sources/${s.id}`}>{s.id}</a>,
              s.name,
              s.type,
              s.enabled ? t('adm.common.yes') : t('adm.common.no'),
              `${st?.health ? t(`adm.sources.health.${st.health}`) : '—'}${st?.paused ? ` · ${t('adm.sources.paused')}` : ''}`,
              r[0] ? `${when(t.fmt, r[0].started_at)} · ${t(`adm.sources.run.${r[0].status}`)}${r[0].error ? ` · ${r[0].error}` : ''}` : '—',
              r.map((x) => `${x.new_count}/${x.found}`).join(' '),
              <form method="post" action={`/admin/sources/${s.id}/${st?.paused ? 'resume' : 'pause'}`} class="inline">
                <CsrfField ctx={ctx} />
                <button type="submit" class="secondary">{st?.paused ? t('adm.sources.resume') : t('adm.sources.pause')}</button>
              </form>,
            ];
          })}
        />
        {errors.length > 0 && (
          <section>
            <h2>{t('adm.sources.file_errors')}</h2>
            <ul>{errors.map((e) => <li><code>{e}</code></li>)}</ul>
          </section>
        )}
      </>
    ));
  });

  app.route('/', sourceFormRoutes(options));

  for (const action of ['pause', 'resume'] as const) {
    app.post(`/:id/${action}`, async (c) => {
      const id = c.req.param('id');
      if (!tools().list().sources.some((s) => s.id === id)) throw new HTTPException(404);
      await c.get('deps').store.crawlState.setPaused(id, action === 'pause', c.get('deps').clock().toISOString());
      await auditAdmin(c, `source_${action}`, { type: 'source', id });
      await setFlash(c, { kind: 'ok', key: 'flash.saved' });
      return c.redirect('/admin/sources', 303);
    });
  }
  return app;
}
