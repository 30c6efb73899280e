import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { Params, RunResult, SqlValue } from '../db.js';
import type { SqlDb, WriteOptions } from '../sql-db.js';

// COUNT(*) and BIGINT columns arrive as strings by default; our ids and counts fit a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * `?` placeholders (as SQLite takes them) become `$1, $2, …`, and SQLite's numbered `?N` becomes
 * `$N` (the same parameter used twice); quoted text and identifiers are left alone.
 */
export function toPgPlaceholders(sql: string): string {
  // One regex pass: quoted strings and identifiers are kept as they are. (Scanning character by
  // character and slicing the rest at every "?" made a 2,000-row insert of 60,000 placeholders
  // take a quarter of a second per statement.)
  let n = 0;
  return sql.replace(PLACEHOLDER, (m: string, digits: string | undefined) => (m[0] !== '?' ? m : digits ? `$${digits}` : `$${++n}`));
}

const PLACEHOLDER = /'[^']*'|"[^"]*"|\?(\d+)?/g;

function positional(params: Params | undefined): SqlValue[] {
  if (params === undefined) return [];
  if (!Array.isArray(params)) throw new Error('PgDb takes positional parameters only');
  return params.map((v) => (typeof v === 'bigint' ? v.toString() : v));
}

type Queryable = pg.Pool | pg.PoolClient;

/**
 * The PostgreSQL side of `SqlDb`: a connection pool; `write(fn)` runs `fn` in a transaction on
 * one client, and every statement issued while it runs, through this object or a repository built
 * on it, goes to that client (found through AsyncLocalStorage), so repositories need no
 * transaction argument — as on SQLite's single connection.
 */
export class PgDb implements SqlDb {
  readonly dialect = 'postgres' as const;
  private readonly tx = new AsyncLocalStorage<pg.PoolClient>();

  private constructor(private readonly pool: pg.Pool) {}

  static async connect(url: string, options: { max?: number } = {}): Promise<PgDb> {
    // JIT off for our sessions: every statement here is short, and JIT compiling one whose estimate
    // crossed jit_above_cost (an ingest batch's dedupe lookups, costed per key) took 80 ms to save
    // microseconds (issue 16). An operator's own sessions keep the server's setting.
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, options: '-c jit=off' });
    // An idle client that loses its server must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    const db = new PgDb(pool);
    await db.get('SELECT 1');
    return db;
  }

  private get conn(): Queryable {
    return this.tx.getStore() ?? this.pool;
  }

  async exec(sql: string): Promise<void> {
    await this.conn.query(sql);
  }

  async run(sql: string, params?: Params): Promise<RunResult> {
    const r = await this.conn.query(toPgPlaceholders(sql), positional(params));
    const first = r.rows[0] as { id?: unknown } | undefined;
    return { lastID: typeof first?.id === 'number' ? first.id : 0, changes: r.rowCount ?? 0 };
  }

  async get<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T | undefined> {
    const r = await this.conn.query(toPgPlaceholders(sql), positional(params));
    return r.rows[0] as T | undefined;
  }

  async all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]> {
    const r = await this.conn.query(toPgPlaceholders(sql), positional(params));
    return r.rows as T[];
  }

  async write<T>(fn: (db: SqlDb) => Promise<T>, _options?: WriteOptions): Promise<T> {
    // A write inside a write joins the outer transaction, as it would on SQLite's one connection.
    if (this.tx.getStore()) return fn(this);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await this.tx.run(client, () => fn(this));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** On the pool (autocommit), or inside the caller's transaction when there is one. */
  writeOne<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]> {
    return this.all<T>(sql, params);
  }

  /** A transaction-scoped advisory lock: released at COMMIT or ROLLBACK, held across nodes. */
  async lock(key: string): Promise<void> {
    if (!this.tx.getStore()) throw new Error(`lock(${key}) outside a write transaction would be released at once`);
    await this.conn.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
