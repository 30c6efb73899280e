import type { DigestData } from './digest-data.js';
import { emergingTable, formatDay, formatInstant, formatNumber, formatPercent, headlineRows, statusSummary } from './format.js';
import { type DigestLang, digestStrings, lookup } from './locales.js';

/** One table cell: single line, Markdown and HTML metacharacters escaped (crawled text lands here). */
export function mdCell(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\\`*_[\]<>|#!~]/g, (c) => `\\${c}`)
    .trim();
}

function table(head: string[], rows: string[][], none: string, numeric: number[] = []): string {
  if (rows.length === 0) return `_${none}_\n`;
  const align = head.map((_, i) => (numeric.includes(i) ? '---:' : '---'));
  const line = (cells: string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
  return [line(head), `| ${align.join(' | ')} |`, ...rows.map(line)].join('\n') + '\n';
}

/** Renders digest.md: the same content as the HTML, without charts (their data is in the tables). */
export function renderDigestMarkdown(data: DigestData, lang: DigestLang = 'vi'): string {
  const t = digestStrings(lang);
  const n = (x: number | null, d = 0) => formatNumber(x, lang, d);
  const out: string[] = [];
  out.push(`# ${t.title}`, '', `${t.weekOf(data.week, formatDay(data.firstDay, lang), formatDay(data.lastDay, lang))}  `);
  out.push(`${t.unit}: ${mdCell(data.unit ?? t.allUnits)} · ${t.generated}: ${formatInstant(data.generatedAt, data.timeZone, lang)}  `, t.basis(data.timeZone), '');
  out.push(`## ${t.headline}`, '');
  out.push(table([t.figure, t.thisWeek, t.lastWeek, t.change], headlineRows(data, t, lang).map((r) => [r.name, r.current, r.previous, r.change]), t.none, [1, 2, 3]));
  const weeks = data.trend.weeks;
  out.push(`## ${t.trendTitle}`, '');
  out.push(
    table(
      [t.label, ...weeks.map((w) => w.slice(5))],
      Object.entries(data.trend.series).map(([label, values]) => [lookup(t.labels, label), ...values.map((v) => n(v))]),
      t.none,
      weeks.map((_, i) => i + 1),
    ),
  );
  out.push(`## ${t.topClaims}`, '');
  out.push(
    table(
      [t.claim, t.label, t.items, t.verdict, t.response],
      data.topClaims.map((c) => [c.statement, lookup(t.labels, c.label), n(c.items), lookup(t.verdicts, c.verdict), lookup(t.statuses, c.responseStatus)]),
      t.none,
      [2],
    ),
  );
  out.push(`## ${t.emerging}`, '');
  const emerging = emergingTable(data, t, lang);
  out.push(emerging.note, '', table(emerging.head, emerging.rows, t.none, [1, 2, 3]));
  out.push(`## ${t.grievances}`, '');
  out.push(table([t.theme, t.count, t.followUp], data.grievances.map((g) => [g.theme ? lookup(t.themes, g.theme) : t.otherTheme, n(g.count), statusSummary(g.status, t, lang)]), t.none, [1]));
  out.push(`## ${t.byUnit}`, '');
  out.push(table([t.unit, t.collected, t.flagged, t.reviewed], data.byUnit.map((u) => [u.unit || t.noUnit, n(u.collected), n(u.flagged), n(u.reviewed)]), t.none, [1, 2, 3]));
  out.push(`## ${t.bySource}`, '');
  out.push(table([t.source, t.collected, t.flagged], data.bySource.map((s) => [s.name, n(s.collected), n(s.flagged)]), t.none, [1, 2]));
  out.push(`## ${t.failedSources}`, '');
  out.push(
    table(
      [t.source, t.failures, t.health, t.lastError],
      data.failedSources.map((f) => [f.name, `${n(f.failures)} / ${n(f.runs)}`, lookup(t.statuses, f.health), f.lastError ?? '—']),
      t.none,
      [1],
    ),
  );
  out.push(`## ${t.rules}`, '');
  out.push(
    table(
      [t.rule, t.label, t.hits, t.confirmed, t.precision],
      data.rulePerformance.map((r) => [r.shadow ? `${r.ruleId} ${t.shadow}` : r.ruleId, lookup(t.labels, r.label), n(r.hits), `${n(r.confirmed)} / ${n(r.reviewed)}`, formatPercent(r.precision, lang)]),
      t.none,
      [2, 3, 4],
    ),
  );
  out.push('---', '', `_${t.privacy}_`, '');
  // Our own wording and a hex hash (no crawled text): left unescaped so the command stays inline code.
  if (data.auditHead) out.push(t.auditAnchor(data.auditHead.id, data.auditHead.hash), '');
  return out.join('\n');
}
