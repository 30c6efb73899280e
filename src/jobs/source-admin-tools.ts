import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatSourceError, loadSources } from '../../crawlers/source-schema.js';
import type { Config } from '../config.js';
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
 * (which never imports crawlers/): the sources folder as the crawler reads it, and the recipe form's
 * preview and save (source-recipe-tools.ts).
 */
export interface SourceAdminTools extends SourceRecipeTools {
  list(): { sources: SourceSummary[]; errors: string[] };
  read(id: string): Promise<string | null>;
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
  };
}

