import type { SourceDef } from '../source-schema.js';
import { browserAdapter } from './browser.js';
import { htmlAdapter } from './html.js';
import { jsonAdapter } from './json.js';
import { discourseAdapter, wordpressAdapter } from './platform-json.js';
import { rssAdapter } from './rss.js';
import type { Adapter, AdapterContext, AdapterResult } from './types.js';

export const adapters: Record<SourceDef['type'], Adapter> = {
  rss: rssAdapter,
  html: htmlAdapter,
  browser: browserAdapter,
  json: jsonAdapter,
  wordpress: wordpressAdapter,
  discourse: discourseAdapter,
};

/** Fetches and extracts one source; stores nothing. */
export function runAdapter(source: SourceDef, ctx: AdapterContext): Promise<AdapterResult> {
  return adapters[source.type](source, ctx);
}

export type { Adapter, AdapterContext, AdapterResult };
