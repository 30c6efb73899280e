import type { RawItem } from '../../src/types.js';
import type { BrowserPool } from '../browser/browser-pool.js';
import type { DocumentWorker } from './document-worker.js';
import type { Loader, Validators } from '../fetch/loader.js';
import type { SourceDef } from '../source-schema.js';

export interface AdapterContext {
  loader: Loader;
  /** Needed by type "browser" only; created lazily by the caller. */
  browser?: () => BrowserPool;
  signal?: AbortSignal;
  /** KC_TZ: feed dates written without a zone are local time there (default Asia/Ho_Chi_Minh). */
  timeZone?: string;
  /** Where fetched documents are parsed (off the event loop, with a time budget); default: one per process. */
  documents?: DocumentWorker;
  /** Progress: called after each page is fetched. */
  onPage?: (url: string, items: number) => void;
  /**
   * Takes each page's items as soon as the page is read, instead of the result gathering them all:
   * the caller stores a long listing as it goes, and a crawl cut short keeps what it had read.
   * Awaited before the next page is fetched (the caller decides how much storing may lag behind).
   * `next` is the page that would be read next, if any. Paginated adapters (html) call it; the
   * others return their items in the result as before.
   */
  onItems?: (items: RawItem[], page: PageCursor) => Promise<void>;
  /**
   * Go on where an unfinished run stopped (its worker died): read `next` first, counting the pages
   * read before it against `max_pages`. Paginated adapters (html) honour it; the others start over.
   */
  resumeFrom?: Required<PageCursor>;
}

/** Where a paginated crawl stands after a page: pages read so far, and the next page's URL. */
export interface PageCursor {
  pages: number;
  next?: string;
}

export interface AdapterResult {
  items: RawItem[];
  pages: number;
  /** The source answered 304 Not Modified: nothing new, nothing to store. */
  notModified: boolean;
  /** HTTP validators to commit once the items are stored (so a failed store is re-fetched). */
  validators: Array<{ url: string } & Validators>;
  /** Why pagination ended early (e.g. the next page is disallowed by robots.txt). */
  stoppedBy?: string;
}

export type Adapter = (source: SourceDef, ctx: AdapterContext) => Promise<AdapterResult>;

export function baseItem(source: SourceDef): Partial<RawItem> {
  return source.unit ? { source: source.id, unit: source.unit } : { source: source.id };
}

export function notModified(): AdapterResult {
  return { items: [], pages: 1, notModified: true, validators: [] };
}
