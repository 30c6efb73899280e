// Vietnamese text module: pure functions, no I/O. See CONTRACTS.md for the API contract.
export { analyze } from './analyze.js';
export { normalizeText } from './normalize-text.js';
export { foldText } from './fold-text.js';
export { ngrams } from './ngrams.js';
export type { Token, TextAnalysis } from './types.js';
