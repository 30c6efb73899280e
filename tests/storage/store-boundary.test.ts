import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The storage port (issue 16, §1): only src/storage talks to the database connection. Everything
 * else goes through the store's repositories and `store.write(fn)` for a transaction, so a second
 * engine (PostgreSQL) can sit behind the same facade. This scan keeps raw connection use from
 * creeping back into services, routes, jobs and crawlers.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SCANNED = ['src', 'review-ui', 'crawlers'];
const STORAGE = join('src', 'storage');

/**
 * `cli migrate` copies a whole installation from one raw connection (SQLite) to another
 * (PostgreSQL), below any store; it may open the connection classes, and nothing else may.
 */
const MAY_OPEN_CONNECTIONS = new Set(['src/cli/migrate-command.ts']);
const IMPORT_RULE = 'an import of the connection classes';

const FORBIDDEN: Array<[RegExp, string]> = [
  [/\bstore\.db\b/, 'store.db'],
  [/\.db\.(?:write|get|all|run|exec|lock|path|dialect|close)\b/, 'a call on the raw connection (.db.…)'],
  [/from\s+['"][^'"]*\bstorage\/(?:db|sql-db|pg\/[^'"]*)\.js['"]/, IMPORT_RULE],
];

/** The lines of a file that do what only src/storage may do; empty when it keeps to the port. */
function boundaryViolations(text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    const hit = FORBIDDEN.find(([re]) => re.test(line));
    if (hit) found.push(`line ${i + 1}: ${hit[1]}: ${line.trim()}`);
  });
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(?:ts|tsx|mts|js|mjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('storage boundary', () => {
  it('recognises raw connection use (and leaves ordinary code alone)', () => {
    expect(boundaryViolations('await store.db.write(async () => x);')).toHaveLength(1);
    expect(boundaryViolations('const p = dirname(options.store.db.path);')).toHaveLength(1);
    expect(boundaryViolations('const row = await deps.store.db.get(sql);\nconst n = 1;\nawait x.db.run(sql);')).toEqual([expect.stringMatching(/^line 1: store\.db/), expect.stringMatching(/^line 3: a call on the raw connection/)]);
    expect(boundaryViolations('return this.d.db.all(sql);')).toHaveLength(1);
    expect(boundaryViolations("import { Db } from '../storage/db.js';")).toHaveLength(1);
    expect(boundaryViolations("import type { PgDb } from '../../src/storage/pg/pg-db.js';")).toHaveLength(1);
    expect(boundaryViolations(['await store.write(() => store.audit.append(e));', "const dbPath = resolve(`${dataDir}/kiemchung.db`);", "import { openStore } from '../storage/store.js';"].join('\n'))).toEqual([]);
  });

  it('no file in src/ (outside src/storage), review-ui/ or crawlers/ touches store.db or the connection', () => {
    const bad: string[] = [];
    let scanned = 0;
    for (const top of SCANNED) {
      for (const file of sourceFiles(join(ROOT, top))) {
        const rel = relative(ROOT, file);
        if (rel.startsWith(STORAGE + '/')) continue;
        scanned++;
        for (const v of boundaryViolations(readFileSync(file, 'utf8'))) {
          if (MAY_OPEN_CONNECTIONS.has(rel) && v.includes(`: ${IMPORT_RULE}: `)) continue;
          bad.push(`${rel} ${v}`);
        }
      }
    }
    expect(scanned).toBeGreaterThan(100); // the walk found the tree, not an empty folder
    expect(bad).toEqual([]);
  });
});
