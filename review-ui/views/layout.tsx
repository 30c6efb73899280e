import type { Child } from 'hono/jsx';
import type { MessageKey } from '../i18n.js';
import type { ViewCtx } from './view-context.js';
import { CsrfField } from './form.js';

interface NavLink {
  href: string;
  key: MessageKey;
  roles?: string[];
}
/** Later admin tools add their entries here. */
export const NAV: NavLink[] = [
  { href: '/queue', key: 'nav.queue' },
  { href: '/claims', key: 'nav.claims' },
  { href: '/responses', key: 'nav.responses' },
  { href: '/grievances', key: 'nav.grievances' },
  { href: '/watchlists', key: 'nav.watchlists' },
  { href: '/alerts', key: 'nav.alerts' },
  { href: '/tip', key: 'nav.tip', roles: ['admin', 'reviewer'] },
  { href: '/admin/audit', key: 'nav.audit', roles: ['admin'] },
];

function langHref(url: URL, lang: string): string {
  const u = new URL(url);
  u.searchParams.set('lang', lang);
  return u.pathname + u.search;
}

export function Layout(props: { ctx: ViewCtx; title: string; children?: Child }) {
  const { t, user, path, url, flash, lang } = props.ctx;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t('app.name')}`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/copy.js" defer></script>
        <script src="/static/drafts.js" defer></script>
      </head>
      <body data-flash={flash?.kind} data-draft-restored={t('draft.restored')} data-draft-discard={t('draft.discard')}>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="top">
          <a class="brand" href="/queue">
            {t('app.name')}
          </a>
          {user && (
            <nav aria-label={t('nav.label')}>
              <ul>
                {NAV.filter((n) => !n.roles || n.roles.includes(user.role)).map((n) => (
                  <li>
                    <a href={n.href} aria-current={path.startsWith(n.href) ? 'page' : undefined}>
                      {t(n.key)}
                      {n.href === '/alerts' && props.ctx.alertsUnseen > 0 && (
                        <>
                          {' '}
                          <span class="navcount">{props.ctx.alertsUnseen > 99 ? '99+' : props.ctx.alertsUnseen}</span>
                          <span class="visually-hidden"> {t('nav.alerts_unseen')}</span>
                        </>
                      )}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <div class="who">
            <span class="langs">
              <a href={langHref(url, 'vi')} lang="vi" aria-current={lang === 'vi' ? 'true' : undefined}>Tiếng Việt</a>
              {' · '}
              <a href={langHref(url, 'en')} lang="en" aria-current={lang === 'en' ? 'true' : undefined}>English</a>
            </span>
            {user && (
              <form method="post" action="/logout" class="inline">
                <CsrfField ctx={props.ctx} />
                <span>
                  {user.username} ({t(`role.${user.role}` as MessageKey)}
                  {user.unit ? ` · ${user.unit}` : ''})
                </span>{' '}
                <button type="submit" class="link">
                  {t('nav.logout')}
                </button>
              </form>
            )}
          </div>
        </header>
        <main id="main">
          {flash && (
            <p class={`flash ${flash.kind}`} role={flash.kind === 'error' ? 'alert' : 'status'}>
              {t(flash.key as MessageKey, flash.field || flash.params ? { ...flash.params, ...(flash.field ? { field: t(flash.field as MessageKey) } : {}) } : undefined)}
            </p>
          )}
          {props.children}
        </main>
        <footer class="foot">
          <p>{t('app.footer')}</p>
        </footer>
      </body>
    </html>
  );
}
