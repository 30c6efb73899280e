import type { Db } from './db.js';

export interface HttpValidators {
  etag?: string;
  lastModified?: string;
}

/** ETag / Last-Modified per URL, so an unchanged feed costs one 304. */
export function httpCacheRepo(db: Db) {
  return {
    async get(url: string): Promise<HttpValidators | undefined> {
      const r = await db.get<{ etag: string | null; last_modified: string | null }>('SELECT etag, last_modified FROM http_cache WHERE url = ?', [url]);
      if (!r) return undefined;
      return { ...(r.etag && { etag: r.etag }), ...(r.last_modified && { lastModified: r.last_modified }) };
    },

    /** Entries without any validator delete the URL's row (the server stopped sending them). */
    async putMany(entries: Array<{ url: string } & HttpValidators>, at: string): Promise<void> {
      if (entries.length === 0) return;
      const json = JSON.stringify(entries.map((e) => ({ url: e.url, etag: e.etag ?? null, lm: e.lastModified ?? null })));
      await db.write(async () => {
        await db.run(`DELETE FROM http_cache WHERE url IN (SELECT value->>'url' FROM json_each(?) WHERE value->>'etag' IS NULL AND value->>'lm' IS NULL)`, [json]);
        await db.run(
          `INSERT INTO http_cache (url, etag, last_modified, updated_at)
           SELECT value->>'url', value->>'etag', value->>'lm', ? FROM json_each(?) WHERE value->>'etag' IS NOT NULL OR value->>'lm' IS NOT NULL
           ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at`,
          [at, json],
        );
      });
    },
  };
}

export type HttpCacheRepo = ReturnType<typeof httpCacheRepo>;
