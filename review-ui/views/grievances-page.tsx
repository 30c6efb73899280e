import type { GrievanceRow } from '../../src/storage/grievances.js';
import type { MessageKey } from '../i18n.js';
import { Time } from './badges.js';
import { PostForm, Select } from './form.js';
import { Layout } from './layout.js';
import type { ViewCtx } from './view-context.js';

export const GRIEVANCE_STATUSES = ['open', 'forwarded', 'resolved'] as const;

export function GrievancesPage(props: { ctx: ViewCtx; rows: GrievanceRow[]; status?: string; units: string[]; canEdit: (row: GrievanceRow) => boolean; next: number | null }) {
  const { t, lang } = props.ctx;
  const statusOptions = GRIEVANCE_STATUSES.map((s) => [s, t(`grievance.status.${s}` as MessageKey)] as [string, string]);
  return (
    <Layout ctx={props.ctx} title={t('grievances.title')}>
      <h1>{t('grievances.title')}</h1>
      <p class="muted">{t('grievances.intro')}</p>
      <nav aria-label={t('responses.filter')} class="counts">
        <ul>
          {[['', t('responses.all')] as [string, string], ...statusOptions].map(([s, name]) => (
            <li>
              <a href={s ? `/grievances?status=${s}` : '/grievances'} aria-current={(props.status ?? '') === s ? 'true' : undefined}>{name}</a>
            </li>
          ))}
        </ul>
      </nav>
      {props.rows.length === 0 ? (
        <p class="empty">{t('grievances.empty')}</p>
      ) : (
        <ul class="cards">
          {props.rows.map((g) => (
            <li class="card">
              <a href={`/items/${g.item_id}`}>{g.title || g.text.slice(0, 100) || `#${g.item_id} (${t('item.erased_short')})`}</a>
              <p class="meta small">
                #{g.item_id} · {t(`grievance.status.${g.status}` as MessageKey)} · {g.unit ?? g.item_unit ?? ''} · <Time lang={lang} iso={g.collected_at} />
                {g.updated_by_name && <> · {g.updated_by_name} <Time lang={lang} iso={g.updated_at} /></>}
              </p>
              {g.note && <p>{g.note}</p>}
              {props.canEdit(g) && (
                <PostForm ctx={props.ctx} action={`/grievances/${g.item_id}`} class="row" label={t('grievances.update', { id: g.item_id })}>
                  <label for={`gs${g.item_id}`}>{t('queue.status')}</label>
                  <Select id={`gs${g.item_id}`} name="status" value={g.status} options={statusOptions} />
                  <label for={`gu${g.item_id}`}>{t('grievances.unit')}</label>
                  <input id={`gu${g.item_id}`} name="unit" value={g.unit ?? ''} maxlength={100} list="units" />
                  <label for={`gn${g.item_id}`}>{t('item.note')}</label>
                  <input id={`gn${g.item_id}`} name="note" value={g.note ?? ''} maxlength={2000} />
                  <button type="submit">{t('grievances.save')}</button>
                </PostForm>
              )}
            </li>
          ))}
        </ul>
      )}
      <datalist id="units">{props.units.map((u) => <option value={u}></option>)}</datalist>
      {props.next && (
        <nav class="pager" aria-label={t('queue.pages')}>
          <a href={`/grievances?${props.status ? `status=${props.status}&` : ''}before=${props.next}`} rel="next">{t('queue.next_page')}</a>
        </nav>
      )}
    </Layout>
  );
}
