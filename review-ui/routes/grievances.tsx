import { Hono } from 'hono';
import { z } from 'zod';
import { canDecide, isAdmin } from '../../src/review/access.js';
import { ReviewError } from '../../src/review/errors.js';
import { grievanceEditable, possibleOwners, routingUnits, updateGrievance } from '../../src/review/grievance-service.js';
import { itemFor } from '../../src/review/item-actions.js';
import type { AppEnv } from '../context.js';
import { GrievancePage } from '../views/grievance-page.js';
import { GRIEVANCE_STATUSES, GrievancesPage, type GrievanceFilter } from '../views/grievances-page.js';
import { viewCtx } from '../views/view-context.js';
import { act, actor, form, idParam, meta } from './helpers.js';

const PAGE = 30;
const updateSchema = z.object({
  status: z.enum(GRIEVANCE_STATUSES),
  unit: z.string().trim().max(100).optional(),
  owner: z.union([z.literal(''), z.string().regex(/^\d{1,15}$/)]).optional(),
  due: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).optional(),
  note: z.string().trim().max(2000).optional(),
  finding: z.string().trim().max(2000).optional(),
});

/** Today in the installation's time zone, as YYYY-MM-DD (what a due date is compared with). */
const localDay = (now: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/** Follow-up of worker grievances: routed to a unit and an owner, with a due date, tracked to a finding. */
export function grievanceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const { store, clock, config } = c.get('deps');
    const me = actor(c);
    const units = await routingUnits(store);
    const filter: GrievanceFilter = {
      status: z.enum(GRIEVANCE_STATUSES).optional().catch(undefined).parse(c.req.query('status')),
      // A reviewer sees their own unit's follow-ups only; others pick any unit of the list.
      unit: me.role === 'reviewer' ? undefined : units.find((u) => u.code === c.req.query('unit'))?.code,
      overdue: c.req.query('overdue') === '1',
    };
    const before = /^\d{1,15}$/.test(c.req.query('before') ?? '') ? Number(c.req.query('before')) : undefined;
    const today = localDay(clock(), config.digest.timeZone);
    const rows = await store.grievances.list({
      status: filter.status,
      unit: me.role === 'reviewer' ? (me.unit ?? '') : filter.unit,
      overdueBefore: filter.overdue ? today : undefined,
      beforeId: before,
      limit: PAGE + 1,
    });
    return c.html(
      <GrievancesPage ctx={viewCtx(c)} rows={rows.slice(0, PAGE)} filter={filter} units={me.role === 'reviewer' ? [] : units} today={today} canEdit={(g) => canDecide(me, g.itemUnit) || canDecide(me, g.unit)} next={rows.length > PAGE ? rows[PAGE - 1].itemId : null} />,
    );
  });

  // One follow-up on its own page: the update form, its history; an update comes back here.
  app.get('/:id', async (c) => {
    const { store, clock, config } = c.get('deps');
    const me = actor(c);
    const item = await itemFor(store, me, idParam(c));
    const [followUp, history, marks, units, owners] = await Promise.all([
      store.grievances.full(item.id),
      store.grievances.history(item.id),
      store.grievances.marks([item.id]),
      routingUnits(store),
      possibleOwners(store),
    ]);
    const labelled = marks[0]?.labelled || item.verdict === 'grievance';
    if (!followUp && !labelled) throw new ReviewError('not_found', 'error.not_found');
    const canEdit = canDecide(me, item.unit) || canDecide(me, followUp?.unit ?? null);
    return c.html(
      <GrievancePage ctx={viewCtx(c)} item={item} followUp={followUp ?? null} history={history} units={units} owners={owners} canEdit={canEdit} canClose={isAdmin(me)} today={localDay(clock(), config.digest.timeZone)} />,
    );
  });

  app.post('/:id', async (c) => {
    const id = idParam(c);
    await grievanceEditable(c.get('deps').store, actor(c), id); // permission before the form
    return act(c, `/grievances/${id}#followup`, async () => {
      const f = await form(c, updateSchema);
      await updateGrievance(c.get('deps').store, actor(c), {
        itemId: id, status: f.status, unit: f.unit || null, note: f.note || null,
        ownerId: f.owner ? Number(f.owner) : null, dueDate: f.due || null, finding: f.finding || null,
      }, meta(c));
    });
  });
  return app;
}
