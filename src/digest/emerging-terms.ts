/**
 * "What is new this week": terms of two to four syllables ("nợ lương", "vắc xin", "công đoàn độc
 * lập") whose share of items rose most against the previous weeks. A single Vietnamese syllable is
 * rarely a word on its own ("công", "lập"), so none is ever shown. Pure functions over counts so the
 * statistics are testable without a database.
 */

/** Weeks of history needed before a rise ("× 45") is stated; with fewer, terms are only "new this week". */
export const MIN_BASELINE_WEEKS = 4;

/** Document frequencies of one week: how many items mention each term, out of `docs` items. */
export interface TermCounts {
  docs: number;
  counts: Map<string, number>;
}

export interface EmergingTerm {
  term: string;
  /** Items mentioning the term this week. */
  count: number;
  /** Expected items this week at the baseline rate of the previous weeks. */
  expected: number;
  /** Rate this week / smoothed rate of the previous weeks. */
  ratio: number;
  /** Ranking score: surprise of the count against the baseline (Poisson z-score, smoothed). */
  score: number;
  /** Items mentioning the term in the baseline weeks (absent in digests made before it was kept). */
  baseline?: number;
}

export interface EmergingOptions {
  /** Minimum items mentioning the term this week. */
  minCount?: number;
  /** Minimum smoothed rate ratio. */
  minRatio?: number;
  /** Pseudo-count added to both sides so unseen baseline terms do not get infinite ratios. */
  smoothing?: number;
  limit?: number;
  /** Terms never shown (an author's handle); dropped before ranking so they hide no part of themselves. */
  exclude?: (term: string) => boolean;
}

// Function words and particles: a term never contains one ("của công nhân" says no more than "công
// nhân", "tết bị cắt" is a fragment). Counting runs on folded text, so the folded forms are what
// match; forms that fold onto common content words ("chi": chi trả, "ca": ca đêm) are left out.
const STOPWORDS = new Set(
  ('và của là có cho các những được một này với thì mà ở trong để đã sẽ đang cũng như khi từ ra vào lại nên ' +
    'rằng thế đó nhiều rất bị do theo về trên dưới hay hoặc nhưng vì nếu còn đến tại không ai gì nào ' +
    'va cua la co cho cac nhung duoc mot nay voi thi ma o trong de da se dang cung nhu khi tu ra vao lai nen ' +
    'rang the do nhieu rat bi do theo ve tren duoi hay hoac nhung vi neu con den tai khong ai gi nao ' +
    'ấy đây kia rồi chưa vẫn đều hơn phải nhé nha ơi luôn thôi chứ ạ à ư ừ đấy vậy sao ' +
    'ay day kia roi chua van deu hon phai nhe nha oi luon thoi chu a u dau')
    .split(' '),
);

function usable(token: string): boolean {
  // Numbers and single characters carry no theme on their own.
  return token.length > 1 && !/^\d+([.,]\d+)*$/.test(token);
}

/**
 * Counts, per document, each contiguous 2..maxN-gram once (document frequency). An n-gram must not
 * contain a function word, a number or a one-letter token.
 */
export function countTerms(docs: Iterable<readonly string[]>, maxN = 4): TermCounts {
  // One map lookup per n-gram: `last` remembers the document that counted it last.
  const stats = new Map<string, { n: number; last: number }>();
  let doc = 0;
  for (const tokens of docs) {
    doc++;
    for (let i = 0; i < tokens.length; i++) {
      let term = '';
      for (let k = 0; k < maxN && i + k < tokens.length; k++) {
        const t = tokens[i + k];
        if (!usable(t) || STOPWORDS.has(t)) break;
        term = k === 0 ? t : `${term} ${t}`;
        if (k === 0) continue;
        const s = stats.get(term);
        if (!s) stats.set(term, { n: 1, last: doc });
        else if (s.last !== doc) {
          s.n++;
          s.last = doc;
        }
      }
    }
  }
  const counts = new Map<string, number>();
  for (const [term, s] of stats) counts.set(term, s.n);
  return { docs: doc, counts };
}

/** Sums several weeks of counts into one baseline. */
export function mergeCounts(weeks: readonly TermCounts[]): TermCounts {
  const counts = new Map<string, number>();
  let docs = 0;
  for (const w of weeks) {
    docs += w.docs;
    for (const [term, c] of w.counts) counts.set(term, (counts.get(term) ?? 0) + c);
  }
  return { docs, counts };
}

/** Baseline weeks that hold any item: a new installation or a new source has fewer than asked for. */
export function baselineWeeks(previous: readonly TermCounts[]): number {
  return previous.filter((w) => w.docs > 0).length;
}

/**
 * Ranks terms of `current` by how far their count exceeds what the baseline rate predicts; with
 * fewer than MIN_BASELINE_WEEKS weeks of history, by count alone (a rate against one thin week would
 * read "× 45" for any ordinary word). A shorter term inside a longer one that explains most of its
 * mentions is dropped, and so is any term overlapping a better-ranked one: one theme shows once.
 */
export function emergingTerms(
  current: TermCounts,
  previous: readonly TermCounts[],
  options: EmergingOptions = {},
): EmergingTerm[] {
  const { minCount = 5, minRatio = 2, smoothing = 1, limit = 15 } = options;
  if (current.docs === 0) return [];
  const base = mergeCounts(previous);
  // The smoothing pseudo-count is spread over at least this week's size, so a thin or empty history
  // (new installation) reads as "seen α times in a week like this one", never as a zero rate, while
  // the observed baseline rate itself is taken as it is.
  const smoothDocs = Math.max(base.docs, current.docs);
  const byTerm = new Map<string, EmergingTerm>();
  for (const [term, count] of current.counts) {
    if (count < minCount || options.exclude?.(term)) continue;
    const seen = base.counts.get(term) ?? 0;
    const baseRate = (base.docs > 0 ? seen / base.docs : 0) + smoothing / smoothDocs;
    const ratio = count / current.docs / baseRate;
    if (ratio < minRatio) continue;
    const expected = baseRate * current.docs;
    const score = (count - expected) / Math.sqrt(expected + smoothing);
    byTerm.set(term, { term, count, expected, ratio, score, baseline: base.counts.get(term) ?? 0 });
  }
  // A phrase explains its parts: "vắc xin giả" in 9 items hides "vắc xin" in 10.
  for (const c of byTerm.values()) {
    const toks = c.term.split(' ');
    for (let len = 1; len < toks.length; len++) {
      for (let i = 0; i + len <= toks.length; i++) {
        const part = byTerm.get(toks.slice(i, i + len).join(' '));
        if (part && c.count >= 0.8 * part.count) part.score = -Infinity;
      }
    }
  }
  const candidates = [...byTerm.values()].filter((c) => c.score > -Infinity);
  const thin = baselineWeeks(previous) < MIN_BASELINE_WEEKS;
  candidates.sort((a, b) => (thin ? 0 : b.score - a.score) || b.count - a.count || b.term.length - a.term.length || a.term.localeCompare(b.term));
  const picked: EmergingTerm[] = [];
  for (const c of candidates) {
    if (picked.length >= limit) break;
    const padded = ` ${c.term} `;
    const overlaps = picked.some((p) => ` ${p.term} `.includes(padded) || padded.includes(` ${p.term} `));
    if (!overlaps) picked.push(c);
  }
  return picked;
}
