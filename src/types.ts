// Shared domain types. Everything else may import this file; it imports nothing.

/** A post or article as collected, before normalisation. Produced by crawlers, tips and imports. */
export interface RawItem {
  text: string;
  title?: string;
  url?: string;
  /** Raw author handle: stored apart from the item, shown only as a pseudonym. */
  author?: string;
  /** ISO 8601 timestamp. */
  publishedAt?: string;
  /** Source id (slug), e.g. "forum-congnhan", "import", "tip". */
  source?: string;
  /** Member union that reviews it. */
  unit?: string;
}

/** Half-open character range [start, end) in the ORIGINAL text of an item. */
export interface Span {
  start: number;
  end: number;
}

export type EntityType = 'url' | 'email' | 'phone' | 'mention';
export interface Entity extends Span {
  type: EntityType;
  value: string;
}

export type Reason =
  | { kind: 'rule'; label: string; ruleId: string; description?: string; weight: number; spans: Span[]; field?: 'title' | 'text'; shadow?: boolean }
  | { kind: 'model'; label: string; features: { feature: string; weight: number }[]; probability: number }
  | { kind: 'claim'; label: string; claimId: string; statement: string; similarity: number; confirmed: boolean }
  /** The passage of a long text (offsets into the text) that carried the label's score. */
  | { kind: 'passage'; label: string; start: number; end: number; score: number }
  | { kind: 'guard'; label: string; ruleId: string; description?: string; weight: number; spans: Span[]; field?: 'title' | 'text' };

export interface Classification {
  /** Labels above their configured threshold. */
  labels: string[];
  /** Score in [0, 1] per configured label. */
  scores: Record<string, number>;
  reasons: Reason[];
  /** Identifies the rules + model combination that produced this result. */
  version: string;
}

export interface ClassifyInput {
  text: string;
  title?: string;
}

/** The pipeline classifies through this interface; `NullClassifier` stores items honestly as unclassified. */
export interface Classifier {
  readonly version: string;
  classify(input: ClassifyInput): Classification | null;
}

export type ItemStatus = 'new' | 'in_review' | 'decided' | 'response_drafted' | 'response_approved' | 'closed';

export type Role = 'viewer' | 'reviewer' | 'admin';

/**
 * What an evidence screenshot shows (crawlers/browser/capture.ts takes it, the evidence table records it):
 * - `element`: only the post element named by the source's `post_selector`;
 * - `viewport`: the first screen (1280×900) of the page; the source defines no post element;
 * - `viewport_fallback`: the source defines a post element but it was not on the page (or not
 *   visible), so the first screen was taken instead — never the whole page.
 */
export type ScreenshotScope = 'element' | 'viewport' | 'viewport_fallback';

/**
 * What the HTML snapshot holds: `element`, a minimal document with only the post element (see
 * crawlers/browser/element-snapshot.ts); `page`, the whole rendered page (no post element defined, or not found).
 */
export type SnapshotScope = 'element' | 'page';
