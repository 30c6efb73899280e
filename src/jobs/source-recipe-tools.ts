import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runAdapter } from '../../crawlers/adapters/index.js';
import { BrowserPool } from '../../crawlers/browser/browser-pool.js';
import { BlockedError, CrawlError, HttpError } from '../../crawlers/fetch/errors.js';
import { Loader } from '../../crawlers/fetch/loader.js';
import { parseAllowList } from '../../crawlers/fetch/ssrf-guard.js';
import { RECIPE_IDS, RecipeError, recipeOf, sourceFromRecipe, type FieldError, type RecipeInput } from '../../crawlers/recipes/index.js';
import { sourceYaml } from '../../crawlers/recipes/source-yaml.js';
import { formatSourceError, loadSources, parseSourceFile, type SourceDef } from '../../crawlers/source-schema.js';
import type { Config } from '../config.js';
import { writeFileAtomic } from '../files/write-atomic.js';
import type { RawItem } from '../types.js';

export type { FieldError };

/** The admin source form as typed (every field a string, as posted). */
export interface SourceFormValues {
  recipe: string;
  url: string;
  name: string;
  unit: string;
  schedule: string;
  enabled: boolean;
  item: string;
  text: string;
  title: string;
  author: string;
  published: string;
  link: string;
  next: string;
  max_pages: string;
}

/** Why nothing could be read: a recipe's finding, a refused address, an HTTP status, a network failure. */
export interface SourceProblem {
  code: 'not_platform' | 'no_feed' | 'no_channel' | 'no_account' | 'selectors' | 'blocked' | 'robots' | 'http' | 'fetch';
  detail: string;
  /** blocked: the internal host, for the KC_CRAWL_ALLOW_HOSTS hint. */
  host?: string;
}

export interface RecipeOutcome {
  /** The definition the form resolved to (shown above the preview, written on save). */
  source?: { id: string; type: string; url: string };
  errors: FieldError[];
  problem?: SourceProblem;
}

export interface PreviewOutcome extends RecipeOutcome {
  items: RawItem[];
}

export interface SourceRecipeTools {
  readonly recipes: readonly string[];
  /** An existing source as form values (its recipe guessed from the definition), with its file text. */
  formOf(id: string): Promise<{ values: SourceFormValues; yaml: string } | null>;
  /** Resolves the form and fetches the first items; stores nothing. */
  preview(values: SourceFormValues, id: string | null): Promise<PreviewOutcome>;
  /** Resolves the form and writes the YAML file; the id of a new source comes from its name. */
  saveForm(values: SourceFormValues, id: string | null): Promise<RecipeOutcome>;
}

export const PREVIEW_ITEMS = 10;

/** "Diễn đàn Công nhân" → "dien-dan-cong-nhan": a file name and source id from the name an admin typed. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/, '');
  return slug || 'nguon';
}

function problemOf(err: unknown): SourceProblem {
  if (err instanceof RecipeError) return { code: err.code, detail: err.detail };
  if (err instanceof BlockedError) {
    if (err.reason === 'ssrf') {
      let host = err.url;
      try {
        host = new URL(err.url).hostname;
      } catch {
        /* keep the raw value */
      }
      return { code: 'blocked', detail: err.message, host };
    }
    return { code: err.reason === 'robots' ? 'robots' : 'fetch', detail: err.message };
  }
  if (err instanceof HttpError) return { code: 'http', detail: `${err.status} ${err.url}` };
  if (err instanceof CrawlError || err instanceof Error) return { code: 'fetch', detail: err.message };
  return { code: 'fetch', detail: String(err) };
}

function inputOf(v: SourceFormValues, id: string): RecipeInput {
  const opt = (s: string) => s.trim() || undefined;
  const select = { item: v.item.trim(), text: v.text.trim(), title: opt(v.title), author: opt(v.author), published: opt(v.published), link: opt(v.link) };
  return {
    recipe: v.recipe as RecipeInput['recipe'],
    url: v.url.trim(),
    id,
    name: v.name.trim(),
    unit: opt(v.unit),
    schedule: v.schedule.trim(),
    enabled: v.enabled,
    select: select.item || select.text ? (Object.fromEntries(Object.entries(select).filter(([, s]) => s !== undefined)) as RecipeInput['select']) : undefined,
    next: opt(v.next),
    max_pages: v.max_pages.trim() ? Number(v.max_pages) : undefined,
  };
}

function valuesOf(def: SourceDef): SourceFormValues {
  const s = def.select;
  return {
    recipe: recipeOf(def), url: def.url, name: def.name, unit: def.unit ?? '', schedule: def.schedule, enabled: def.enabled,
    item: s?.item ?? '', text: s?.text ?? '', title: s?.title ?? '', author: s?.author ?? '', published: s?.published ?? '', link: s?.link ?? '',
    next: def.next ?? '', max_pages: def.max_pages > 1 ? String(def.max_pages) : '',
  };
}

/**
 * The crawler side of the recipe form: the recipes and the crawler's schema turn the form into a
 * definition, the crawler's loader (robots.txt, SSRF guard, caps) fetches the preview, and the
 * result is written as a YAML file like any other in the sources folder.
 */
export function createSourceRecipeTools(config: Config, dir = config.sourcesDir): SourceRecipeTools {
  const find = (id: string) => loadSources(dir).sources.find((s) => s.id === id);
  const pathOf = (def: SourceDef | undefined, id: string) => (def?.file ? (def.file.includes('/') ? def.file : join(dir, def.file)) : join(dir, `${id}.yaml`));

  const withLoader = async <T>(fn: (loader: Loader, browser: () => BrowserPool) => Promise<T>): Promise<T> => {
    const c = config.crawl;
    // A fresh loader: no conditional GET, so the preview shows what a first fetch extracts.
    const loader = new Loader({ userAgent: c.userAgent, allowHosts: parseAllowList(c.allowHosts), delayMs: 0, maxBytes: c.maxBytes, timeoutMs: c.timeoutMs });
    let pool: BrowserPool | undefined;
    try {
      return await fn(loader, () => (pool ??= new BrowserPool({ executablePath: config.chromiumPath, loader, maxPages: 1, pageTimeoutMs: Math.max(30_000, c.timeoutMs) })));
    } finally {
      await pool?.close();
      await loader.close();
    }
  };

  const newId = (name: string) => {
    // "new" and "preview" are the form's own pages under /admin/sources/.
    const taken = new Set([...loadSources(dir).sources.map((s) => s.id), 'new', 'preview']);
    const base = slugify(name);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    return id;
  };

  const resolve = async (values: SourceFormValues, id: string | null, loader: Loader): Promise<{ existing?: SourceDef; source?: SourceDef; errors: FieldError[] }> => {
    const existing = id ? find(id) : undefined;
    const input = inputOf(values, id ?? newId(values.name || values.url));
    if (input.recipe !== 'file' && !(RECIPE_IDS as readonly string[]).includes(input.recipe)) return { errors: [{ field: 'recipe', message: 'unknown recipe' }] };
    return { existing, ...(await sourceFromRecipe(input, { loader }, existing)) };
  };

  const summary = (s: SourceDef) => ({ id: s.id, type: s.type, url: s.url });

  return {
    recipes: RECIPE_IDS,

    async formOf(id) {
      const def = find(id);
      if (!def) return null;
      const yaml = await readFile(pathOf(def, id), 'utf8').catch(() => '');
      return { values: valuesOf(def), yaml };
    },

    preview(values, id) {
      return withLoader(async (loader, browser) => {
        let source: SourceDef | undefined;
        try {
          const r = await resolve(values, id, loader);
          if (!r.source) return { items: [], errors: r.errors };
          source = r.source;
          const res = await runAdapter(source, { loader, timeZone: config.digest.timeZone, browser });
          return { source: summary(source), items: res.items.slice(0, PREVIEW_ITEMS), errors: [] };
        } catch (err) {
          return { source: source && summary(source), items: [], errors: [], problem: problemOf(err) };
        }
      });
    },

    saveForm(values, id) {
      return withLoader(async (loader) => {
        try {
          const r = await resolve(values, id, loader);
          if (!r.source) return { errors: r.errors };
          const file = pathOf(r.existing, r.source.id);
          const existingText = r.existing ? await readFile(file, 'utf8').catch(() => undefined) : undefined;
          const note = `${r.source.name}: added from the admin form (recipe ${values.recipe}, from ${values.url.trim()}).`;
          const text = sourceYaml(r.source, existingText ? { existing: existingText } : { note });
          // The file is read back by the crawler: write only what its own parser accepts.
          const check = parseSourceFile(text, file);
          if (!check.source) return { errors: check.errors.map((e) => ({ field: e.field ?? 'url', message: formatSourceError(e) })) };
          await writeFileAtomic(file, text);
          return { source: summary(r.source), errors: [] };
        } catch (err) {
          return { errors: [], problem: problemOf(err) };
        }
      });
    },
  };
}
