import { Hono } from 'hono';
import { queueQuerySchema } from '../../src/review/queue-service.js';
import type { AppEnv } from '../context.js';
import { QueuePageView } from '../views/queue-page.js';
import { viewCtx } from '../views/view-context.js';
import { actor } from './helpers.js';

export function queueRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const { store, queue } = c.get('deps');
    const parsed = queueQuerySchema.safeParse(c.req.query());
    // A hand-edited or stale URL should not be an error page: drop what does not parse.
    const query = parsed.success ? parsed.data : queueQuerySchema.parse({ sort: c.req.query('sort') === 'score' ? 'score' : 'new' });
    const me = actor(c);
    const [page, units, sources] = await Promise.all([
      queue.page(me, query),
      me.role === 'reviewer' ? Promise.resolve([]) : store.reviewItems.distinctUnits(),
      store.reviewItems.sources(),
    ]);
    return c.html(<QueuePageView ctx={viewCtx(c)} page={page} units={units} sources={sources} />, parsed.success ? 200 : 400);
  });
  return app;
}
