import { Hono } from 'hono';
import { z } from 'zod';
import { createClaimFromItem } from '../../src/review/claim-service.js';
import { assignItem, decidable, moveItem, recordVerdict, setItemFlag } from '../../src/review/item-actions.js';
import { VERDICTS } from '../../src/storage/verdicts.js';
import { setFlash } from '../auth/session.js';
import type { AppEnv } from '../context.js';
import { act, actor, form, idParam, meta } from './helpers.js';

const text = (max: number) => z.string().trim().max(max);
const verdictSchema = z.object({ verdict: z.enum(VERDICTS), reason: text(500).min(1), note: text(4000).optional() });
const assignSchema = z.object({ assignee: z.union([z.literal(''), z.string().regex(/^\d+$/)]) });
const flagSchema = z.object({ on: z.enum(['0', '1']) });
const statusSchema = z.object({ to: z.enum(['in_review', 'closed']) });
const claimSchema = z.object({ statement: text(1000).min(3), label: text(64).optional() });

/** State changes on one item; each is audited by the service and ends in a redirect back. */
export function itemActionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const back = (id: number) => `/items/${id}`;
  // Permission before the form: a hidden item is 404 and a read-only one 403 whatever was posted,
  // never a validation message (issue 14, finding 12). The services check again.
  app.use('/:id/*', async (c, next) => {
    if (c.req.method === 'POST') await decidable(c.get('deps').store, actor(c), idParam(c));
    await next();
  });

  app.post('/:id/verdict', async (c) => {
    const id = idParam(c);
    return act(c, back(id), async () => {
      const f = await form(c, verdictSchema);
      await recordVerdict(c.get('deps').store, actor(c), { itemId: id, verdict: f.verdict, reason: f.reason, note: f.note || null }, meta(c));
    }, 'flash.verdict_saved');
  });

  app.post('/:id/assign', async (c) => {
    const id = idParam(c);
    return act(c, back(id), async () => {
      const f = await form(c, assignSchema);
      await assignItem(c.get('deps').store, actor(c), id, f.assignee ? Number(f.assignee) : null, meta(c));
    });
  });

  for (const flag of ['hold', 'escalate'] as const) {
    app.post(`/:id/${flag}`, async (c) => {
      const id = idParam(c);
      return act(c, back(id), async () => {
        const f = await form(c, flagSchema);
        await setItemFlag(c.get('deps').store, actor(c), id, flag, f.on === '1', meta(c));
      });
    });
  }

  app.post('/:id/status', async (c) => {
    const id = idParam(c);
    return act(c, back(id), async () => {
      const f = await form(c, statusSchema);
      await moveItem(c.get('deps').store, actor(c), id, f.to, meta(c));
    });
  });

  app.post('/:id/claims', async (c) => {
    const id = idParam(c);
    let claimId = 0;
    const res = await act(c, back(id), async () => {
      const f = await form(c, claimSchema);
      claimId = await createClaimFromItem(c.get('deps').store, actor(c), { itemId: id, statement: f.statement, label: f.label || null }, meta(c));
    }, 'flash.claim_created');
    if (!claimId) return res;
    await setFlash(c, { kind: 'ok', key: 'flash.claim_created' });
    return c.redirect(`/claims/${claimId}`, 303);
  });
  return app;
}
