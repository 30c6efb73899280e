import { Layout } from './layout.js';
import { CsrfField } from './form.js';
import type { ViewCtx } from './view-context.js';

export function LoginPage(props: { ctx: ViewCtx; next: string; error?: 'invalid' | 'throttled'; retryAfterMin?: number; username?: string; firstRun?: boolean; setupDone?: boolean; expired?: boolean }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('login.title')}>
      <section class="narrow">
        <h1>{t('login.title')}</h1>
        {props.expired && !props.error && (
          <p class="flash error" role="alert">
            {t('login.expired')}
          </p>
        )}
        {props.setupDone && (
          <p class="flash" role="status">
            {t('setup.done')}
          </p>
        )}
        {props.firstRun && (
          <div class="flash" role="note" aria-label={t('login.first_run_title')}>
            <p>
              <strong>{t('login.first_run_title')}</strong>
            </p>
            <p>{t('login.first_run')}</p>
            <p>
              <code>npm run --silent cli -- users add --username TEN --role admin --password-stdin</code>
            </p>
          </div>
        )}
        {props.error === 'invalid' && (
          <p class="flash error" role="alert">
            {t('login.invalid')}
          </p>
        )}
        {props.error === 'throttled' && (
          <p class="flash error" role="alert">
            {t('login.throttled', { minutes: props.retryAfterMin ?? 1 })}
          </p>
        )}
        <form method="post" action="/login" class="stack">
          <CsrfField ctx={props.ctx} />
          <input type="hidden" name="next" value={props.next} />
          <label for="username">{t('login.username')}</label>
          <input id="username" name="username" autocomplete="username" required maxlength={64} value={props.username ?? ''} />
          <label for="password">{t('login.password')}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required maxlength={256} />
          <button type="submit">{t('login.submit')}</button>
        </form>
        <p class="muted">{t('login.no_default')}</p>
      </section>
    </Layout>
  );
}
