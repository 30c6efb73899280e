import type { RawItem } from '../../src/types.js';
import type { SourceDef } from '../source-schema.js';
import { extractPage } from './html.js';
import { readPageHead, type PageHead } from './page-head.js';
import { parseJsonItems } from './json.js';
import { parsePlatformItems, type Platform } from './platform-json.js';
import { parseFeed, type FeedOptions } from './rss.js';

/** One fetched document to turn into items: everything CPU-bound an adapter does with a body. */
export type DocumentJob =
  | { kind: 'html'; html: string; source: SourceDef; pageUrl: string }
  | { kind: 'json'; body: string; source: SourceDef; pageUrl: string }
  | { kind: 'feed'; xml: string; pageUrl: string; base: Partial<RawItem>; options?: FeedOptions }
  | { kind: 'platform'; platform: Platform; body: string; base: Partial<RawItem>; pageUrl: string; timeZone?: string }
  | { kind: 'head'; html: string; pageUrl: string };

export interface DocumentResult {
  items: RawItem[];
  /** The next page's URL (html pages with a `next` selector). */
  next?: string;
  /** kind 'head': what a page's <head> says about its feeds and APIs (source recipes). */
  head?: PageHead;
}

/** Runs a job in the calling thread; the document worker calls this for each message. */
export function runDocumentJob(job: DocumentJob): DocumentResult {
  switch (job.kind) {
    case 'html':
      return extractPage(job.html, job.source, job.pageUrl);
    case 'json':
      return { items: parseJsonItems(job.body, job.source, job.pageUrl) };
    case 'feed':
      return { items: parseFeed(job.xml, job.pageUrl, job.base, job.options) };
    case 'platform':
      return { items: parsePlatformItems(job.platform, job.body, job.base, job.pageUrl, job.timeZone) };
    case 'head':
      return { items: [], head: readPageHead(job.html, job.pageUrl) };
  }
}
