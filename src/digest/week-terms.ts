import type { Store } from '../storage/store.js';
import { analyze, foldText } from '../text/index.js';
import { baselineWeeks, countTerms, emergingTerms, type EmergingTerm } from './emerging-terms.js';
import { shiftWeek, type IsoWeek } from './iso-week.js';

// Long posts count by their opening, where the topic is.
const MAX_TOKENS = 100;

/** Shows a folded term as people wrote it: the accented form from an item of the week that has it. */
function displayForm(term: string, docs: { folded: string; text: string }[]): string {
  const want = term.split(' ');
  const doc = docs.find((d) => ` ${d.folded} `.includes(` ${term} `));
  if (!doc) return term;
  const tokens = analyze(doc.text).tokens;
  for (let i = 0; i + want.length <= tokens.length; i++) {
    if (want.every((w, k) => tokens[i + k].fold === w)) return tokens.slice(i, i + want.length).map((t) => t.norm).join(' ');
  }
  return term;
}

/**
 * Emerging terms of `week` against the four weeks before, counted on the stored folded text (no
 * re-analysis: accented and unaccented spellings count together) of an even sample of each week.
 * A term that spells an author's handle is dropped: digests name no one.
 */
export async function weekEmergingTerms(
  store: Store,
  week: IsoWeek,
  unit: string | null,
  sample = 1500,
): Promise<{ terms: EmergingTerm[]; baselineWeeks: number }> {
  const handles = new Set<string>();
  const weeks = await Promise.all(
    [0, -1, -2, -3, -4].map(async (n) => {
      const w = shiftWeek(week, n);
      // The baseline pools four weeks, so a smaller sample of each still outweighs this week's.
      const s = await store.digestQueries.sampleTexts({ start: w.start, end: w.end }, unit, n === 0 ? sample : Math.ceil(sample * 0.4));
      for (const h of s.handles) handles.add(foldText(h.replace(/^@+/, '')));
      return s.docs;
    }),
  );
  const counts = weeks.map((docs) => countTerms(docs.map((d) => d.folded.split(' ', MAX_TOKENS))));
  const spellsHandle = (t: string) => t.split(' ').some((tok) => handles.has(tok)) || handles.has(t.replace(/ /g, ''));
  const terms = emergingTerms(counts[0], counts.slice(1), { limit: 15, exclude: spellsHandle })
    .map((t) => ({ ...t, term: displayForm(t.term, weeks[0]) }));
  return { terms, baselineWeeks: baselineWeeks(counts.slice(1)) };
}
