import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runAdapter } from '../../crawlers/adapters/index.js';
import { BrowserPool } from '../../crawlers/browser/browser-pool.js';
import { BlockedError } from '../../crawlers/fetch/errors.js';
import { Loader } from '../../crawlers/fetch/loader.js';
import { parseAllowList } from '../../crawlers/fetch/ssrf-guard.js';
import { formatSourceError, loadSources, parseSourceFile } from '../../crawlers/source-schema.js';
import type { Config } from '../config.js';
import { writeFileAtomic } from '../files/write-atomic.js';
import type { RawItem } from '../types.js';
import { createSourceRecipeTools, type SourceRecipeTools } from './source-recipe-tools.js';

/** What the admin pages show of a source definition. */
export interface SourceSummary {
  id: string;
  name: string;
  type: string;
  url: string;
  unit: string | null;
  enabled: boolean;
  schedule: string;
  file: string;
}

/**
 * The crawler side of /admin/sources, built in the composition root and handed to the review UI
 * (which never imports crawlers/): the same YAML validation as the sources folder, writing a
 * definition back as a YAML file, and a "test now" that fetches and extracts without storing; the
 * admin form's recipes, preview and save come from source-recipe-tools.ts.
 */
export interface SourceAdminTools extends SourceRecipeTools {
  list(): { sources: SourceSummary[]; errors: string[] };
  read(id: string): Promise<string | null>;
  validate(text: string, file: string): { source?: SourceSummary; errors: string[] };
  save(id: string, text: string): Promise<void>;
  /** `blocked`: the address was refused as internal (SSRF guard), so the page can say what to do. */
  test(text: string): Promise<{ items: RawItem[]; pages: number; error?: string; blocked?: { host: string } }>;
}

const summary = (s: ReturnType<typeof loadSources>['sources'][number]): SourceSummary => ({
  id: s.id, name: s.name, type: s.type, url: s.url, unit: s.unit ?? null, enabled: s.enabled, schedule: s.schedule, file: s.file ?? `${s.id}.yaml`,
});

export function createSourceAdminTools(config: Config, dir = config.sourcesDir): SourceAdminTools {
  const fileOf = (id: string) => {
    const found = loadSources(dir).sources.find((s) => s.id === id);
    return found?.file ? (found.file.includes('/') ? found.file : join(dir, found.file)) : join(dir, `${id}.yaml`);
  };
  return {
    // The form: recipes, preview and save (source-recipe-tools.ts).
    ...createSourceRecipeTools(config, dir),
    list() {
      const { sources, errors } = loadSources(dir);
      return { sources: sources.map(summary), errors: errors.map(formatSourceError) };
    },
    async read(id) {
      if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) return null;
      return readFile(fileOf(id), 'utf8').catch(() => null);
    },
    validate(text, file) {
      const { source, errors } = parseSourceFile(text, file);
      return { source: source ? summary(source) : undefined, errors: errors.map(formatSourceError) };
    },
    async save(id, text) {
      const { source, errors } = parseSourceFile(text, `${id}.yaml`);
      if (!source) throw new Error(errors.map(formatSourceError).join('\n'));
      if (source.id !== id) throw new Error(`id: the file of source "${id}" must keep that id`);
      await writeFileAtomic(fileOf(id), text.endsWith('\n') ? text : `${text}\n`);
    },
    async test(text) {
      const { source, errors } = parseSourceFile(text, '(test)');
      if (!source) return { items: [], pages: 0, error: errors.map(formatSourceError).join('\n') };
      const c = config.crawl;
      // A fresh loader: no conditional GET, so the preview shows what a first fetch extracts.
      const loader = new Loader({ userAgent: c.userAgent, allowHosts: parseAllowList(c.allowHosts), delayMs: 0, maxBytes: c.maxBytes, timeoutMs: c.timeoutMs });
      let pool: BrowserPool | undefined;
      try {
        const res = await runAdapter(source, {
          loader,
          timeZone: config.digest.timeZone,
          browser: () => (pool ??= new BrowserPool({ executablePath: config.chromiumPath, loader, maxPages: 1, pageTimeoutMs: Math.max(30_000, c.timeoutMs) })),
        });
        return { items: res.items.slice(0, 50), pages: res.pages };
      } catch (err) {
        const blocked = err instanceof BlockedError && err.reason === 'ssrf' ? { host: hostOf(err.url) } : undefined;
        return { items: [], pages: 0, error: err instanceof Error ? err.message : String(err), blocked };
      } finally {
        await pool?.close();
        await loader.close();
      }
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
