import { z } from 'zod';
import type { RawItem } from '../types.js';
import { MAX_TEXT_CHARS } from './read-rows.js';

/** Vietnam's offset, assumed for timestamps written without a zone (UTC+7, no DST). */
const LOCAL_OFFSET = '+07:00';
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Parses the dates people put in import files: ISO 8601 ("2024-05-01", "2024-05-01T08:30:00Z",
 * "2024-05-01 08:30") and Vietnamese day-first dates ("01/05/2024", "1/5/2024 08:30"). Without a
 * zone the time is Vietnam time. Returns an ISO string, or null for anything else, including
 * impossible calendar dates such as 2024-02-30.
 */
export function parseDate(input: string): string | null {
  const s = input.trim();
  let y: string, mo: string, d: string, h = '00', mi = '00', sec = '00', frac = '', zone: string | undefined;
  const iso = ISO.exec(s);
  const dmy = iso ? null : DMY.exec(s);
  if (iso) [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone] = iso;
  else if (dmy) [, d, mo, y, h = '00', mi = '00', sec = '00'] = dmy;
  else return null;
  const z2 = zone === undefined ? LOCAL_OFFSET : zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const pad = (v: string) => v.padStart(2, '0');
  const t = Date.parse(`${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${mi}:${sec}${frac.slice(0, 4)}${z2}`);
  if (Number.isNaN(t)) return null;
  // Date.parse rolls 2024-02-30 over to March; reject by checking the calendar fields survived.
  const check = new Date(Date.UTC(+y, +mo - 1, +d));
  if (check.getUTCFullYear() !== +y || check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d) return null;
  if (+h > 23 || +mi > 59 || +sec > 59) return null;
  return new Date(t).toISOString();
}

// CSV cells are '' when empty and JSON may carry null: both mean "not given" for optional fields.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === null || v === '' ? undefined : v), schema.optional());

/** One import row as documented in the README; unknown columns are ignored. */
export const importRowSchema = z.object({
  text: z.preprocess(
    (v) => (v === null || v === '' ? undefined : v),
    z
      .string({ error: (i) => (i.input === undefined ? 'required' : 'must be a string') })
      .max(MAX_TEXT_CHARS, `longer than ${MAX_TEXT_CHARS} characters`)
      .refine((s) => s.trim() !== '', 'is blank'),
  ),
  title: optional(z.string({ error: 'must be a string' })),
  url: optional(
    z.string({ error: 'must be a string' }).refine((s) => {
      try {
        return ['http:', 'https:'].includes(new URL(s.trim()).protocol);
      } catch {
        return false;
      }
    }, 'must be an absolute http(s) URL'),
  ),
  author: optional(z.string({ error: 'must be a string' })),
  published_at: optional(
    z.string({ error: 'must be a date string' }).transform((s, ctx) => {
      const iso = parseDate(s);
      if (iso === null) {
        ctx.addIssue({ code: 'custom', message: `"${s.slice(0, 40)}" is not a date (use 2024-05-01, 2024-05-01T08:30:00+07:00 or 01/05/2024)` });
        return z.NEVER;
      }
      return iso;
    }),
  ),
  source: optional(z.string({ error: 'must be a string' }).regex(/^[\p{L}\p{N}._:-]{1,100}$/u, 'must be a short id (letters, digits, . _ : -)')),
  unit: optional(z.string({ error: 'must be a string' })),
});

export type ImportRowResult = { ok: true; item: RawItem } | { ok: false; error: string };

/** Validates one parsed row; the error names each bad field ("published_at: … is not a date"). */
export function toRawItem(row: unknown): ImportRowResult {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return { ok: false, error: 'expected a JSON object' };
  const r = importRowSchema.safeParse(row);
  if (!r.success) {
    return { ok: false, error: r.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ') };
  }
  const { text, title, url, author, published_at, source, unit } = r.data;
  return { ok: true, item: { text, title, url, author, publishedAt: published_at, source, unit } };
}
