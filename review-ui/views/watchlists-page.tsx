import type { Watchlist } from '../../src/storage/watchlists.js';
import type { MessageKey } from '../i18n.js';
import { LABELS, labelName } from './badges.js';
import { PostForm, Select } from './form.js';
import { Layout } from './layout.js';
import type { ViewCtx } from './view-context.js';

export interface WatchlistFormValues {
  name?: string;
  query?: string;
  labels?: string[];
  unit?: string;
  source?: string;
  from?: string;
  to?: string;
}

/** A watchlist's conditions in one line: labels, unit, source, dates. */
function Conditions(props: { ctx: ViewCtx; w: Watchlist; units: Map<string, string>; sources: Map<string, string> }) {
  const { t } = props.ctx;
  const w = props.w;
  const parts = [
    w.labels.length ? `${t('watch.labels')}: ${w.labels.map((l) => labelName(t, l)).join(', ')}` : null,
    w.unit ? `${t('watch.unit')}: ${props.units.get(w.unit) ?? w.unit}` : null,
    w.sourceId ? `${t('watch.source')}: ${props.sources.get(w.sourceId) ?? w.sourceId}` : null,
    w.dateFrom || w.dateTo ? `${t('watch.dates')}: ${w.dateFrom ?? '…'} – ${w.dateTo ?? '…'}` : null,
  ].filter(Boolean);
  return parts.length ? <p class="meta small">{parts.join(' · ')}</p> : null;
}

export function WatchlistsPage(props: {
  ctx: ViewCtx;
  rows: { watchlist: Watchlist; fresh: number; canEdit: boolean }[];
  units: [string, string][];
  sources: { id: string; name: string }[];
}) {
  const { t, user } = props.ctx;
  const units = new Map(props.units);
  const sources = new Map(props.sources.map((s) => [s.id, s.name]));
  return (
    <Layout ctx={props.ctx} title={t('watch.title')}>
      <h1>{t('watch.title')}</h1>
      <p class="muted">{t('watch.intro')}</p>
      {(user?.role === 'admin' || user?.role === 'reviewer') && (
        <p>
          <a href="/watchlists/new" class="button">
            {t('watch.new')}
          </a>
        </p>
      )}
      {props.rows.length === 0 ? (
        <p class="empty">{t('watch.empty')}</p>
      ) : (
        <ul class="cards" aria-label={t('watch.title')}>
          {props.rows.map(({ watchlist: w, fresh, canEdit }) => (
            <li class="card">
              <h2>
                <a href={`/queue?watch=${w.id}`}>{w.name}</a>{' '}
                {fresh > 0 && <span class="badge fresh">{t('watch.fresh', { n: fresh > 999 ? '999+' : String(fresh) })}</span>}
              </h2>
              <p>
                <code>{w.query}</code>
              </p>
              <Conditions ctx={props.ctx} w={w} units={units} sources={sources} />
              {canEdit && (
                <div class="row">
                  <a href={`/watchlists/${w.id}/edit`} aria-label={t('watch.edit_named', { name: w.name })}>
                    {t('watch.edit')}
                  </a>
                  <PostForm ctx={props.ctx} action={`/watchlists/${w.id}/delete`} class="inline">
                    <button type="submit" class="link" aria-label={t('watch.delete_named', { name: w.name })}>
                      {t('watch.delete')}
                    </button>
                  </PostForm>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function WatchlistFormPage(props: {
  ctx: ViewCtx;
  id?: number;
  values: WatchlistFormValues;
  error?: { field: 'name' | 'query' | 'from'; key: MessageKey };
  units: [string, string][];
  sources: { id: string; name: string }[];
}) {
  const { t, user } = props.ctx;
  const v = props.values;
  const err = (field: string) => (props.error?.field === field ? { invalid: 'true' as const, describedBy: `${field}-error` } : undefined);
  const ErrorText = (p: { field: string }) =>
    props.error?.field === p.field ? (
      <p class="field-error" id={`${p.field}-error`}>
        {t(props.error.key)}
      </p>
    ) : null;
  const title = props.id ? t('watch.edit_title') : t('watch.new');
  return (
    <Layout ctx={props.ctx} title={title}>
      <h1>{title}</h1>
      <p class="muted">{t('watch.intro')}</p>
      <PostForm ctx={props.ctx} action={props.id ? `/watchlists/${props.id}` : '/watchlists'} class="stack watch-form" label={title}>
        <div>
          <label for="name">{t('watch.name')}</label>
          <input id="name" name="name" required maxlength={100} value={v.name ?? ''} aria-invalid={err('name')?.invalid} aria-describedby={err('name')?.describedBy} />
          <ErrorText field="name" />
        </div>
        <div>
          <label for="query">{t('watch.query')}</label>
          <input id="query" name="query" required maxlength={300} value={v.query ?? ''} aria-invalid={err('query')?.invalid} aria-describedby={`query-help${err('query') ? ' query-error' : ''}`} />
          <p class="hint" id="query-help">
            {t('watch.query_help')}
          </p>
          <ErrorText field="query" />
        </div>
        <fieldset>
          <legend>{t('watch.labels')}</legend>
          {LABELS.map((l) => (
            <label class="check">
              <input type="checkbox" name="labels" value={l} checked={(v.labels ?? []).includes(l)} /> {labelName(t, l)}
            </label>
          ))}
        </fieldset>
        {user?.role === 'admin' && (
          <div>
            <label for="unit">{t('watch.unit')}</label>
            <Select id="unit" name="unit" value={v.unit} options={[['', t('watch.any_unit')], ...props.units]} />
          </div>
        )}
        <div>
          <label for="source">{t('watch.source')}</label>
          <Select id="source" name="source" value={v.source} options={[['', t('watch.any_source')], ...props.sources.map((s) => [s.id, s.name] as [string, string])]} />
        </div>
        <div class="grid">
          <div>
            <label for="from">{t('watch.from')}</label>
            <input id="from" name="from" type="date" value={v.from ?? ''} aria-invalid={err('from')?.invalid} aria-describedby={err('from')?.describedBy} />
            <ErrorText field="from" />
          </div>
          <div>
            <label for="to">{t('watch.to')}</label>
            <input id="to" name="to" type="date" value={v.to ?? ''} />
          </div>
        </div>
        <div class="actions">
          <button type="submit">{t('watch.save')}</button> <a href="/watchlists">{t('watch.cancel')}</a>
        </div>
      </PostForm>
    </Layout>
  );
}
