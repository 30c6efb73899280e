import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { createClaimFromItem } from '../../src/review/claim-service.js';
import { assignItem, decidable, moveItem, recordVerdict } from '../../src/review/item-actions.js';
import { holdOrEscalate, resolveFlow } from '../../src/review/flow-service.js';
import { confirmNearDuplicates } from '../../src/review/near-duplicates.js';
import { VERDICTS } from '../../src/storage/verdicts.js';
import { setFlash } from '../auth/session.js';
import type { AppEnv } from '../context.js';
import { act, actor, form, idParam, meta } from './helpers.js';
import { ReviewError } from '../../src/review/errors.js';
import { itemFor } from '../../src/review/item-actions.js';
import { ItemPage } from '../views/item-page.js';
import type { FormState } from '../views/item-forms.js';
import { viewCtx } from '../views/view-context.js';
import { pageData } from './items.js';
import type { MessageKey } from '../i18n.js';

const text = (max: number) => z.string().trim().max(max);
const verdictSchema = z.object({ verdict: z.enum(VERDICTS), reason: text(500).min(1), note: text(4000).optional() });
const assignSchema = z.object({ assignee: z.union([z.literal(''), z.string().regex(/^\d+$/)]) });
const flowSchema = z.object({ reason: text(1000).min(3) });
const resolveSchema = z.object({ note: text(1000).min(3) });
const bulkSchema = z.object({ item: z.union([z.string(), z.array(z.string())]).optional().transform((v) => [v ?? []].flat().filter((x) => /^\d{1,15}$/.test(x)).map(Number)) });
const statusSchema = z.object({ to: z.enum(['in_review', 'closed']) });
const claimSchema = z.object({ statement: text(1000).min(3), label: text(64).optional() });

/**
 * Runs a form of the item page. When the form is invalid or the action is refused, the item page is
 * rendered again (400/409) with every value as typed and the error next to its field (aria-invalid,
 * aria-describedby, autofocus scrolls there), instead of a redirect that would clear the form.
 */
async function keepTyped<S extends z.ZodType>(c: Context<AppEnv>, id: number, which: FormState['form'], schema: S, run: (f: z.infer<S>) => Promise<Response>): Promise<Response> {
  const body = await c.req.parseBody();
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (k !== '_csrf' && typeof v === 'string') values[k] = v;
  const again = async (state: FormState, status: 400 | 409) => {
    const item = await itemFor(c.get('deps').store, actor(c), id);
    return c.html(<ItemPage ctx={viewCtx(c)} d={{ ...(await pageData(c, item)), formState: state }} />, status);
  };
  const parsed = schema.safeParse(body);
  if (!parsed.success) return again({ form: which, values, field: String(parsed.error.issues[0]?.path[0] ?? '') || undefined, error: 'error.invalid_field' }, 400);
  try {
    return await run(parsed.data);
  } catch (err) {
    if (!(err instanceof ReviewError) || err.code === 'not_found' || err.code === 'forbidden') throw err;
    return again({ form: which, values, error: err.messageKey }, err.code === 'invalid' ? 400 : 409);
  }
}

/** State changes on one item; each is audited by the service and ends in a redirect back. */
export function itemActionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const back = (id: number) => `/items/${id}`;
  // Permission before the form: a hidden item is 404 and a read-only one 403 whatever was posted,
  // never a validation message (issue 14, finding 12). The services check again.
  // Resolving an escalation is the unit above's action, not the item's unit's: its service checks who.
  app.use('/:id/*', async (c, next) => {
    if (c.req.method === 'POST' && !c.req.path.endsWith('/flow/resolve')) await decidable(c.get('deps').store, actor(c), idParam(c));
    await next();
  });

  app.post('/:id/verdict', async (c) => {
    const id = idParam(c);
    return keepTyped(c, id, 'verdict', verdictSchema, async (f) => {
      await recordVerdict(c.get('deps').store, actor(c), { itemId: id, verdict: f.verdict, reason: f.reason, note: f.note || null }, meta(c));
      await setFlash(c, { kind: 'ok', key: 'flash.verdict_saved' });
      return c.redirect(back(id), 303);
    });
  });

  app.post('/:id/assign', async (c) => {
    const id = idParam(c);
    return act(c, back(id), async () => {
      const f = await form(c, assignSchema);
      await assignItem(c.get('deps').store, actor(c), id, f.assignee ? Number(f.assignee) : null, meta(c));
    });
  });

  // "Tạm giữ" / "Chuyển cấp trên": with the reason the unit above reads; a refused form keeps what was typed.
  for (const kind of ['hold', 'escalate'] as const) {
    app.post(`/:id/${kind}`, async (c) => {
      const id = idParam(c);
      return keepTyped(c, id, kind, flowSchema, async (f) => {
        await holdOrEscalate(c.get('deps').store, actor(c), { itemId: id, kind, reason: f.reason }, meta(c));
        await setFlash(c, { kind: 'ok', key: kind === 'hold' ? 'flash.held' : 'flash.escalated' });
        return c.redirect(back(id), 303);
      });
    });
  }

  app.post('/:id/flow/resolve', async (c) => {
    const id = idParam(c);
    return keepTyped(c, id, 'resolve', resolveSchema, async (f) => {
      await resolveFlow(c.get('deps').store, actor(c), { itemId: id, note: f.note }, meta(c));
      await setFlash(c, { kind: 'ok', key: 'flash.flow_resolved' });
      // The unit above no longer sees an item back in its own unit's flow: it returns to what still waits.
      const stillVisible = await itemFor(c.get('deps').store, actor(c), id).then(() => true, () => false);
      return c.redirect(stillVisible ? back(id) : '/queue?flow=escalated', 303);
    });
  });

  // Bulk confirmation of near-duplicates: each item through recordVerdict/setClaimMember (guards, reasons, audit).
  app.post('/:id/near-duplicates', async (c) => {
    const id = idParam(c);
    const { t } = viewCtx(c);
    const parsed = bulkSchema.safeParse(await c.req.parseBody({ all: true }));
    try {
      const r = await confirmNearDuplicates(c.get('deps').store, actor(c), { itemId: id, ids: parsed.success ? parsed.data.item : [], note: t('item.bulk_note', { id }) }, meta(c));
      const refused = r.refused.map((x) => `#${x.id} (${t(x.messageKey as MessageKey)})`).join('; ');
      await setFlash(c, r.refused.length === 0 ? { kind: 'ok', key: 'flash.bulk_confirmed', params: { n: r.confirmed.length } } : { kind: r.confirmed.length > 0 ? 'ok' : 'error', key: 'flash.bulk_partly', params: { n: r.confirmed.length, refused } });
    } catch (err) {
      if (!(err instanceof ReviewError) || err.code === 'not_found' || err.code === 'forbidden') throw err;
      await setFlash(c, { kind: 'error', key: err.messageKey });
    }
    return c.redirect(back(id), 303);
  });

  app.post('/:id/status', async (c) => {
    const id = idParam(c);
    return act(c, back(id), async () => {
      const f = await form(c, statusSchema);
      await moveItem(c.get('deps').store, actor(c), id, f.to, meta(c));
    });
  });

  app.post('/:id/claims', async (c) => {
    const id = idParam(c);
    return keepTyped(c, id, 'claim', claimSchema, async (f) => {
      const claimId = await createClaimFromItem(c.get('deps').store, actor(c), { itemId: id, statement: f.statement, label: f.label || null }, meta(c));
      await setFlash(c, { kind: 'ok', key: 'flash.claim_created' });
      return c.redirect(`/claims/${claimId}`, 303);
    });
  });
  return app;
}
