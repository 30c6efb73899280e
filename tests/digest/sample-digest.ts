import type { DigestData } from '../../src/digest/digest-data.js';

/** A hand-made digest for renderer tests (the DB-backed figures are tested in build-digest tests). */
export function sampleDigest(overrides: Partial<DigestData> = {}): DigestData {
  const d = (current: number, previous: number) => ({ current, previous });
  return {
    week: '2026-W47',
    firstDay: '2026-11-16',
    lastDay: '2026-11-22',
    timeZone: 'Asia/Ho_Chi_Minh',
    unit: null,
    generatedAt: '2026-11-23T00:00:00.000Z',
    headline: {
      collected: d(1234, 1000),
      flagged: d(210, 150),
      flaggedByLabel: { covid_false: d(80, 40), union_org: d(30, 35), grievance: d(100, 75) },
      reviewed: d(120, 90),
      verdicts: { false: d(40, 20), misleading: d(10, 12), accurate: d(5, 5), grievance: d(60, 50) },
      responsesApproved: d(12, 8),
      responsesPublished: d(9, 7),
      medianHoursToDecision: { current: 5.5, previous: 7.25 },
    },
    byUnit: [
      { unit: 'tkv-hq', collected: 700, flagged: 120, reviewed: 70 },
      { unit: 'evn-hn', collected: 534, flagged: 90, reviewed: 50 },
    ],
    bySource: [{ source: 'forum-congnhan', name: 'Diễn đàn công nhân', collected: 1234, flagged: 210 }],
    topClaims: [
      { id: 1, statement: 'Uống nước lá ổi chữa khỏi COVID | <b>thật</b>', label: 'covid_false', items: 42, verdict: 'false', responseStatus: 'published' },
    ],
    emergingTerms: [{ term: 'thưởng tết', count: 30, expected: 4.2, ratio: 7.1, score: 12.6 }],
    grievances: [{ theme: 'wages', count: 55, status: { open: 30, forwarded: 20, resolved: 5 } }],
    failedSources: [{ source: 'rss-x', name: 'Báo X', failures: 3, runs: 4, lastError: 'HTTP 503', health: 'failing' }],
    rulePerformance: [{ ruleId: 'covid-cure-herbal', label: 'covid_false', hits: 50, reviewed: 20, confirmed: 18, precision: 0.9, shadow: false }],
    auditHead: { id: 4217, hash: 'a3f5'.repeat(16) },
    trend: {
      weeks: ['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47'],
      series: { covid_false: [10, 12, 20, 25, 30, 35, 40, 80], union_org: [5, 6, 5, 7, 8, 30, 35, 30], grievance: [50, 55, 60, 58, 70, 72, 75, 100] },
    },
    ...overrides,
  };
}
