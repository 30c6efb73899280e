import type { DocumentWorker } from '../adapters/document-worker.js';
import type { Loader } from '../fetch/loader.js';
import type { SourceDef } from '../source-schema.js';

/** The recipes an admin picks from, in the order the form lists them. */
export const RECIPE_IDS = ['rss', 'wordpress', 'discourse', 'xenforo', 'mastodon', 'youtube', 'telegram', 'html'] as const;
export type RecipeId = (typeof RECIPE_IDS)[number];

/** What a recipe turns one URL into: the fetching part of a source definition. */
export type Resolved = Pick<SourceDef, 'type' | 'url'> & Partial<Pick<SourceDef, 'select' | 'next' | 'max_pages' | 'items' | 'fields'>>;

export interface RecipeContext {
  /** The crawler's loader: SSRF guard, robots.txt and size caps apply to everything a recipe fetches. */
  loader: Loader;
  documents?: DocumentWorker;
  signal?: AbortSignal;
}

/** Generic HTML only: the selectors the admin typed. */
export interface RecipeSelectors {
  select?: SourceDef['select'];
  next?: string;
  max_pages?: number;
}

export type Recipe = (url: URL, ctx: RecipeContext, selectors: RecipeSelectors) => Promise<Resolved>;

/**
 * Why a URL could not become a source, as a code the UI translates (`detail` is shown as is:
 * a URL, an HTTP status). Fetch errors (blocked, 404, timeout) are passed through unchanged.
 */
export class RecipeError extends Error {
  constructor(
    readonly code: 'not_platform' | 'no_feed' | 'no_channel' | 'no_account' | 'selectors',
    readonly detail = '',
  ) {
    super(`${code}${detail ? `: ${detail}` : ''}`);
    this.name = 'RecipeError';
  }
}
