import type { Classification, Classifier, ClassifyInput, Reason } from '../types.js';
import { calibrate, type Platt } from './calibration.js';
import type { Claim } from './claim-schema.js';
import { ClaimMatcher, type ClaimDoc } from './claim-matcher.js';
import { RuleEngine, type CompiledRule, type LoadedPack, type RuleFiring } from './rule-engine.js';
import { RuleFileError } from './rule-error.js';
import type { CombinationWeights, LabelsConfig } from './rule-schema.js';
import { round, TextModel } from './text-model.js';
import { splitPassages, type Passage } from './passages.js';
import type { SparseVector } from './sparse.js';
import { streamOf, subStream, textTokenRange, type TokenStream } from './token-stream.js';

export interface ClassifierSources {
  labels: LabelsConfig;
  packs: LoadedPack[];
  claims: { file: string; claim: Claim }[];
  model?: TextModel;
  /** Identifies the rules + model combination (the loader hashes the files). */
  version: string;
}

export interface LabelScore {
  label: string;
  score: number;
  rules: number;
  model: number | null;
  claim: number;
  guard: number;
}

// Model probabilities below this are not worth a reason of their own.
const MODEL_REASON_MIN = 0.25;
// Below this model probability (and without a rule of the label) a post is not searched for known
// claims (a known claim adds to a label the post already shows signs of).
const CLAIM_TOPIC_MIN = 0.2;
// Below this model probability for every label (and with no rule firing) a long text is not scored by passage.
const PASSAGE_MODEL_MIN = 0.08;

/**
 * Rules + model + known claims. Per label: score = 1 − (1 − a·R·g)(1 − b·P·g)(1 − c·C·g), where R is
 * the noisy-OR of the fired rules' weights, P the model probability, C the known-claim evidence
 * (similarity scaled so that the confirm threshold gives 1) and g the product of (1 − weight) of
 * the fired guards. A label with a calibration in labels.yaml maps that score through its fitted
 * curve (see calibration.ts). A label is assigned when its score reaches its threshold.
 */
export class HybridClassifier implements Classifier {
  readonly version: string;
  readonly engine: RuleEngine;
  readonly model?: TextModel;
  readonly claimMatcher: ClaimMatcher;
  readonly labels: string[];
  private readonly thresholds = new Map<string, number>();
  private readonly weights = new Map<string, CombinationWeights>();
  private readonly calibrations = new Map<string, Platt>();
  private readonly configured: Set<string>;
  private readonly claims: Claim[];
  private readonly claimById: Map<string, Claim>;
  private readonly claimLabels: string[];

  constructor(private readonly sources: ClassifierSources) {
    const cfg = sources.labels;
    this.version = sources.version;
    this.model = sources.model;
    this.configured = new Set(cfg.labels.map((l) => l.id));
    for (const l of cfg.labels) {
      this.thresholds.set(l.id, l.threshold);
      this.weights.set(l.id, { ...cfg.combination, ...l.combination });
      if (l.calibration) this.calibrations.set(l.id, l.calibration);
    }
    this.labels = [...this.configured];
    for (const l of this.model?.labels ?? []) {
      if (!this.configured.has(l)) {
        this.labels.push(l);
        this.thresholds.set(l, cfg.model.default_threshold);
      }
    }
    this.engine = new RuleEngine(sources.packs, this.configured);
    for (const { file, claim } of sources.claims) {
      if (!this.configured.has(claim.label)) {
        throw new RuleFileError(file, `unknown label "${claim.label}" in claim "${claim.id}"`, { field: 'label' });
      }
    }
    this.claims = sources.claims.map((c) => c.claim);
    this.claimById = new Map(this.claims.map((c) => [c.id, c]));
    this.claimLabels = [...new Set(this.claims.map((c) => c.label))];
    const model = this.model;
    this.claimMatcher = new ClaimMatcher(
      this.claims.map((c) => ({ id: c.id, texts: [c.statement, ...c.aliases, ...c.paraphrases] })),
      model ? { idf: (f) => model.idfOf(f), background: { vocabulary: model.file.vocabulary, idf: model.idf } } : {},
    );
    if (model) model.shareIndex(this.claimMatcher.index, this.claimMatcher.vocabulary);
  }

  /**
   * A matcher over other documents (e.g. a claim group's members) that weighs words like this
   * classifier does, for "similar items" and grouping items into claims.
   */
  matcherFor(docs: ClaimDoc[]): ClaimMatcher {
    const model = this.model;
    return new ClaimMatcher(docs, model ? { idf: (f) => model.idfOf(f), background: { vocabulary: model.file.vocabulary, idf: model.idf } } : {});
  }

  threshold(label: string): number {
    return this.thresholds.get(label) ?? this.sources.labels.model.default_threshold;
  }

  classify(input: ClassifyInput): Classification {
    return this.classifyStream(streamOf(input), splitPassages(input.text)).classification;
  }

  /**
   * Classification plus the per-label breakdown (for eval and admin tools). With `passages` (the
   * paragraphs of a long text), each passage's own rules and model probability are scored too and a
   * label takes the best of the whole text and its passages; guards, which read the stance of the
   * whole document (a debunk's headline, a rebuttal's frame), apply to both. `calibrated: false`
   * leaves labels.yaml's calibration out (what `cli calibrate` fits curves to).
   */
  classifyStream(stream: TokenStream, passages: Passage[] = [], calibrated = true): { classification: Classification; breakdown: LabelScore[] } {
    const doc = this.evidence(stream);
    const kept = new Map<string, number>();
    for (const f of doc.guards) kept.set(f.rule.label, (kept.get(f.rule.label) ?? 1) * (1 - f.rule.weight));
    // A text with no rule firing and no label the model gives a chance has no passage worth a
    // second look (passages only undo dilution; they never add words the text lacks).
    const worthSplitting = doc.rules.length > 0 || Object.values(doc.probs).some((p) => p >= PASSAGE_MODEL_MIN);
    // A rule that does not fire on the whole text does not fire on a part of it (bar a `none`
    // phrase elsewhere, which the document-level guards judge anyway): passages run only those.
    const docRules = new Set(doc.rules.map((f) => f.rule));
    const parts = (worthSplitting ? passages : []).map((p) => {
      const [from, to] = textTokenRange(stream, p.start, p.end);
      return { passage: p, ev: this.evidence(subStream(stream, from, to), false, docRules) };
    });

    const reasons: Reason[] = [];
    const scores: Record<string, number> = {};
    const labels: string[] = [];
    const breakdown: LabelScore[] = [];
    for (const label of this.labels) {
      const g = this.configured.has(label) ? (kept.get(label) ?? 1) : 1;
      const whole = this.combine(label, doc, g);
      let top: { s: ReturnType<HybridClassifier['combine']>; passage: Passage } | null = null;
      for (const { passage, ev } of parts) {
        const s = this.combine(label, ev, g);
        if (!top || s.raw > top.s.raw) top = { s, passage };
      }
      const best = top && top.s.raw > whole.raw ? top.s : whole;
      // The passage is named when it carries the score, alone or as much as the whole text does.
      const bestPassage = top && top.s.raw >= whole.raw - 1e-9 && top.s.raw > 0 ? top.passage : null;
      const calibration = calibrated ? this.calibrations.get(label) : undefined;
      const score = round(calibration ? calibrate(best.raw, calibration) : best.raw, 4);
      scores[label] = score;
      const assigned = score >= this.threshold(label);
      if (assigned) labels.push(label);
      breakdown.push({ label, score, rules: round(best.r, 4), model: best.p === null ? null : round(best.p, 4), claim: round(best.c, 4), guard: round(g, 4) });
      const p = whole.p;
      if (doc.x && this.model && p !== null && (assigned || p >= MODEL_REASON_MIN)) {
        reasons.push({ kind: 'model', label, probability: round(p, 4), features: this.model.topFeatures(label, doc.x) });
      }
      if (bestPassage && (assigned || score >= MODEL_REASON_MIN)) {
        reasons.push({ kind: 'passage', label, start: bestPassage.start, end: bestPassage.end, score });
      }
    }
    for (const f of doc.rules) reasons.push(...ruleReasons(f, 'rule'));
    for (const f of doc.guards) reasons.push(...ruleReasons(f, 'guard'));
    const claimCfg = this.sources.labels.claims;
    for (const h of doc.claimHits) {
      const claim = this.claimById.get(h.id)!;
      const similarity = round(h.similarity, 4);
      reasons.push({ kind: 'claim', label: claim.label, claimId: claim.id, statement: claim.statement, similarity, confirmed: similarity >= claimCfg.confirm });
    }
    return { classification: { labels, scores, reasons, version: this.version }, breakdown };
  }

  /**
   * Rules, guards, model probabilities and known-claim hits of one stream. Passages are not searched
   * for claims: the claim matcher already scores every sentence and pair of sentences of the text.
   */
  private evidence(stream: TokenStream, searchClaims = true, onlyRules?: ReadonlySet<CompiledRule>): Evidence {
    const { rules, guards } = onlyRules ? (onlyRules.size > 0 ? this.engine.evaluate(stream, onlyRules) : NO_FIRINGS) : this.engine.evaluate(stream);
    const x = this.model?.vectorize(stream);
    const probs = x && this.model ? this.model.predict(x) : {};
    const claimCfg = this.sources.labels.claims;
    // Known claims are only looked for in posts that show some sign of a claim's topic: a rule of
    // its label fired, or the model gives the label some probability (or there is no model).
    const topical = this.claimLabels.some((l) => !x || (probs[l] ?? 0) >= CLAIM_TOPIC_MIN || rules.some((f) => f.rule.label === l));
    const claimHits = searchClaims && topical ? this.claimMatcher.match(stream, { min: claimCfg.suggest, limit: 5 }) : [];
    // Noisy-OR of rule weights per label.
    const miss = new Map<string, number>();
    for (const f of rules) if (!f.rule.shadow) miss.set(f.rule.label, (miss.get(f.rule.label) ?? 1) * (1 - f.rule.weight));
    return { rules, guards, x, probs, claimHits, miss };
  }

  /** score = 1 − (1 − a·R·g)(1 − b·P·g)(1 − c·C·g), g the product of the fired guards' (1 − weight). */
  private combine(label: string, ev: Evidence, g = 1): { raw: number; r: number; p: number | null; c: number } {
    const p = label in ev.probs ? ev.probs[label] : null;
    if (!this.configured.has(label)) return { raw: p ?? 0, r: 0, p, c: 0 };
    const w = this.weights.get(label)!;
    const r = 1 - (ev.miss.get(label) ?? 1);
    const best = ev.claimHits.find((h) => this.claimById.get(h.id)?.label === label);
    const c = best ? Math.min(1, best.similarity / this.sources.labels.claims.confirm) : 0;
    // Guards scale each piece of evidence: strong evidence from two sources survives one guard better
    // than a weak one, and two guards do not wipe out a label that rules and model both see.
    return { raw: 1 - (1 - w.rules * r * g) * (1 - w.model * (p ?? 0) * g) * (1 - w.claims * c * g), r, p, c };
  }
}

const NO_FIRINGS: { rules: RuleFiring[]; guards: RuleFiring[] } = { rules: [], guards: [] };

interface Evidence {
  rules: RuleFiring[];
  guards: RuleFiring[];
  x?: SparseVector;
  probs: Record<string, number>;
  claimHits: { id: string; similarity: number }[];
  miss: Map<string, number>;
}

function ruleReasons(f: RuleFiring, kind: 'rule' | 'guard'): Reason[] {
  const out: Reason[] = [];
  for (const field of ['title', 'text'] as const) {
    const spans = f.spans.filter((s) => s.field === field).map(({ start, end }) => ({ start, end }));
    if (spans.length === 0) continue;
    const base = { label: f.rule.label, ruleId: f.rule.id, description: f.rule.description, weight: f.rule.weight, spans, field };
    if (kind === 'guard') out.push({ kind: 'guard', ...base });
    else out.push(f.rule.shadow ? { kind: 'rule', ...base, shadow: true } : { kind: 'rule', ...base });
  }
  return out;
}
