import type { EmergingTerm } from './emerging-terms.js';

/** A figure this week next to the same figure the week before. */
export interface Delta {
  current: number;
  previous: number;
}

export interface UnitRow {
  unit: string;
  collected: number;
  flagged: number;
  reviewed: number;
}

export interface SourceRow {
  source: string;
  name: string;
  collected: number;
  flagged: number;
}

export interface ClaimRow {
  id: number;
  statement: string;
  label: string | null;
  items: number;
  verdict: string | null;
  /** Best response status reached: none | draft | approved | published. */
  responseStatus: string;
}

export interface GrievanceTheme {
  /**
   * Theme key (grievance-themes.ts: wages, insurance, safety, …, other), named in the digest locale.
   * Digests made before themes existed hold a rule description here, shown as it is.
   */
  theme: string;
  count: number;
  /** Follow-up status → count (open, forwarded, resolved, ...). */
  status: Record<string, number>;
}

export interface FailedSource {
  source: string;
  name: string;
  failures: number;
  runs: number;
  lastError: string | null;
  health: string | null;
}

export interface RulePerformance {
  ruleId: string;
  label: string;
  /** Items of the period whose classification cites the rule. */
  hits: number;
  /** Of those, items with a reviewer's verdict. */
  reviewed: number;
  /** Of the reviewed, verdicts that confirm the rule's label. */
  confirmed: number;
  /** confirmed / reviewed, null when nothing was reviewed. */
  precision: number | null;
  /** A shadow rule scores but never flags. */
  shadow: boolean;
}

/** Everything a digest shows; computed by build-digest, rendered by render-html / render-md. */
export interface DigestData {
  week: string;
  firstDay: string;
  lastDay: string;
  timeZone: string;
  unit: string | null;
  generatedAt: string;
  headline: {
    collected: Delta;
    flagged: Delta;
    flaggedByLabel: Record<string, Delta>;
    reviewed: Delta;
    verdicts: Record<string, Delta>;
    responsesApproved: Delta;
    responsesPublished: Delta;
    /** Median hours from collection to the first decision on items decided this week. */
    medianHoursToDecision: { current: number | null; previous: number | null };
  };
  byUnit: UnitRow[];
  bySource: SourceRow[];
  topClaims: ClaimRow[];
  emergingTerms: EmergingTerm[];
  /**
   * Earlier weeks (of four) with items to compare against; under MIN_BASELINE_WEEKS the terms are
   * shown as "new this week" with counts, never as a rise. Absent in digests made before it was kept.
   */
  emergingBaselineWeeks?: number;
  grievances: GrievanceTheme[];
  failedSources: FailedSource[];
  rulePerformance: RulePerformance[];
  /**
   * The audit log's head when the digest was built: an anchor kept outside the database, so a later
   * `audit verify --anchor` catches a cut-off tail (which leaves a valid chain). null = empty log.
   */
  auditHead: { id: number; hash: string } | null;
  /** Flagged items per label for the 8 weeks ending with this one (oldest first). */
  trend: { weeks: string[]; series: Record<string, number[]> };
}
