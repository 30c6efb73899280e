import type { Unit } from '../../src/storage/units.js';
import type { MessageKey } from '../i18n.js';
import { CsrfField, Select } from './form.js';
import { Layout } from './layout.js';
import type { ViewCtx } from './view-context.js';

export interface TipFormState {
  url?: string;
  text?: string;
  worry?: string;
  unit?: string;
  /** Field the error is about ('url', 'text', 'worry', 'unit') or 'form' for the whole form. */
  error?: { field: 'url' | 'text' | 'worry' | 'unit' | 'form'; key: MessageKey };
}

/** The tip form: public (no login, no personal data asked) or, signed in, the reviewers' own. */
export function TipPage(props: { ctx: ViewCtx; units: Unit[]; state?: TipFormState; maxChars: number }) {
  const { t, user } = props.ctx;
  const s = props.state ?? {};
  const invalid = (field: string) => (s.error?.field === field ? { 'aria-invalid': 'true' as const } : {});
  const described = (field: string, help?: string) => [help, s.error?.field === field ? `${field}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const message = (field: string) =>
    s.error?.field === field && (
      <p id={`${field}-error`} class="field-error">
        {t(s.error.key, { max: props.maxChars })}
      </p>
    );
  return (
    <Layout ctx={props.ctx} title={t('tip.title')}>
      <section class="narrow tip">
        <h1>{t('tip.title')}</h1>
        <p>{t(user ? 'tip.intro_reviewer' : 'tip.intro')}</p>
        {!user && <p class="muted" id="tip-privacy">{t('tip.privacy')}</p>}
        {s.error?.field === 'form' && (
          <p class="flash error" role="alert" id="form-error">
            {t(s.error.key, { max: props.maxChars })}
          </p>
        )}
        <form method="post" action="/tip" class="stack" aria-label={t('tip.title')} aria-describedby={user ? undefined : 'tip-privacy'}>
          <CsrfField ctx={props.ctx} />
          <label for="tip-url">{t('tip.url')}</label>
          <input id="tip-url" name="url" type="url" inputmode="url" maxlength={2000} value={s.url ?? ''} placeholder="https://" aria-describedby={described('url', 'tip-url-help')} {...invalid('url')} />
          <p id="tip-url-help" class="muted">{t('tip.url_help')}</p>
          {message('url')}
          <label for="tip-text">{t('tip.text')}</label>
          <textarea id="tip-text" name="text" rows={6} maxlength={props.maxChars} aria-describedby={described('text')} {...invalid('text')}>{s.text ?? ''}</textarea>
          {message('text')}
          <label for="tip-worry">{t('tip.worry')}</label>
          <textarea id="tip-worry" name="worry" rows={3} maxlength={props.maxChars} aria-describedby={described('worry', 'tip-worry-help')} {...invalid('worry')}>{s.worry ?? ''}</textarea>
          <p id="tip-worry-help" class="muted">{t('tip.worry_help')}</p>
          {message('worry')}
          <label for="tip-unit">{t('tip.unit')}</label>
          <Select name="unit" id="tip-unit" value={s.unit ?? (user?.role === 'reviewer' ? user.unit : '')} options={[['', t('tip.unit_unknown')], ...props.units.map((u): [string, string] => [u.code, u.name])]} />
          {message('unit')}
          {/* Honeypot: people never see or reach it; a bot that fills every field gives itself away. */}
          <div class="visually-hidden" aria-hidden="true">
            <label for="tip-website">{t('tip.honeypot')}</label>
            <input id="tip-website" name="website" tabindex={-1} autocomplete="off" value="" />
          </div>
          <button type="submit">{t('tip.submit')}</button>
        </form>
      </section>
    </Layout>
  );
}

export function TipReceivedPage(props: { ctx: ViewCtx; receipt: string }) {
  const { t, user } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('tip.received_title')}>
      <section class="narrow tip" aria-labelledby="tip-received-h">
        <h1 id="tip-received-h">{t('tip.received_title')}</h1>
        <p role="status">
          {t('tip.received')} <strong class="receipt">{props.receipt}</strong>
        </p>
        <p>{t('tip.received_next')}</p>
        <p>
          <a href="/tip">{t('tip.another')}</a>
          {user && (
            <>
              {' · '}
              <a href="/queue?source=tip">{t('tip.to_queue')}</a>
            </>
          )}
        </p>
      </section>
    </Layout>
  );
}
