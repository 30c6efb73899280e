import type { AuditRow } from '../../src/storage/audit.js';
import { tryKey } from '../i18n.js';
import { Time } from './badges.js';
import { Select } from './form.js';
import { Layout } from './layout.js';
import type { ViewCtx } from './view-context.js';

export function AuditPage(props: { ctx: ViewCtx; rows: AuditRow[]; actions: string[]; action?: string; next: number | null; chain: { ok: boolean; rows: number; brokenAt?: { id: number } } | null }) {
  const { t, lang, fmt } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('audit.title')}>
      <h1>{t('audit.title')}</h1>
      <p class="muted">{t('audit.intro')}</p>
      {props.chain && (
        <p class={`flash ${props.chain.ok ? 'ok' : 'error'}`} role="status">
          {props.chain.ok ? t('audit.chain_ok', { n: props.chain.rows }) : t('audit.chain_broken', { id: props.chain.brokenAt?.id ?? 0 })}
        </p>
      )}
      <form method="get" action="/admin/audit" class="row">
        <label for="action">{t('audit.action')}</label>
        <Select id="action" name="action" value={props.action} options={[['', t('queue.any')], ...props.actions.map((a) => [a, tryKey(t, `audit.a.${a}`, a)] as [string, string])]} />
        <button type="submit">{t('queue.apply')}</button>
        <a href="/admin/audit?verify=1">{t('audit.verify')}</a>
      </form>
      {/* The wide log scrolls sideways on a phone: a named region a keyboard can focus and scroll. */}
      <div class="table-wrap" role="region" tabindex={0} aria-label={t('audit.title')}>
        <table>
          <caption class="visually-hidden">{t('audit.title')}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.target')}</th>
              <th scope="col">{t('audit.detail')}</th>
              <th scope="col">{t('audit.hash')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>{r.id}</td>
                <td><Time fmt={fmt} iso={r.at} /></td>
                <td>{r.username ?? '—'}</td>
                <td>{tryKey(t, `audit.a.${r.action}`, r.action)}</td>
                <td>{r.target_type ? `${tryKey(t, `audit.t.${r.target_type}`, r.target_type)} ${r.target_id ?? ''}` : ''}</td>
                <td><code class="detail">{r.detail === '{}' ? '' : r.detail}</code></td>
                <td><code title={r.hash}>{r.hash.slice(0, 10)}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.next && (
        <nav class="pager" aria-label={t('queue.pages')}>
          <a href={`/admin/audit?${props.action ? `action=${encodeURIComponent(props.action)}&` : ''}before=${props.next}`} rel="next">{t('queue.next_page')}</a>
        </nav>
      )}
    </Layout>
  );
}
