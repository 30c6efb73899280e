import { marksFor, safeHttpUrl } from '../../src/review/highlight.js';
import type { Claim, MemberState } from '../../src/storage/claims.js';
import type { ReviewItem } from '../../src/storage/review-items.js';
import type { PublicUser } from '../../src/storage/users.js';
import type { VerdictRecord } from '../../src/storage/verdicts.js';
import type { Reason } from '../../src/types.js';
import type { NearDuplicate } from '../../src/review/near-duplicates.js';
import type { MessageKey } from '../i18n.js';
import { LabelBadge, StatusBadge, Time, verdictName } from './badges.js';
import type { RuleDescription } from '../../src/review/rule-descriptions.js';
import { PostForm } from './form.js';
import { ItemControls, NewClaimForm, VerdictForm, type FormState } from './item-forms.js';
import { FlowPanel, NearDuplicatesForm, type FlowView } from './item-flow.js';
import { EvidenceBlock, Highlighted, ReasonsList, type EvidenceView } from './item-parts.js';
import { Layout } from './layout.js';
import { TipPanel, type TipPanelData } from './tip-panel.js';
import type { ViewCtx } from './view-context.js';

export interface ItemPageData {
  item: ReviewItem;
  reasons: Reason[];
  scores: Record<string, number>;
  labels: string[];
  verdicts: VerdictRecord[];
  claims: (Claim & { state: MemberState })[];
  similar: { id: number; title: string | null; snippet: string; status: string; similarity: number }[];
  evidence: EvidenceView | null;
  assignable: PublicUser[];
  canDecide: boolean;
  /** The tips that brought this item in (tipline), when there are any. */
  tips?: TipPanelData;
  grievance: { status: string; unit: string | null; note: string | null } | null;
  /** A grievance (label, verdict or follow-up), and whether it is still held in follow-up. */
  grievanceGuard: { grievance: boolean; held: boolean };
  /** Escalation and hold: state, history, who may ask and who may resolve (issue 13, point 3). */
  flow: FlowView;
  /** Undecided near-duplicates this reader may confirm with the item's verdict. */
  nearDuplicates: NearDuplicate[];
  /** A submitted form that failed, re-rendered with what was typed. */
  formState?: FormState;
  /** Set only right after an admin's audited reveal. */
  revealedAuthor?: string | null;
  /** Rule descriptions in both languages, for the reasons (description_vi shown in vi). */
  ruleDescriptions?: Map<string, RuleDescription>;
}

export function ItemPage(props: { ctx: ViewCtx; d: ItemPageData }) {
  const { t, lang, user, fmt } = props.ctx;
  const { item, reasons } = props.d;
  const href = safeHttpUrl(item.url);
  const heading = item.title || t('item.untitled', { id: item.id });
  return (
    <Layout ctx={props.ctx} title={heading}>
      <article class="item" aria-labelledby="item-title">
        <h1 id="item-title">{item.title ? <Highlighted text={item.title} marks={marksFor(reasons, 'title')} t={t} /> : heading}</h1>
        <p class="meta">
          <StatusBadge t={t} status={item.status} /> {props.d.labels.map((l) => <LabelBadge t={t} fmt={fmt} label={l} score={props.d.scores[l]} />)}
          {item.verdict && <span class="badge verdict">{verdictName(t, item.verdict)}</span>}
          {item.onHold && <span class="badge hold">{t('item.on_hold')}</span>}
          {item.escalated && <span class="badge escalated">{t('item.escalated')}</span>}
          {props.d.tips && <span class="badge tip">{t('tip.badge')}</span>}
        </p>
        {item.verdict && (
          <p class="row">
            <a href={`/queue/next?from=${item.id}`} rel="next">{t('item.next')}</a>
          </p>
        )}
        <dl class="facts">
          <dt>{t('item.unit')}</dt>
          <dd>{item.unit ? (props.d.flow.unitNames[item.unit] ?? item.unit) : t('item.no_unit')}</dd>
          <dt>{t('item.source')}</dt>
          <dd>
            {item.sourceName ?? item.sourceId ?? ''}
            {href ? (
              <>
                {' · '}
                <a href={href} rel="noopener noreferrer nofollow" target="_blank">
                  {t('item.open_source')}
                </a>
              </>
            ) : (
              item.url && <> · <span class="muted">{t('item.unsafe_link')}</span></>
            )}
          </dd>
          <dt>{t('item.author')}</dt>
          <dd>
            {item.authorPseudonym ?? t('item.no_author')}
            {props.d.revealedAuthor !== undefined && (
              <strong class="revealed"> → {props.d.revealedAuthor ?? t('item.no_author')} ({t('item.reveal_logged')})</strong>
            )}
            {user?.role === 'admin' && props.d.revealedAuthor === undefined && item.authorPseudonym && (
              <PostForm ctx={props.ctx} action={`/items/${item.id}/reveal-author`} class="inline">
                <button type="submit" class="link">{t('item.reveal_author')}</button>
              </PostForm>
            )}
          </dd>
          <dt>{t('item.published')}</dt>
          <dd><Time fmt={fmt} iso={item.publishedAt} /></dd>
          <dt>{t('item.collected')}</dt>
          <dd><Time fmt={fmt} iso={item.collectedAt} /></dd>
          <dt>{t('item.assigned')}</dt>
          <dd>{item.assignedUsername ?? t('item.unassigned')}</dd>
          {item.duplicateCount > 0 && (
            <>
              <dt>{t('item.copies')}</dt>
              <dd>{item.duplicateCount}</dd>
            </>
          )}
        </dl>
        <section aria-labelledby="text-h">
          <h2 id="text-h">{t('item.text')}</h2>
          {item.erasedAt ? (
            <p class="text erased muted">{t('item.erased', { date: fmt.date(item.erasedAt) })}</p>
          ) : (
            <div class="text">
              <Highlighted text={item.text} marks={marksFor(reasons, 'text')} t={t} />
            </div>
          )}
        </section>
        <section aria-labelledby="reasons-h">
          <h2 id="reasons-h">{t('item.reasons')}</h2>
          <ReasonsList reasons={reasons} text={item.text} title={item.title ?? ''} t={t} fmt={fmt} descriptions={props.d.ruleDescriptions} />
        </section>
        <section aria-labelledby="evidence-h">
          <h2 id="evidence-h">{t('item.evidence')}</h2>
          <EvidenceBlock itemId={item.id} evidence={props.d.evidence} t={t} />
        </section>
      </article>
      {props.d.tips && <TipPanel ctx={props.ctx} d={props.d.tips} />}
      {props.d.grievanceGuard.grievance && (
        <p id="grievance-held" class="panel notice">
          {t(props.d.grievanceGuard.held ? 'item.grievance_held' : 'item.grievance_closed')} <a href={`/grievances/${item.id}`}>{t('item.followup_link')}</a>
        </p>
      )}
      {props.d.canDecide && (
        <section aria-labelledby="decide-h" class="panel">
          <h2 id="decide-h">{t('item.decide')}</h2>
          <VerdictForm ctx={props.ctx} item={item} held={props.d.grievanceGuard.held} state={props.d.formState} />
          <ItemControls ctx={props.ctx} item={item} assignable={props.d.assignable} />
        </section>
      )}
      <FlowPanel ctx={props.ctx} item={item} flow={props.d.flow} state={props.d.formState} />
      <NearDuplicatesForm ctx={props.ctx} item={item} rows={props.d.nearDuplicates} />
      <section aria-labelledby="claims-h" class="panel">
        <h2 id="claims-h">{t('item.claims')}</h2>
        {props.d.claims.length > 0 ? (
          <ul>
            {props.d.claims.map((c) => (
              <li>
                <a href={`/claims/${c.id}`}>{c.statement}</a> ({t(`claim.state.${c.state}` as MessageKey)}
                {c.verdict ? ` · ${verdictName(t, c.verdict)}` : ''})
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('item.no_claims')}</p>
        )}
        {props.d.canDecide && (props.d.grievanceGuard.held ? <p class="muted">{t('error.grievance_held_claim')}</p> : <NewClaimForm ctx={props.ctx} item={item} labels={props.d.labels} state={props.d.formState} />)}
      </section>
      {props.d.grievance && (
        <section aria-labelledby="grievance-h" class="panel">
          <h2 id="grievance-h">{t('nav.grievances')}</h2>
          <p>
            {t(`grievance.status.${props.d.grievance.status}` as MessageKey)} · {props.d.grievance.unit ?? ''} {props.d.grievance.note ?? ''}{' '}
            <a href={`/grievances/${item.id}`}>{t('item.followup_link')}</a>
          </p>
        </section>
      )}
      <section aria-labelledby="history-h" class="panel">
        <h2 id="history-h">{t('item.history')}</h2>
        {props.d.verdicts.length === 0 ? (
          <p class="muted">{t('item.no_verdicts')}</p>
        ) : (
          <ul>
            {props.d.verdicts.map((v) => (
              <li>
                <strong>{verdictName(t, v.verdict)}</strong> — {v.reason} {v.note && <em>({v.note})</em>} · {v.username ?? ''} · <Time fmt={fmt} iso={v.createdAt} />
                {v.claimId && <> · <a href={`/claims/${v.claimId}`}>{t('item.via_claim', { id: v.claimId })}</a></>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="similar-h" class="panel">
        <h2 id="similar-h">{t('item.similar')}</h2>
        {props.d.similar.length === 0 ? (
          <p class="muted">{t('item.no_similar')}</p>
        ) : (
          <ul>
            {props.d.similar.map((s) => (
              <li>
                <a href={`/items/${s.id}`}>{s.title || s.snippet.slice(0, 100)}</a> ({Math.round(s.similarity * 100)}% · <StatusBadge t={t} status={s.status} />)
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
