import { z } from 'zod';

/**
 * Schemas of the rule packs (`rules/*.yaml`) and of the label configuration (`rules/labels.yaml`).
 * Every file is validated against these at load; a bad file stops the load with an error that names
 * the file, the rule and the field.
 */

/** A phrase ("nợ lương"), a reference to a named phrase set ("@debunk"), or a list of alternatives. */
export const phraseEntrySchema = z.union([
  z.string().trim().min(1, 'empty phrase'),
  z.array(z.string().trim().min(1, 'empty phrase')).min(1, 'empty list of alternatives'),
]);
export type PhraseEntry = z.infer<typeof phraseEntrySchema>;

export const nearSchema = z
  .object({
    a: phraseEntrySchema,
    b: phraseEntrySchema,
    /** Largest number of syllables allowed between the end of one phrase and the start of the other. */
    within: z.number().int().min(0).max(60),
    /** When true, `a` must come before `b`. */
    ordered: z.boolean().default(false),
  })
  .strict();

export const ruleIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'rule id must be lowercase letters, digits, ".", "_" or "-"');

export const ruleSchema = z
  .object({
    id: ruleIdSchema,
    /** Defaults to the pack's label. */
    label: z.string().min(1).optional(),
    description: z.string().trim().min(1),
    /** Shown instead of `description` when the UI is in Vietnamese (rule packs are written in English). */
    description_vi: z.string().trim().min(1).optional(),
    /** Rules: evidence strength in (0, 1]. Guards: fraction of the label's score removed. */
    weight: z.number().gt(0).lte(1),
    any: z.array(phraseEntrySchema).default([]),
    all: z.array(phraseEntrySchema).default([]),
    none: z.array(phraseEntrySchema).default([]),
    near: z.array(nearSchema).default([]),
    /** Run on the folded text of each sentence (lowercase, no diacritics, teencode expanded). */
    regex: z.string().min(1).max(300).optional(),
    /** Shadow rules are evaluated and reported but never change a score (for trying rules out). */
    shadow: z.boolean().default(false),
    /** Where the rule may match; default both title and text. "lead": the title and the opening of the text. */
    fields: z.array(z.enum(['title', 'text', 'lead'])).min(1).optional(),
    examples: z
      .object({
        match: z.array(z.string().min(1)).min(1, 'every rule needs at least one example that matches'),
        no_match: z.array(z.string().min(1)).default([]),
      })
      .strict(),
  })
  .strict()
  .refine((r) => r.any.length + r.all.length + r.near.length > 0 || r.regex !== undefined, {
    message: 'a rule needs at least one positive condition (any, all, near or regex)',
    path: ['any'],
  });
export type RuleSpec = z.infer<typeof ruleSchema>;

const setNameSchema = z.string().regex(/^[a-z0-9_]+$/, 'set names are lowercase letters, digits and "_"');

export const rulePackSchema = z
  .object({
    /** Default label of the pack's rules and guards. */
    label: z.string().min(1).optional(),
    description: z.string().optional(),
    /** Named phrase families, referenced from conditions as "@name" (visible to every pack). */
    sets: z.record(setNameSchema, z.array(z.string().trim().min(1)).min(1)).default({}),
    rules: z.array(ruleSchema).default([]),
    /** Context guards: when one fires, its label's score is multiplied by (1 - weight). */
    guards: z.array(ruleSchema).default([]),
  })
  .strict();
export type RulePackSpec = z.infer<typeof rulePackSchema>;

const unit = z.number().min(0).max(1);
export const combinationSchema = z.object({ rules: unit, model: unit, claims: unit }).strict();
export type CombinationWeights = z.infer<typeof combinationSchema>;

export const labelsConfigSchema = z
  .object({
    labels: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9_]+$/, 'label ids are lowercase letters, digits and "_"'),
            description: z.string().optional(),
            threshold: unit,
            /** Overrides the global combination weights for this label. */
            combination: combinationSchema.partial().optional(),
            /**
             * Platt scaling of the combined score (written by `cli calibrate`): shown scores are then
             * calibrated probabilities, and `threshold` is on that scale.
             */
            calibration: z.object({ a: z.number(), b: z.number() }).strict().optional(),
          })
          .strict(),
      )
      .min(1),
    combination: combinationSchema,
    claims: z
      .object({ suggest: unit, confirm: unit })
      .strict()
      .refine((c) => c.suggest <= c.confirm, { message: 'suggest must not exceed confirm', path: ['suggest'] }),
    model: z
      .object({
        /** Relative to the rules directory. */
        file: z.string().default('model/model.json'),
        /** Threshold of labels that only the model knows. */
        default_threshold: unit.default(0.5),
      })
      .strict()
      .default({ file: 'model/model.json', default_threshold: 0.5 }),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.labels.forEach((l, i) => {
      if (seen.has(l.id)) ctx.addIssue({ code: 'custom', message: `duplicate label "${l.id}"`, path: ['labels', i, 'id'] });
      seen.add(l.id);
    });
  });
export type LabelsConfig = z.infer<typeof labelsConfigSchema>;
