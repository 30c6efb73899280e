import { z } from 'zod';
import { STATUSES } from '../review/status.js';
import type { ApiItem, ApiClaim } from '../storage/api-reads.js';
import type { ApiDigest } from '../storage/api-summaries.js';
import type { ApiToken } from '../storage/api-tokens.js';
import { ftsQuery } from '../storage/item-reads.js';
import type { Store } from '../storage/store.js';

/**
 * The read-only JSON API's reads (issue 15, §4): query parsing, unit scope, opaque cursors and the
 * JSON shapes of docs/openapi (review-ui/api/openapi.json). Field names are snake_case like the
 * export. Authors appear only as the pseudonym stored at ingest; a raw handle found in a post's
 * URL, title or excerpt is replaced by that pseudonym.
 */
export class ApiQueryError extends Error {}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().max(200).optional();
const unit = z.string().min(1).max(100).optional();

export const itemsQuery = z
  .object({
    label: z.string().min(1).max(64).optional(),
    status: z.enum(STATUSES as [string, ...string[]]).optional(),
    unit,
    source: z.string().min(1).max(100).optional(),
    q: z.string().min(1).max(200).optional(),
    from: day.optional(),
    to: day.optional(),
    min_score: z.coerce.number().min(0).max(1).optional(),
    flagged: z.enum(['true', 'any']).default('true'),
    limit,
    cursor,
  })
  .strict();

export const claimsQuery = z
  .object({
    unit,
    verdict: z.enum(['false', 'misleading', 'accurate', 'unverifiable', 'not_relevant', 'grievance']).optional(),
    label: z.string().min(1).max(64).optional(),
    decided: z.enum(['true', 'false']).optional(),
    limit,
    cursor,
  })
  .strict();

export const grievancesQuery = z.object({ unit }).strict();
export const digestsQuery = z.object({ unit, limit, cursor }).strict();

const cursorSchema = z.object({ k: z.enum(['items', 'claims', 'digests']), id: z.number().int().positive(), w: z.string().max(10).optional() }).strict();
type Cursor = z.infer<typeof cursorSchema>;

/** Opaque to clients (base64url of a small JSON); only valid for the list it came from. */
export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(s: string | undefined, kind: Cursor['k']): Cursor | undefined {
  if (s === undefined) return undefined;
  try {
    const c = cursorSchema.parse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
    if (c.k === kind) return c;
  } catch {
    // falls through to the refusal below
  }
  throw new ApiQueryError('cursor: not a cursor of this list');
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** The unit codes a token may read (its unit and every unit under it), null = every unit. */
async function tokenUnits(store: Store, token: ApiToken): Promise<string[] | null> {
  if (token.unit === null) return null;
  const codes = await store.units.descendantCodes(token.unit);
  return codes.length ? codes : [token.unit];
}

/** The token's scope narrowed to a requested unit and its descendants; [] when it lies outside. */
async function scope(store: Store, token: ApiToken, requested: string | undefined): Promise<string[] | null> {
  const allowed = await tokenUnits(store, token);
  if (requested === undefined) return allowed;
  const asked = await store.units.descendantCodes(requested);
  const want = asked.length ? asked : [requested];
  return allowed === null ? want : want.filter((u) => allowed.includes(u));
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Replaces a handle standing as its own word (in a URL path, after @, in text) by the pseudonym. */
function redact(text: string | null, handle: string | undefined, pseudonym: string): string | null {
  if (text === null || !handle) return text;
  const h = handle.normalize('NFC').trim().replace(/^@+/, '');
  // Most texts do not contain the handle at all: a plain search first, the regex only on a hit.
  if (h.length < 2 || !text.toLowerCase().includes(h.toLowerCase())) return text;
  return text.replace(new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRe(h)}(?![\\p{L}\\p{N}_])`, 'giu'), pseudonym);
}

function itemJson(it: ApiItem, handle: string | undefined) {
  const pseudonym = it.authorPseudonym ?? 'tg-anon';
  return {
    id: it.id,
    source: it.sourceId,
    unit: it.unit,
    url: redact(it.url, handle, pseudonym),
    title: redact(it.title, handle, pseudonym),
    excerpt: redact(it.excerpt, handle, pseudonym) ?? '',
    author: it.authorPseudonym,
    published_at: it.publishedAt,
    collected_at: it.collectedAt,
    status: it.status,
    verdict: it.verdict,
    flagged: it.flagged,
    max_score: it.maxScore,
    duplicate_count: it.duplicateCount,
    labels: it.labels,
  };
}
export type ItemJson = ReturnType<typeof itemJson>;

const claimJson = (c: ApiClaim) => ({
  id: c.id,
  statement: c.statement,
  label: c.label,
  unit: c.unit,
  known_claim_id: c.knownClaimId,
  verdict: c.verdict,
  verdict_reason: c.verdictReason,
  decided_at: c.decidedAt,
  created_at: c.createdAt,
  updated_at: c.updatedAt,
  members: c.members,
  responses: c.responses.map((r) => ({
    id: r.id,
    status: r.status,
    body: r.body,
    approved_at: r.approvedAt,
    published_at: r.publishedAt,
    published_url: r.publishedUrl,
    sources: r.sources,
  })),
});

const digestJson = (d: ApiDigest) => ({ id: d.id, week: d.week, unit: d.unit, lang: d.lang, created_at: d.createdAt, delivered_at: d.deliveredAt });

/** The local calendar day (YYYY-MM-DD) in a time zone: follow-ups are due on local days. */
export const localDay = (now: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

export function createApiService(store: Store) {
  return {
    async items(token: ApiToken, q: z.infer<typeof itemsQuery>): Promise<Page<ItemJson>> {
      const after = decodeCursor(q.cursor, 'items');
      const units = await scope(store, token, q.unit);
      const match = q.q ? (ftsQuery(q.q) ?? undefined) : undefined;
      const rows = await store.apiReads.items(
        { units, label: q.label, status: q.status, source: q.source, from: q.from, to: q.to ? `${q.to}T23:59:59.999Z` : undefined, minScore: q.min_score, match, flaggedOnly: q.flagged === 'true' },
        q.limit + 1,
        after?.id,
      );
      const page = rows.slice(0, q.limit);
      const handles = await store.apiReads.authorHandles(page.map((r) => r.id));
      const last = page.at(-1);
      return { data: page.map((r) => itemJson(r, handles.get(r.id))), next_cursor: rows.length > q.limit && last ? encodeCursor({ k: 'items', id: last.id }) : null };
    },

    async claims(token: ApiToken, q: z.infer<typeof claimsQuery>): Promise<Page<ReturnType<typeof claimJson>>> {
      const after = decodeCursor(q.cursor, 'claims');
      const units = await scope(store, token, q.unit);
      const rows = await store.apiReads.claims({ units, verdict: q.verdict, label: q.label, decided: q.decided === undefined ? undefined : q.decided === 'true' }, q.limit + 1, after?.id);
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return { data: page.map(claimJson), next_cursor: rows.length > q.limit && last ? encodeCursor({ k: 'claims', id: last.id }) : null };
    },

    async grievanceCounts(token: ApiToken, q: z.infer<typeof grievancesQuery>, today: string) {
      const units = await scope(store, token, q.unit);
      const rows = await store.apiSummaries.grievanceCounts(units, today);
      const statuses = { open: 0, forwarded: 0, resolved: 0 } as Record<string, number>;
      const byUnit = new Map<string | null, { unit: string | null; open: number; forwarded: number; resolved: number; total: number; overdue: number }>();
      let total = 0;
      let overdue = 0;
      for (const r of rows) {
        const u = byUnit.get(r.unit) ?? { unit: r.unit, open: 0, forwarded: 0, resolved: 0, total: 0, overdue: 0 };
        if (r.status === 'open' || r.status === 'forwarded' || r.status === 'resolved') u[r.status] += r.count;
        u.total += r.count;
        u.overdue += r.overdue;
        byUnit.set(r.unit, u);
        statuses[r.status] = (statuses[r.status] ?? 0) + r.count;
        total += r.count;
        overdue += r.overdue;
      }
      return { as_of: today, total, overdue, by_status: statuses, by_unit: [...byUnit.values()] };
    },

    async digests(token: ApiToken, q: z.infer<typeof digestsQuery>): Promise<Page<ReturnType<typeof digestJson>>> {
      const after = decodeCursor(q.cursor, 'digests');
      if (after && after.w === undefined) throw new ApiQueryError('cursor: not a cursor of this list');
      const units = await scope(store, token, q.unit);
      const rows = await store.apiSummaries.digests(units, q.limit + 1, after && { week: after.w!, id: after.id });
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return { data: page.map(digestJson), next_cursor: rows.length > q.limit && last ? encodeCursor({ k: 'digests', id: last.id, w: last.week }) : null };
    },

    /** One digest with its figures; undefined when missing or outside the token's units. */
    async digest(token: ApiToken, id: number) {
      const d = await store.apiSummaries.digest(id);
      if (!d) return undefined;
      const units = await tokenUnits(store, token);
      if (units !== null && (d.unit === null || !units.includes(d.unit))) return undefined;
      return { ...digestJson(d), data: d.data };
    },
  };
}

export type ApiService = ReturnType<typeof createApiService>;
