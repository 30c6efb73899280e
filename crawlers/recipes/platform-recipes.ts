import { HttpError } from '../fetch/errors.js';
import type { SourceDef } from '../source-schema.js';
import { fetchPage, pageHead } from './discover.js';
import { RecipeError, type Recipe, type Resolved } from './recipe-types.js';

/** Recipes for platforms with a public JSON API: WordPress, Discourse, Mastodon. */

/** The REST API root a WordPress site announces: `Link: <…/wp-json/>; rel="https://api.w.org/"`. */
function linkHeaderApi(header: string | null, base: string): string | undefined {
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?https:\/\/api\.w\.org\/"?/i.exec(part);
    if (m) return new URL(m[1].trim(), base).href;
  }
  return undefined;
}

// Only what an item needs: a full post object also carries meta, links and block data.
const WP_FIELDS = 'link,date,date_gmt,title,content,excerpt';

function wordpressPosts(apiRoot: string): string {
  const u = new URL(apiRoot);
  // Sites without pretty permalinks: …/?rest_route=/ instead of …/wp-json/.
  if (u.searchParams.has('rest_route')) u.searchParams.set('rest_route', '/wp/v2/posts');
  else u.pathname = `${u.pathname.replace(/\/?$/, '/')}wp/v2/posts`;
  if (!u.searchParams.has('per_page')) u.searchParams.set('per_page', '20');
  if (!u.searchParams.has('_fields')) u.searchParams.set('_fields', WP_FIELDS);
  return u.href;
}

/** WordPress: the REST API's newest posts (/wp-json/wp/v2/posts), found from the site's <head>. */
export const wordpressRecipe: Recipe = async (url, ctx) => {
  if (/\/wp-json\/wp\/v2\/posts\/?$/.test(url.pathname) || url.searchParams.get('rest_route')?.startsWith('/wp/v2/posts')) return { type: 'wordpress', url: url.href };
  const jsonRoot = /^(.*\/wp-json\/)/.exec(url.pathname)?.[1];
  if (jsonRoot) return { type: 'wordpress', url: wordpressPosts(new URL(jsonRoot, url).href) };
  const res = await fetchPage(url, ctx);
  const api = linkHeaderApi(res.headers.get('link'), res.url) ?? (await pageHead(res, ctx)).wpApi;
  if (api) return { type: 'wordpress', url: wordpressPosts(api) };
  // Some sites drop the discovery link but still serve their theme from /wp-content/.
  if (/\/wp-content\//.test(res.text().slice(0, 200_000))) return { type: 'wordpress', url: wordpressPosts(new URL('/wp-json/', res.url).href) };
  throw new RecipeError('not_platform', res.url);
};

/** Discourse: the forum's newest posts across topics (/posts.json), under the folder the forum lives in. */
export const discourseRecipe: Recipe = async (url) => {
  if (/\/posts\.json$/.test(url.pathname)) return { type: 'discourse', url: url.href };
  const root = url.pathname.replace(/\/(t|c|u|tag|tags|latest|top|new|categories|posts)(\/.*|\.json|\.rss)?$/, '/').replace(/[^/]*$/, '');
  return { type: 'discourse', url: new URL(`${root}posts.json`, url.origin).href };
};

// Mastodon statuses: HTML content, the poster's acct (pseudonymised on storage), the status page.
export const MASTODON_FIELDS: NonNullable<SourceDef['fields']> = { text: 'content', author: 'account.acct', published: 'created_at', link: 'url' };
const mastodonJson = (url: string): Resolved => ({ type: 'json', url, items: '', fields: { ...MASTODON_FIELDS } });
// A server that keeps its timelines for signed-in users answers 401/403 (accounts) or 422 (tags): its RSS is still public.
const closedToVisitors = (err: unknown) => err instanceof HttpError && [401, 403, 422].includes(err.status);

/**
 * Mastodon: an account (https://server/@name, @name@other.server) through
 * /api/v1/accounts/lookup + /api/v1/accounts/ID/statuses (own posts, no replies or boosts), or a
 * hashtag (https://server/tags/NAME) through /api/v1/timelines/tag/NAME; the .rss of either
 * when the server keeps its API for signed-in users.
 */
export const mastodonRecipe: Recipe = async (url, ctx) => {
  const path = decodeURIComponent(url.pathname);
  if (/^\/api\/v1\/(accounts\/\d+\/statuses|timelines\/tag\/[^/]+)$/.test(path)) return mastodonJson(url.href);
  if (/^\/(@[\w.]+|tags\/[^/]+)\.rss$/.test(path)) return { type: 'rss', url: url.href };
  const tag = /^\/tags\/([^/]+)\/?$/.exec(path)?.[1];
  if (tag) {
    const api = new URL(`/api/v1/timelines/tag/${encodeURIComponent(tag)}?limit=40`, url.origin).href;
    try {
      await fetchPage(api, ctx, 'application/json');
      return mastodonJson(api);
    } catch (err) {
      if (!closedToVisitors(err)) throw err;
      return { type: 'rss', url: new URL(`/tags/${encodeURIComponent(tag)}.rss`, url.origin).href };
    }
  }
  const acct = /^\/(?:@|users\/)([\w.]+(?:@[\w.-]+)?)\/?$/.exec(path)?.[1];
  if (!acct) throw new RecipeError('not_platform', url.href);
  let body: string;
  try {
    body = (await fetchPage(new URL(`/api/v1/accounts/lookup?acct=${encodeURIComponent(acct)}`, url.origin), ctx, 'application/json')).text();
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) throw new RecipeError('no_account', acct);
    if (!closedToVisitors(err) || acct.includes('@')) throw err;
    return { type: 'rss', url: new URL(`/@${acct}.rss`, url.origin).href };
  }
  let id: unknown;
  try {
    id = (JSON.parse(body) as { id?: unknown }).id;
  } catch {
    id = undefined;
  }
  if (typeof id !== 'string' || !/^\d+$/.test(id)) throw new RecipeError('no_account', acct);
  return mastodonJson(new URL(`/api/v1/accounts/${id}/statuses?exclude_replies=true&exclude_reblogs=true&limit=40`, url.origin).href);
};
