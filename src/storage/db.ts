import sqlite3 from 'sqlite3';

export type SqlValue = string | number | bigint | null | Buffer | Uint8Array;
export type Params = SqlValue[] | Record<string, SqlValue>;
export interface RunResult {
  lastID: number;
  changes: number;
}

/**
 * The one promise-based wrapper over sqlite3. Writes go through `write()`, which opens a
 * `BEGIN IMMEDIATE` transaction so concurrent writers queue on the busy timeout instead of
 * failing half-way. Statements are prepared once and cached per SQL string.
 */
export class Db {
  private readonly statements = new Map<string, sqlite3.Statement>();
  private writeChain: Promise<unknown> = Promise.resolve();

  private constructor(private readonly raw: sqlite3.Database, readonly path: string) {}

  static async open(path: string, options: { readonly?: boolean; busyTimeoutMs?: number } = {}): Promise<Db> {
    const mode = options.readonly ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE;
    const raw = await new Promise<sqlite3.Database>((resolve, reject) => {
      const d = new sqlite3.Database(path, mode, (err) => (err ? reject(err) : resolve(d)));
    });
    const db = new Db(raw, path);
    raw.configure('busyTimeout', options.busyTimeoutMs ?? 10_000);
    if (!options.readonly && path !== ':memory:') await db.exec('PRAGMA journal_mode = WAL');
    await db.exec('PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY');
    return db;
  }

  private statement(sql: string): sqlite3.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.raw.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.raw.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  run(sql: string, params: Params = []): Promise<RunResult> {
    return new Promise((resolve, reject) =>
      this.statement(sql).run(params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ lastID: this.lastID, changes: this.changes });
      }),
    );
  }

  get<T = Record<string, unknown>>(sql: string, params: Params = []): Promise<T | undefined> {
    const st = this.statement(sql);
    return new Promise((resolve, reject) =>
      st.get(params, (err: Error | null, row: T) => {
        // A stepped-but-unfinished statement keeps a read snapshot open; reset releases it.
        st.reset();
        if (err) reject(err);
        else resolve(row);
      }),
    );
  }

  all<T = Record<string, unknown>>(sql: string, params: Params = []): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.statement(sql).all(params, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))),
    );
  }

  /**
   * Runs `fn` inside `BEGIN IMMEDIATE … COMMIT`, rolling back on error. Calls are serialised on
   * this connection so two logical transactions never interleave their statements.
   */
  write<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const next = this.writeChain.then(async () => {
      await this.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this);
        await this.exec('COMMIT');
        return result;
      } catch (err) {
        await this.exec('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
    this.writeChain = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.writeChain;
    for (const st of this.statements.values()) await new Promise<void>((r) => st.finalize(() => r()));
    this.statements.clear();
    await new Promise<void>((resolve, reject) => this.raw.close((err) => (err ? reject(err) : resolve())));
  }
}
