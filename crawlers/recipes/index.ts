import { sourceSchema, type SourceDef } from '../source-schema.js';
import { rssRecipe, xenforoRecipe, youtubeRecipe } from './feed-recipes.js';
import { htmlRecipe, TELEGRAM_SELECT, telegramRecipe } from './page-recipes.js';
import { discourseRecipe, MASTODON_FIELDS, mastodonRecipe, wordpressRecipe } from './platform-recipes.js';
import { RECIPE_IDS, type Recipe, type RecipeContext, type RecipeId, type RecipeSelectors, type Resolved } from './recipe-types.js';

export { RECIPE_IDS, RecipeError, type RecipeContext, type RecipeId } from './recipe-types.js';

export const RECIPES: Record<RecipeId, Recipe> = {
  rss: rssRecipe,
  wordpress: wordpressRecipe,
  discourse: discourseRecipe,
  xenforo: xenforoRecipe,
  mastodon: mastodonRecipe,
  youtube: youtubeRecipe,
  telegram: telegramRecipe,
  html: htmlRecipe,
};

/** What the admin form holds. `file`: an existing source the form cannot express (browser, custom JSON) keeps its definition. */
export interface RecipeInput extends RecipeSelectors {
  recipe: RecipeId | 'file';
  url: string;
  id: string;
  name: string;
  unit?: string;
  schedule: string;
  enabled: boolean;
}

export interface FieldError {
  /** The form field it belongs to: url, name, schedule, unit, select.item, … */
  field: string;
  message: string;
}

const FETCH_KEYS = ['type', 'url', 'select', 'next', 'max_pages', 'items', 'fields', 'wait_for'] as const;

/**
 * Turns the form into a source definition: the recipe resolves the URL (fetching through the
 * crawler's loader when the site must be asked), then the crawler's schema validates the whole.
 * `existing`: the definition being edited; what the form does not show (post_selector, a
 * browser source's wait_for) is kept.
 */
export async function sourceFromRecipe(input: RecipeInput, ctx: RecipeContext, existing?: SourceDef): Promise<{ source?: SourceDef; errors: FieldError[] }> {
  let resolved: Partial<SourceDef>;
  if (input.recipe === 'file') {
    if (!existing) return { errors: [{ field: 'recipe', message: 'only for an existing source' }] };
    resolved = { ...pick(existing, FETCH_KEYS), url: input.url };
  } else {
    resolved = await RECIPES[input.recipe](new URL(input.url), ctx, input);
  }
  const kept = existing ? omit(existing, [...FETCH_KEYS, 'file', 'id', 'name', 'unit', 'schedule', 'enabled']) : {};
  // A change of type drops what only the old type used (a feed has no selectors or post_selector rules of its own).
  const keep = existing && existing.type === resolved.type ? kept : pick(kept, ['post_selector']);
  const candidate = { ...keep, id: input.id, name: input.name, ...(input.unit && { unit: input.unit }), schedule: input.schedule, enabled: input.enabled, ...resolved };
  const parsed = sourceSchema.safeParse(candidate);
  if (parsed.success) return { source: parsed.data, errors: [] };
  return { errors: parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'url', message: i.message })) };
}

/** Which recipe an existing definition reads like, so the form can show it; `file` when none does. */
export function recipeOf(def: SourceDef): RecipeId | 'file' {
  const u = new URL(def.url);
  switch (def.type) {
    case 'wordpress':
    case 'discourse':
      return def.type;
    case 'rss':
      if (u.pathname === '/feeds/videos.xml' && u.searchParams.has('channel_id')) return 'youtube';
      if (/\/forums\/[^/]+\/index\.rss$/.test(u.pathname)) return 'xenforo';
      if (/^\/(@[\w.]+|tags\/[^/]+)\.rss$/.test(u.pathname)) return 'mastodon';
      return 'rss';
    case 'json':
            // Only the recipe's own field map: a hand-written one (other fields) is kept as the file has it.
      return /^\/api\/v1\/(accounts\/\d+\/statuses|timelines\/tag\/[^/]+)$/.test(u.pathname) && JSON.stringify(def.fields) === JSON.stringify(MASTODON_FIELDS) && (def.items ?? '') === '' ? 'mastodon' : 'file';
    case 'html':
      return /^\/s\/[^/]+$/.test(u.pathname) && def.select?.item === TELEGRAM_SELECT.item ? 'telegram' : 'html';
    default:
      return 'file';
  }
}

function pick<T extends object, K extends string>(o: T, keys: readonly K[]): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => (keys as readonly string[]).includes(k) && v !== undefined)) as Partial<T>;
}

function omit<T extends object>(o: T, keys: readonly string[]): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => !keys.includes(k) && v !== undefined)) as Partial<T>;
}

export type { Resolved };
