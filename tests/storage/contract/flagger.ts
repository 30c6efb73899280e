import type { Classifier } from '../../../src/types.js';

/** A deterministic stand-in for the rules in contract tests: "muối" flags covid_false, "lương" grievance. */
export const flagger: Classifier = {
  version: 'contract-1',
  classify({ text }) {
    const covid = /muối/.test(text);
    const grievance = /lương/.test(text);
    const labels = [...(covid ? ['covid_false'] : []), ...(grievance ? ['grievance'] : [])];
    return { labels, scores: { covid_false: covid ? 0.9 : 0.05, grievance: grievance ? 0.9 : 0.05 }, reasons: [], version: 'contract-1' };
  },
};
