import type { GrievanceSummary } from '../../src/storage/grievances.js';
import type { MessageKey } from '../i18n.js';
import { Time } from './badges.js';
import { Select } from './form.js';
import { Layout } from './layout.js';
import type { ViewCtx } from './view-context.js';
import type { Unit } from '../../src/storage/units.js';

export const GRIEVANCE_STATUSES = ['open', 'forwarded', 'resolved'] as const;
export interface GrievanceFilter {
  status?: (typeof GRIEVANCE_STATUSES)[number];
  unit?: string;
  overdue: boolean;
}

/** dd/mm/yyyy of a YYYY-MM-DD due date (no time zone: it is a calendar day). */

/**
 * The follow-up list: short cards (no form on each, so it stays usable on a phone), filters by
 * status, unit and overdue; each card links to the grievance's own page where it is updated.
 */
export function GrievancesPage(props: { ctx: ViewCtx; rows: GrievanceSummary[]; filter: GrievanceFilter; units: Unit[]; today: string; canEdit: (row: GrievanceSummary) => boolean; next: number | null }) {
  const { t, lang, fmt } = props.ctx;
  const f = props.filter;
  const statusOptions = GRIEVANCE_STATUSES.map((s) => [s, t(`grievance.status.${s}` as MessageKey)] as [string, string]);
  const query = (extra: Record<string, string>) => {
    const q = new URLSearchParams();
    if (f.status) q.set('status', f.status);
    if (f.unit) q.set('unit', f.unit);
    if (f.overdue) q.set('overdue', '1');
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return `/grievances?${q}`;
  };
  return (
    <Layout ctx={props.ctx} title={t('grievances.title')}>
      <h1>{t('grievances.title')}</h1>
      <p class="muted">{t('grievances.intro')}</p>
      <form method="get" action="/grievances" class="row filters-inline" aria-label={t('grievances.filter')}>
        <label for="gf-status">{t('queue.status')}</label>
        <Select id="gf-status" name="status" value={f.status ?? ''} options={[['', t('responses.all')], ...statusOptions]} />
        {props.units.length > 0 && (
          <>
            <label for="gf-unit">{t('grievances.unit')}</label>
            <Select id="gf-unit" name="unit" value={f.unit ?? ''} options={[['', t('grievances.all_units')], ...props.units.map((u) => [u.code, u.name] as [string, string])]} />
          </>
        )}
        <label>
          <input type="checkbox" name="overdue" value="1" checked={f.overdue} /> {t('grievances.overdue_only')}
        </label>
        <button type="submit">{t('grievances.filter')}</button>
      </form>
      {props.rows.length === 0 ? (
        <p class="empty">{t('grievances.empty')}</p>
      ) : (
        <ul class="cards">
          {props.rows.map((g) => {
            const overdue = !!g.dueDate && g.status !== 'resolved' && g.dueDate < props.today;
            return (
              <li class="card compact" id={`g${g.itemId}`}>
                {/* The title opens the follow-up page (update form, history); #id opens the post. */}
                <a href={`/grievances/${g.itemId}`} aria-label={t(props.canEdit(g) ? 'grievances.update' : 'grievances.view', { id: g.itemId }) + ': ' + (g.title || g.text.slice(0, 100))}>
                  {g.title || g.text.slice(0, 100) || `#${g.itemId} (${t('item.erased_short')})`}
                </a>
                <p class="meta small">
                  <a href={`/items/${g.itemId}`}>#{g.itemId}</a> · {t(`grievance.status.${g.status}` as MessageKey)} · {g.unit ?? g.itemUnit ?? ''} · {g.ownerName ?? t('grievances.no_owner_short')}
                  {g.dueDate && <> · {t('grievances.due_on', { date: fmt.day(g.dueDate) })}</>}
                  {overdue && <> <strong class="badge overdue">{t('grievances.overdue')}</strong></>}
                  {' · '}<Time fmt={fmt} iso={g.updatedAt ?? g.collectedAt} />
                </p>
                {g.note && <p class="clamp">{g.note}</p>}
              </li>
            );
          })}
        </ul>
      )}
      {props.next && (
        <nav class="pager" aria-label={t('queue.pages')}>
          <a href={query({ before: String(props.next) })} rel="next">{t('queue.next_page')}</a>
        </nav>
      )}
    </Layout>
  );
}
