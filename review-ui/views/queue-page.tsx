import type { QueuePage } from '../../src/review/queue-service.js';
import type { MessageKey } from '../i18n.js';
import { STATUSES } from '../../src/review/status.js';
import { Layout } from './layout.js';
import { Select } from './form.js';
import { LABELS, LabelBadge, labelName, StatusBadge, statusName, Time, verdictName } from './badges.js';
import type { ViewCtx } from './view-context.js';

function withQuery(base: Record<string, string | undefined>, extra: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...base, ...extra })) if (v !== undefined && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? `/queue?${s}` : '/queue';
}

export function QueuePageView(props: { ctx: ViewCtx; page: QueuePage; units: [string, string][]; sources: { id: string; name: string }[]; ignored?: string[]; unitWarning?: { key: MessageKey; unit?: string } | null; now?: Date; flowCounts?: { escalated: number; held: number }; unitNames?: Record<string, string> }) {
  const { t, lang, user, fmt } = props.ctx;
  const { page } = props;
  const f = page.filter;
  const base: Record<string, string | undefined> = { ...f, min: f.min?.toString(), after: undefined };
  const labels = [...new Set([...LABELS, ...Object.keys(page.counts)])];
  // Filters beyond the search box fold away until used (a phone sees results first).
  const more = Boolean(f.label || f.status || f.unit || f.source || f.from || f.to || f.min != null || f.all || f.mine || f.flow || f.sort === 'score');
  return (
    <Layout ctx={props.ctx} title={t('queue.title')}>
      <h1>{t('queue.title')}</h1>
      {page.watchlist && (
        <p class="watching">
          {t('queue.watching', { name: page.watchlist.name })} · <a href={`/watchlists/${page.watchlist.id}/edit`}>{t('queue.watch_edit')}</a> · <a href="/queue">{t('queue.watch_leave')}</a>
        </p>
      )}
      {page.watchlist && (
        <p class="watching">
          {t('queue.watching', { name: page.watchlist.name })} · <a href={`/watchlists/${page.watchlist.id}/edit`}>{t('queue.watch_edit')}</a> · <a href="/queue">{t('queue.watch_leave')}</a>
        </p>
      )}
      {props.ignored && props.ignored.length > 0 && (
        <p class="flash error" role="status">
          {t('queue.ignored', { fields: props.ignored.join(', ') })}
        </p>
      )}
      {props.unitWarning && (
        <p class="flash error" role="status">
          {t(props.unitWarning.key, { unit: props.unitWarning.unit ?? '' })}
        </p>
      )}
      <nav aria-label={t('queue.counts')} class="counts">
        <ul>
          {labels.map((l) => (
            <li>
              <a href={withQuery(base, { label: l })} aria-current={f.label === l ? 'true' : undefined}>
                {labelName(t, l)}: <strong>{page.counts[l] ?? 0}{page.countsCapped ? '+' : ''}</strong>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {page.countsCapped && <p class="muted small">{t('queue.counts_capped')}</p>}
      {props.flowCounts && (props.flowCounts.escalated > 0 || props.flowCounts.held > 0 || f.flow) && (
        <nav aria-label={t('queue.flow_counts')} class="counts">
          <ul>
            {(['escalated', 'held'] as const).map((k) => (
              <li>
                <a href={withQuery({}, { flow: k })} aria-current={f.flow === k ? 'true' : undefined}>
                  {t(k === 'escalated' ? 'queue.flow_escalated' : 'queue.flow_held')}: <strong>{props.flowCounts![k]}</strong>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <form method="get" action="/queue" class="filters" role="search" aria-label={t('queue.filters')}>
        {f.watch && <input type="hidden" name="watch" value={f.watch} />}
        {f.watch && <input type="hidden" name="watch" value={f.watch} />}
        <div class="searchrow">
          <label for="q">{t('queue.search')}</label>
          <div class="row">
            <input id="q" name="q" type="search" value={f.q ?? ''} maxlength={200} />
            <button type="submit">{t('queue.apply')}</button>
          </div>
        </div>
        <details open={more}>
          <summary>{t('queue.more_filters')}</summary>
          <div class="grid">
            <div>
              <label for="label">{t('queue.label')}</label>
              <Select id="label" name="label" value={f.label} options={[['', t('queue.any')], ...labels.map((l) => [l, labelName(t, l)] as [string, string])]} />
            </div>
            <div>
              <label for="status">{t('queue.status')}</label>
              <Select id="status" name="status" value={f.status} options={[['', t('queue.any')], ...STATUSES.map((s) => [s, statusName(t, s)] as [string, string])]} />
            </div>
            {user?.role !== 'reviewer' && (
              <div>
                <label for="unit">{t('queue.unit')}</label>
                <Select id="unit" name="unit" value={f.unit} options={[['', t('queue.any')], ...props.units]} />
              </div>
            )}
            <div>
              <label for="flow">{t('queue.flow')}</label>
              <Select id="flow" name="flow" value={f.flow} options={[['', t('queue.any')], ['escalated', t('queue.flow_escalated')], ['held', t('queue.flow_held')]]} />
            </div>
            <div>
              <label for="source">{t('queue.source')}</label>
              <Select id="source" name="source" value={f.source} options={[['', t('queue.any')], ...props.sources.map((s) => [s.id, s.name] as [string, string])]} />
            </div>
            <div>
              <label for="from">{t('queue.from')}</label>
              <input id="from" name="from" type="date" value={f.from ?? ''} />
            </div>
            <div>
              <label for="to">{t('queue.to')}</label>
              <input id="to" name="to" type="date" value={f.to ?? ''} />
            </div>
            <div>
              <label for="min">{t('queue.min_score')}</label>
              <input id="min" name="min" type="number" min="0" max="1" step="0.05" value={f.min?.toString() ?? ''} />
            </div>
            <div>
              <label for="sort">{t('queue.sort')}</label>
              <Select id="sort" name="sort" value={f.sort} options={[['new', t('queue.sort_new')], ['score', t('queue.sort_score')]]} />
            </div>
            <div class="checks">
              <label>
                <input type="checkbox" name="all" value="1" checked={f.all === '1'} /> {t('queue.all_items')}
              </label>
              <label>
                <input type="checkbox" name="mine" value="1" checked={f.mine === '1'} /> {t('queue.mine')}
              </label>
            </div>
            <div class="actions">
              <button type="submit">{t('queue.apply')}</button> <a href="/queue">{t('queue.reset')}</a>
              {!f.watch && f.q && (user?.role === 'admin' || user?.role === 'reviewer') && (
                <>
                  {' · '}
                  <a href={`/watchlists/new?${new URLSearchParams(Object.entries({ q: f.q, label: f.label, unit: f.unit, source: f.source, from: f.from, to: f.to }).filter((e): e is [string, string] => Boolean(e[1]))).toString()}`}>{t('queue.save_watch')}</a>
                </>
              )}
              {!f.watch && f.q && (user?.role === 'admin' || user?.role === 'reviewer') && (
                <>
                  {' · '}
                  <a href={`/watchlists/new?${new URLSearchParams(Object.entries({ q: f.q, label: f.label, unit: f.unit, source: f.source, from: f.from, to: f.to }).filter((e): e is [string, string] => Boolean(e[1]))).toString()}`}>{t('queue.save_watch')}</a>
                </>
              )}
            </div>
          </div>
        </details>
      </form>
      {page.rows.length === 0 ? (
        <p class="empty">{t('queue.empty')}</p>
      ) : (
        <ol class="queue" aria-label={t('queue.results')}>
          {page.rows.map((r) => (
            <li class="card">
              <h2>
                <a href={`/items/${r.id}`}>{r.title || r.snippet.slice(0, 90) || `#${r.id}`}</a>
              </h2>
              <p class="meta">
                <StatusBadge t={t} status={r.status} /> {r.labels.map((l) => <LabelBadge t={t} fmt={fmt} label={l.label} score={l.score} />)}
                {r.verdict && <span class="badge verdict">{verdictName(t, r.verdict)}</span>}
                {r.onHold && <span class="badge hold">{t('item.on_hold')}</span>}
                {r.escalated && <span class="badge escalated">{t('item.escalated')}</span>}
              </p>
              <p class="snippet">{r.snippet || (!r.title && <span class="muted">{t('item.erased_short')}</span>)}</p>
              <p class="meta small">
                #{r.id} · {r.unit ? (props.unitNames?.[r.unit] ?? r.unit) : t('item.no_unit')} · {r.sourceId === 'tip' ? <span class="badge tip">{t('tip.badge')}</span> : (r.sourceId ?? '')} · <Time fmt={fmt} iso={r.collectedAt} />
                {props.now && <> · <span class="age">{t('queue.age', { age: fmt.age(r.collectedAt, props.now) })}</span></>}
              </p>
              {r.decided && (
                <p class="reuse">
                  {t('queue.matches_claim', { verdict: verdictName(t, r.decided.claim.verdict ?? '') })}{' '}
                  <a href={`/claims/${r.decided.claim.id}`}>
                    {t('queue.see_claim', { id: r.decided.claim.id })}
                  </a>
                  {r.decided.response && (
                    <>
                      {' · '}
                      <a href={`/responses/${r.decided.response.id}`}>
                        {t('queue.see_response', { status: t(`response.status.${r.decided.response.status}` as 'response.status.draft') })}
                      </a>
                    </>
                  )}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      <nav class="pager" aria-label={t('queue.pages')}>
        {f.after && <a href={withQuery(base, {})}>{t('queue.first_page')}</a>}{' '}
        {page.next && (
          <a href={withQuery(base, { after: page.next })} rel="next">
            {t('queue.next_page')}
          </a>
        )}
      </nav>
    </Layout>
  );
}
