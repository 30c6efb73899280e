import { Hono, type MiddlewareHandler } from 'hono';
import { canSee, type Actor } from '../../src/review/access.js';
import { ReviewError } from '../../src/review/errors.js';
import type { Alert } from '../../src/storage/alerts.js';
import type { AppEnv } from '../context.js';
import { AlertPage, AlertsPage } from '../views/alerts-page.js';
import { viewCtx } from '../views/view-context.js';
import { actor, idParam } from './helpers.js';

const PAGE = 50;
/** A reviewer's alerts: their unit's and those of no unit (known claims, unit-less watchlists). */
const alertScope = (me: Actor) => (me.role === 'reviewer' ? (me.unit ?? '\u0000no-unit') : undefined);
const visible = (me: Actor, a: Alert) => a.unit === null || canSee(me, a.unit);

/** The count of alerts the signed-in user has not seen yet, for the badge in the navigation. */
export function alertBadge(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const me = c.get('user');
    if (me && c.req.method === 'GET') c.set('alertsUnseen', await c.get('deps').store.alerts.unseenCount(me.id, alertScope(me)));
    await next();
  };
}

/** YYYY-MM-DD of an instant in the installation's time zone. */
const localDay = (iso: string, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

/** Alerts (issue 15, §1): spikes of watchlists and known claims, decided claims reappearing. */
export function alertRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const { store, config } = c.get('deps');
    const me = actor(c);
    const before = /^\d{1,15}$/.test(c.req.query('before') ?? '') ? Number(c.req.query('before')) : undefined;
    const rows = await store.alerts.list({ unit: alertScope(me), beforeId: before, limit: PAGE + 1 });
    const unseenFrom = await store.alerts.seenUpTo(me.id);
    // Opening the list is seeing what it shows: the badge counts only what comes after.
    if (!before && rows[0]) {
      await store.write(() => store.alerts.markSeen(me.id, rows[0].id));
      c.set('alertsUnseen', await store.alerts.unseenCount(me.id, alertScope(me)));
    }
    return c.html(<AlertsPage ctx={viewCtx(c)} rows={rows.slice(0, PAGE)} unseenFrom={unseenFrom} next={rows.length > PAGE ? rows[PAGE - 1].id : null} timeZone={config.digest.timeZone} />);
  });

  app.get('/:id', async (c) => {
    const { store, config } = c.get('deps');
    const me = actor(c);
    const alert = await store.alerts.get(idParam(c));
    if (!alert || !visible(me, alert)) throw new ReviewError('not_found', 'error.not_found');
    const all = await store.alerts.items(alert.itemIds);
    const items = all.filter((i) => canSee(me, i.unit));
    const tz = config.digest.timeZone;
    // The queue on the watchlist over the window's local days (all items, flagged or not).
    const from = localDay(alert.windowStart, tz);
    const to = localDay(new Date(Math.max(Date.parse(alert.windowStart), Date.parse(alert.windowEnd) - 1)).toISOString(), tz);
    const queueLink =
      alert.subjectType === 'watchlist' && (await store.watchlists.get(Number(alert.subjectId)))
        ? `/queue?watch=${alert.subjectId}&all=1&from=${from}&to=${to}`
        : alert.subjectType === 'claim'
          ? `/claims/${alert.subjectId}`
          : null;
    return c.html(<AlertPage ctx={viewCtx(c)} alert={alert} items={items} hidden={all.length - items.length} queueLink={queueLink} timeZone={tz} />);
  });
  return app;
}
