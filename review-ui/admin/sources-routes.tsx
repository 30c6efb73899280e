import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { RawItem } from '../../src/types.js';
import { setFlash } from '../auth/session.js';
import { requireRole } from '../auth/guards.js';
import type { AppEnv } from '../context.js';
import { CsrfField } from '../views/form.js';
import type { ViewCtx } from '../views/view-context.js';
import { auditAdmin, page, Table, when, type T } from './common.js';
import type { AdminOptions } from './index.js';

const yamlForm = z.object({ yaml: z.string().min(1).max(20_000) });
const TEMPLATE = `id: new-source\nname: Nguồn mới\ntype: rss\nurl: https://example.org/feed.xml\nschedule: "0 * * * *"\nenabled: false\n`;

function Editor(props: { t: T; ctx: ViewCtx; id: string | null; yaml: string; errors?: string[]; preview?: { items: RawItem[]; pages: number; error?: string; blocked?: { host: string } } }) {
  const { t } = props;
  const action = props.id ? `/admin/sources/${props.id}` : '/admin/sources';
  return (
    <>
      <h1>{props.id ?? t('adm.sources.add')}</h1>
      {props.errors && props.errors.length > 0 && (
        <div class="flash error" role="alert">
          <ul>{props.errors.map((e) => <li>{e}</li>)}</ul>
        </div>
      )}
      <form method="post" action={action} class="stack">
        <CsrfField ctx={props.ctx} />
        <label for="yaml">{t('adm.sources.yaml')}</label>
        <textarea id="yaml" name="yaml" rows={18} spellcheck={false}>{props.yaml}</textarea>
        <div class="row">
          <button type="submit">{t('adm.common.save')}</button>
          <button type="submit" formaction="/admin/sources/test" class="secondary">{t('adm.sources.test')}</button>
        </div>
      </form>
      {props.preview && (
        <section id="source-preview">
          <h2>{t('adm.sources.test_result')}</h2>
          {props.preview.blocked ? (
            <div class="flash error" role="alert">
              <p>{props.t('adm.sources.blocked_internal', { host: props.preview.blocked.host })}</p>
              <p class="small"><code>{props.preview.error}</code></p>
            </div>
          ) : (
            props.preview.error && <p class="flash error">{props.preview.error}</p>
          )}
          <Table
            head={['#', t('adm.sources.f_title'), t('adm.sources.f_text'), t('adm.sources.f_url'), t('adm.sources.f_published')]}
            empty={t('adm.rules.none')}
            rows={props.preview.items.map((it, i) => [String(i + 1), it.title ?? '—', it.text.slice(0, 240), it.url ?? '—', it.publishedAt ?? '—'])}
          />
        </section>
      )}
    </>
  );
}

/** /admin/sources: health and runs, add/edit with the crawler's YAML validation, test now, pause/resume. */
export function sourceRoutes(options: AdminOptions) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  const tools = () => {
    if (!options.sources) throw new HTTPException(503);
    return options.sources;
  };
  const body = async (c: Context<AppEnv>) => {
    const r = yamlForm.safeParse(await c.req.parseBody());
    if (!r.success) throw new HTTPException(400);
    return r.data.yaml;
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
              `${st?.health ?? '—'}${st?.paused ? ` · ${t('adm.sources.paused')}` : ''}`,
              r[0] ? `${when(r[0].started_at)} · ${r[0].status}${r[0].error ? ` · ${r[0].error}` : ''}` : '—',
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

  app.get('/new', (c) => page(c, 'adm.sources.add', (ctx, t) => <Editor t={t} ctx={ctx} id={null} yaml={TEMPLATE} />));

  app.post('/test', async (c) => {
    const yaml = await body(c);
    const invalid = tools().validate(yaml, '(test)').errors;
    if (invalid.length) return page(c, 'adm.sources.title', (ctx, t) => <Editor t={t} ctx={ctx} id={null} yaml={yaml} errors={invalid} />, 400);
    const preview = await tools().test(yaml);
    // Back to the right editor: an existing source keeps its id, anything else is a new one.
    const parsedId = tools().validate(yaml, '(test)').source?.id;
    const id = parsedId && tools().list().sources.some((s) => s.id === parsedId) ? parsedId : null;
    return page(c, 'adm.sources.title', (ctx, t) => <Editor t={t} ctx={ctx} id={id} yaml={yaml} preview={preview} />);
  });

  const save = async (c: Context<AppEnv>, fixedId: string | null) => {
    const yaml = await body(c);
    const v = tools().validate(yaml, fixedId ? `${fixedId}.yaml` : '(new source)');
    const errors = v.errors.length ? v.errors : fixedId && v.source?.id !== fixedId ? [`id: must stay "${fixedId}"`] : !fixedId && tools().list().sources.some((s) => s.id === v.source?.id) ? [`id: "${v.source?.id}" already exists`] : [];
    if (errors.length || !v.source) return page(c, 'adm.sources.title', (ctx, t) => <Editor t={t} ctx={ctx} id={fixedId} yaml={yaml} errors={errors} />, 400);
    await tools().save(v.source.id, yaml);
    await auditAdmin(c, 'source_save', { type: 'source', id: v.source.id }, { created: !fixedId });
    await setFlash(c, { kind: 'ok', key: 'flash.saved' });
    return c.redirect('/admin/sources', 303);
  };
  app.post('/', (c) => save(c, null));

  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    const yaml = await tools().read(id);
    if (yaml == null) throw new HTTPException(404);
    return page(c, 'adm.sources.title', (ctx, t) => <Editor t={t} ctx={ctx} id={id} yaml={yaml} />);
  });
  app.post('/:id', (c) => save(c, c.req.param('id')));

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
