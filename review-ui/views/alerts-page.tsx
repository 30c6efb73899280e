import type { Alert } from '../../src/storage/alerts.js';
import { localeFormat } from '../../src/text/locale-format.js';
import type { MessageKey, Translate } from '../i18n.js';
import { Layout } from './layout.js';
import type { ViewCtx } from './view-context.js';

/** An instant in the installation's time zone, as a union officer reads it (dd/mm/yyyy hh:mm). */
export function localTime(iso: string, lang: string, timeZone: string): string {
  return localeFormat(lang, timeZone).dateTime(iso);
}

const kindName = (t: Translate, a: Alert) => t(`alerts.kind.${a.kind}` as MessageKey);
const subjectName = (t: Translate, a: Alert) => t(`alerts.subject.${a.subjectType}` as MessageKey);

function Summary(props: { ctx: ViewCtx; a: Alert; timeZone: string }) {
  const { t, lang } = props.ctx;
  const a = props.a;
  return (
    <p class="meta">
      {t('alerts.window', { from: localTime(a.windowStart, lang, props.timeZone), to: localTime(a.windowEnd, lang, props.timeZone) })} ·{' '}
      {a.baseline !== null ? t('alerts.count_vs', { n: String(a.count), usual: a.baseline.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: a.baseline < 1 ? 2 : 1 }) }) : t('alerts.count', { n: String(a.count) })}
    </p>
  );
}

export function AlertsPage(props: { ctx: ViewCtx; rows: Alert[]; unseenFrom: number; next: number | null; timeZone: string }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('alerts.title')}>
      <h1>{t('alerts.title')}</h1>
      <p class="muted">{t('alerts.intro')}</p>
      {props.rows.length === 0 ? (
        <p class="empty">{t('alerts.empty')}</p>
      ) : (
        <ol class="cards" aria-label={t('alerts.title')}>
          {props.rows.map((a) => (
            <li class="card">
              <h2>
                <a href={`/alerts/${a.id}`}>
                  {kindName(t, a)}: {a.subjectName}
                </a>{' '}
                {a.id > props.unseenFrom && <span class="badge fresh">{t('alerts.new')}</span>}
              </h2>
              <p class="meta small">
                {subjectName(t, a)} · #{a.id}
              </p>
              <Summary ctx={props.ctx} a={a} timeZone={props.timeZone} />
            </li>
          ))}
        </ol>
      )}
      {props.next && (
        <nav class="pager" aria-label={t('alerts.pages')}>
          <a href={`/alerts?before=${props.next}`} rel="next">
            {t('alerts.older')}
          </a>
        </nav>
      )}
    </Layout>
  );
}

export function AlertPage(props: { ctx: ViewCtx; alert: Alert; items: { id: number; title: string | null; snippet: string; unit: string | null }[]; hidden: number; queueLink: string | null; timeZone: string }) {
  const { t, lang } = props.ctx;
  const a = props.alert;
  return (
    <Layout ctx={props.ctx} title={`${t('alerts.title')} #${a.id}`}>
      <p>
        <a href="/alerts">{t('alerts.back')}</a>
      </p>
      <h1>
        {kindName(t, a)}: {a.subjectName}
      </h1>
      <p class="meta small">
        {subjectName(t, a)} · #{a.id}
      </p>
      <Summary ctx={props.ctx} a={a} timeZone={props.timeZone} />
      {a.pValue !== null && <p class="muted small">{t('alerts.test', { p: a.pValue < 1e-6 ? (lang === 'vi' ? '< 0,000001' : '< 0.000001') : a.pValue.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumSignificantDigits: 2 }) })}</p>}
      {props.queueLink && (
        <p>
          <a href={props.queueLink}>{a.subjectType === 'claim' ? t('alerts.open_claim') : t('alerts.open_queue')}</a>
        </p>
      )}
      <h2>{t('alerts.items', { n: String(props.items.length) })}</h2>
      {props.hidden > 0 && <p class="muted small">{t('alerts.hidden', { n: String(props.hidden) })}</p>}
      <ul class="cards" aria-label={t('alerts.items', { n: String(props.items.length) })}>
        {props.items.map((i) => (
          <li class="card">
            <h3>
              <a href={`/items/${i.id}`}>{i.title || i.snippet.slice(0, 90) || `#${i.id}`}</a>
            </h3>
            <p class="snippet">{i.snippet}</p>
            <p class="meta small">
              #{i.id} · {i.unit ?? t('item.no_unit')}
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
