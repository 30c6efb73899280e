import type { Span } from '../types.js';
import { analyze } from '../text/index.js';
import { compilePhrase, PhraseMatcher, type CompiledPhrase, type PhraseHit } from './phrase-matcher.js';
import { RuleFileError } from './rule-error.js';
import type { PhraseEntry, RulePackSpec, RuleSpec } from './rule-schema.js';
import { compileSafeRegex, MAX_REGEX_INPUT, MAX_REGEX_SCAN, regexProblem, type SafeRegex } from './safe-regex.js';
import type { Field, TokenStream } from './token-stream.js';

/** Where a rule may match: a field, or the lead (title plus the opening of the text). */
export type RuleField = Field | 'lead';

export interface LoadedPack {
  /** Path shown in errors, e.g. "rules/covid-false.yaml". */
  file: string;
  spec: RulePackSpec;
}

interface Near {
  /** Entry ids (see RuleEngine.entries). */
  a: number;
  b: number;
  within: number;
  ordered: boolean;
}

export interface CompiledRule {
  id: string;
  label: string;
  description: string;
  weight: number;
  shadow: boolean;
  guard: boolean;
  file: string;
  fields?: RuleField[];
  /** Entry ids; an entry is a set of alternative phrases, shared by every rule that lists it. */
  any: number[];
  all: number[];
  none: number[];
  near: Near[];
  /** Linear-time (RE2) and scanned under a budget: see safe-regex.ts. */
  regex?: SafeRegex;
  examples: { match: string[]; no_match: string[] };
}

export interface FieldSpan extends Span {
  field: Field;
}

export interface RuleFiring {
  rule: CompiledRule;
  spans: FieldSpan[];
}

/**
 * All rule packs compiled into one phrase automaton. `evaluate` runs the automaton once over a
 * token stream and then checks each rule's conditions against the phrase hits.
 */
export class RuleEngine {
  readonly rules: CompiledRule[] = [];
  readonly guards: CompiledRule[] = [];
  private readonly phrases: CompiledPhrase[] = [];
  private readonly phraseIds = new Map<string, number>();
  private readonly matcher: PhraseMatcher;
  /** Entry id → its phrase ids; identical entries of different rules share one id. */
  private readonly entries: number[][] = [];
  private readonly entryIds = new Map<string, number>();
  /** Phrase id → the entries that contain it. */
  private readonly phraseEntries: number[][];

  constructor(packs: LoadedPack[], labels: ReadonlySet<string>) {
    const sets = new Map<string, { file: string; phrases: string[] }>();
    for (const { file, spec } of packs) {
      for (const [name, phrases] of Object.entries(spec.sets)) {
        const prev = sets.get(name);
        if (prev) throw new RuleFileError(file, `phrase set "@${name}" is already defined in ${prev.file}`, { field: `sets.${name}` });
        sets.set(name, { file, phrases });
      }
    }
    const ids = new Map<string, string>();
    for (const { file, spec } of packs) {
      for (const [kind, list] of [['rules', spec.rules], ['guards', spec.guards]] as const) {
        for (const r of list) {
          const prev = ids.get(r.id);
          if (prev) throw new RuleFileError(file, `duplicate rule id (also in ${prev})`, { ruleId: r.id, field: 'id' });
          ids.set(r.id, file);
          const label = r.label ?? spec.label;
          if (!label) throw new RuleFileError(file, 'no label: set it on the rule or on the pack', { ruleId: r.id, field: 'label' });
          if (!labels.has(label)) {
            throw new RuleFileError(file, `unknown label "${label}" (labels.yaml defines: ${[...labels].join(', ')})`, { ruleId: r.id, field: 'label' });
          }
          const compiled = this.compileRule(r, label, kind === 'guards', file, sets);
          (kind === 'guards' ? this.guards : this.rules).push(compiled);
        }
      }
    }
    this.matcher = new PhraseMatcher(this.phrases);
    this.phraseEntries = this.phrases.map(() => []);
    this.entries.forEach((phrases, e) => {
      for (const p of phrases) this.phraseEntries[p].push(e);
    });
  }

  private compileRule(r: RuleSpec, label: string, guard: boolean, file: string, sets: Map<string, { phrases: string[] }>): CompiledRule {
    const entry = (e: PhraseEntry, field: string): number => {
      const texts = typeof e === 'string' ? [e] : e;
      const out: number[] = [];
      for (const t of texts) {
        if (t.startsWith('@')) {
          const set = sets.get(t.slice(1));
          if (!set) throw new RuleFileError(file, `unknown phrase set "${t}"`, { ruleId: r.id, field });
          for (const p of set.phrases) out.push(this.phraseId(p, file, r.id, field));
        } else out.push(this.phraseId(t, file, r.id, field));
      }
      const phrases = [...new Set(out)].sort((x, y) => x - y);
      const key = phrases.join(',');
      let id = this.entryIds.get(key);
      if (id === undefined) {
        id = this.entries.length;
        this.entries.push(phrases);
        this.entryIds.set(key, id);
      }
      return id;
    };
    let regex: SafeRegex | undefined;
    if (r.regex !== undefined) {
      const problem = regexProblem(r.regex);
      if (problem) throw new RuleFileError(file, problem, { ruleId: r.id, field: 'regex' });
      regex = compileSafeRegex(r.regex);
    }
    return {
      id: r.id,
      label,
      description: r.description,
      weight: r.weight,
      shadow: r.shadow,
      guard,
      file,
      fields: r.fields,
      any: r.any.map((e, i) => entry(e, `any[${i}]`)),
      all: r.all.map((e, i) => entry(e, `all[${i}]`)),
      none: r.none.map((e, i) => entry(e, `none[${i}]`)),
      near: r.near.map((n, i) => ({
        a: entry(n.a, `near[${i}].a`),
        b: entry(n.b, `near[${i}].b`),
        within: n.within,
        ordered: n.ordered,
      })),
      regex,
      examples: r.examples,
    };
  }

  private phraseId(text: string, file: string, ruleId: string, field: string): number {
    const tokens = analyze(text).tokens;
    if (tokens.length === 0) throw new RuleFileError(file, `phrase "${text}" has no words after normalisation`, { ruleId, field });
    const key = tokens.map((t) => t.norm).join(' ');
    let id = this.phraseIds.get(key);
    if (id === undefined) {
      id = this.phrases.length;
      this.phrases.push(compilePhrase(text, tokens));
      this.phraseIds.set(key, id);
    }
    return id;
  }

  /** Fired rules and fired guards for one token stream (only those in `only`, when given). */
  evaluate(stream: TokenStream, only?: ReadonlySet<CompiledRule>): { rules: RuleFiring[]; guards: RuleFiring[] } {
    const byEntry = new Map<number, PhraseHit[]>();
    for (const h of this.matcher.findAll(stream)) {
      for (const e of this.phraseEntries[h.phrase]) {
        const list = byEntry.get(e);
        if (list) list.push(h);
        else byEntry.set(e, [h]);
      }
    }
    let sentences: Sentence[] | null = null;
    const run = (list: CompiledRule[]) => {
      const out: RuleFiring[] = [];
      for (const rule of list) {
        if (only && !only.has(rule)) continue;
        if (rule.regex && !sentences) sentences = foldedSentences(stream);
        const spans = checkRule(rule, stream, byEntry, sentences ?? []);
        if (spans) out.push({ rule, spans });
      }
      return out;
    };
    return { rules: run(this.rules), guards: run(this.guards) };
  }
}

const NO_HITS: PhraseHit[] = [];

function hitsOf(entry: number, byEntry: Map<number, PhraseHit[]>, rule: CompiledRule, stream: TokenStream): PhraseHit[] {
  const hits = byEntry.get(entry);
  if (!hits) return NO_HITS;
  if (!rule.fields) return hits;
  const lead = rule.fields.includes('lead') ? leadEnd(stream) : -1;
  return hits.filter((h) => rule.fields!.includes(stream.field[h.from]) || h.from < lead);
}

/** Syllables of the text that count as its lead (a headline and first sentence when the crawl kept them in the text). */
export const LEAD_SYLLABLES = 45;

/** Index of the first token past the lead: every title token, then the first LEAD_SYLLABLES of the text. */
function leadEnd(stream: TokenStream): number {
  let i = 0;
  while (i < stream.length && stream.field[i] === 'title') i++;
  return Math.min(stream.length, i + LEAD_SYLLABLES);
}

function checkRule(rule: CompiledRule, stream: TokenStream, byEntry: Map<number, PhraseHit[]>, sentences: Sentence[]): FieldSpan[] | null {
  // Cheap rejections first: a required entry without any hit.
  for (const e of rule.all) if (!byEntry.has(e)) return null;
  for (const n of rule.near) if (!byEntry.has(n.a) || !byEntry.has(n.b)) return null;
  if (rule.any.length > 0 && !rule.any.some((e) => byEntry.has(e))) return null;
  for (const e of rule.none) if (hitsOf(e, byEntry, rule, stream).length > 0) return null;
  const used: PhraseHit[] = [];
  for (const e of rule.all) {
    const hits = hitsOf(e, byEntry, rule, stream);
    if (hits.length === 0) return null;
    used.push(...hits);
  }
  if (rule.any.length > 0) {
    let found = false;
    for (const e of rule.any) {
      const hits = hitsOf(e, byEntry, rule, stream);
      if (hits.length > 0) {
        found = true;
        used.push(...hits);
      }
    }
    if (!found) return null;
  }
  for (const n of rule.near) {
    const pair = nearPair(hitsOf(n.a, byEntry, rule, stream), hitsOf(n.b, byEntry, rule, stream), n, stream);
    if (!pair) return null;
    used.push(...pair);
  }
  const spans: FieldSpan[] = used.map((h) => ({ field: stream.field[h.from], start: stream.start[h.from], end: stream.end[h.to - 1] }));
  if (rule.regex) {
    const found = regexSpans(rule, sentences, stream);
    if (found.length === 0) return null;
    spans.push(...found);
  }
  return mergeSpans(spans);
}

function nearPair(as: PhraseHit[], bs: PhraseHit[], n: Near, stream: TokenStream): PhraseHit[] | null {
  for (const a of as) {
    for (const b of bs) {
      if (stream.field[a.from] !== stream.field[b.from]) continue;
      let gap: number;
      if (a.to <= b.from) gap = b.from - a.to;
      else if (!n.ordered && b.to <= a.from) gap = a.from - b.to;
      else continue;
      if (gap <= n.within) return [a, b];
    }
  }
  return null;
}

interface Sentence {
  text: string;
  /** Token index of each syllable in `text`, with its character offset there. */
  tokens: number[];
  offsets: number[];
}

/** Folded text per sentence (bounded length) for rule regexes. */
function foldedSentences(stream: TokenStream): Sentence[] {
  const out: Sentence[] = [];
  let cur: Sentence | null = null;
  for (let i = 0; i < stream.length; i++) {
    if (stream.brk[i] || !cur || cur.text.length + stream.fold[i].length + 1 > MAX_REGEX_INPUT) {
      cur = { text: '', tokens: [], offsets: [] };
      out.push(cur);
    } else cur.text += ' ';
    cur.tokens.push(i);
    cur.offsets.push(cur.text.length);
    cur.text += stream.fold[i];
  }
  return out;
}

function regexSpans(rule: CompiledRule, sentences: Sentence[], stream: TokenStream): FieldSpan[] {
  const re = rule.regex!;
  const out: FieldSpan[] = [];
  let scanned = 0;
  for (const s of sentences) {
    const field = stream.field[s.tokens[0]];
    if (rule.fields && !rule.fields.includes(field) && !(rule.fields.includes('lead') && s.tokens[0] < leadEnd(stream))) continue;
    scanned += s.text.length;
    if (scanned > MAX_REGEX_SCAN) break; // the work budget per document
    for (const m of re.matches(s.text)) {
      const from = tokenAt(s, m.start);
      const to = tokenAt(s, m.end - 1);
      out.push({ field, start: stream.start[s.tokens[from]], end: stream.end[s.tokens[to]] });
    }
  }
  return out;
}

function tokenAt(s: Sentence, offset: number): number {
  let lo = 0;
  let hi = s.offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.offsets[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function mergeSpans(spans: FieldSpan[]): FieldSpan[] {
  const sorted = [...spans].sort((x, y) => (x.field === y.field ? x.start - y.start || x.end - y.end : x.field === 'title' ? -1 : 1));
  const out: FieldSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && last.field === s.field && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}
