/**
 * Rule regexes run on every crawled post, so a pattern that backtracks catastrophically would stall
 * the pipeline. Patterns are limited in length, may not nest unbounded quantifiers (the cause of
 * exponential backtracking, e.g. `(a+)+`), may not use backreferences or lookarounds, and only ever
 * run on one bounded sentence at a time (see MAX_REGEX_INPUT).
 */
export const MAX_REGEX_LENGTH = 300;
export const MAX_REGEX_INPUT = 1000;

/** Returns why the pattern is refused, or null when it is acceptable. */
export function regexProblem(source: string): string | null {
  if (source.length > MAX_REGEX_LENGTH) return `regex longer than ${MAX_REGEX_LENGTH} characters`;
  try {
    new RegExp(source, 'iu');
  } catch (err) {
    return `invalid regex: ${(err as Error).message}`;
  }
  // Each open group records whether it contains an unbounded quantifier.
  const stack: boolean[] = [false];
  let i = 0;
  const unboundedAt = (j: number): { unbounded: boolean; quantified: boolean; len: number } => {
    const c = source[j];
    if (c === '*' || c === '+') return { unbounded: true, quantified: true, len: 1 };
    if (c === '?') return { unbounded: false, quantified: true, len: 1 };
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(j));
      if (m) return { unbounded: m[2] !== undefined && m[3] === '', quantified: true, len: m[0].length };
    }
    return { unbounded: false, quantified: false, len: 0 };
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      if (/[1-9k]/.test(n)) return 'backreferences are not allowed';
      i += 2;
      i = skipQuantifier(i);
      continue;
    }
    if (c === '[') {
      i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      i = skipQuantifier(i);
      continue;
    }
    if (c === '(') {
      if (source[i + 1] === '?' && source[i + 2] !== ':' && !(source[i + 2] === '<' && /[A-Za-z]/.test(source[i + 3] ?? ''))) {
        return 'lookahead and lookbehind are not allowed';
      }
      stack.push(false);
      i++;
      continue;
    }
    if (c === ')') {
      const inner = stack.pop() ?? false;
      const q = unboundedAt(i + 1);
      if (q.quantified && inner && (q.unbounded || source[i + 1] === '{')) {
        return 'nested quantifiers (a quantified group containing * + or {n,}) are not allowed';
      }
      stack[stack.length - 1] = stack[stack.length - 1] || inner || q.unbounded;
      i += 1 + q.len;
      continue;
    }
    const q = unboundedAt(i);
    if (q.unbounded) stack[stack.length - 1] = true;
    i += q.quantified ? q.len : 1;
  }
  return null;

  function skipQuantifier(j: number): number {
    const q = unboundedAt(j);
    if (q.unbounded) stack[stack.length - 1] = true;
    return j + q.len;
  }
}
