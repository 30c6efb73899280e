import { Layout } from './layout.js';
import { CsrfField } from './form.js';
import type { ViewCtx } from './view-context.js';

/** First run: the one-time form that creates the first administrator (or says the link is spent). */
export function SetupPage(props: { ctx: ViewCtx; action: string; valid: boolean; error?: { field: 'username' | 'password' | 'confirm'; message: string }; username?: string }) {
  const { t } = props.ctx;
  const err = (field: string) => (props.error?.field === field ? { 'aria-invalid': 'true', 'aria-describedby': `${field}-error` } : {});
  const message = (field: string) =>
    props.error?.field === field && (
      <p id={`${field}-error`} class="error">
        {props.error.message}
      </p>
    );
  return (
    <Layout ctx={props.ctx} title={t('setup.title')}>
      <section class="narrow">
        <h1>{t('setup.title')}</h1>
        {!props.valid ? (
          <>
            <p class="flash error" role="alert">
              {t('setup.invalid')}
            </p>
            <p>
              <a href="/login">{t('login.title')}</a>
            </p>
          </>
        ) : (
          <>
            <p>{t('setup.intro')}</p>
            <form method="post" action={props.action} class="stack" aria-label={t('setup.title')}>
              <CsrfField ctx={props.ctx} />
              <label for="username">{t('login.username')}</label>
              <input id="username" name="username" autocomplete="username" required maxlength={64} value={props.username ?? ''} {...err('username')} />
              {message('username')}
              <label for="password">{t('login.password')}</label>
              <input id="password" name="password" type="password" autocomplete="new-password" required maxlength={256} aria-describedby={props.error?.field === 'password' ? 'password-error password-help' : 'password-help'} {...(props.error?.field === 'password' ? { 'aria-invalid': 'true' } : {})} />
              <p id="password-help" class="muted">
                {t('setup.password_help')}
              </p>
              {message('password')}
              <label for="confirm">{t('setup.confirm')}</label>
              <input id="confirm" name="confirm" type="password" autocomplete="new-password" required maxlength={256} {...err('confirm')} />
              {message('confirm')}
              <button type="submit">{t('setup.submit')}</button>
            </form>
          </>
        )}
      </section>
    </Layout>
  );
}
