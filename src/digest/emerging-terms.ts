/**
 * "What is new this week": syllable n-grams whose share of items rose most against the previous
 * weeks. Pure functions over counts so the statistics are testable without a database.
 */

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
}

export interface EmergingOptions {
  /** Minimum items mentioning the term this week. */
  minCount?: number;
  /** Minimum smoothed rate ratio. */
  minRatio?: number;
  /** Pseudo-count added to both sides so unseen baseline terms do not get infinite ratios. */
  smoothing?: number;
  limit?: number;
}

// Function words that make poor term edges ("của công nhân" says no more than "công nhân").
const STOPWORDS = new Set(
  ('và của là có cho các những được một này với thì mà ở trong để đã sẽ đang cũng như khi từ ra vào lại nên ' +
    'rằng thế đó nhiều rất bị do theo về trên dưới hay hoặc nhưng vì nếu còn đến tại không ai gì nào ' +
    'va cua la co cho cac nhung duoc mot nay voi thi ma o trong de da se dang cung nhu khi tu ra vao lai nen ' +
    'rang the do nhieu rat bi do theo ve tren duoi hay hoac nhung vi neu con den tai khong ai gi nao')
    .split(' '),
);

function usable(token: string): boolean {
  // Numbers and single characters carry no theme on their own.
  return token.length > 1 && !/^\d+([.,]\d+)*$/.test(token);
}

/**
 * Counts, per document, each contiguous 1..maxN-gram once (document frequency). An n-gram must
 * not start or end with a function word and must not contain numbers or one-letter tokens.
 */
export function countTerms(docs: Iterable<readonly string[]>, maxN = 3): TermCounts {
  // One map lookup per n-gram: `last` remembers the document that counted it last.
  const stats = new Map<string, { n: number; last: number }>();
  let doc = 0;
  for (const tokens of docs) {
    doc++;
    for (let i = 0; i < tokens.length; i++) {
      const first = tokens[i];
      if (!usable(first) || STOPWORDS.has(first)) continue;
      let term = '';
      for (let k = 0; k < maxN && i + k < tokens.length; k++) {
        const t = tokens[i + k];
        if (!usable(t)) break;
        term = k === 0 ? t : `${term} ${t}`;
        if (STOPWORDS.has(t)) continue;
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

/**
 * Ranks terms of `current` by how far their count exceeds what the baseline rate predicts.
 * A term contained in (or containing) a better-ranked term is dropped so one theme shows once.
 */
export function emergingTerms(
  current: TermCounts,
  previous: readonly TermCounts[],
  options: EmergingOptions = {},
): EmergingTerm[] {
  const { minCount = 5, minRatio = 2, smoothing = 1, limit = 15 } = options;
  if (current.docs === 0) return [];
  const base = mergeCounts(previous);
  // The baseline is at least as large as this week, so a thin or empty history (new
  // installation) reads as "seen α times in a week like this one", never as a zero rate.
  const baseDocs = Math.max(base.docs, current.docs);
  const byTerm = new Map<string, EmergingTerm>();
  for (const [term, count] of current.counts) {
    if (count < minCount) continue;
    const baseRate = ((base.counts.get(term) ?? 0) + smoothing) / baseDocs;
    const ratio = count / current.docs / baseRate;
    if (ratio < minRatio) continue;
    const expected = baseRate * current.docs;
    const score = (count - expected) / Math.sqrt(expected + smoothing);
    byTerm.set(term, { term, count, expected, ratio, score });
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
  candidates.sort((a, b) => b.score - a.score || b.count - a.count || a.term.localeCompare(b.term));
  const picked: EmergingTerm[] = [];
  for (const c of candidates) {
    if (picked.length >= limit) break;
    const padded = ` ${c.term} `;
    const overlaps = picked.some((p) => ` ${p.term} `.includes(padded) || padded.includes(` ${p.term} `));
    if (!overlaps) picked.push(c);
  }
  return picked;
}
