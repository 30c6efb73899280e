import type { NearDuplicate } from '../../src/review/near-duplicates.js';
import type { FlowEvent } from '../../src/storage/item-flow.js';
import type { ReviewItem } from '../../src/storage/review-items.js';
import type { MessageKey } from '../i18n.js';
import { verdictName } from './badges.js';
import { PostForm } from './form.js';
import { FieldError, type FormState } from './item-forms.js';
import type { ViewCtx } from './view-context.js';

export interface FlowView {
  events: FlowEvent[];
  /** Unit code → name, for "waits for Liên đoàn Lao động Hà Nội". */
  unitNames: Record<string, string>;
  /** Code of the unit above the item's unit now: where an escalation would go (null: the admins). */
  parentCode: string | null;
  /** The item's unit may hold or escalate it. */
  canRequest: boolean;
  /** This reader may return it to normal flow (the unit above, an admin, or its own unit for a hold). */
  canResolve: boolean;
}

const FLOW_KEYS: Record<FlowEvent['kind'], MessageKey> = { hold: 'flow.event.hold', escalate: 'flow.event.escalate', resolve: 'flow.event.resolve' };

/**
 * Escalation ("Chuyển cấp trên") and hold ("Tạm giữ"): the state, who asked and why, the reason
 * form for the item's unit and the resolution form for the unit above. Refused forms come back
 * with what was typed and the error at the field.
 */
export function FlowPanel(props: { ctx: ViewCtx; item: ReviewItem; flow: FlowView; state?: FormState }) {
  const { t, fmt } = props.ctx;
  const { item, flow } = props;
  const waiting = item.onHold || item.escalated;
  const target = waiting ? item.flowUnit : flow.parentCode;
  const above = target ? (flow.unitNames[target] ?? target) : t('flow.admins');
  const req = props.state && (props.state.form === 'hold' || props.state.form === 'escalate') ? props.state : undefined;
  const res = props.state?.form === 'resolve' ? props.state : undefined;
  if (!waiting && !flow.canRequest && flow.events.length === 0) return null;
  return (
    <section aria-labelledby="flow-h" class="panel" id="flow">
      <h2 id="flow-h">{t('flow.title')}</h2>
      {waiting ? (
        <p class="notice" id="flow-state">
          {item.escalated && <span class="badge escalated">{t('flow.waiting_escalated')}</span>} {item.onHold && <span class="badge hold">{t('flow.waiting_held')}</span>}{' '}
          {t('flow.waits_for', { unit: above })}
        </p>
      ) : (
        <p class="muted">{t('flow.normal')}</p>
      )}
      {flow.canResolve && (
        <PostForm ctx={props.ctx} action={`/items/${item.id}/flow/resolve`} class="stack" label={t('flow.resolve')} draft="flow-resolve" id="resolve-form">
          {res && !res.field && <FieldError ctx={props.ctx} id="resolve-form-error" error={res.error} />}
          <label for="flow-note">{t('flow.note')}</label>
          <textarea id="flow-note" name="note" rows={2} required minlength={3} maxlength={1000} aria-invalid={res?.field ? 'true' : undefined} aria-describedby={res?.field ? 'flow-note-error flow-note-help' : 'flow-note-help'} autofocus={Boolean(res?.field)}>
            {res?.values.note ?? ''}
          </textarea>
          {res?.field && <FieldError ctx={props.ctx} id="flow-note-error" error={res.error} field="note" />}
          <small id="flow-note-help">{t('flow.note_help')}</small>
          <button type="submit">{t('flow.resolve')}</button>
        </PostForm>
      )}
      {flow.canRequest && !item.escalated && (
        <PostForm ctx={props.ctx} action={`/items/${item.id}/escalate`} class="stack" label={t('flow.request')} draft="flow-request" id="flow-form">
          {req && !req.field && <FieldError ctx={props.ctx} id="flow-form-error" error={req.error} />}
          <label for="flow-reason">{t('flow.reason')}</label>
          <textarea id="flow-reason" name="reason" rows={2} required minlength={3} maxlength={1000} aria-invalid={req?.field ? 'true' : undefined} aria-describedby={req?.field ? 'flow-reason-error flow-reason-help' : 'flow-reason-help'} autofocus={Boolean(req?.field)}>
            {req?.values.reason ?? ''}
          </textarea>
          {req?.field && <FieldError ctx={props.ctx} id="flow-reason-error" error={req.error} field="reason" />}
          <small id="flow-reason-help">{t('flow.reason_help', { unit: above })}</small>
          <div class="row">
            <button type="submit">{t('item.escalate')}</button>
            {!item.onHold && (
              <button type="submit" class="secondary" formaction={`/items/${item.id}/hold`}>
                {t('item.hold')}
              </button>
            )}
          </div>
        </PostForm>
      )}
      {flow.events.length > 0 && (
        <>
          <h3>{t('flow.history')}</h3>
          <ul class="flow-history">
            {flow.events.map((e) => (
              <li>
                <strong>{t(FLOW_KEYS[e.kind], { unit: e.toUnit ? (flow.unitNames[e.toUnit] ?? e.toUnit) : t('flow.admins') })}</strong> — {e.reason} · {e.username ?? ''} · <time datetime={e.createdAt}>{fmt.dateTime(e.createdAt)}</time>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * Undecided near-duplicates of a decided item, each with a checkbox, and one confirmation that
 * gives the chosen ones the same verdict and claims (each through the usual services). A held
 * grievance is listed but cannot be chosen, and says why.
 */
export function NearDuplicatesForm(props: { ctx: ViewCtx; item: ReviewItem; rows: NearDuplicate[] }) {
  const { t, fmt } = props.ctx;
  if (!props.item.verdict || props.rows.length === 0) return null;
  return (
    <section aria-labelledby="near-dups-h" class="panel" id="near-dups">
      <h2 id="near-dups-h">{t('near.title')}</h2>
      <PostForm ctx={props.ctx} action={`/items/${props.item.id}/near-duplicates`} class="stack" label={t('near.title')}>
        <fieldset aria-describedby="near-help">
          <legend>{t('near.legend', { verdict: verdictName(t, props.item.verdict) })}</legend>
          <p id="near-help" class="small muted">{t('near.help')}</p>
          <ul class="near-list">
            {props.rows.map((r) => (
              <li>
                <input type="checkbox" name="item" value={String(r.id)} id={`near-${r.id}`} disabled={r.held} aria-describedby={r.held ? `near-${r.id}-held` : undefined} />{' '}
                <label for={`near-${r.id}`}>
                  #{r.id} {r.title || r.snippet.slice(0, 100)} ({fmt.percent(r.similarity)} · {r.unit ?? t('item.no_unit')})
                </label>{' '}
                <a href={`/items/${r.id}`} aria-label={t('near.open', { id: r.id })}>{t('near.open_short')}</a>
                {r.held && <small id={`near-${r.id}-held`} class="muted"> {t('near.held')}</small>}
              </li>
            ))}
          </ul>
        </fieldset>
        {props.rows.some((r) => !r.held) && <button type="submit">{t('near.confirm', { verdict: verdictName(t, props.item.verdict) })}</button>}
      </PostForm>
    </section>
  );
}
