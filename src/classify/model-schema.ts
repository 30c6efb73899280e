import { z } from 'zod';

export const MODEL_FORMAT = 'kiem-chung/tfidf-logreg';
export const MODEL_FORMAT_VERSION = 1;

export const modelOptionsSchema = z
  .object({
    c: z.number().positive(),
    minDf: z.number().int().min(1),
    maxFeatures: z.number().int().positive(),
    positiveWeight: z.union([z.number().positive(), z.literal('balanced')]),
    /** Each example is also learnt without diacritics, so that unaccented posts score like accented ones. */
    augmentPlain: z.boolean().default(false),
    /** Bigrams of normalised (accented) syllables besides folded ones; measured no better, so off by default. */
    normBigrams: z.boolean().default(false),
  })
  .strict();
export type ModelOptions = z.infer<typeof modelOptionsSchema>;

/** The serialised model (rules/model/model.json): everything needed to classify, plus provenance. */
export const modelFileSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    formatVersion: z.literal(MODEL_FORMAT_VERSION),
    labels: z.array(z.string().min(1)).min(1),
    options: modelOptionsSchema,
    /** Documents the idf was computed over. */
    documents: z.number().int().min(0),
    vocabulary: z.array(z.string()),
    idf: z.array(z.number()),
    weights: z.record(z.string(), z.array(z.number())),
    bias: z.record(z.string(), z.number()),
    trainedAt: z.string(),
    stats: z
      .object({
        examples: z.number().int().min(0),
        positives: z.record(z.string(), z.number().int().min(0)),
        vocabularySize: z.number().int().min(0),
        trainingMs: z.number().min(0),
        iterations: z.record(z.string(), z.number().int().min(0)),
        sources: z.array(z.string()).default([]),
      })
      .strict(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.idf.length !== m.vocabulary.length) {
      ctx.addIssue({ code: 'custom', path: ['idf'], message: `has ${m.idf.length} entries for ${m.vocabulary.length} vocabulary entries` });
    }
    for (const label of m.labels) {
      const w = m.weights[label];
      if (!w) ctx.addIssue({ code: 'custom', path: ['weights', label], message: 'missing weights for label' });
      else if (w.length !== m.vocabulary.length) {
        ctx.addIssue({ code: 'custom', path: ['weights', label], message: `has ${w.length} entries for ${m.vocabulary.length} vocabulary entries` });
      }
      if (m.bias[label] === undefined) ctx.addIssue({ code: 'custom', path: ['bias', label], message: 'missing bias for label' });
    }
  });
export type ModelFile = z.infer<typeof modelFileSchema>;
