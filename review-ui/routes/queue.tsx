import { Hono } from 'hono';
import { queueQuerySchema } from '../../src/review/queue-service.js';
import { visitWatchlist } from '../../src/review/watchlist-service.js';
import type { AppEnv } from '../context.js';
import { QueuePageView } from '../views/queue-page.js';
import { viewCtx } from '../views/view-context.js';
import { setFlash } from '../auth/session.js';
import { actor } from './helpers.js';

export function queueRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  /** "Mục tiếp theo" after a decision: the first item of the reviewer's default queue other than the one just decided. */
  app.get('/next', async (c) => {
    const from = Number(c.req.query('from'));
    const page = await c.get('deps').queue.page(actor(c), queueQuerySchema.parse({}));
    // Items waiting for the unit above are not next: they are not this reviewer's to decide now.
    const next = page.rows.find((r) => r.id !== from && !r.verdict && !r.onHold && !r.escalated);
    if (next) return c.redirect(`/items/${next.id}`, 303);
    await setFlash(c, { kind: 'ok', key: 'queue.no_next' });
    return c.redirect('/queue', 303);
  });

  app.get('/', async (c) => {
    const { store, queue } = c.get('deps');
    const raw = c.req.query();
    const parsed = queueQuerySchema.safeParse(raw);
    // A hand-edited or stale URL should not be an error page: drop (and name) what does not parse.
    const ignored = parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
    const query = parsed.success ? parsed.data : queueQuerySchema.parse(Object.fromEntries(Object.entries(raw).filter(([k]) => !ignored.includes(k))));
    const me = actor(c);
    if (query.watch && !query.after) await visitWatchlist(store, me, Number(query.watch), c.get('deps').clock());
    // A reviewer whose unit has no items at all is told why, not shown a silent empty queue.
    let unitWarning: { key: 'queue.no_unit' | 'queue.unit_no_items' | 'queue.parent_unit_hint'; unit?: string } | null = me.role !== 'reviewer' ? null : !me.unit ? { key: 'queue.no_unit' as const } : (await store.units.hasItems(me.unit)) ? null : { key: 'queue.unit_no_items' as const, unit: (await store.units.byCode(me.unit))?.name ?? me.unit };
    // A federation's reviewer has no items of its own: what it works on is what its units send up.
    if (unitWarning?.key === 'queue.unit_no_items' && (await store.units.descendantCodes(me.unit!)).length > 1) unitWarning = query.flow ? null : { ...unitWarning, key: 'queue.parent_unit_hint' };
    // Units from the managed list (name shown, code sent), as everywhere else.
    const [page, units, sources, flowCounts] = await Promise.all([
      queue.page(me, query),
      store.units.list(),
      store.reviewItems.sources(),
      queue.flowCounts(me),
    ]);
    return c.html(<QueuePageView ctx={viewCtx(c)} page={page} units={me.role === 'reviewer' ? [] : units.map((u) => [u.code, u.name] as [string, string])} unitNames={Object.fromEntries(units.map((u) => [u.code, u.name]))} sources={sources} ignored={ignored} unitWarning={unitWarning} now={c.get('deps').clock()} flowCounts={flowCounts} />);
  });
  return app;
}
