import type { SqlDb } from './sql-db.js';
import { jsonRows } from './sql-fragments.js';

export interface HttpValidators {
  etag?: string;
  lastModified?: string;
}

/** ETag / Last-Modified per URL, so an unchanged feed costs one 304. */
export function httpCacheRepo(db: SqlDb) {
  return {
    async get(url: string): Promise<HttpValidators | undefined> {
      const r = await db.get<{ etag: string | null; last_modified: string | null }>('SELECT etag, last_modified FROM http_cache WHERE url = ?', [url]);
      if (!r) return undefined;
      return { ...(r.etag && { etag: r.etag }), ...(r.last_modified && { lastModified: r.last_modified }) };
    },

    /** Entries without any validator delete the URL's row (the server stopped sending them). */
    async putMany(entries: Array<{ url: string } & HttpValidators>, at: string): Promise<void> {
      if (entries.length === 0) return;
      // One row per URL (the last entry wins): an upsert may not touch a row twice in one statement.
      const last = [...new Map(entries.map((e) => [e.url, e])).values()];
      const json = JSON.stringify(last.map((e) => ({ url: e.url, etag: e.etag ?? null, lm: e.lastModified ?? null })));
      await db.write(async () => {
        await db.run(`DELETE FROM http_cache WHERE url IN (SELECT e.value->>'url' FROM ${jsonRows(db)} WHERE e.value->>'etag' IS NULL AND e.value->>'lm' IS NULL)`, [json]);
        await db.run(
          `INSERT INTO http_cache (url, etag, last_modified, updated_at)
           SELECT e.value->>'url', e.value->>'etag', e.value->>'lm', CAST(? AS TEXT) FROM ${jsonRows(db)} WHERE e.value->>'etag' IS NOT NULL OR e.value->>'lm' IS NOT NULL
           ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at`,
          [at, json],
        );
      });
    },
  };
}

export type HttpCacheRepo = ReturnType<typeof httpCacheRepo>;
