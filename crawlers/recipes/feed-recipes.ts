import { fetchPage, looksLikeFeed, mainFeed, pageHead } from './discover.js';
import { RecipeError, type Recipe } from './recipe-types.js';

/**
 * Recipes that end in a feed (type rss): any site with RSS/Atom, XenForo forums and YouTube
 * channels. The feed is found where the site announces it (<link rel="alternate">) before any
 * URL is guessed.
 */

/** A feed URL as is; a page: the feed its <head> announces. */
export const rssRecipe: Recipe = async (url, ctx) => {
  const res = await fetchPage(url, ctx);
  if (looksLikeFeed(res)) return { type: 'rss', url: res.url };
  const feed = mainFeed(await pageHead(res, ctx));
  if (!feed) throw new RecipeError('no_feed', res.url);
  return { type: 'rss', url: feed };
};

/**
 * XenForo 2: every forum list has an RSS feed, /forums/-/index.rss for the whole board and
 * /forums/NAME.ID/index.rss for one forum; pages announce theirs in <head>.
 */
export const xenforoRecipe: Recipe = async (url, ctx) => {
  if (/\/index\.rss$/.test(url.pathname)) return { type: 'rss', url: url.href };
  const res = await fetchPage(url, ctx);
  if (looksLikeFeed(res)) return { type: 'rss', url: res.url };
  const head = await pageHead(res, ctx);
  const feed = head.feeds.find((f) => /index\.rss/.test(f.url))?.url ?? mainFeed(head);
  if (feed) return { type: 'rss', url: feed };
  // No announced feed: the board's own, under the folder the forum lives in (/, /forum/, /community/).
  const final = new URL(res.url);
  const root = final.pathname.replace(/\/(forums|threads|categories|whats-new)\/.*$/, '/').replace(/[^/]*$/, '');
  return { type: 'rss', url: new URL(`${root}forums/-/index.rss`, final).href };
};

const CHANNEL_ID = /^UC[\w-]{22}$/;

/** youtube.com in any form (m., no www) is fetched as www.youtube.com; a test site keeps its origin. */
function youtubeOrigin(url: URL): string {
  return /(^|\.)youtube\.com$/i.test(url.hostname) ? 'https://www.youtube.com' : url.origin;
}

/**
 * YouTube channels: /channel/UC… gives the id; /@handle, /c/… and /user/… pages announce the
 * channel's feed (feeds/videos.xml?channel_id=UC…) in <head>, or carry the id in their metadata.
 */
export const youtubeRecipe: Recipe = async (url, ctx) => {
  const feedOf = (id: string) => ({ type: 'rss' as const, url: `${youtubeOrigin(url)}/feeds/videos.xml?channel_id=${id}` });
  const given = url.searchParams.get('channel_id');
  if (url.pathname === '/feeds/videos.xml' && given && CHANNEL_ID.test(given)) return feedOf(given);
  const inPath = /^\/channel\/(UC[\w-]{22})(\/|$)/.exec(url.pathname)?.[1];
  if (inPath) return feedOf(inPath);
  if (!/^\/(@[\w.-]+|c\/[^/]+|user\/[^/]+)/.test(url.pathname)) throw new RecipeError('no_channel', url.href);
  const res = await fetchPage(url, ctx);
  const head = await pageHead(res, ctx);
  const announced = head.feeds.map((f) => new URL(f.url)).find((f) => f.pathname === '/feeds/videos.xml' && CHANNEL_ID.test(f.searchParams.get('channel_id') ?? ''));
  const id =
    announced?.searchParams.get('channel_id') ??
    head.channelId ??
    (head.canonical ? /\/channel\/(UC[\w-]{22})/.exec(head.canonical)?.[1] : undefined);
  if (!id) throw new RecipeError('no_channel', res.url);
  return feedOf(id);
};
