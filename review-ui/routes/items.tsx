import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import { canDecide } from '../../src/review/access.js';
import { requireRole } from '../auth/guards.js';
import { itemFor, revealAuthor } from '../../src/review/item-actions.js';
import { findSimilar } from '../../src/review/similarity.js';
import { canResolve } from '../../src/review/flow-service.js';
import { nearDuplicatesOf } from '../../src/review/near-duplicates.js';
import { ruleDescriptions } from '../../src/review/rule-descriptions.js';
import { isGrievance, isHeld } from '../../src/review/grievance-guard.js';
import type { ReviewItem } from '../../src/storage/review-items.js';
import type { AppEnv } from '../context.js';
import { ItemPage, type ItemPageData } from '../views/item-page.js';
import { tipPanelData } from './tip.js';
import { viewCtx } from '../views/view-context.js';
import { audit } from '../../src/review/audit.js';
import { actor, idParam, meta } from './helpers.js';

export async function pageData(c: Context<AppEnv>, item: ReviewItem): Promise<ItemPageData> {
  const { store } = c.get('deps');
  const me = actor(c);
  const reasons = item.reasons;
  const folded = (await store.reviewItems.folded([item.id]))[0]?.folded ?? '';
  const unit = me.role === 'reviewer' ? (me.unit ?? '') : undefined;
  const [verdicts, claims, similarIds, ev, assignable, grievance, marks, ruleDescs] = await Promise.all([
    store.verdicts.forItem(item.id),
    store.claims.forItem(item.id),
    findSimilar(store, folded, { exclude: [item.id], unit, limit: 8, minSimilarity: 0.15 }),
    store.evidence.forItem(item.id),
    canDecide(me, item.unit) ? store.users.assignable(item.unit) : Promise.resolve([]),
    store.grievances.get(item.id),
    store.grievances.marks([item.id]),
    reasons.some((r) => r.kind === 'rule' || r.kind === 'guard') ? ruleDescriptions(store, c.get('deps').config.rulesDir) : Promise.resolve(undefined),
  ]);
  const briefs = await store.reviewItems.briefs(similarIds.map((s) => s.id));
  // Escalation/hold history and unit names; near-duplicates only for those who may confirm them.
  const [flowEvents, units, nearDuplicates] = await Promise.all([
    store.itemFlow.events(item.id),
    store.units.list(),
    canDecide(me, item.unit) ? nearDuplicatesOf(store, me, item) : Promise.resolve([]),
  ]);
  const labels = item.labels;
  return {
    item,
    reasons,
    scores: item.scores,
    labels,
    verdicts,
    claims,
    similar: similarIds.flatMap((s) => {
      const b = briefs.find((x) => x.id === s.id);
      return b ? [{ ...b, similarity: s.similarity }] : [];
    }),
    evidence: ev
      ? canOpenEvidence(me.role)
        ? { status: ev.status, capturedAt: ev.capturedAt, hasHtml: !!ev.htmlPath, hasPng: !!ev.pngPath, htmlSha256: ev.htmlSha256, pngSha256: ev.pngSha256, scope: ev.pngScope, htmlScope: ev.htmlScope }
        : { status: ev.status, capturedAt: ev.capturedAt, hasHtml: false, hasPng: false, htmlSha256: null, pngSha256: null, restricted: true }
      : null,
    assignable,
    canDecide: canDecide(me, item.unit),
    tips: await tipPanelData(c, item.id, canDecide(me, item.unit)),
    flow: { events: flowEvents, unitNames: Object.fromEntries(units.map((u) => [u.code, u.name])), parentCode: units.find((u) => u.code === item.unit)?.parentCode ?? null, canRequest: canDecide(me, item.unit), canResolve: canResolve(me, item) },
    nearDuplicates,
    ruleDescriptions: ruleDescs,
    grievanceGuard: { grievance: isGrievance(marks[0]), held: isHeld(marks[0]) },
    grievance: grievance ?? (labels.includes('grievance') || item.verdict === 'grievance' ? { status: 'open', unit: item.unit, note: null } : null),
  };
}

/** Screenshots show faces and names: only people who decide (reviewers, admins) open evidence files. */
const canOpenEvidence = (role: string) => role === 'reviewer' || role === 'admin';

/**
 * An evidence file of item `itemId`, only if it really lies inside <evidenceDir>/evidence/<itemId>/
 * (where the worker writes it): no path tricks, no other item's files, never the database next door.
 */
async function evidenceFile(dir: string, itemId: number, stored: string): Promise<Buffer | null> {
  if (isAbsolute(stored)) return null;
  try {
    const root = await realpath(join(dir, 'evidence', String(itemId)));
    const full = await realpath(join(dir, stored));
    if (!full.startsWith(root + sep)) return null;
    return await readFile(full);
  } catch {
    return null;
  }
}

export function itemRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/:id', async (c) => {
    const { store } = c.get('deps');
    const item = await itemFor(store, actor(c), idParam(c));
    // Who read which collected post is part of the record (responsible-use principle).
    await audit(store, actor(c), 'item_view', meta(c), { type: 'item', id: item.id });
    return c.html(<ItemPage ctx={viewCtx(c)} d={await pageData(c, item)} />);
  });

  // Not a redirect: the handle is shown once, in this response, right after the audit row is written.
  app.post('/:id/reveal-author', async (c) => {
    const { store } = c.get('deps');
    const id = idParam(c);
    const raw = await revealAuthor(store, actor(c), id, meta(c));
    const item = await itemFor(store, actor(c), id);
    c.header('Cache-Control', 'no-store');
    return c.html(<ItemPage ctx={viewCtx(c)} d={{ ...(await pageData(c, item)), revealedAuthor: raw }} />);
  });

  // Evidence holds personal data: signed in (requireUser, app-wide) and reviewer/admin role; never cached.
  // Two literal routes, not one `:kind{screenshot|snapshot}`: with the app's full route table hono's
  // router let that pattern also match longer paths (…/screenshot/anything), measured in
  // tests/review-ui/evidence-access.test.ts.
  for (const kind of ['screenshot', 'snapshot'] as const) app.get(`/:id/evidence/${kind}`, requireRole('reviewer', 'admin'), async (c) => {
    const { store, evidenceDir } = c.get('deps');
    const item = await itemFor(store, actor(c), idParam(c));
    const ev = await store.evidence.forItem(item.id);
    const path = kind === 'screenshot' ? ev?.pngPath : ev?.htmlPath;
    const body = path ? await evidenceFile(evidenceDir, item.id, path) : null;
    if (!body) return c.notFound();
    c.header('Cache-Control', 'private, no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    if (kind === 'screenshot') {
      c.header('Content-Type', 'image/png');
      return c.body(new Uint8Array(body));
    }
    // Crawled HTML from our origin: sandboxed (no scripts, opaque origin), nothing loads.
    c.header('x-kc-csp', "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    c.header('Content-Type', 'text/html; charset=utf-8');
    return c.body(new Uint8Array(body));
  });
  return app;
}
