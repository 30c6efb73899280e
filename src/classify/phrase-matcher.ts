import { accentCompatible, isAccented } from './accents.js';
import { typedWithAccents, type TokenStream } from './token-stream.js';

/** A phrase as compiled: its syllables in normalised form and folded form. */
export interface CompiledPhrase {
  text: string;
  norm: string[];
  fold: string[];
  /**
   * False when the whole phrase was written without diacritics ("covid", "f0", "cong doan"): then
   * any spelling matches. Otherwise the phrase is its full spelling, syllable by syllable.
   */
  accented: boolean;
}

export interface PhraseHit {
  phrase: number;
  /** Token index range [from, to). */
  from: number;
  to: number;
}

interface Node {
  /** Null-prototype dictionary (faster than Map for string keys). */
  next: Record<string, number | undefined>;
  fail: number;
  /** Phrases ending at this node, including those reached through failure links. */
  out: number[];
}

/**
 * Aho-Corasick automaton over token sequences: every phrase of every rule is found in one pass
 * over the folded tokens, however many rules there are. Sentence boundaries reset the automaton.
 */
export class PhraseMatcher {
  private readonly nodes: Node[] = [newNode()];

  constructor(readonly phrases: CompiledPhrase[]) {
    phrases.forEach((p, id) => {
      let cur = 0;
      for (const tok of p.fold) {
        let nxt = this.nodes[cur].next[tok];
        if (nxt === undefined) {
          nxt = this.nodes.length;
          this.nodes.push(newNode());
          this.nodes[cur].next[tok] = nxt;
        }
        cur = nxt;
      }
      this.nodes[cur].out.push(id);
    });
    // Breadth-first failure links.
    const queue: number[] = [];
    for (const child of Object.values(this.nodes[0].next)) queue.push(child!);
    for (let qi = 0; qi < queue.length; qi++) {
      const u = queue[qi];
      for (const [tok, v] of Object.entries(this.nodes[u].next) as [string, number][]) {
        let f = this.nodes[u].fail;
        while (f !== 0 && this.nodes[f].next[tok] === undefined) f = this.nodes[f].fail;
        const target = this.nodes[f].next[tok];
        this.nodes[v].fail = target !== undefined && target !== v ? target : 0;
        this.nodes[v].out.push(...this.nodes[this.nodes[v].fail].out);
        queue.push(v);
      }
    }
  }

  /** All occurrences whose accents are compatible with the phrase (see accentCompatible). */
  findAll(stream: TokenStream): PhraseHit[] {
    const cached = stream.phraseHits?.find((c) => c.matcher === this);
    if (cached) return cached.hits;
    const hits = this.scan(stream);
    (stream.phraseHits ??= []).push({ matcher: this, hits });
    return hits;
  }

  private scan(stream: TokenStream): PhraseHit[] {
    const hits: PhraseHit[] = [];
    const { fold, brk } = stream;
    const strict = typedWithAccents(stream);
    let state = 0;
    for (let i = 0; i < fold.length; i++) {
      if (brk[i]) state = 0;
      const tok = fold[i];
      let nxt = this.nodes[state].next[tok];
      while (nxt === undefined && state !== 0) {
        state = this.nodes[state].fail;
        nxt = this.nodes[state].next[tok];
      }
      state = nxt ?? 0;
      const out = this.nodes[state].out;
      for (let k = 0; k < out.length; k++) {
        const p = this.phrases[out[k]];
        const from = i + 1 - p.fold.length;
        // The reset at boundaries guarantees no match straddles one.
        if (from >= 0 && this.accentsAgree(p, stream, from, strict)) hits.push({ phrase: out[k], from, to: i + 1 });
      }
    }
    return hits;
  }

  /**
   * In a text typed with accents, syllables must agree exactly except for dropped tones; in a text
   * typed without them, folded equality is all there is to go on.
   */
  private accentsAgree(p: CompiledPhrase, stream: TokenStream, from: number, strict: boolean): boolean {
    if (!p.accented) return true;
    for (let k = 0; k < p.norm.length; k++) {
      const input = stream.norm[from + k];
      if (input === p.norm[k]) continue;
      if (!accentCompatible(input, p.norm[k], strict)) return false;
    }
    return true;
  }
}

function newNode(): Node {
  return { next: Object.create(null), fail: 0, out: [] };
}

export function compilePhrase(text: string, tokens: { norm: string; fold: string }[]): CompiledPhrase {
  const norm = tokens.map((t) => t.norm);
  return { text, norm, fold: tokens.map((t) => t.fold), accented: norm.some(isAccented) };
}
