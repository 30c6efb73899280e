import type { PublicUser } from '../../src/storage/users.js';
import { VERDICTS } from '../../src/storage/verdicts.js';
import type { ReviewItem } from '../../src/storage/review-items.js';
import { canMove } from '../../src/review/status.js';
import { PostForm, Select } from './form.js';
import { verdictName } from './badges.js';
import type { ViewCtx } from './view-context.js';
import type { MessageKey } from '../i18n.js';
import { COUNTER_VERDICTS } from '../../src/review/grievance-guard.js';

/** A form that failed: what was typed (re-rendered as is) and the error, next to its field when it has one. */
export interface FormState {
  form: 'verdict' | 'claim' | 'hold' | 'escalate' | 'resolve';
  values: Record<string, string>;
  field?: string;
  error: string;
}

/** Error text next to a field; the field points at it (aria-describedby) and is marked aria-invalid. */
export function FieldError(props: { ctx: ViewCtx; id: string; error: string; field?: string }) {
  const { t } = props.ctx;
  const text = props.field ? t(props.error as MessageKey, { field: t(`field.${props.field}` as MessageKey) }) : t(props.error as MessageKey);
  return <p id={props.id} class="field-error" role="alert">{text}</p>;
}

export function VerdictForm(props: { ctx: ViewCtx; item: ReviewItem; held: boolean; state?: FormState }) {
  const { t } = props.ctx;
  const base = `/items/${props.item.id}`;
  const st = props.state?.form === 'verdict' ? props.state : undefined;
  const chosen = st ? (st.values.verdict ?? '') : props.item.verdict;
  const bad = (f: string) => st?.field === f;
  return (
    <PostForm ctx={props.ctx} action={`${base}/verdict`} class="stack" label={t('item.decide')} draft="verdict" id="verdict-form">
      {st && !st.field && <FieldError ctx={props.ctx} id="verdict-form-error" error={st.error} />}
      <fieldset aria-describedby={[bad('verdict') ? 'verdict-error' : '', props.held ? 'grievance-held' : ''].filter(Boolean).join(' ') || undefined}>
        <legend>{t('item.verdict')}</legend>
        {bad('verdict') && <FieldError ctx={props.ctx} id="verdict-error" error={st!.error} field="verdict" />}
        <div class="radios">
          {VERDICTS.map((v, i) => (
            <label>
              <input type="radio" name="verdict" value={v} required checked={chosen === v} disabled={props.held && COUNTER_VERDICTS.has(v)} aria-invalid={bad('verdict') ? 'true' : undefined} autofocus={bad('verdict') && i === 0} /> {verdictName(t, v)}
            </label>
          ))}
        </div>
      </fieldset>
      <label for="reason">{t('item.reason')}</label>
      <input id="reason" name="reason" required maxlength={500} value={st?.values.reason ?? ''} aria-invalid={bad('reason') ? 'true' : undefined} aria-describedby={bad('reason') ? 'reason-error reason-help' : 'reason-help'} autofocus={bad('reason')} />
      {bad('reason') && <FieldError ctx={props.ctx} id="reason-error" error={st!.error} field="reason" />}
      <small id="reason-help">{t('item.reason_help')}</small>
      <label for="note">{t('item.note')}</label>
      <textarea id="note" name="note" rows={3} maxlength={4000} aria-invalid={bad('note') ? 'true' : undefined} aria-describedby={bad('note') ? 'note-error' : undefined} autofocus={bad('note')}>{st?.values.note ?? ''}</textarea>
      {bad('note') && <FieldError ctx={props.ctx} id="note-error" error={st!.error} field="note" />}
      <button type="submit">{t('item.save_verdict')}</button>
    </PostForm>
  );
}

export function ItemControls(props: { ctx: ViewCtx; item: ReviewItem; assignable: PublicUser[] }) {
  const { t } = props.ctx;
  const { item } = props;
  const base = `/items/${item.id}`;
  return (
    <div class="controls">
      <PostForm ctx={props.ctx} action={`${base}/assign`} class="row" label={t('item.assign')}>
        <label for="assignee">{t('item.assign_to')}</label>
        <Select id="assignee" name="assignee" value={item.assignedTo?.toString() ?? ''} options={[['', t('item.unassigned')], ...props.assignable.map((u) => [String(u.id), u.username] as [string, string])]} />
        <button type="submit">{t('item.assign')}</button>
      </PostForm>
      <div class="row">
        {canMove(item.status, 'in_review') && item.status !== 'in_review' && (
          <PostForm ctx={props.ctx} action={`${base}/status`} class="inline">
            <input type="hidden" name="to" value="in_review" />
            <button type="submit">{t(item.status === 'closed' ? 'item.reopen' : 'item.start_review')}</button>
          </PostForm>
        )}
        {canMove(item.status, 'closed') && (
          <PostForm ctx={props.ctx} action={`${base}/status`} class="inline">
            <input type="hidden" name="to" value="closed" />
            <button type="submit">{t('item.close')}</button>
          </PostForm>
        )}
      </div>
    </div>
  );
}

/**
 * A claim is written by the reviewer in neutral words: the statement starts empty (the post's words
 * never become a claim, an audit row or a digest line by default), with a hint on how to word it.
 */
export function NewClaimForm(props: { ctx: ViewCtx; item: ReviewItem; labels: string[]; state?: FormState }) {
  const { t } = props.ctx;
  const st = props.state?.form === 'claim' ? props.state : undefined;
  const bad = st?.field === 'statement';
  return (
    <PostForm ctx={props.ctx} action={`/items/${props.item.id}/claims`} class="stack" label={t('claim.new')} draft="claim" id="claim-form">
      {st && !st.field && <FieldError ctx={props.ctx} id="claim-form-error" error={st.error} />}
      <label for="statement">{t('claim.statement')}</label>
      <textarea id="statement" name="statement" rows={2} required minlength={3} maxlength={1000} aria-invalid={bad ? 'true' : undefined} aria-describedby={bad ? 'statement-error statement-help' : 'statement-help'} autofocus={bad}>
        {st?.values.statement ?? ''}
      </textarea>
      {bad && <FieldError ctx={props.ctx} id="statement-error" error={st!.error} field="statement" />}
      <small id="statement-help">{t('claim.neutral_hint')}</small>
      {props.item.verdict && <small>{t('claim.inherits_verdict', { verdict: verdictName(t, props.item.verdict) })}</small>}
      <input type="hidden" name="label" value={st?.values.label ?? props.labels[0] ?? ''} />
      <button type="submit">{t('claim.create')}</button>
    </PostForm>
  );
}
