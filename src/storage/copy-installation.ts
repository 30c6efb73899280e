import type { Db, SqlValue } from './db.js';
import type { PgDb } from './pg/pg-db.js';

/**
 * Copies an installation from its SQLite file to a migrated PostgreSQL database, table by table in
 * foreign-key order, in batches keyed by rowid. Each batch and the copy's bookmark are committed
 * together, so an interrupted copy resumes where it stopped without a duplicate or a gap. Only the
 * columns both schemas have are copied (PostgreSQL's generated search columns fill themselves);
 * identity sequences are moved past the copied ids at the end, so new rows do not collide.
 */
export interface CopyProgress {
  table: string;
  copied: number;
  total: number;
}

export interface CopyOptions {
  batchRows?: number;
  onProgress?: (p: CopyProgress) => void;
  /** Checked between batches: an aborted copy stops cleanly and resumes on the next run. */
  signal?: AbortSignal;
}

export interface CopyReport {
  tables: { table: string; source: number; target: number }[];
  skipped: string[];
}

const BOOKMARKS = 'kc_copy_progress';
// SQLite-only machinery: full-text shadow tables and the vocabulary view have PostgreSQL
// counterparts that fill themselves from the copied rows.
const SQLITE_ONLY = /^(sqlite_|items_fts)/;

interface PgColumn {
  name: string;
  type: string;
  identity: boolean;
}

export async function copyInstallation(from: Db, to: PgDb, options: CopyOptions = {}): Promise<CopyReport> {
  await to.exec(`CREATE TABLE IF NOT EXISTS ${BOOKMARKS} (table_name TEXT PRIMARY KEY, last_key TEXT NOT NULL, copied BIGINT NOT NULL)`);
  const tables = await tablesInDependencyOrder(from);
  const report: CopyReport = { tables: [], skipped: [] };
  const resuming = ((await to.get<{ n: number }>(`SELECT count(*)::int AS n FROM ${BOOKMARKS}`))?.n ?? 0) > 0;
  if (!resuming) await clearSeedRows(to, tables);
  for (const table of tables) {
    const target = await pgColumns(to, table);
    if (target.size === 0) {
      report.skipped.push(table);
      continue;
    }
    const names = (await from.all<{ name: string }>(`SELECT name FROM pragma_table_info(?)`, [table])).map((c) => c.name);
    const columns = names.filter((c) => target.has(c));
    const source = await copyTable(from, to, table, columns.map((c) => target.get(c)!), options);
    if (options.signal?.aborted) return report;
    const t = await to.get<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
    report.tables.push({ table, source, target: t!.n });
  }
  await resetIdentities(to);
  return report;
}

/** Copies one table in batches from its bookmark on; returns the source's row count. */
async function copyTable(from: Db, to: PgDb, table: string, columns: PgColumn[], options: CopyOptions): Promise<number> {
  const key = await keyColumns(from, table);
  const mark = await to.get<{ last_key: string; copied: number }>(`SELECT last_key, copied FROM ${BOOKMARKS} WHERE table_name = ?`, [table]);
  let last: SqlValue[] | null = mark ? (JSON.parse(mark.last_key) as SqlValue[]) : null;
  let copied = mark ? Number(mark.copied) : 0;
  const total = (await from.get<{ n: number }>(`SELECT count(*) AS n FROM "${table}"`))!.n;
  const batch = Math.max(1, options.batchRows ?? 1000);
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const keyList = key.map((k) => (k === 'rowid' ? 'rowid' : `"${k}"`)).join(', ');
  const keyAs = key.map((k, i) => `${k === 'rowid' ? 'rowid' : `"${k}"`} AS kc_key${i}`).join(', ');
  const overriding = columns.some((c) => c.identity) ? ' OVERRIDING SYSTEM VALUE' : '';
  const triggers = ((await to.get<{ n: number }>(`SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = ?::regclass AND NOT tgisinternal`, [`"${table}"`]))?.n ?? 0) > 0;
  for (;;) {
    if (options.signal?.aborted) return total;
    // A single key is compared plainly: SQLite plans a row value over rowid as a full scan.
    const after = !last ? '' : key.length === 1 ? `WHERE ${keyList} > ?` : `WHERE (${keyList}) > (${last.map(() => '?').join(', ')})`;
    const rows = await from.all<Record<string, SqlValue>>(
      `SELECT ${keyAs}, ${names} FROM "${table}" ${after} ORDER BY ${keyList} LIMIT ?`,
      [...(last ?? []), batch],
    );
    if (rows.length === 0) break;
    const end = rows[rows.length - 1];
    last = key.map((_, i) => end[`kc_key${i}`] ?? null);
    copied += rows.length;
    const bookmark = JSON.stringify(last);
    await to.write(async (tx) => {
      // Triggers that derive rows (units from accounts, rule-hit counts from classifications) stay
      // off while rows are copied: the source's derived tables are copied as they are. The switch is
      // transactional, so a killed copy never leaves them off.
      if (triggers) await tx.exec(`ALTER TABLE "${table}" DISABLE TRIGGER USER`);
      // One JSON parameter per batch: PostgreSQL parses it into rows of the table's own types,
      // far cheaper than binding tens of thousands of separate parameters.
      await tx.run(`INSERT INTO "${table}" (${names})${overriding} SELECT ${names} FROM json_populate_recordset(NULL::"${table}", ?::json)`, [batchJson(rows, columns)]);
      if (triggers) await tx.exec(`ALTER TABLE "${table}" ENABLE TRIGGER USER`);
      await tx.run(
        `INSERT INTO ${BOOKMARKS} (table_name, last_key, copied) VALUES (?, ?, ?) ON CONFLICT (table_name) DO UPDATE SET last_key = excluded.last_key, copied = excluded.copied`,
        [table, bookmark, copied],
      );
    });
    options.onProgress?.({ table, copied, total });
  }
  return total;
}

/** The rowid, or the primary key of a WITHOUT ROWID table: what batches are ordered and resumed by. */
async function keyColumns(from: Db, table: string): Promise<string[]> {
  const def = await from.get<{ sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [table]);
  if (!/WITHOUT\s+ROWID/i.test(def?.sql ?? '')) return ['rowid'];
  const pk = await from.all<{ name: string; pk: number }>(`SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, [table]);
  return pk.map((c) => c.name);
}

/** Rows as a JSON array for json_populate_recordset: booleans from 0/1, bytea as \\x hex. */
function batchJson(rows: Record<string, SqlValue>[], columns: PgColumn[]): string {
  return JSON.stringify(
    rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const c of columns) {
        const v = row[c.name] ?? null;
        out[c.name] = c.type === 'boolean' && typeof v === 'number' ? v !== 0 : v instanceof Uint8Array ? `\\x${Buffer.from(v).toString('hex')}` : typeof v === 'bigint' ? v.toString() : v;
      }
      return out;
    }),
  );
}

async function pgColumns(to: PgDb, table: string): Promise<Map<string, PgColumn>> {
  const rows = await to.all<{ column_name: string; data_type: string; is_identity: string; is_generated: string }>(
    `SELECT column_name, data_type, is_identity, is_generated FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?`,
    [table],
  );
  const out = new Map<string, PgColumn>();
  for (const r of rows) if (r.is_generated !== 'ALWAYS') out.set(r.column_name, { name: r.column_name, type: r.data_type, identity: r.is_identity === 'YES' });
  return out;
}

/** Parents before children, so foreign keys hold at every batch. */
async function tablesInDependencyOrder(from: Db): Promise<string[]> {
  const names = (await from.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)).map((r) => r.name).filter((n) => !SQLITE_ONLY.test(n));
  const parents = new Map<string, string[]>();
  for (const n of names) {
    const fks = await from.all<{ table: string }>(`SELECT "table" FROM pragma_foreign_key_list(?)`, [n]);
    parents.set(n, fks.map((f) => f.table).filter((t) => t !== n));
  }
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const p of parents.get(n) ?? []) if (parents.has(p)) visit(p);
    order.push(n);
  };
  for (const n of names) visit(n);
  return order;
}

// A live installation is never merged into: a fresh copy needs a target without items, users or
// audit rows. Rows a migration seeded (defaults, reference data) give way to the source's own.
const LIVE_TABLES = ['items', 'users', 'audit_log'];

async function clearSeedRows(to: PgDb, tables: string[]): Promise<void> {
  for (const t of LIVE_TABLES) {
    const has = await to.get<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM "${t}" LIMIT 1) x`).catch(() => undefined);
    if (has && has.n > 0) throw new Error(`the target database already holds ${t}: copy only into a new, empty database (or resume an interrupted copy)`);
  }
  await to.write(async (tx) => {
    for (const t of [...tables].reverse()) {
      if (t === 'audit_log') continue;
      if ((await pgColumns(to, t)).size > 0) await tx.exec(`DELETE FROM "${t}"`);
    }
  });
}

async function resetIdentities(to: PgDb): Promise<void> {
  const seqs = await to.all<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`,
  );
  for (const s of seqs) {
    await to.exec(
      `SELECT setval(pg_get_serial_sequence('"${s.table_name}"', '${s.column_name}'), GREATEST((SELECT max("${s.column_name}") FROM "${s.table_name}"), 1), (SELECT max("${s.column_name}") IS NOT NULL FROM "${s.table_name}"))`,
    );
  }
}
