import type { SqlDb } from './sql-db.js';
import { jsonRows } from './sql-fragments.js';

export interface SourceRow {
  id: string;
  name: string;
  type: string;
  url: string | null;
  unit: string | null;
  enabled: boolean;
  config: Record<string, unknown>;
  createdAt: string;
}

export interface SourceInput {
  id: string;
  name?: string;
  /** 'import', 'tip', or a crawler adapter type ('rss', 'html', 'browser', ...). */
  type: string;
  url?: string | null;
  unit?: string | null;
  enabled?: boolean;
  config?: Record<string, unknown>;
}

interface Raw {
  id: string;
  name: string;
  type: string;
  url: string | null;
  unit: string | null;
  enabled: number;
  config: string;
  created_at: string;
}

const toRow = (r: Raw): SourceRow => ({
  id: r.id,
  name: r.name,
  type: r.type,
  url: r.url,
  unit: r.unit,
  enabled: r.enabled === 1,
  config: JSON.parse(r.config) as Record<string, unknown>,
  createdAt: r.created_at,
});

const asJson = (s: SourceInput[]) =>
  JSON.stringify(
    s.map((x) => ({
      id: x.id,
      name: x.name ?? x.id,
      type: x.type,
      url: x.url ?? null,
      unit: x.unit ?? null,
      enabled: x.enabled === false ? 0 : 1,
      config: JSON.stringify(x.config ?? {}),
    })),
  );

const selectFromJson = (db: SqlDb) => `SELECT e.value->>'id', e.value->>'name', e.value->>'type', e.value->>'url',
  e.value->>'unit', CAST(e.value->>'enabled' AS INTEGER), e.value->>'config' FROM ${jsonRows(db)} WHERE true`;

export function sourcesRepo(db: SqlDb) {
  const SELECT_FROM_JSON = selectFromJson(db);
  return {
    async get(id: string): Promise<SourceRow | undefined> {
      const r = await db.get<Raw>('SELECT * FROM sources WHERE id = ?', [id]);
      return r && toRow(r);
    },

    async list(): Promise<SourceRow[]> {
      return (await db.all<Raw>('SELECT * FROM sources ORDER BY id')).map(toRow);
    },

    /** Creates the sources that do not exist yet; existing rows are left untouched. */
    async ensureMany(sources: SourceInput[]): Promise<void> {
      if (sources.length === 0) return;
      await db.run(`INSERT INTO sources (id, name, type, url, unit, enabled, config) ${SELECT_FROM_JSON}
        ON CONFLICT (id) DO NOTHING`, [asJson(sources)]);
    },

    /** Creates or replaces the configuration of a source (its items and creation time stay). */
    async upsert(source: SourceInput): Promise<void> {
      await db.run(`INSERT INTO sources (id, name, type, url, unit, enabled, config) ${SELECT_FROM_JSON}
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, url = excluded.url,
          unit = excluded.unit, enabled = excluded.enabled, config = excluded.config`, [asJson([source])]);
    },
  };
}

export type SourcesRepo = ReturnType<typeof sourcesRepo>;
