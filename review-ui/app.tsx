import { Hono } from 'hono';
import type { Store } from '../src/storage/store.js';
import type { Config } from '../src/config.js';
import { queueRepo } from '../src/storage/queue.js';

export interface AppOptions {
  store: Store;
  config: Config;
}

/** The review UI. Grows route by route; main.ts / `serve` mount it with @hono/node-server. */
export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  const queue = queueRepo(options.store.db);
  app.get('/', (c) => c.redirect('/queue'));
  app.get('/queue', async (c) => {
    const rows = await queue.recent(50);
    return c.html(
      <html lang="vi">
        <head>
          <meta charset="utf-8" />
          <title>Kiểm Chứng</title>
        </head>
        <body>
          <main>
            <h1>Hàng đợi</h1>
            <ul>
              {rows.map((r) => (
                <li>
                  #{r.id} {r.title ?? r.text.slice(0, 80)} ({r.status})
                </li>
              ))}
            </ul>
          </main>
        </body>
      </html>,
    );
  });
  return app;
}
