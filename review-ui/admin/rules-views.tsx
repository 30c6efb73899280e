import type { BacktestChange, BacktestResult, RuleRow } from '../../src/admin/rule-admin.js';
import type { RuleOverride } from '../../src/storage/rule-overrides.js';
import { labelName } from '../views/badges.js';
import { CsrfField } from '../views/form.js';
import type { ViewCtx } from '../views/view-context.js';
import { pct, Table, when, type T } from './common.js';

export interface RulePerf {
  hits: number;
  precision: number | null;
}

export function RulesList(props: { t: T; ctx: ViewCtx; rows: RuleRow[]; perf: Map<string, RulePerf>; packs: string[] }) {
  const { t } = props;
  return (
    <>
      <h1>{t('adm.rules.title')}</h1>
      <p class="muted">{t('adm.rules.intro')}</p>
      <p>
        {t('adm.rules.export')}:{' '}
        {props.packs.map((f, i) => (
          <>
            {i > 0 && ' · '}
            <a href={`/admin/rules/export?pack=${encodeURIComponent(f)}`}>{f.split('/').pop()}</a>
          </>
        ))}
      </p>
      <p>
        {t('adm.rules.new')}:{' '}
        {props.packs.map((f, i) => (
          <>
            {i > 0 && ' · '}
            <a href={`/admin/rules/new?pack=${encodeURIComponent(f)}`}>{f.split('/').pop()}</a>
          </>
        ))}
      </p>
      <Table
        head={[t('adm.rules.id'), t('adm.rules.label'), t('adm.rules.description'), t('adm.rules.hits'), t('adm.rules.precision'), t('adm.rules.shadow'), t('adm.rules.version'), t('adm.rules.edit')]}
        empty={t('adm.rules.none')}
        rows={props.rows.map((r) => {
          const p = props.perf.get(r.id);
          return [
            <code>{r.id}</code>,
            r.guard ? `${labelName(t, r.label)} (${t('adm.rules.guard')})` : labelName(t, r.label),
            props.ctx.lang === 'vi' && r.spec.description_vi ? r.spec.description_vi : r.description,
            String(p?.hits ?? 0),
            pct(t.fmt, p?.precision ?? null),
            r.shadow ? t('adm.common.yes') : t('adm.common.no'),
            r.version ? `v${r.version}` : t('adm.rules.shipped'),
            <a href={`/admin/rules/${encodeURIComponent(r.id)}`}>{t('adm.rules.edit')}</a>,
          ];
        })}
      />
    </>
  );
}

function Changes(props: { t: T; title: string; list: BacktestChange[] }) {
  const { t } = props;
  return (
    <section>
      <h3>{props.title}</h3>
      <Table
        head={[t('adm.rules.item'), t('adm.digests.unit'), t('adm.rules.verdict'), t('adm.digests.created')]}
        empty={t('adm.rules.none')}
        rows={props.list.slice(0, 200).map((x) => [
          <span>
            <a href={`/items/${x.id}`}>#{x.id}</a> {x.title ?? x.excerpt}
          </span>,
          x.unit ?? '—',
          x.verdict ?? '—',
          when(t.fmt, x.collectedAt),
        ])}
      />
    </section>
  );
}

export function RuleEdit(props: {
  t: T;
  ctx: ViewCtx;
  rule: RuleRow | undefined;
  ruleId: string;
  yaml: string;
  days: number;
  note: string;
  error?: string;
  result?: BacktestResult;
  history: RuleOverride[];
  /** Adding a rule to this pack (no rule id yet). */
  newInPack?: string;
}) {
  const { t, rule } = props;
  const base = props.newInPack ? '/admin/rules/new' : `/admin/rules/${encodeURIComponent(props.ruleId)}`;
  return (
    <>
      <h1>
        {t('adm.rules.title')}: {props.newInPack ? `${t('adm.rules.new')} (${props.newInPack})` : <code>{props.ruleId}</code>}
      </h1>
      {rule && (
        <p class="muted">
          {rule.file} · {rule.label} · {rule.version ? `v${rule.version}` : t('adm.rules.shipped')} · {t('adm.rules.shadow')}: {rule.shadow ? t('adm.common.yes') : t('adm.common.no')}
        </p>
      )}
      <p class="muted">{t('adm.rules.shadow_help')}</p>
      {props.error && (
        <p class="flash error" role="alert" id="rule-error">
          {t('adm.rules.invalid')}: {props.error}
        </p>
      )}
      <form method="post" action={`${base}/backtest`} class="stack" id="rule-form">
        <CsrfField ctx={props.ctx} />
        {props.newInPack && <input type="hidden" name="pack" value={props.newInPack} />}
        <label for="yaml">{t('adm.rules.yaml')}</label>
        <textarea id="yaml" name="yaml" rows={22} spellcheck={false} aria-invalid={props.error ? 'true' : undefined}>
          {props.yaml}
        </textarea>
        <label for="days">{t('adm.rules.days')}</label>
        <input id="days" name="days" type="number" min={1} max={365} value={String(props.days)} />
        <label for="note">{t('adm.rules.note')}</label>
        <input id="note" name="note" type="text" maxlength={500} value={props.note} />
        <div class="row">
          <button type="submit" id="backtest">{t('adm.rules.backtest')}</button>
          <button type="submit" id="save" formaction={base} class="secondary">
            {t('adm.rules.save')}
          </button>
        </div>
      </form>
      {rule?.version && (
        <form method="post" action={`${base}/revert`} class="inline">
          <CsrfField ctx={props.ctx} />
          <button type="submit" class="link">{t('adm.rules.revert')}</button>
        </form>
      )}
      {props.result && (
        <section id="backtest-result">
          <h2>{t('adm.rules.result')}</h2>
          <p>{t('adm.rules.scanned', { scanned: props.result.scanned, days: props.result.days, before: props.result.before, after: props.result.after })}</p>
          {props.result.skipped > 0 && <p class="muted">{t('adm.rules.skipped', { skipped: props.result.skipped })}</p>}
          <Changes t={t} title={t('adm.rules.newly', { n: props.result.newlyMatching.length })} list={props.result.newlyMatching} />
          <Changes t={t} title={t('adm.rules.no_longer', { n: props.result.noLongerMatching.length })} list={props.result.noLongerMatching} />
        </section>
      )}
      <section>
        <h2>{t('adm.rules.history')}</h2>
        {props.history.length === 0 ? (
          <p class="muted">{t('adm.rules.no_history')}</p>
        ) : (
          props.history.map((h) => (
            <details>
              <summary>
                v{h.version} · {h.author} · {when(t.fmt, h.createdAt)} {h.spec ? '' : `· ${t('adm.rules.revert')}`} {h.note ? `· ${h.note}` : ''}
              </summary>
              <pre>{h.diff}</pre>
            </details>
          ))
        )}
      </section>
    </>
  );
}
