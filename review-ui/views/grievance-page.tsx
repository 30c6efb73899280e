import type { GrievanceEvent, GrievanceFollowUp } from '../../src/storage/grievances.js';
import type { ReviewItem } from '../../src/storage/review-items.js';
import type { PublicUser } from '../../src/storage/users.js';
import type { MessageKey } from '../i18n.js';
import { Time } from './badges.js';
import { PostForm, Select } from './form.js';
import { GRIEVANCE_STATUSES } from './grievances-page.js';
import { Layout } from './layout.js';
import type { ViewCtx } from './view-context.js';
import type { Unit } from '../../src/storage/units.js';

/** One grievance's follow-up: where it stands, the update form, and everything done so far. */
export function GrievancePage(props: { ctx: ViewCtx; item: ReviewItem; followUp: GrievanceFollowUp | null; history: GrievanceEvent[]; units: Unit[]; owners: PublicUser[]; canEdit: boolean; canClose: boolean; today: string }) {
  const { t, lang, fmt } = props.ctx;
  const { item } = props;
  const g = props.followUp ?? { status: 'open', unit: item.unit, note: null, ownerId: null, dueDate: null, finding: null, closedBy: null, closedAt: null };
  const statusOptions = GRIEVANCE_STATUSES.map((s) => [s, t(`grievance.status.${s}` as MessageKey)] as [string, string]);
  const owner = props.owners.find((u) => u.id === g.ownerId);
  const overdue = !!g.dueDate && g.status !== 'resolved' && g.dueDate < props.today;
  return (
    <Layout ctx={props.ctx} title={t('grievances.page_title', { id: item.id })}>
      <p><a href={`/grievances#g${item.id}`}>{t('grievances.back')}</a></p>
      <h1>{t('grievances.page_title', { id: item.id })}</h1>
      <p><a href={`/items/${item.id}`}>{item.title || item.text.slice(0, 120) || `#${item.id} (${t('item.erased_short')})`}</a></p>
      <p class="panel notice">{t('grievance.why_followup')}</p>
      <section id="followup" aria-labelledby="followup-h" class="panel">
        <h2 id="followup-h">{t('grievances.current')}</h2>
        <dl class="facts">
          <dt>{t('queue.status')}</dt>
          <dd>{t(`grievance.status.${g.status}` as MessageKey)} {overdue && <strong class="badge overdue">{t('grievances.overdue')}</strong>}</dd>
          <dt>{t('grievances.unit')}</dt>
          <dd>{g.unit ?? item.unit ?? ''}</dd>
          <dt>{t('grievances.owner')}</dt>
          <dd>{owner?.username ?? t('grievances.no_owner')}</dd>
          <dt>{t('grievances.due')}</dt>
          <dd>{g.dueDate ? fmt.day(g.dueDate) : '–'}</dd>
          {g.finding && (
            <>
              <dt>{t('grievances.finding')}</dt>
              <dd>{g.finding} {g.closedAt && <>(<Time fmt={fmt} iso={g.closedAt} />)</>}</dd>
            </>
          )}
        </dl>
        {props.canEdit && (
          <PostForm ctx={props.ctx} action={`/grievances/${item.id}`} class="stack" label={t('grievances.update', { id: item.id })} draft="grievance">
            <label for="g-status">{t('queue.status')}</label>
            <Select id="g-status" name="status" value={g.status} options={statusOptions} />
            <label for="g-unit">{t('grievances.unit')}</label>
            <Select id="g-unit" name="unit" value={g.unit ?? item.unit ?? ''} options={[['', t('grievances.choose_unit')], ...props.units.map((u) => [u.code, u.name] as [string, string])]} />
            <label for="g-owner">{t('grievances.owner')}</label>
            <Select id="g-owner" name="owner" value={g.ownerId ? String(g.ownerId) : ''} options={[['', t('grievances.no_owner')], ...props.owners.map((u) => [String(u.id), u.unit ? `${u.username} (${u.unit})` : u.username] as [string, string])]} />
            <label for="g-due">{t('grievances.due')}</label>
            <input id="g-due" name="due" type="date" value={g.dueDate ?? ''} />
            <label for="g-note">{t('item.note')}</label>
            <textarea id="g-note" name="note" rows={3} maxlength={2000}>{g.note ?? ''}</textarea>
            {props.canClose && (
              <>
                <label for="g-finding">{t('grievances.finding')}</label>
                <textarea id="g-finding" name="finding" rows={3} maxlength={2000} aria-describedby="g-finding-help">{g.finding ?? ''}</textarea>
                <small id="g-finding-help">{t('grievances.finding_help')}</small>
              </>
            )}
            <button type="submit">{t('grievances.save')}</button>
          </PostForm>
        )}
      </section>
      <section aria-labelledby="ghist-h" class="panel">
        <h2 id="ghist-h">{t('grievances.history')}</h2>
        {props.history.length === 0 ? (
          <p class="muted">{t('grievances.no_history')}</p>
        ) : (
          <ol class="history">
            {props.history.map((e) => (
              <li>
                <Time fmt={fmt} iso={e.createdAt} /> · {e.username ?? ''} · {t(`grievance.status.${e.status}` as MessageKey)} · {e.unit ?? ''}
                {e.ownerName && <> · {t('grievances.owner')}: {e.ownerName}</>}
                {e.dueDate && <> · {t('grievances.due_on', { date: fmt.day(e.dueDate) })}</>}
                {e.note && <> — {e.note}</>}
                {e.finding && <> — <strong>{t('grievances.finding')}:</strong> {e.finding}</>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </Layout>
  );
}
