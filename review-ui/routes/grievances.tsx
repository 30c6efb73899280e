import { Hono } from 'hono';
import { z } from 'zod';
import { canDecide } from '../../src/review/access.js';
import { grievanceEditable, updateGrievance } from '../../src/review/grievance-service.js';
import type { AppEnv } from '../context.js';
import { GRIEVANCE_STATUSES, GrievancesPage } from '../views/grievances-page.js';
import { viewCtx } from '../views/view-context.js';
import { act, actor, form, idParam, meta } from './helpers.js';

const PAGE = 30;
const updateSchema = z.object({
  status: z.enum(GRIEVANCE_STATUSES),
  unit: z.string().trim().max(100).optional(),
  note: z.string().trim().max(2000).optional(),
});

/** Follow-up list of worker grievances: routed to a unit, tracked to resolution. */
export function grievanceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const { store } = c.get('deps');
    const me = actor(c);
    const status = z.enum(GRIEVANCE_STATUSES).optional().catch(undefined).parse(c.req.query('status'));
    const before = /^\d{1,15}$/.test(c.req.query('before') ?? '') ? Number(c.req.query('before')) : undefined;
    const [rows, units] = await Promise.all([
      store.grievances.list({ status, unit: me.role === 'reviewer' ? (me.unit ?? '') : undefined, beforeId: before, limit: PAGE + 1 }),
      store.reviewItems.distinctUnits(),
    ]);
    return c.html(
      <GrievancesPage ctx={viewCtx(c)} rows={rows.slice(0, PAGE)} status={status} units={units} canEdit={(g) => canDecide(me, g.item_unit) || canDecide(me, g.unit)} next={rows.length > PAGE ? rows[PAGE - 1].item_id : null} />,
    );
  });
  app.post('/:id', async (c) => {
    const id = idParam(c);
    await grievanceEditable(c.get('deps').store, actor(c), id); // permission before the form
    return act(c, '/grievances', async () => {
      const f = await form(c, updateSchema);
      await updateGrievance(c.get('deps').store, actor(c), { itemId: id, status: f.status, unit: f.unit || null, note: f.note || null }, meta(c));
    });
  });
  return app;
}
