import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll } from 'vitest';
import { harness, type Harness } from '../review-ui/harness.js';
import { openBrowserSession, type BrowserSession } from './browser-session.js';

type App = { fetch: (req: Request) => Response | Promise<Response> };

export interface BrowserHarnessOptions<H> {
  /** Builds the app under test and what the file asserts on; default: the review-UI `harness()`. */
  harness?: () => Promise<H>;
  /** Signs this user in once before the first test (journeys where signing in is not what is tested). */
  login?: string;
}

export interface BrowserHarness<H> {
  h: H;
  session: BrowserSession;
  page: Page;
}

/**
 * The set-up every Chromium journey shares: in `beforeAll` the file's harness, the app served on
 * 127.0.0.1 and one browser page for all its tests (artifacts in `tests/artifacts/e2e-<name>`),
 * optionally signed in; in `afterAll` all of it closed again. The returned `h`, `session` and
 * `page` stand for the objects `beforeAll` makes, so a file can name them once at its top level;
 * using one before `beforeAll` has run is an error.
 */
export function useBrowserHarness<H extends { app: App; close(): Promise<void> } = Harness>(name: string, options: BrowserHarnessOptions<H> = {}): BrowserHarness<H> {
  const made: Partial<BrowserHarness<H>> = {};
  beforeAll(async () => {
    made.h = await (options.harness ?? (harness as unknown as () => Promise<H>))();
    made.session = await openBrowserSession(made.h.app, join(import.meta.dirname, '..', 'artifacts', `e2e-${name}`));
    made.page = made.session.page;
    if (options.login) await made.session.login(options.login);
  }, 120_000);
  afterAll(async () => {
    await made.session?.close();
    await made.h?.close();
  });
  return { h: late(made, 'h'), session: late(made, 'session'), page: late(made, 'page') };
}

/**
 * Stands for `made[key]` once it is there. Methods are bound to the real object: puppeteer's
 * classes keep their state in private fields, which a call through a proxy could not reach.
 */
function late<T extends object, K extends keyof T>(made: Partial<T>, key: K): NonNullable<T[K]> {
  const target = (): object => {
    const value = made[key];
    if (value === undefined) throw new Error(`useBrowserHarness: ${String(key)} used before beforeAll ran`);
    return value as object;
  };
  return new Proxy({}, {
    get(_, prop) {
      const real = target();
      const value = Reflect.get(real, prop, real);
      return typeof value === 'function' ? value.bind(real) : value;
    },
    set: (_, prop, value) => Reflect.set(target(), prop, value),
    has: (_, prop) => Reflect.has(target(), prop),
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  }) as NonNullable<T[K]>;
}
