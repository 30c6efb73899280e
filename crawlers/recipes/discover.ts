import { documentWorker } from '../adapters/document-worker.js';
import type { PageHead } from '../adapters/page-head.js';
import type { LoadResult } from '../fetch/loader.js';
import type { RecipeContext } from './recipe-types.js';

const PAGE_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,application/rss+xml;q=0.8,application/atom+xml;q=0.8,*/*;q=0.5';

/** One GET through the crawler's loader (robots.txt, SSRF guard, caps); never conditional. */
export function fetchPage(url: string | URL, ctx: RecipeContext, accept = PAGE_ACCEPT): Promise<LoadResult> {
  return ctx.loader.get(url, { accept, signal: ctx.signal });
}

/** A feed by its root element (content types lie: feeds come as text/html, pages as text/xml). */
export function looksLikeFeed(res: LoadResult): boolean {
  const start = res.text().slice(0, 4096).replace(/<!--[\s\S]*?-->/g, '');
  return /<(rss|feed|rdf:RDF)[\s>]/i.test(start) && !/<html[\s>]/i.test(start);
}

/** The page's discovery links, parsed in the document worker like every fetched body. */
export async function pageHead(res: LoadResult, ctx: RecipeContext): Promise<PageHead> {
  const { head } = await documentWorker(ctx).run({ kind: 'head', html: res.text(), pageUrl: res.url }, ctx.signal);
  return head ?? { feeds: [] };
}

/** Comment feeds (WordPress, XenForo threads) are not the posts: the first other feed wins. */
export function mainFeed(head: PageHead): string | undefined {
  const posts = head.feeds.filter((f) => !/comment|bình luận/i.test(`${f.title ?? ''} ${f.url}`));
  return (posts[0] ?? head.feeds[0])?.url;
}
