import { Hono } from 'hono';
import { z } from 'zod';
import { canDecide } from '../../src/review/access.js';
import { claimFor, decideClaim, setClaimMember, suggestMembers, updateClaim } from '../../src/review/claim-service.js';
import { VERDICTS } from '../../src/storage/verdicts.js';
import { isGrievance, isHeld } from '../../src/review/grievance-guard.js';
import type { AppEnv } from '../context.js';
import { ClaimPage, ClaimsList } from '../views/claim-page.js';
import { viewCtx } from '../views/view-context.js';
import { act, actor, form, idParam, meta } from './helpers.js';

const PAGE = 30;
const updateSchema = z.object({ statement: z.string().trim().min(3).max(1000), label: z.string().trim().max(64).optional() });
const verdictSchema = z.object({ verdict: z.enum(VERDICTS), reason: z.string().trim().min(1).max(500) });
const memberSchema = z.object({
  item: z.string().regex(/^\d{1,15}$/),
  state: z.enum(['confirmed', 'rejected']),
  similarity: z.coerce.number().min(0).max(1).optional(),
});

export function claimRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const me = actor(c);
    const before = /^\d{1,15}$/.test(c.req.query('before') ?? '') ? Number(c.req.query('before')) : undefined;
    const rows = await c.get('deps').store.claims.list({ unit: me.role === 'reviewer' ? (me.unit ?? '') : undefined, beforeId: before, limit: PAGE + 1 });
    const next = rows.length > PAGE ? rows[PAGE - 1].id : null;
    return c.html(<ClaimsList ctx={viewCtx(c)} claims={rows.slice(0, PAGE)} next={next} />);
  });

  app.get('/:id', async (c) => {
    const { store } = c.get('deps');
    const me = actor(c);
    const claim = await claimFor(store, me, idParam(c));
    const canEdit = canDecide(me, claim.unit);
    const [members, responses, similar] = await Promise.all([
      store.claims.members(claim.id),
      store.responses.forClaim(claim.id),
      canEdit ? suggestMembers(store, me, claim) : Promise.resolve([]),
    ]);
    // Members of other units stay hidden from a reviewer, like their items.
    const visible = members.filter((m) => me.role !== 'reviewer' || m.unit === me.unit);
    const briefs = await store.reviewItems.briefs(similar.map((s) => s.id));
    // A worker's grievance held in follow-up is never offered as a member (joining would be refused).
    const held = new Set((await store.grievances.marks(similar.map((s) => s.id))).filter(isHeld).map((m) => m.itemId));
    const suggestions = similar.flatMap((s) => {
      const b = briefs.find((x) => x.id === s.id);
      return b && !held.has(s.id) ? [{ ...b, similarity: s.similarity }] : [];
    });
    const marks = await store.grievances.marks(members.filter((m) => m.state === 'confirmed').map((m) => m.itemId));
    return c.html(<ClaimPage ctx={viewCtx(c)} d={{ claim, members: visible, suggestions, responses, canEdit, grievanceMember: marks.some(isGrievance) }} />);
  });

  app.post('/:id', async (c) => {
    const id = idParam(c);
    return act(c, `/claims/${id}`, async () => {
      const f = await form(c, updateSchema);
      await updateClaim(c.get('deps').store, actor(c), id, { statement: f.statement, label: f.label || null }, meta(c));
    });
  });

  app.post('/:id/verdict', async (c) => {
    const id = idParam(c);
    return act(c, `/claims/${id}`, async () => {
      const f = await form(c, verdictSchema);
      await decideClaim(c.get('deps').store, actor(c), { claimId: id, verdict: f.verdict, reason: f.reason }, meta(c));
    }, 'flash.verdict_saved');
  });

  app.post('/:id/members', async (c) => {
    const id = idParam(c);
    return act(c, `/claims/${id}`, async () => {
      const f = await form(c, memberSchema);
      await setClaimMember(c.get('deps').store, actor(c), { claimId: id, itemId: Number(f.item), state: f.state, similarity: f.similarity ?? null }, meta(c));
    });
  });
  return app;
}
