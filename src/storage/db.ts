import sqlite3 from 'sqlite3';
import type { SqlDb, WriteOptions } from './sql-db.js';

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
export class Db implements SqlDb {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Promise<sqlite3.Statement>>();
  /** Transactions waiting their turn on this connection; the one running holds `writeBusy`. */
  private readonly queued: Array<{ bulk: boolean; start: () => void }> = [];
  private writeBusy = false;
  private readonly writesIdle: Array<() => void> = [];
  /** Statements in flight: close() waits for them (a request still running at shutdown). */
  private inFlight = 0;
  private readonly drained: Array<() => void> = [];
  private closed = false;
  private closing?: Promise<void>;

  private constructor(private readonly raw: sqlite3.Database, readonly path: string) {}

  static async open(path: string, options: { readonly?: boolean; busyTimeoutMs?: number } = {}): Promise<Db> {
    const mode = options.readonly ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE;
    const raw = await new Promise<sqlite3.Database>((resolve, reject) => {
      const d = new sqlite3.Database(path, mode, (err) => (err ? reject(err) : resolve(d)));
    });
    const db = new Db(raw, path);
    raw.configure('busyTimeout', options.busyTimeoutMs ?? 10_000);
    if (!options.readonly && path !== ':memory:') await db.exec('PRAGMA journal_mode = WAL');
    // 64 MiB page cache (SQLite's default is 2 MiB): the random-keyed indexes (content hash, simhash
    // bands) of a large archive otherwise thrash it; building a 1M-item table got 2.4× faster.
    // secure_delete on every connection, not only the eraser's: a row rewritten by ordinary work
    // (status change, reclassification) leaves its old copy in free space unless zeroed then, and a
    // later erasure cannot find it (tests/storage/secure-delete.test.ts). Ingest cost: within noise
    // (50k posts, CPU 12.1–13.0 s on vs 11.3–12.7 s off).
    await db.exec('PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536');
    return db;
  }

  /**
   * Prepared once per SQL string. Preparing reports errors (bad SQL, missing table) only through
   * its callback; without one sqlite3 throws an uncaught error and silently drops the queued call,
   * so the statement is awaited, and a failed one is not cached (the schema may change).
   */
  private statement(sql: string): Promise<sqlite3.Statement> {
    let st = this.statements.get(sql);
    if (!st) {
      st = new Promise((resolve, reject) => {
        const prepared: sqlite3.Statement = this.raw.prepare(sql, (err: Error | null) => (err ? reject(err) : resolve(prepared)));
      });
      this.statements.set(sql, st);
      st.catch(() => this.statements.delete(sql));
    }
    return st;
  }

  /** Counts a statement in flight; after close() a call fails with a clear error instead of touching finalized statements. */
  private async track<T>(op: () => Promise<T>): Promise<T> {
    if (this.closed) throw new Error(`database ${this.path} is closed`);
    this.inFlight++;
    try {
      return await op();
    } finally {
      if (--this.inFlight === 0) for (const done of this.drained.splice(0)) done();
    }
  }

  exec(sql: string): Promise<void> {
    return this.track(() => new Promise((resolve, reject) => this.raw.exec(sql, (err) => (err ? reject(err) : resolve()))));
  }

  run(sql: string, params: Params = []): Promise<RunResult> {
    return this.track(async () => {
      const st = await this.statement(sql);
      return new Promise<RunResult>((resolve, reject) =>
        st.run(params, function (this: sqlite3.RunResult, err: Error | null) {
          if (err) reject(err);
          else resolve({ lastID: this.lastID, changes: this.changes });
        }),
      );
    });
  }

  get<T = Record<string, unknown>>(sql: string, params: Params = []): Promise<T | undefined> {
    return this.track(async () => {
      const st = await this.statement(sql);
      // Reset first, queued with the get (a statement runs its calls in order): another get of the
      // same SQL in flight may have left it stepped, and a get without parameters does not rebind,
      // so it would read on from that row (two concurrent `SELECT 1 … LIMIT 1` saw no row).
      st.reset(() => undefined);
      return new Promise<T | undefined>((resolve, reject) =>
        st.get(params, (err: Error | null, row: T) => {
          // A stepped-but-unfinished statement keeps a read snapshot open; reset releases it. With
          // a callback, so a failure is never an unhandled 'error' event.
          st.reset(() => undefined);
          if (err) reject(err);
          else resolve(row);
        }),
      );
    });
  }

  all<T = Record<string, unknown>>(sql: string, params: Params = []): Promise<T[]> {
    return this.track(async () => {
      const st = await this.statement(sql);
      return new Promise<T[]>((resolve, reject) => st.all(params, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))));
    });
  }

  /**
   * Runs `fn` inside `BEGIN IMMEDIATE … COMMIT`, rolling back on error. Calls are serialised on
   * this connection so two logical transactions never interleave their statements. A `bulk` one
   * (an ingest batch, tens of milliseconds) lets short ones queued behind it go first: a crawl
   * worker's claims, leases and run records otherwise waited behind every batch its finishing
   * runs had queued, and the worker stopped fetching meanwhile (issue 16).
   */
  write<T>(fn: (db: Db) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ bulk: options.bulk === true, start: () => void this.transaction(fn).then(resolve, reject).finally(() => this.nextWrite()) });
      if (!this.writeBusy) this.nextWrite();
    });
  }

  /** Starts the next queued transaction: the first short one, else the first bulk one. */
  private nextWrite(): void {
    const short = this.queued.findIndex((w) => !w.bulk);
    const next = this.queued.splice(short >= 0 ? short : 0, 1)[0];
    this.writeBusy = next !== undefined;
    if (next) next.start();
    else for (const done of this.writesIdle.splice(0)) done();
  }

  private async transaction<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    await this.exec('BEGIN IMMEDIATE');
    try {
      const result = await fn(this);
      await this.exec('COMMIT');
      return result;
    } catch (err) {
      await this.exec('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /**
   * Kept inside BEGIN IMMEDIATE on SQLite. An autocommit version was tried (issue 16): in one
   * two-worker bench run a worker's writes then failed with SQLITE_BUSY for minutes; until that
   * is understood, every write here takes the file's lock up front with the busy timeout.
   */
  writeOne<T = Record<string, unknown>>(sql: string, params: Params = []): Promise<T[]> {
    return this.write(() => this.all<T>(sql, params));
  }

  /** `BEGIN IMMEDIATE` already lets one writer at a time into the file, so there is nothing more to take. */
  async lock(_key: string): Promise<void> {}

  /** Waits for queued writes and statements in flight (e.g. requests still running at shutdown), then closes. */
  close(): Promise<void> {
    this.closing ??= this.closeWhenIdle();
    return this.closing;
  }

  private async closeWhenIdle(): Promise<void> {
    for (;;) {
      if (this.writeBusy) await new Promise<void>((done) => this.writesIdle.push(done));
      if (this.inFlight > 0) {
        await new Promise<void>((done) => this.drained.push(done));
        continue;
      }
      // One turn of the event loop: a caller whose read just finished may issue its next statement.
      await new Promise<void>((done) => setImmediate(done));
      if (this.inFlight === 0 && !this.writeBusy) break;
    }
    this.closed = true;
    for (const pending of this.statements.values()) {
      const st = await pending.catch(() => null);
      if (st) await new Promise<void>((r) => st.finalize(() => r()));
    }
    this.statements.clear();
    await new Promise<void>((resolve, reject) => this.raw.close((err) => (err ? reject(err) : resolve())));
  }
}
