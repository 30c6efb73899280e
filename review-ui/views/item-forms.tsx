import type { PublicUser } from '../../src/storage/users.js';
import { VERDICTS } from '../../src/storage/verdicts.js';
import type { ReviewItem } from '../../src/storage/review-items.js';
import { canMove } from '../../src/review/status.js';
import { PostForm, Select } from './form.js';
import { verdictName } from './badges.js';
import type { ViewCtx } from './view-context.js';

export function VerdictForm(props: { ctx: ViewCtx; item: ReviewItem }) {
  const { t } = props.ctx;
  const base = `/items/${props.item.id}`;
  return (
    <PostForm ctx={props.ctx} action={`${base}/verdict`} class="stack" label={t('item.decide')}>
      <fieldset>
        <legend>{t('item.verdict')}</legend>
        <div class="radios">
          {VERDICTS.map((v) => (
            <label>
              <input type="radio" name="verdict" value={v} required checked={props.item.verdict === v} /> {verdictName(t, v)}
            </label>
          ))}
        </div>
      </fieldset>
      <label for="reason">{t('item.reason')}</label>
      <input id="reason" name="reason" required maxlength={500} aria-describedby="reason-help" />
      <small id="reason-help">{t('item.reason_help')}</small>
      <label for="note">{t('item.note')}</label>
      <textarea id="note" name="note" rows={3} maxlength={4000}></textarea>
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
        <Select id="assignee" name="assignee" value={item.assigned_to?.toString() ?? ''} options={[['', t('item.unassigned')], ...props.assignable.map((u) => [String(u.id), u.username] as [string, string])]} />
        <button type="submit">{t('item.assign')}</button>
      </PostForm>
      <div class="row">
        <PostForm ctx={props.ctx} action={`${base}/hold`} class="inline">
          <input type="hidden" name="on" value={item.on_hold ? '0' : '1'} />
          <button type="submit">{t(item.on_hold ? 'item.release_hold' : 'item.hold')}</button>
        </PostForm>
        <PostForm ctx={props.ctx} action={`${base}/escalate`} class="inline">
          <input type="hidden" name="on" value={item.escalated ? '0' : '1'} />
          <button type="submit">{t(item.escalated ? 'item.deescalate' : 'item.escalate')}</button>
        </PostForm>
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

export function NewClaimForm(props: { ctx: ViewCtx; item: ReviewItem; labels: string[] }) {
  const { t } = props.ctx;
  const suggestion = (props.item.title || props.item.text).slice(0, 280);
  return (
    <PostForm ctx={props.ctx} action={`/items/${props.item.id}/claims`} class="stack" label={t('claim.new')}>
      <label for="statement">{t('claim.statement')}</label>
      <textarea id="statement" name="statement" rows={2} required maxlength={1000}>
        {suggestion}
      </textarea>
      <input type="hidden" name="label" value={props.labels[0] ?? ''} />
      <button type="submit">{t('claim.create')}</button>
    </PostForm>
  );
}
