import type { Params, RunResult } from './db.js';

/**
 * What a repository needs from a database, whichever engine is behind it: SQLite (`Db`, the
 * embedded default) or PostgreSQL (`PgDb`, for federation scale). Repositories write portable SQL
 * with `?` placeholders and `RETURNING` for new ids; where the engines differ they ask `dialect`.
 */
export interface WriteOptions {
  /**
   * A long transaction (an ingest batch): on SQLite, short writes queued in this process go before
   * it. PostgreSQL runs transactions side by side and ignores it.
   */
  bulk?: boolean;
}

export interface SqlDb {
  readonly dialect: 'sqlite' | 'postgres';
  exec(sql: string): Promise<void>;
  run(sql: string, params?: Params): Promise<RunResult>;
  get<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T | undefined>;
  all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]>;
  /** One transaction; statements `fn` issues through this object (or the repositories) run in it. */
  write<T>(fn: (db: SqlDb) => Promise<T>, options?: WriteOptions): Promise<T>;
  /**
   * One statement as a transaction of its own, returning its RETURNING rows: for writes made on
   * every request (host slots). On PostgreSQL one round trip in autocommit instead of BEGIN …
   * COMMIT; on SQLite a `write` around the one statement.
   */
  writeOne<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]>;
  /**
   * Inside `write`: waits until no other writer, in this process or another node, holds `key`
   * until this transaction ends. Read-then-append sequences (the audit chain) take it first.
   */
  lock(key: string): Promise<void>;
  close(): Promise<void>;
}
