import type { Classification, Classifier, ClassifyInput, Reason } from '../types.js';
import type { Claim } from './claim-schema.js';
import { ClaimMatcher, type ClaimDoc } from './claim-matcher.js';
import { RuleEngine, type LoadedPack, type RuleFiring } from './rule-engine.js';
import { RuleFileError } from './rule-error.js';
import type { CombinationWeights, LabelsConfig } from './rule-schema.js';
import { round, TextModel } from './text-model.js';
import { streamOf, type TokenStream } from './token-stream.js';

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
// Below this model probability (and without a rule of the label) a post is not searched for known claims.
const CLAIM_TOPIC_MIN = 0.2;

/**
 * Rules + model + known claims. Per label: score = 1 − (1 − a·R)(1 − b·P)(1 − c·C), where R is the
 * noisy-OR of the fired rules' weights, P the model probability and C the known-claim evidence
 * (similarity scaled so that the confirm threshold gives 1); fired guards then scale the score by
 * (1 − weight) each. A label is assigned when its score reaches its threshold.
 */
export class HybridClassifier implements Classifier {
  readonly version: string;
  readonly engine: RuleEngine;
  readonly model?: TextModel;
  readonly claimMatcher: ClaimMatcher;
  readonly labels: string[];
  private readonly thresholds = new Map<string, number>();
  private readonly weights = new Map<string, CombinationWeights>();
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
    return this.classifyStream(streamOf(input)).classification;
  }

  /** Classification plus the per-label breakdown (for eval and admin tools). */
  classifyStream(stream: TokenStream): { classification: Classification; breakdown: LabelScore[] } {
    const { rules, guards } = this.engine.evaluate(stream);
    const x = this.model?.vectorize(stream);
    const probs = x && this.model ? this.model.predict(x) : {};
    const claimCfg = this.sources.labels.claims;
    // Known claims are only looked for in posts that show some sign of a claim's topic: a rule of
    // its label fired, or the model gives the label some probability (or there is no model).
    const topical = this.claimLabels.some((l) => !x || (probs[l] ?? 0) >= CLAIM_TOPIC_MIN || rules.some((f) => f.rule.label === l));
    const claimHits = topical ? this.claimMatcher.match(stream, { min: claimCfg.suggest, limit: 5 }) : [];
    const claimById = this.claimById;
    // Noisy-OR of rule weights and product of guard factors, per label.
    const miss = new Map<string, number>();
    for (const f of rules) if (!f.rule.shadow) miss.set(f.rule.label, (miss.get(f.rule.label) ?? 1) * (1 - f.rule.weight));
    const kept = new Map<string, number>();
    for (const f of guards) kept.set(f.rule.label, (kept.get(f.rule.label) ?? 1) * (1 - f.rule.weight));

    const reasons: Reason[] = [];
    const scores: Record<string, number> = {};
    const labels: string[] = [];
    const breakdown: LabelScore[] = [];
    for (const label of this.labels) {
      const p = label in probs ? probs[label] : null;
      let score: number;
      let r = 0;
      let c = 0;
      let g = 1;
      if (!this.configured.has(label)) score = p ?? 0;
      else {
        const w = this.weights.get(label)!;
        r = 1 - (miss.get(label) ?? 1);
        const best = claimHits.find((h) => claimById.get(h.id)?.label === label);
        c = best ? Math.min(1, best.similarity / claimCfg.confirm) : 0;
        score = 1 - (1 - w.rules * r) * (1 - w.model * (p ?? 0)) * (1 - w.claims * c);
        g = kept.get(label) ?? 1;
        score *= g;
      }
      score = round(score, 4);
      scores[label] = score;
      const assigned = score >= this.threshold(label);
      if (assigned) labels.push(label);
      breakdown.push({ label, score, rules: round(r, 4), model: p === null ? null : round(p, 4), claim: round(c, 4), guard: round(g, 4) });
      if (x && this.model && p !== null && (assigned || p >= MODEL_REASON_MIN)) {
        reasons.push({ kind: 'model', label, probability: round(p, 4), features: this.model.topFeatures(label, x) });
      }
    }
    for (const f of rules) reasons.push(...ruleReasons(f, 'rule'));
    for (const f of guards) reasons.push(...ruleReasons(f, 'guard'));
    for (const h of claimHits) {
      const claim = claimById.get(h.id)!;
      const similarity = round(h.similarity, 4);
      reasons.push({ kind: 'claim', label: claim.label, claimId: claim.id, statement: claim.statement, similarity, confirmed: similarity >= claimCfg.confirm });
    }
    return { classification: { labels, scores, reasons, version: this.version }, breakdown };
  }
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
