import { z } from 'zod';

/**
 * A known claim (rules/claims/*.yaml): a canonical false or misleading statement that keeps coming
 * back, with the verdict and the sources a reviewer cites when answering it. A file holds either
 * one claim or `claims: [...]`.
 */
export const claimSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'claim id must be lowercase letters, digits, ".", "_" or "-"'),
    statement: z.string().trim().min(10, 'statement is too short to match anything'),
    label: z.string().min(1),
    // A bare `verdict: false` in YAML is a boolean; it plainly means the verdict "false".
    verdict: z.preprocess((v) => (typeof v === 'boolean' ? String(v) : v), z.enum(['false', 'misleading', 'unproven', 'mixed', 'true'])),
    /** Why the verdict holds, in a sentence or two (shown to reviewers). */
    summary: z.string().trim().min(1).optional(),
    sources: z
      .array(z.object({ url: z.url({ protocol: /^https?$/ }), title: z.string().trim().min(1) }).strict())
      .min(1, 'a claim needs at least one source'),
    /** Other wordings of the same claim, matched like the statement. */
    aliases: z.array(z.string().trim().min(1)).default([]),
    paraphrases: z.array(z.string().trim().min(1)).default([]),
    /** What a factual reply should say (a starting point for the response drafter). */
    response_hint: z.string().trim().min(1).optional(),
    tags: z.array(z.string().min(1)).default([]),
    notes: z.string().optional(),
  })
  .strict();
export type Claim = z.infer<typeof claimSchema>;

export const claimFileSchema = z.preprocess(
  // A file with a single claim is read as a list of one, so every error path is claims[i].field.
  (data) => (data && typeof data === 'object' && !Array.isArray(data) && !('claims' in data) ? { claims: [data] } : data),
  z.object({ claims: z.array(claimSchema).min(1) }).strict(),
);

export function claimsOf(parsed: z.infer<typeof claimFileSchema>): Claim[] {
  return parsed.claims;
}
