import { RE2JS } from 're2js';

/**
 * Rule regexes come from rule files and from the admin rules editor, and run on every crawled post.
 * JavaScript's RegExp backtracks: `(a|a)*b` on 29 characters took 44 s and froze the server, and no
 * syntactic check catches every such pattern (issue 14, finding 4). So rule regexes are compiled
 * by RE2JS, a port of RE2 whose matching time is linear in the input for any pattern; RE2 has no
 * lookarounds or backreferences, so those are refused. On top of that each regex runs on one
 * bounded sentence at a time (MAX_REGEX_INPUT) and scans at most MAX_REGEX_SCAN characters of one
 * document: a work budget, so the time per classification is bounded however long the post is,
 * and the result does not depend on how busy the machine is.
 */
export const MAX_REGEX_LENGTH = 300;
export const MAX_REGEX_INPUT = 1000;
export const MAX_REGEX_SCAN = 200_000;

export interface RegexMatch {
  /** UTF-16 offsets into the text, like RegExp's `index`. */
  start: number;
  end: number;
}

/** A compiled rule regex: case-insensitive, Unicode-aware, linear-time. */
export interface SafeRegex {
  readonly source: string;
  /** Every non-empty, non-overlapping match, left to right. */
  matches(text: string): RegexMatch[];
}

function compile(source: string): RE2JS {
  return RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
}

/** Returns why the pattern is refused, or null when it is acceptable. */
export function regexProblem(source: string): string | null {
  if (source.length > MAX_REGEX_LENGTH) return `regex longer than ${MAX_REGEX_LENGTH} characters`;
  try {
    compile(source);
  } catch (err) {
    const msg = (err as Error).message;
    if (/\(\?[=!]|\(\?<[=!]/.test(source) || /`\(\?[=!<]/.test(msg)) return `lookahead and lookbehind are not allowed (${msg})`;
    if (/\\[1-9k]/.test(source)) return `backreferences are not allowed (${msg})`;
    return `invalid regex: ${msg}`;
  }
  return null;
}

/** Compiles a pattern that passed `regexProblem` (throws otherwise). */
export function compileSafeRegex(source: string): SafeRegex {
  const problem = regexProblem(source);
  if (problem) throw new Error(problem);
  const re = compile(source);
  return {
    source,
    matches(text) {
      const out: RegexMatch[] = [];
      const m = re.matcher(text);
      while (m.find()) {
        if (m.end() > m.start()) out.push({ start: m.start(), end: m.end() });
      }
      return out;
    },
  };
}
