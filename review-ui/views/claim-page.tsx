import type { Claim, ClaimMember, ClaimSummary } from '../../src/storage/claims.js';
import type { ClaimResponse } from '../../src/storage/responses.js';
import { VERDICTS } from '../../src/storage/verdicts.js';
import type { MessageKey } from '../i18n.js';
import { LABELS, labelName, StatusBadge, Time, verdictName } from './badges.js';
import { PostForm, Select } from './form.js';
import { Layout } from './layout.js';
import type { ViewCtx } from './view-context.js';

export interface ClaimPageData {
  claim: Claim;
  members: ClaimMember[];
  suggestions: { id: number; title: string | null; snippet: string; status: string; unit: string | null; similarity: number }[];
  responses: ClaimResponse[];
  canEdit: boolean;
  /** A confirmed member is a worker's grievance: followed up, never answered. */
  grievanceMember?: boolean;
}

function MemberList(props: { ctx: ViewCtx; claimId: number; rows: { id: number; title: string | null; snippet: string; status: string; unit: string | null; similarity?: number | null }[]; action?: 'confirmed' | 'rejected' | 'both' }) {
  const { t } = props.ctx;
  return (
    <ul class="members">
      {props.rows.map((m) => (
        <li>
          <a href={`/items/${m.id}`}>{m.title || m.snippet.slice(0, 100) || `#${m.id} (${t('item.erased_short')})`}</a> <StatusBadge t={t} status={m.status} /> {m.unit ?? ''}
          {m.similarity != null && ` · ${t('reason.similarity')} ${Math.round(m.similarity * 100)}%`}
          {props.action && (
            <span class="inline-forms">
              {(props.action === 'confirmed' || props.action === 'both') && (
                <PostForm ctx={props.ctx} action={`/claims/${props.claimId}/members`} class="inline">
                  <input type="hidden" name="item" value={String(m.id)} />
                  <input type="hidden" name="state" value="confirmed" />
                  {m.similarity != null && <input type="hidden" name="similarity" value={m.similarity.toFixed(3)} />}
                  <button type="submit">{t('claim.confirm_member')}</button>
                </PostForm>
              )}
              {(props.action === 'rejected' || props.action === 'both') && (
                <PostForm ctx={props.ctx} action={`/claims/${props.claimId}/members`} class="inline">
                  <input type="hidden" name="item" value={String(m.id)} />
                  <input type="hidden" name="state" value="rejected" />
                  <button type="submit" class="secondary">{t(props.action === 'both' ? 'claim.reject_member' : 'claim.remove_member')}</button>
                </PostForm>
              )}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

export function ClaimPage(props: { ctx: ViewCtx; d: ClaimPageData }) {
  const { t, lang, fmt } = props.ctx;
  const { claim, canEdit } = props.d;
  const members = props.d.members.filter((m) => m.state === 'confirmed').map((m) => ({ ...m, id: m.itemId, snippet: m.text }));
  return (
    <Layout ctx={props.ctx} title={t('claim.title', { id: claim.id })}>
      <h1>{t('claim.title', { id: claim.id })}</h1>
      <p class="statement">{claim.statement}</p>
      <p class="meta">
        {claim.label && labelName(t, claim.label)} · {claim.unit ?? ''} · {claim.verdict ? <strong>{verdictName(t, claim.verdict)}</strong> : t('claim.undecided')}
        {claim.knownClaimId && <> · {t('claim.known')} <code>{claim.knownClaimId}</code></>}
        {claim.decidedAt && <> · <Time fmt={fmt} iso={claim.decidedAt} /></>}
      </p>
      {claim.verdictReason && <p>{t('item.reason')}: {claim.verdictReason}</p>}
      {canEdit && (
        <section class="panel" aria-labelledby="cv-h">
          <h2 id="cv-h">{t('claim.decide')}</h2>
          <PostForm ctx={props.ctx} action={`/claims/${claim.id}/verdict`} class="stack">
            <label for="verdict">{t('item.verdict')}</label>
            <Select id="verdict" name="verdict" value={claim.verdict} required options={[['', t('claim.choose')], ...VERDICTS.map((v) => [v, verdictName(t, v)] as [string, string])]} />
            <label for="reason">{t('item.reason')}</label>
            <input id="reason" name="reason" required maxlength={500} value={claim.verdictReason ?? ''} />
            <small>{t('claim.applies_to_members')}</small>
            <button type="submit">{t('claim.save_verdict')}</button>
          </PostForm>
          <details>
            <summary>{t('claim.edit')}</summary>
            <PostForm ctx={props.ctx} action={`/claims/${claim.id}`} class="stack">
              <label for="statement">{t('claim.statement')}</label>
              <textarea id="statement" name="statement" rows={2} required maxlength={1000}>{claim.statement}</textarea>
              <label for="label">{t('queue.label')}</label>
              <Select id="label" name="label" value={claim.label} options={[['', t('queue.any')], ...LABELS.map((l) => [l, labelName(t, l)] as [string, string])]} />
              <button type="submit">{t('claim.save')}</button>
            </PostForm>
          </details>
        </section>
      )}
      <section class="panel" aria-labelledby="members-h">
        <h2 id="members-h">{t('claim.members', { n: members.length })}</h2>
        <MemberList ctx={props.ctx} claimId={claim.id} rows={members} action={canEdit ? 'rejected' : undefined} />
      </section>
      {canEdit && (
        <section class="panel" aria-labelledby="sugg-h">
          <h2 id="sugg-h">{t('claim.suggestions')}</h2>
          <p class="muted">{t('claim.suggestions_help')}</p>
          {props.d.suggestions.length === 0 ? <p class="muted">{t('claim.no_suggestions')}</p> : <MemberList ctx={props.ctx} claimId={claim.id} rows={props.d.suggestions} action="both" />}
        </section>
      )}
      <section class="panel" aria-labelledby="resp-h">
        <h2 id="resp-h">{t('response.list_title')}</h2>
        {props.d.responses.length === 0 ? (
          <p class="muted">{t('response.none')}</p>
        ) : (
          <ul>
            {props.d.responses.map((r) => (
              <li>
                <a href={`/responses/${r.id}`}>{t('response.title', { id: r.id })}</a> · {t(`response.status.${r.status}` as MessageKey)} · <Time fmt={fmt} iso={r.updatedAt} />
                {r.publishedUrl && <> · <a href={r.publishedUrl} rel="noopener noreferrer nofollow">{t('response.published_link')}</a></>}
              </li>
            ))}
          </ul>
        )}
        {canEdit && claim.verdict && claim.verdict !== 'grievance' && !props.d.grievanceMember && (
          <p>
            <a class="button" href={`/claims/${claim.id}/responses/new`}>{t('response.new')}</a>
          </p>
        )}
        {canEdit && !claim.verdict && <p class="muted">{t('claim.needs_verdict')}</p>}
        {(claim.verdict === 'grievance' || props.d.grievanceMember) && <p class="muted">{t('error.grievance_no_response')}</p>}
      </section>
    </Layout>
  );
}

export function ClaimsList(props: { ctx: ViewCtx; claims: ClaimSummary[]; next: number | null }) {
  const { t, lang, fmt } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('claims.title')}>
      <h1>{t('claims.title')}</h1>
      {props.claims.length === 0 ? (
        <p class="empty">{t('claims.empty')}</p>
      ) : (
        <ul class="cards">
          {props.claims.map((c) => (
            <li class="card">
              <a href={`/claims/${c.id}`}>{c.statement}</a>
              <p class="meta small">
                #{c.id} · {c.unit ?? ''} · {c.verdict ? verdictName(t, c.verdict) : t('claim.undecided')} · {t('claims.member_count', { n: c.members })}
                {c.responseStatus && ` · ${t(`response.status.${c.responseStatus}` as MessageKey)}`} · <Time fmt={fmt} iso={c.updatedAt} />
              </p>
            </li>
          ))}
        </ul>
      )}
      {props.next && (
        <nav class="pager" aria-label={t('queue.pages')}>
          <a href={`/claims?before=${props.next}`} rel="next">{t('queue.next_page')}</a>
        </nav>
      )}
    </Layout>
  );
}
