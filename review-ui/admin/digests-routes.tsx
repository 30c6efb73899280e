import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { DigestData } from '../../src/digest/digest-data.js';
import { renderDigestHtml } from '../../src/digest/render-html.js';
import type { AppEnv } from '../context.js';
import { NAV } from '../views/layout.js';
import { idParam } from '../routes/helpers.js';
import { auditAdmin, page, Table, when } from './common.js';

// Digest HTML carries its own inline CSS and SVG and no script: allow exactly that.
const DIGEST_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** /digests: stored weekly digests for every signed-in role; reviewers see their unit's and HQ's. */
export function digestRoutes() {
  const app = new Hono<AppEnv>();
  const visible = async (c: Context<AppEnv>) => {
    const d = await c.get('deps').store.digests.get(idParam(c));
    const u = c.get('user')!;
    if (!d || (u.role === 'reviewer' && d.unit !== '' && d.unit !== u.unit)) throw new HTTPException(404);
    return d;
  };

  app.get('/', async (c) => {
    const u = c.get('user')!;
    const list = await c.get('deps').store.digests.list({ unit: u.role === 'reviewer' ? u.unit : null });
    return page(c, 'adm.digests.title', (_ctx, t) => (
      <>
        <h1>{t('adm.digests.title')}</h1>
        <Table
          head={[t('adm.digests.week'), t('adm.digests.unit'), t('adm.digests.lang'), t('adm.digests.created'), t('adm.digests.delivery'), t('adm.common.actions')]}
          empty={t('adm.digests.none')}
          rows={list.map((d) => [
            d.week,
            d.unit || t('adm.digests.all'),
            d.lang,
            when(d.created_at),
            d.delivered_at ? `${d.delivery?.split(':')[0]} · ${when(d.delivered_at)}` : '—',
            <span>
              <a href={`/digests/${d.id}`}>{t('adm.digests.open')}</a> · <a href={`/digests/${d.id}/pdf`}>PDF</a> · <a href={`/digests/${d.id}/md`}>Markdown</a>
            </span>,
          ])}
        />
      </>
    ));
  });

  // Served inside the UI, the digest is drawn again from its stored figures with the site's
  // navigation and a PDF link (the stored HTML, as mailed and written, is self-contained).
  app.get('/:id', async (c) => {
    const d = await visible(c);
    const t = c.get('t');
    const role = c.get('user')!.role;
    const nav = NAV.filter((l) => !l.roles || l.roles.includes(role)).map((l) => ({ href: l.href, label: t(l.key) }));
    const data = JSON.parse(d.data) as DigestData;
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
