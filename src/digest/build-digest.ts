import type { ConfirmingVerdicts, Range } from '../storage/digest-queries.js';
import type { Store } from '../storage/store.js';
import { DEFAULT_CONFIRMING, VERDICTS } from '../storage/verdicts.js';
import type { Delta, DigestData, GrievanceTheme } from './digest-data.js';
import { themeOfRules } from './grievance-themes.js';
import { shiftWeek, type IsoWeek } from './iso-week.js';
import { weekEmergingTerms } from './week-terms.js';

export interface BuildDigestOptions {
  week: IsoWeek;
  unit?: string | null;
  now?: Date;
  /** Labels always listed, even at zero (the classifier's configured labels). */
  labels?: string[];
  /** Rule id → description and label, from the loaded rule packs (themes and rule names). */
  rules?: Map<string, { description: string; label: string }>;
  confirming?: ConfirmingVerdicts;
  grievanceLabel?: string;
  /** Items sampled this week for emerging terms (default 1500; 40% of that from each earlier week). */
  termSample?: number;
  trendWeeks?: number;
}

const range = (w: IsoWeek): Range => ({ start: w.start, end: w.end });
const delta = (current: number, previous: number): Delta => ({ current, previous });

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/**
 * Computes every figure of one week's digest from the database. Pure reads; the caller renders,
 * stores, writes and mails the result.
 */
export async function buildDigest(store: Store, options: BuildDigestOptions): Promise<DigestData> {
  const q = store.digestQueries;
  const unit = options.unit ?? null;
  const week = options.week;
  const prev = shiftWeek(week, -1);
  const cur = range(week);
  const last = range(prev);
  const grievanceLabel = options.grievanceLabel ?? 'grievance';

  const [collected, collectedPrev, flagged, flaggedPrev, byLabel, byLabelPrev] = await Promise.all([
    q.collected(cur, unit), q.collected(last, unit), q.flagged(cur, unit), q.flagged(last, unit),
    q.flaggedByLabel(cur, unit), q.flaggedByLabel(last, unit),
  ]);
  const labels = [...new Set([...(options.labels ?? ['covid_false', 'union_org', 'grievance']), ...byLabel.map((r) => r.label), ...byLabelPrev.map((r) => r.label)])];
  const countOf = (rows: { label: string; n: number }[], l: string) => rows.find((r) => r.label === l)?.n ?? 0;
  const flaggedByLabel = Object.fromEntries(labels.map((l) => [l, delta(countOf(byLabel, l), countOf(byLabelPrev, l))]));

  const [reviewed, reviewedPrev, verdicts, verdictsPrev, hours, hoursPrev, responses, responsesPrev] = await Promise.all([
    q.reviewed(cur, unit), q.reviewed(last, unit), q.verdicts(cur, unit), q.verdicts(last, unit),
    q.decisionHours(cur, unit), q.decisionHours(last, unit), q.responses(cur, unit), q.responses(last, unit),
  ]);
  const kinds = [...new Set<string>([...VERDICTS, ...verdicts.map((v) => v.verdict), ...verdictsPrev.map((v) => v.verdict)])];
  const verdictMix = Object.fromEntries(
    kinds.map((k) => [k, delta(verdicts.find((v) => v.verdict === k)?.n ?? 0, verdictsPrev.find((v) => v.verdict === k)?.n ?? 0)]),
  );

  const trendCount = options.trendWeeks ?? 8;
  const trendWeeks = Array.from({ length: trendCount }, (_, i) => shiftWeek(week, i - trendCount + 1));
  // Per-week label counts ride the same range scan as the headline figures (this and last week reused).
  const trendRows = await Promise.all(trendWeeks.map((w, i) => (i === trendCount - 1 ? byLabel : i === trendCount - 2 ? byLabelPrev : q.flaggedByLabel(range(w), unit))));
  const series = Object.fromEntries(labels.map((l) => [l, trendWeeks.map(() => 0)]));
  trendRows.forEach((rows, w) => {
    for (const r of rows) (series[r.label] ??= trendWeeks.map(() => 0))[w] += r.n;
  });

  const [byUnit, bySource, claims, themes, failed, rules] = await Promise.all([
    q.byUnit(cur, unit), q.bySource(cur, unit), q.topClaims(cur, unit), q.grievanceThemes(cur, unit, grievanceLabel),
    q.failedSources(cur, unit), q.rulePerformance(cur, unit, options.confirming ?? DEFAULT_CONFIRMING),
  ]);

  const grievances = new Map<string, GrievanceTheme>();
  for (const r of themes) {
    const theme = themeOfRules(r.rules ? r.rules.split(',') : []);
    const g = grievances.get(theme) ?? { theme, count: 0, status: {} };
    g.count += r.n;
    g.status[r.follow_up] = (g.status[r.follow_up] ?? 0) + r.n;
    grievances.set(theme, g);
  }

  const emerging = await weekEmergingTerms(store, week, unit, options.termSample);
  const auditHead = await store.audit.head();

  return {
    week: week.label,
    firstDay: week.firstDay,
    lastDay: week.lastDay,
    timeZone: week.timeZone,
    unit,
    generatedAt: (options.now ?? new Date()).toISOString(),
    headline: {
      collected: delta(collected, collectedPrev),
      flagged: delta(flagged, flaggedPrev),
      flaggedByLabel,
      reviewed: delta(reviewed, reviewedPrev),
      verdicts: verdictMix,
      responsesApproved: delta(responses.approved, responsesPrev.approved),
      responsesPublished: delta(responses.published, responsesPrev.published),
      medianHoursToDecision: { current: median(hours), previous: median(hoursPrev) },
    },
    byUnit,
    bySource,
    topClaims: claims.map((c) => ({
      id: c.id,
      statement: c.statement,
      label: c.label,
      items: c.items,
      verdict: c.verdict,
      responseStatus: ['none', 'draft', 'approved', 'published'][c.rs ?? 0],
    })),
    emergingTerms: emerging.terms,
    emergingBaselineWeeks: emerging.baselineWeeks,
    // "Other" last: it is what no theme explains.
    grievances: [...grievances.values()].sort((a, b) => Number(a.theme === 'other') - Number(b.theme === 'other') || b.count - a.count || a.theme.localeCompare(b.theme)),
    failedSources: failed.map((f) => ({ source: f.source, name: f.name, failures: f.failures, runs: f.runs, lastError: f.last_error, health: f.health })),
    rulePerformance: rules.map((r) => ({
      ruleId: r.rule_id,
      label: r.label,
      hits: r.hits,
      reviewed: r.reviewed,
      confirmed: r.confirmed,
      precision: r.reviewed > 0 ? r.confirmed / r.reviewed : null,
      shadow: r.shadow === 1,
    })),
    auditHead,
    trend: { weeks: trendWeeks.map((w) => w.label), series },
  };
}
