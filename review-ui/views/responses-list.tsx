import type { ResponseListing } from '../../src/storage/responses.js';
import type { MessageKey } from '../i18n.js';
import { Time, verdictName } from './badges.js';
import { Layout } from './layout.js';
import type { ViewCtx } from './view-context.js';

export function ResponsesList(props: { ctx: ViewCtx; rows: ResponseListing[]; status: string | undefined; next: number | null }) {
  const { t, lang, fmt } = props.ctx;
  const tabs: [string, MessageKey][] = [['', 'responses.all'], ['draft', 'response.status.draft'], ['approved', 'response.status.approved'], ['published', 'response.status.published']];
  return (
    <Layout ctx={props.ctx} title={t('responses.title')}>
      <h1>{t('responses.title')}</h1>
      <nav aria-label={t('responses.filter')} class="counts">
        <ul>
          {tabs.map(([s, key]) => (
            <li>
              <a href={s ? `/responses?status=${s}` : '/responses'} aria-current={(props.status ?? '') === s ? 'true' : undefined}>{t(key)}</a>
            </li>
          ))}
        </ul>
      </nav>
      {props.rows.length === 0 ? (
        <p class="empty">{t('response.none')}</p>
      ) : (
        <ul class="cards">
          {props.rows.map((r) => (
            <li class="card">
              <a href={`/responses/${r.id}`}>{t('response.title', { id: r.id })}</a> — {r.statement}
              <p class="meta small">
                {t(`response.status.${r.status}` as MessageKey)} · {r.verdict ? verdictName(t, r.verdict) : ''} · {r.unit ?? ''} · <Time fmt={fmt} iso={r.updatedAt} />
              </p>
            </li>
          ))}
        </ul>
      )}
      {props.next && (
        <nav class="pager" aria-label={t('queue.pages')}>
          <a href={`/responses?${props.status ? `status=${props.status}&` : ''}before=${props.next}`} rel="next">{t('queue.next_page')}</a>
        </nav>
      )}
    </Layout>
  );
}
