import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp, type AppOptions } from '../review-ui/app.js';
import type { Config } from './config.js';
import type { Store } from './storage/store.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the review UI on host:port (port 0 = any free port) and resolves once it listens. */
export async function startServer(
  store: Store,
  config: Config,
  listen: { host: string; port: number },
  /** More app options, e.g. `extend` with the admin tools (see review-ui/admin). */
  more: Omit<Partial<AppOptions>, 'store' | 'config'> = {},
): Promise<RunningServer> {
  const app = createApp({ store, config, ...more });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: listen.host, port: listen.port }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Browsers keep idle connections open; without this close() would wait for them.
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`${listen.host}:${listen.port} is already in use; set PORT (or --port) to another port`) : err),
    );
  });
}
