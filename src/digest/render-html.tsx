/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { trendChart, unitChart, verdictChart, type ChartText } from './charts.js';
import type { DigestData } from './digest-data.js';
import { emergingTable, formatDay, formatInstant, formatNumber, formatPercent, headlineRows, statusSummary } from './format.js';
import { type DigestLang, digestStrings, lookup } from './locales.js';

// Print-friendly, self-contained: no external fonts, scripts or images.
const CSS = `
*{box-sizing:border-box}
body{font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;color:#1d1d1f;margin:0 auto;max-width:960px;padding:24px;font-size:14px;line-height:1.45}
p,.anchor{overflow-wrap:anywhere}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #0072B2;padding-bottom:4px;break-after:avoid}
.meta{color:#555;margin:0 0 2px}
table{border-collapse:collapse;width:100%;margin:4px 0 8px;break-inside:auto}
th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f2f5f8;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr{break-inside:avoid}
.charts{display:flex;flex-wrap:wrap;gap:8px}.chart{break-inside:avoid;max-width:100%}.chart svg{max-width:100%;height:auto}
.none{color:#666;font-style:italic}
footer{margin-top:32px;color:#555;font-size:12px;border-top:1px solid #ddd;padding-top:8px}
.anchor{font-family:monospace;word-break:break-all}
.scroll{overflow-x:auto;max-width:100%}th,td{min-width:4.5em}td:first-child,th:first-child{min-width:10em}.scroll:focus{outline:2px solid #0072B2}
nav.site{display:flex;flex-wrap:wrap;gap:4px 16px;padding:8px 0;margin-bottom:12px;border-bottom:1px solid #ddd}
nav.site a,.links a{color:#005a8c}
.links{margin:8px 0 0}
@media (max-width:600px){body{padding:12px;font-size:15px}h1{font-size:20px}th,td{padding:4px}.chart{width:100%}}
@media print{body{padding:0;max-width:none}nav.site,.links{display:none}.scroll{overflow:visible}}
`;

/**
 * A table in a region that scrolls sideways on a narrow screen instead of widening the page; the
 * region is focusable and named so a keyboard user can scroll it too (axe scrollable-region-focusable).
 */
function Table(props: { head: string[]; numeric?: number[]; rows: Child[][]; none: string; label: string }) {
  if (props.rows.length === 0) return <p class="none">{props.none}</p>;
  const isNum = (i: number) => props.numeric?.includes(i) ?? false;
  return (
    <div class="scroll" role="region" tabindex={0} aria-label={props.label}>
    <table>
      <thead>
        <tr>{props.head.map((h, i) => <th class={isNum(i) ? 'n' : undefined}>{h}</th>)}</tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>{r.map((cell, i) => <td class={isNum(i) ? 'n' : undefined}>{cell}</td>)}</tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

export interface HtmlOptions {
  /** Link to the PDF of this digest (the review UI's download); none in files and mail. */
  pdfHref?: string;
  /** Site navigation when the digest is served inside the review UI. */
  nav?: { href: string; label: string }[];
  navLabel?: string;
}

/** Renders the self-contained digest.html (inline CSS and inline SVG charts). */
export async function renderDigestHtml(data: DigestData, lang: DigestLang = 'vi', options: HtmlOptions = {}): Promise<string> {
  const t = digestStrings(lang);
  const n = (x: number | null, d = 0) => formatNumber(x, lang, d);
  const chartText: ChartText = {
    trendTitle: t.trendTitle,
    verdictTitle: t.verdictTitle,
    unitTitle: t.unitTitle,
    label: (k) => lookup(t.labels, k),
    verdict: (k) => lookup(t.verdicts, k),
    collected: t.collected,
    flagged: t.flagged,
    reviewed: t.reviewed,
    none: t.none,
    number: (x) => n(x),
  };
  // ECharts escapes every text it writes into the SVG, so inlining its output is safe.
  const charts = [trendChart(data, chartText), verdictChart(data, chartText), unitChart(data, chartText)];
  const title = `${t.title} ${data.week}`;
  const emerging = emergingTable(data, t, lang);
  const doc = (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <style>{raw(CSS)}</style>
      </head>
      <body>
        {options.nav && (
          <nav class="site" aria-label={options.navLabel ?? t.navLabel}>
            {options.nav.map((l) => <a href={l.href}>{l.label}</a>)}
          </nav>
        )}
        <header>
          <h1>{t.title}</h1>
          <p class="meta">{t.weekOf(data.week, formatDay(data.firstDay, lang), formatDay(data.lastDay, lang))}</p>
          <p class="meta">
            {t.unit}: {data.unit ?? t.allUnits} · {t.generated}: {formatInstant(data.generatedAt, data.timeZone, lang)}
          </p>
          <p class="meta">{t.basis(data.timeZone)}</p>
          {options.pdfHref && (
            <p class="links">
              <a href={options.pdfHref}>{t.pdfLink}</a>
            </p>
          )}
        </header>
        <main>
        <section>
          <h2>{t.headline}</h2>
          <Table
            label={t.headline}
            head={[t.figure, t.thisWeek, t.lastWeek, t.change]}
            numeric={[1, 2, 3]}
            none={t.none}
            rows={headlineRows(data, t, lang).map((r) => [r.name, r.current, r.previous, r.change])}
          />
        </section>
        <section>
          <h2>{t.charts}</h2>
          <div class="charts">{charts.map((svg) => <div class="chart">{raw(svg)}</div>)}</div>
        </section>
        <section>
          <h2>{t.topClaims}</h2>
          <Table
            label={t.topClaims}
            head={[t.claim, t.label, t.items, t.verdict, t.response]}
            numeric={[2]}
            none={t.none}
            rows={data.topClaims.map((c) => [
              c.statement,
              lookup(t.labels, c.label),
              n(c.items),
              lookup(t.verdicts, c.verdict),
              lookup(t.statuses, c.responseStatus),
            ])}
          />
        </section>
        <section>
          <h2>{t.emerging}</h2>
          <p class="meta">{emerging.note}</p>
          <Table label={t.emerging} head={emerging.head} numeric={[1, 2, 3]} none={t.none} rows={emerging.rows} />
        </section>
        <section>
          <h2>{t.grievances}</h2>
          <Table
            label={t.grievances}
            head={[t.theme, t.count, t.followUp]}
            numeric={[1]}
            none={t.none}
            rows={data.grievances.map((g) => [g.theme ? lookup(t.themes, g.theme) : t.otherTheme, n(g.count), statusSummary(g.status, t, lang)])}
          />
        </section>
        <section>
          <h2>{t.byUnit}</h2>
          <Table
            label={t.byUnit}
            head={[t.unit, t.collected, t.flagged, t.reviewed]}
            numeric={[1, 2, 3]}
            none={t.none}
            rows={data.byUnit.map((u) => [u.unit || t.noUnit, n(u.collected), n(u.flagged), n(u.reviewed)])}
          />
          <h2>{t.bySource}</h2>
          <Table
            label={t.bySource}
            head={[t.source, t.collected, t.flagged]}
            numeric={[1, 2]}
            none={t.none}
            rows={data.bySource.map((s) => [s.name, n(s.collected), n(s.flagged)])}
          />
        </section>
        <section>
          <h2>{t.failedSources}</h2>
          <Table
            label={t.failedSources}
            head={[t.source, t.failures, t.health, t.lastError]}
            numeric={[1]}
            none={t.none}
            rows={data.failedSources.map((f) => [
              f.name,
              `${n(f.failures)} / ${n(f.runs)}`,
              lookup(t.statuses, f.health),
              f.lastError ?? '—',
            ])}
          />
        </section>
        <section>
          <h2>{t.rules}</h2>
          <Table
            label={t.rules}
            head={[t.rule, t.label, t.hits, t.confirmed, t.precision]}
            numeric={[2, 3, 4]}
            none={t.none}
            rows={data.rulePerformance.map((r) => [
              r.shadow ? `${r.ruleId} ${t.shadow}` : r.ruleId,
              lookup(t.labels, r.label),
              n(r.hits),
              `${n(r.confirmed)} / ${n(r.reviewed)}`,
              formatPercent(r.precision, lang),
            ])}
          />
        </section>
        </main>
        <footer>
          {t.privacy}
          {data.auditHead && <p class="anchor">{t.auditAnchor(data.auditHead.id, data.auditHead.hash)}</p>}
        </footer>
      </body>
    </html>
  );
  return `<!DOCTYPE html>${await doc.toString()}`;
}
