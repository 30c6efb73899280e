import type { Context } from 'hono';
import { Hono } from 'hono';
import { ReviewError } from '../../src/review/errors.js';
import { createWatchlist, deleteWatchlist, updateWatchlist, visibleWatchlist, canEditWatchlist, watchlistSchema, watchlistsFor } from '../../src/review/watchlist-service.js';
import { setFlash } from '../auth/session.js';
import type { AppEnv } from '../context.js';
import type { MessageKey } from '../i18n.js';
import { viewCtx } from '../views/view-context.js';
import { WatchlistFormPage, WatchlistsPage, type WatchlistFormValues } from '../views/watchlists-page.js';
import { actor, idParam, meta } from './helpers.js';

async function choices(c: Context<AppEnv>) {
  const { store } = c.get('deps');
  const [units, sources] = await Promise.all([store.units.list(), store.reviewItems.sources()]);
  return { units: units.map((u) => [u.code, u.name] as [string, string]), sources };
}

/** What the form sent, as typed (re-shown with the error when refused). Only the watchlist's own fields. */
function typed(body: Record<string, string | File | (string | File)[]>): WatchlistFormValues {
  const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
  return { name: s('name'), query: s('query'), labels: [body.labels ?? []].flat().filter((x): x is string => typeof x === 'string'), unit: s('unit'), source: s('source'), from: s('from'), to: s('to') };
}

function errorField(key: string): 'name' | 'query' | 'from' {
  return key.startsWith('watch.error_dates') ? 'from' : key === 'field.name' ? 'name' : 'query';
}

/**
 * Saved searches (issue 15, §1). Reviewers and admins save one; everyone signed in sees those of
 * their unit and opens the queue on them. No field, parameter or query can name an author.
 */
export function watchlistRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const me = actor(c);
    const rows = await watchlistsFor(c.get('deps').store, me);
    return c.html(<WatchlistsPage ctx={viewCtx(c)} rows={rows} {...await choices(c)} />);
  });

  app.get('/new', async (c) => {
    const me = actor(c);
    if (me.role !== 'admin' && me.role !== 'reviewer') throw new ReviewError('forbidden', 'error.forbidden');
    const q = c.req.query();
    const values: WatchlistFormValues = { query: q.q, labels: q.label ? [q.label] : [], unit: q.unit, source: q.source, from: q.from, to: q.to };
    return c.html(<WatchlistFormPage ctx={viewCtx(c)} values={values} {...await choices(c)} />);
  });

  const save = async (c: Context<AppEnv>, id?: number) => {
    const me = actor(c);
    const { store } = c.get('deps');
    const body = await c.req.parseBody({ all: true });
    const values = typed(body);
    try {
      const parsed = watchlistSchema.safeParse(values);
      if (!parsed.success) {
        const field = String(parsed.error.issues[0]?.path[0] ?? 'query');
        throw new ReviewError('invalid', field === 'name' ? 'field.name' : field === 'from' || field === 'to' ? 'watch.error_dates' : 'watch.error_syntax');
      }
      if (id === undefined) await createWatchlist(store, me, parsed.data, meta(c));
      else await updateWatchlist(store, me, id, parsed.data, meta(c));
    } catch (err) {
      if (!(err instanceof ReviewError) || err.code !== 'invalid') throw err;
      const key = (err.messageKey === 'field.name' ? 'watch.error_name' : err.messageKey) as MessageKey;
      return c.html(<WatchlistFormPage ctx={viewCtx(c)} id={id} values={values} error={{ field: errorField(err.messageKey), key }} {...await choices(c)} />, 400);
    }
    await setFlash(c, { kind: 'ok', key: 'flash.saved' });
    return c.redirect('/watchlists', 303);
  };
  app.post('/', (c) => save(c));

  app.get('/:id/edit', async (c) => {
    const me = actor(c);
    const w = await visibleWatchlist(c.get('deps').store, me, idParam(c));
    if (!canEditWatchlist(me, w)) throw new ReviewError('forbidden', 'error.forbidden');
    const values: WatchlistFormValues = { name: w.name, query: w.query, labels: w.labels, unit: w.unit ?? undefined, source: w.sourceId ?? undefined, from: w.dateFrom ?? undefined, to: w.dateTo ?? undefined };
    return c.html(<WatchlistFormPage ctx={viewCtx(c)} id={w.id} values={values} {...await choices(c)} />);
  });
  app.post('/:id', (c) => save(c, idParam(c)));

  app.post('/:id/delete', async (c) => {
    await deleteWatchlist(c.get('deps').store, actor(c), idParam(c), meta(c));
    await setFlash(c, { kind: 'ok', key: 'watch.deleted' });
    return c.redirect('/watchlists', 303);
  });
  return app;
}
