import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { renderDigestHtml } from '../../src/digest/render-html.js';
import type { AppEnv } from '../context.js';
import { NAV } from '../views/layout.js';
import { idParam } from '../routes/helpers.js';
import { requireRole } from '../auth/guards.js';
import { auditAdmin, page, Table, when } from './common.js';
import { MakeDigestForm, makeDigestForm, pastWeek, type DigestFormError, type DigestFormValues } from './digest-form.js';
import type { AdminOptions } from './index.js';

// Digest HTML carries its own inline CSS and SVG and no script: allow exactly that.
const DIGEST_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * /digests: stored weekly digests for every signed-in role; reviewers see their unit's and HQ's.
 * Admins also make one for any past week and unit ("Tạo bản tin"), with the function the
 * composition root passes in (the UI never imports src/jobs).
 */
export function digestRoutes(options: Pick<AdminOptions, 'makeDigest'> = {}) {
  const app = new Hono<AppEnv>();
  const visible = async (c: Context<AppEnv>) => {
    const d = await c.get('deps').store.digests.get(idParam(c));
    const u = c.get('user')!;
    if (!d || (u.role === 'reviewer' && d.unit !== '' && d.unit !== u.unit)) throw new HTTPException(404);
    return d;
  };

  const listPage = async (c: Context<AppEnv>, form?: { values: DigestFormValues; error: DigestFormError }, status = 200) => {
    const { store, clock, config } = c.get('deps');
    const u = c.get('user')!;
    const list = await store.digests.list({ unit: u.role === 'reviewer' ? u.unit : null });
    const units = u.role === 'admin' ? await store.units.list() : [];
    return page(c, 'adm.digests.title', (ctx, t) => (
      <>
        <h1>{t('adm.digests.title')}</h1>
        {u.role === 'admin' && (
          <MakeDigestForm ctx={ctx} t={t} units={units} now={clock()} timeZone={config.digest.timeZone} values={form?.values} error={form?.error} available={Boolean(options.makeDigest)} />
        )}
        <h2>{t('adm.digests.stored')}</h2>
        <Table
          head={[t('adm.digests.week'), t('adm.digests.unit'), t('adm.digests.lang'), t('adm.digests.created'), t('adm.digests.delivery'), t('adm.common.actions')]}
          empty={t('adm.digests.none')}
          rows={list.map((d) => [
            d.week,
            d.unit || t('adm.digests.all'),
            t(`adm.digests.lang.${d.lang === 'en' ? 'en' : 'vi'}`),
            when(t.fmt, d.createdAt),
            d.deliveredAt ? `${t(`adm.digests.via.${d.delivery?.startsWith('smtp') ? 'smtp' : 'outbox'}`)} · ${when(t.fmt, d.deliveredAt)}` : '—',
            <span>
              <a href={`/digests/${d.id}`}>{t('adm.digests.open')}</a> · <a href={`/digests/${d.id}/pdf`}>PDF</a> · <a href={`/digests/${d.id}/md`}>Markdown</a>
            </span>,
          ])}
        />
      </>
    ), status);
  };

  app.get('/', (c) => listPage(c));

  // Tạo bản tin: post/redirect/get to the digest it produced; a refused value comes back at its field.
  app.post('/', requireRole('admin'), async (c) => {
    const raw = await c.req.parseBody();
    const values: DigestFormValues = { week: String(raw.week ?? ''), unit: String(raw.unit ?? ''), lang: String(raw.lang ?? '') };
    const refuse = (error: DigestFormError, status = 400) => listPage(c, { values, error }, status);
    if (!options.makeDigest) return refuse({ field: 'run', key: 'adm.digests.make_unavailable' }, 503);
    const f = makeDigestForm.safeParse(raw);
    if (!f.success) {
      const field = String(f.error.issues[0]?.path[0] ?? 'week') as DigestFormError['field'];
      return refuse({ field, key: field === 'week' ? 'adm.digests.make_bad_week' : field === 'unit' ? 'error.unit_unknown' : 'adm.digests.make_bad_lang' });
    }
    const { store, clock, config } = c.get('deps');
    const now = clock();
    const week = pastWeek(f.data.week, now, config.digest.timeZone);
    if (typeof week === 'string') return refuse({ field: 'week', key: week });
    const unit = f.data.unit || null;
    if (unit !== null && !(await store.units.byCode(unit))) return refuse({ field: 'unit', key: 'error.unit_unknown' });
    let id: number;
    try {
      ({ id } = await options.makeDigest(store, { week, unit, lang: f.data.lang, now }));
    } catch (err) {
      console.error(`review-ui: digest ${week.label} ${unit ?? ''} failed:`, err);
      return refuse({ field: 'run', key: 'adm.digests.make_failed' }, 500);
    }
    await auditAdmin(c, 'digest_make', { type: 'digest', id }, { week: week.label, unit, lang: f.data.lang });
    return c.redirect(`/digests/${id}`, 303);
  });

  // Served inside the UI, the digest is drawn again from its stored figures with the site's
  // navigation and a PDF link (the stored HTML, as mailed and written, is self-contained).
  app.get('/:id', async (c) => {
    const d = await visible(c);
    const t = c.get('t');
    const role = c.get('user')!.role;
    const nav = NAV.filter((l) => !l.roles || l.roles.includes(role)).map((l) => ({ href: l.href, label: t(l.key) }));
    const data = d.data;
    c.header('x-kc-csp', DIGEST_CSP);
    if (!data?.headline) return c.html(d.html); // not a full figure set: the stored page as it is
    const html = await renderDigestHtml(data, d.lang === 'en' ? 'en' : 'vi', {
      nav,
      navLabel: t('nav.label'),
      pdfHref: d.pdf ? `/digests/${d.id}/pdf` : undefined,
    });
    return c.html(html);
  });

  app.get('/:id/pdf', async (c) => {
    const d = await visible(c);
    if (!d.pdf) throw new HTTPException(404);
    await auditAdmin(c, 'digest_export', { type: 'digest', id: d.id }, { week: d.week, format: 'pdf' });
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', `attachment; filename="kiem-chung-digest-${d.week}.pdf"`);
    return c.body(new Uint8Array(d.pdf));
  });

  app.get('/:id/md', async (c) => {
    const d = await visible(c);
    await auditAdmin(c, 'digest_export', { type: 'digest', id: d.id }, { week: d.week, format: 'md' });
    c.header('Content-Type', 'text/markdown; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="kiem-chung-digest-${d.week}.md"`);
    return c.body(d.markdown);
  });
  return app;
}
