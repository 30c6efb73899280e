import type { Claim } from '../../src/storage/claims.js';
import type { ClaimResponse, ResponseSource } from '../../src/storage/responses.js';
import type { ResponseTemplate } from '../../src/review/templates.js';
import { NEEDS_SOURCE } from '../../src/review/response-service.js';
import { CARD_SUMMARY_MAX } from '../../src/review/response-card.js';
import type { MessageKey } from '../i18n.js';
import { Time, verdictName } from './badges.js';
import { PostForm } from './form.js';
import { Layout } from './layout.js';
import type { ViewCtx } from './view-context.js';

const SOURCE_ROWS = 5;

export function ResponseFields(props: { ctx: ViewCtx; claim: Claim; body: string; sources: ResponseSource[]; template?: string | null; error?: string; field?: 'body' | 'sources' }) {
  const { t } = props.ctx;
  const rows = [...props.sources, ...Array.from({ length: Math.max(2, SOURCE_ROWS - props.sources.length) }, () => ({ url: '', title: '' }))];
  return (
    <>
      {props.template !== undefined && <input type="hidden" name="template" value={props.template ?? ''} />}
      <label for="body">{t('response.body')}</label>
      <textarea id="body" name="body" rows={12} required maxlength={20000} aria-invalid={props.field === 'body' ? 'true' : undefined} aria-describedby={props.field === 'body' ? 'body-error' : undefined} autofocus={props.field === 'body'}>
        {props.body}
      </textarea>
      {props.field === 'body' && props.error && <p id="body-error" class="field-error" role="alert">{t(props.error as MessageKey)}</p>}
      <fieldset aria-describedby={props.field === 'sources' ? 'sources-error' : undefined}>
        <legend>{t('response.sources')}</legend>
        {props.field === 'sources' && props.error && <p id="sources-error" class="field-error" role="alert">{t(props.error as MessageKey)}</p>}
        <p class="muted">{t(NEEDS_SOURCE.has(props.claim.verdict ?? '') ? 'response.sources_required' : 'response.sources_help')}</p>
        {rows.map((s, i) => (
          <div class="source-row">
            <div>
              <label for={`su${i}`}>{t('response.source_url', { n: i + 1 })}</label>
              <input id={`su${i}`} name="source_url" type="url" value={s.url} maxlength={2000} placeholder="https://" aria-invalid={props.field === 'sources' && i === 0 ? 'true' : undefined} autofocus={props.field === 'sources' && i === 0} />
            </div>
            <div>
              <label for={`st${i}`}>{t('response.source_title', { n: i + 1 })}</label>
              <input id={`st${i}`} name="source_title" value={s.title} maxlength={300} />
            </div>
          </div>
        ))}
      </fieldset>
    </>
  );
}

export function ResponseEditor(props: { ctx: ViewCtx; claim: Claim; templates: ResponseTemplate[]; templateErrors: string[]; chosen: string | null; body: string; sources: ResponseSource[]; hint?: string | null; error?: string; field?: 'body' | 'sources' }) {
  const { t } = props.ctx;
  const { claim } = props;
  return (
    <Layout ctx={props.ctx} title={t('response.new_title', { id: claim.id })}>
      <h1>{t('response.new_title', { id: claim.id })}</h1>
      <p class="statement">{claim.statement}</p>
      <p class="meta">{claim.verdict && verdictName(t, claim.verdict)}</p>
      {props.hint && (
        <p class="panel">
          <strong>{t('response.hint')}</strong> {props.hint}
        </p>
      )}
      {props.error && !props.field && <p class="flash error" role="alert">{t(props.error as MessageKey)}</p>}
      {props.templateErrors.length > 0 && (
        <div class="flash error" role="alert">
          <p>{t('response.template_errors')}</p>
          <ul>{props.templateErrors.map((e) => <li>{e}</li>)}</ul>
        </div>
      )}
      <PostForm ctx={props.ctx} action={`/claims/${claim.id}/responses`} class="stack" label={t('response.new_title', { id: claim.id })} draft="response">
        {/* Inside the draft form: inserting a template posts what was typed along, and adds to it. */}
        <div class="row">
          <label for="template">{t('response.template')}</label>
          <select id="template" name="insert" aria-describedby="template-help">
            <option value="">{t('response.blank')}</option>
            {props.templates.map((tp) => <option value={tp.id} selected={tp.id === props.chosen}>{tp.title}</option>)}
          </select>
          <button type="submit" formaction={`/claims/${claim.id}/responses/insert`} formnovalidate>{t('response.insert_template')}</button>
          <small id="template-help">{t('response.insert_help')}</small>
        </div>
        <ResponseFields ctx={props.ctx} claim={claim} body={props.body} sources={props.sources} template={props.chosen} error={props.error} field={props.field} />
        <button type="submit">{t('response.save_draft')}</button>
      </PostForm>
    </Layout>
  );
}

/** `plain`: the text as posted (no Markdown); `prompts`: template prompts still to replace. */
export function ResponsePage(props: { ctx: ViewCtx; claim: Claim; r: ClaimResponse; sources: ResponseSource[]; canEdit: boolean; error?: string; body?: string; typedSources?: ResponseSource[]; field?: 'body' | 'sources'; plain: string; prompts: string[]; summary: string }) {
  const { t, lang, user, fmt } = props.ctx;
  const { r, claim } = props;
  return (
    <Layout ctx={props.ctx} title={t('response.title', { id: r.id })}>
      <h1>{t('response.title', { id: r.id })}</h1>
      <p class="meta">
        {t(`response.status.${r.status}` as MessageKey)} · <a href={`/claims/${claim.id}`}>{claim.statement}</a> · {claim.verdict && verdictName(t, claim.verdict)}
      </p>
      {props.error && !props.field && <p class="flash error" role="alert">{t(props.error as MessageKey)}</p>}
      <p class="muted">{t('response.never_posts')}</p>
      {props.prompts.length > 0 && (
        <div class="flash error" role="status">
          <p>{t('response.prompts_left')}</p>
          <ul>{props.prompts.map((p) => <li><code>{p}</code></li>)}</ul>
        </div>
      )}
      <label for="response-text">{t('response.text')}</label>
      <textarea id="response-text" readonly rows={10}>{props.plain}</textarea>
      <p class="row">
        <button type="button" data-copy="response-text" hidden>{t('response.copy')}</button>
        <a href={`/responses/${r.id}/text`} download>{t('response.download')}</a>
      </p>
      <h2>{t('response.sources')}</h2>
      {props.sources.length === 0 ? <p class="muted">{t('response.no_sources')}</p> : (
        <ol class="sources">{props.sources.map((s) => <li><a href={s.url} rel="noopener noreferrer nofollow">{s.title}</a> <small>{s.url}</small></li>)}</ol>
      )}
      <dl class="facts">
        <dt>{t('response.updated')}</dt>
        <dd><Time fmt={fmt} iso={r.updatedAt} /></dd>
        {r.approvedAt && <><dt>{t('response.approved_by')}</dt><dd>{r.approvedByName ?? ''} · <Time fmt={fmt} iso={r.approvedAt} /></dd></>}
        {r.publishedAt && <><dt>{t('response.published_at')}</dt><dd><Time fmt={fmt} iso={r.publishedAt} /> · {r.publishedUrl && <a href={r.publishedUrl} rel="noopener noreferrer nofollow">{r.publishedUrl}</a>}</dd></>}
      </dl>
      {user?.role === 'admin' && r.status === 'draft' && (
        <PostForm ctx={props.ctx} action={`/responses/${r.id}/approve`} class="panel" label={t('response.approve')}>
          <p>{t('response.approve_help')}</p>
          <button type="submit">{t('response.approve')}</button>
        </PostForm>
      )}
      {props.canEdit && r.status !== 'draft' && (
        <PostForm ctx={props.ctx} action={`/responses/${r.id}/card`} class="panel stack" label={t('card.make')}>
          <h2>{t('card.make')}</h2>
          <p class="muted">{t('card.help')}</p>
          <label for="card-summary">{t('card.summary')}</label>
          <textarea id="card-summary" name="summary" rows={4} maxlength={CARD_SUMMARY_MAX}>{props.summary}</textarea>
          <fieldset class="row">
            <legend>{t('card.format')}</legend>
            <label><input type="radio" name="format" value="png" checked /> {t('card.png')}</label>
            <label><input type="radio" name="format" value="pdf" /> PDF</label>
          </fieldset>
          <button type="submit">{t('card.download')}</button>
        </PostForm>
      )}
      {props.canEdit && r.status === 'approved' && (
        <PostForm ctx={props.ctx} action={`/responses/${r.id}/publish`} class="panel stack" label={t('response.record_publish')}>
          <label for="url">{t('response.published_url')}</label>
          <input id="url" name="url" type="url" required maxlength={2000} placeholder="https://" />
          <button type="submit">{t('response.record_publish')}</button>
        </PostForm>
      )}
      {props.canEdit && r.status !== 'published' && (
        <details class="panel" open={Boolean(props.error)}>
          <summary>{t('response.edit')}</summary>
          {r.status === 'approved' && <p class="muted">{t('response.edit_resets')}</p>}
          <PostForm ctx={props.ctx} action={`/responses/${r.id}`} class="stack" draft="response-edit">
            <ResponseFields ctx={props.ctx} claim={claim} body={props.body ?? r.body} sources={props.typedSources ?? props.sources} error={props.error} field={props.field} />
            <button type="submit">{t('response.save_draft')}</button>
          </PostForm>
        </details>
      )}
    </Layout>
  );
}
