import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { Command, type Option } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build-digest.js';
import { exportItems } from '../../src/jobs/export-items.js';
import { pseudonymize } from '../../src/privacy/pseudonymize.js';
import { buildFixture, HANDLES, WEEK, type Fixture } from '../digest/fixture-db.js';
import { adminHarness } from '../review-ui/admin-harness.js';
import { Client, type Harness } from '../review-ui/harness.js';
import { literalsOf, scanFiles, scanSql, sourceFiles, type Finding } from './sql-author-scan.js';

/**
 * Issue 8: no route, CLI command or export groups, ranks or lists items by author. The product
 * tracks claims and themes, never people. The only ways from a person to their posts are the
 * data-subject request tools (/admin/requests, `cli subject … --handle`), which exist so that
 * person can see and erase what is stored; the raw handle of one item is shown to an admin on
 * request, audited each time.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const AUTHORISH = /author|handle|pseudonym|poster|nick|profile/i;

/** Where the author may be a key, and why. Every entry must still be needed (stale entries fail). */
const SQL_ALLOW: { file: string; rule?: string; why: string }[] = [
  { file: 'src/storage/subject-data.ts', why: 'data-subject requests: find everything stored about one handle (audited, admin only)' },
  { file: 'src/storage/items.ts', rule: 'an author column name as a value (a sort, group or filter key?)', why: 'insert column lists' },
];

const allowed = (f: Finding) => SQL_ALLOW.some((a) => a.file === f.file && (!a.rule || a.rule === f.rule));
const show = (fs: Finding[]) => fs.map((f) => `${f.file}:${f.line}: ${f.rule}: ${f.text.replace(/\s+/g, ' ').slice(0, 160)}`);

describe('SQL: no grouping, ranking, filtering or counting by author', () => {
  it('the scanner catches each kind of author-centric query', () => {
    const bad = [
      'SELECT author_pseudonym, count(*) AS n FROM items GROUP BY author_pseudonym',
      'SELECT * FROM items i ORDER BY i.author_pseudonym, i.id',
      'SELECT id FROM items WHERE author_pseudonym = ?',
      'SELECT i.id FROM items i JOIN item_authors a ON a.raw_author = ? WHERE a.item_id = i.id',
      "SELECT id FROM items WHERE author_pseudonym IN (SELECT value FROM json_each(?))",
      'SELECT count(DISTINCT author_pseudonym) FROM items',
      'SELECT DISTINCT raw_author FROM item_authors',
      'SELECT id, rank() OVER (PARTITION BY author_pseudonym ORDER BY collected_at) FROM items',
      'SELECT source_id FROM items GROUP BY source_id HAVING count(author_pseudonym) > 3',
      'CREATE INDEX items_author ON items(author_pseudonym, collected_at)',
      'SELECT json_group_array(raw_author) FROM item_authors',
      'SELECT * FROM items WHERE "author_pseudonym" LIKE ?',
    ];
    for (const sql of bad) expect(scanSql(sql), sql).not.toEqual([]);
    const fine = [
      'SELECT i.id, i.author_pseudonym, i.text FROM items i WHERE i.id = ? ORDER BY i.collected_at DESC',
      'SELECT raw_author FROM item_authors WHERE item_id = ?',
      "UPDATE items SET text = '', author_pseudonym = NULL WHERE id IN (SELECT value FROM json_each(?))",
      'SELECT (SELECT raw_author FROM item_authors x WHERE x.item_id = i.id) AS a FROM items i WHERE i.id % ? = 0 ORDER BY i.id',
      "SELECT id FROM items WHERE note = 'ORDER BY author_pseudonym'",
    ];
    for (const sql of fine) expect(scanSql(sql), sql).toEqual([]);
  });

  it('finds SQL inside template literals and sort-key maps in TypeScript source', () => {
    const src = [
      'const q = `SELECT ${cols} FROM items i WHERE ${unit} GROUP BY i.author_pseudonym`;',
      "const SORTS = { recent: 'i.collected_at DESC', author: 'i.author_pseudonym' };",
    ].join('\n');
    const lits = literalsOf('x.ts', src);
    expect(lits.some((l) => scanSql(l.text).includes('author column in GROUP BY'))).toBe(true);
    expect(lits.some((l) => l.text === 'i.author_pseudonym')).toBe(true);
  });

  it('no SQL in src/, review-ui/ or crawlers/ uses an author column as a key (outside the allow-list)', () => {
    const files = sourceFiles(ROOT, ['src', 'review-ui', 'crawlers']);
    expect(files.length).toBeGreaterThan(100);
    const findings = scanFiles(ROOT, files);
    expect(show(findings.filter((f) => !allowed(f)))).toEqual([]);
    // The allow-list stays minimal: every entry is still needed.
    for (const a of SQL_ALLOW) expect(findings.some((f) => f.file === a.file && (!a.rule || a.rule === f.rule)), `${a.file}: ${a.why}`).toBe(true);
    // The reveal reads one item's handle by the item's id.
    const reveal = literalsOf('src/storage/review-items.ts', readFileSync(join(ROOT, 'src/storage/review-items.ts'), 'utf8')).filter((l) => /raw_author/.test(l.text));
    expect(reveal.map((l) => l.text.replace(/\s+/g, ' '))).toEqual(['SELECT raw_author FROM item_authors WHERE item_id = ?']);
  });
});

describe('routes: nothing by author', () => {
  let h: Harness & { sourcesDir: string };
  beforeAll(async () => {
    h = await adminHarness();
  });
  afterAll(() => h.close());

  it('no path of the full app (review UI + admin tools) is about authors, except requests and the one-item reveal', () => {
    const paths = [...new Set(h.app.routes.map((r) => r.path))];
    expect(paths.length).toBeGreaterThan(30);
    const allowedPath = (p: string) => p.startsWith('/admin/requests') || p === '/items/:id/reveal-author';
    expect(paths.filter((p) => AUTHORISH.test(p) && !allowedPath(p))).toEqual([]);
    expect(paths).toContain('/items/:id/reveal-author');
  });

  it('the person-centred exceptions (/admin/requests…) are for admins only', async () => {
    const gets = [...new Set(h.app.routes.filter((r) => r.method === 'GET' && r.path.startsWith('/admin/requests')).map((r) => r.path.replace(/:\w+(\{[^}]*\})?/g, '1')))];
    expect(gets).toContain('/admin/requests');
    for (const who of ['reviewer', 'viewer']) {
      const c = new Client(h);
      await c.login(who);
      for (const p of gets) expect((await c.get(p)).status, `${who} ${p}`).toBe(403);
    }
    for (const p of gets) expect((await new Client(h).get(p)).status, `anonymous ${p}`).toBe(303);
  });

  it('no handler reads an author query parameter or form field, and no page offers one', () => {
    const files = sourceFiles(ROOT, ['review-ui']).filter((f) => !/requests?[-.]/.test(relative(ROOT, f)));
    const bad: string[] = [];
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/\.(?:query|queries|param)\(\s*['"`]([^'"`]+)['"`]/g)) if (AUTHORISH.test(m[1])) bad.push(`${relative(ROOT, f)}: reads ${m[1]}`);
      for (const m of src.matchAll(/\bname=["'{`]+([^"'}`]+)/g)) if (AUTHORISH.test(m[1])) bad.push(`${relative(ROOT, f)}: form field ${m[1]}`);
      for (const m of src.matchAll(/\bbody\.(\w+)|body\[['"](\w+)['"]\]/g)) if (AUTHORISH.test(m[1] ?? m[2])) bad.push(`${relative(ROOT, f)}: form field ${m[1] ?? m[2]}`);
    }
    expect(bad).toEqual([]);
  });

  it('the queue ignores author filters and sorts: same items with or without them', async () => {
    const c = new Client(h);
    await c.login('admin');
    const ids = async (q: string) => {
      const res = await c.get(`/queue${q}`);
      if (res.status !== 200) return `status ${res.status}`;
      return [...(await res.text()).matchAll(/href="\/items\/(\d+)"/g)].map((m) => m[1]).join(',');
    };
    const plain = await ids('');
    expect(plain.split(',').length).toBeGreaterThan(1);
    const pseudo = (await h.store.reviewItems.get(h.ids[0]))!.authorPseudonym!;
    for (const q of [`?author=${pseudo}`, `?author_pseudonym=${pseudo}`, '?handle=nguoidung_1', '?sort=author', '?group=author']) {
      expect([plain, 'status 400', 'status 404'], q).toContain(await ids(q));
    }
    // Text search looks at the post's words, not at who wrote it.
    expect(await ids(`?q=${pseudo}`)).toBe('');
    expect(await ids('?q=nguoidung_1')).toBe('');
  });
});

describe('CLI: no command or option about authors except `subject --handle`', () => {
  it('walks every registered command and option', async () => {
    const program = new Command('kiemchung').exitOverride();
    const modules = readdirSync(join(ROOT, 'src/cli')).filter((n) => n.endsWith('-command.ts'));
    expect(modules.length).toBeGreaterThan(10);
    for (const m of modules) ((await import(join(ROOT, 'src/cli', m))) as { register: (p: Command) => void }).register(program);
    const bad: string[] = [];
    const walk = (cmd: Command, path: string[]) => {
      const here = [...path, cmd.name()];
      const inSubject = here[1] === 'subject';
      if (AUTHORISH.test(cmd.name()) || cmd.aliases().some((a) => AUTHORISH.test(a))) bad.push(`command ${here.join(' ')}`);
      for (const arg of cmd.registeredArguments) if (AUTHORISH.test(arg.name()) && !inSubject) bad.push(`${here.join(' ')} <${arg.name()}>`);
      for (const o of cmd.options as Option[]) {
        const allowedOpt = inSubject && o.long === '--handle';
        if (!allowedOpt && (AUTHORISH.test(o.flags) || (o.argChoices ?? []).some((c) => AUTHORISH.test(c)))) bad.push(`${here.join(' ')} ${o.flags}`);
      }
      for (const sub of cmd.commands) walk(sub, here);
    };
    walk(program, []);
    expect(program.commands.length).toBeGreaterThan(10);
    expect(bad).toEqual([]);
  });
});

describe('exports and digests: pseudonyms only, no per-author figures', () => {
  let f: Fixture;
  const secret = 'f'.repeat(64); // the digest fixture's ingest secret
  beforeAll(async () => {
    f = await buildFixture();
  }, 60_000);
  afterAll(() => f.close());

  const collect = async (format: 'jsonl' | 'csv') => {
    const chunks: string[] = [];
    const out = new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) });
    const n = await exportItems(f.store, out, format);
    return { n, text: chunks.join('') };
  };

  it('CSV and JSONL exports carry each item\'s pseudonym, never a raw handle, and nothing aggregated per author', async () => {
    const pseudonyms = new Set(HANDLES.map((x) => pseudonymize(x, secret)));
    for (const format of ['jsonl', 'csv'] as const) {
      const { n, text } = await collect(format);
      expect(n).toBeGreaterThan(50);
      // (The fixture writes "hungbd88" into some posts' text on purpose: post text is exported as is.)
      for (const raw of HANDLES.filter((x) => x !== 'hungbd88')) expect(text, `${format}: ${raw}`).not.toContain(raw.replace(/^@/, ''));
      expect([...pseudonyms].some((p) => text.includes(p))).toBe(true);
      const header = format === 'csv' ? text.replace(/^\uFEFF/, '').split('\n')[0].split(',') : Object.keys(JSON.parse(text.split('\n')[0]));
      expect(header.filter((k) => AUTHORISH.test(k))).toEqual(['author']);
    }
    const rows = (await collect('jsonl')).text.trim().split('\n').map((l) => JSON.parse(l) as { author: string | null });
    for (const r of rows) if (r.author !== null) expect(pseudonyms.has(r.author), r.author).toBe(true);
  });

  it('the digest holds counts and claims, no handle, no pseudonym, no author keys', async () => {
    const data = await buildDigest(f.store, { week: WEEK, now: new Date(Date.parse(WEEK.end) + 3_600_000) });
    const json = JSON.stringify(data);
    for (const raw of HANDLES) expect(json).not.toContain(raw.replace(/^@/, ''));
    for (const raw of HANDLES) expect(json).not.toContain(pseudonymize(raw, secret));
    expect(json).not.toMatch(/tg-[0-9a-f]{6,}/);
    const keys: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (keys.push(k), walk(x));
    };
    walk(data);
    expect(keys.filter((k) => AUTHORISH.test(k))).toEqual([]);
  });
});

describe('raw handle: admins only, one item at a time, every reveal audited', () => {
  let h: Harness & { sourcesDir: string };
  const handles = ['nguoidung_1', 'nguoidung_2', 'nguoidung_3'];
  beforeAll(async () => {
    h = await adminHarness();
  });
  afterAll(() => h.close());
  const reveals = async () => h.store.audit.page({ action: 'author_reveal', limit: 100 });

  it('no list or item page shows a raw handle, even to an admin', async () => {
    const c = new Client(h);
    await c.login('admin');
    for (const p of ['/queue', '/queue?label=covid_false', `/items/${h.ids[0]}`, `/items/${h.ids[2]}`, '/claims', '/grievances', '/admin/audit']) {
      const html = await (await c.get(p)).text();
      for (const x of handles) expect(html, `${p}: ${x}`).not.toContain(x);
    }
  });

  it('reviewers and viewers are refused, and nothing is revealed or audited', async () => {
    const before = (await reveals()).length;
    for (const who of ['reviewer', 'viewer']) {
      const c = new Client(h);
      await c.login(who);
      const res = await c.post(`/items/${h.ids[0]}/reveal-author`, {});
      expect(res.status, who).toBe(403);
      expect(await res.text()).not.toContain('nguoidung_1');
    }
    expect((await reveals()).length).toBe(before);
  });

  it('an admin sees only the requested item\'s handle, each reveal writes its own audit row, GET reveals nothing', async () => {
    const c = new Client(h);
    await c.login('admin');
    await c.page(`/items/${h.ids[0]}`);
    const before = (await reveals()).length;
    const first = await c.post(`/items/${h.ids[0]}/reveal-author`, {});
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toMatch(/no-store/);
    const html = await first.text();
    expect(html).toContain('nguoidung_1');
    expect(html).not.toContain('nguoidung_2');
    expect(html).not.toContain('nguoidung_3');
    await c.post(`/items/${h.ids[0]}/reveal-author`, {});
    const second = await (await c.post(`/items/${h.ids[2]}/reveal-author`, {})).text();
    expect(second).toContain('nguoidung_3');
    expect(second).not.toContain('nguoidung_1');
    const rows = await reveals();
    expect(rows.length).toBe(before + 3);
    expect(rows.slice(0, 3).map((r) => [r.username, r.target_type, r.target_id])).toEqual([
      ['admin', 'item', String(h.ids[2])],
      ['admin', 'item', String(h.ids[0])],
      ['admin', 'item', String(h.ids[0])],
    ]);
    // The audit row records the fact of the reveal, never the handle itself.
    for (const r of rows) for (const x of handles) expect(JSON.stringify(r)).not.toContain(x);
    const get = await c.get(`/items/${h.ids[0]}/reveal-author`);
    expect(get.status).not.toBe(200);
    expect(await get.text()).not.toContain('nguoidung_1');
    expect((await reveals()).length).toBe(before + 3);
  });
});

describe('watchlists and alerts follow topics and claims, never people (issue 15, §1)', () => {
  let h: Harness & { sourcesDir: string };
  beforeAll(async () => {
    h = await adminHarness();
  });
  afterAll(() => h.close());

  it('no watchlist or alert table has an author, handle or pseudonym column', async () => {
    for (const table of ['watchlists', 'watchlist_visits', 'alerts', 'alert_reads']) {
      const cols = (await h.store.db.all<{ name: string }>(`SELECT name FROM pragma_table_info(?)`, [table])).map((c) => c.name);
      expect(cols.length, table).toBeGreaterThan(1);
      expect(cols.filter((c) => AUTHORISH.test(c)), table).toEqual([]);
    }
  });

  it('a search about an author (@handle, author:, tác giả:) is refused and nothing is saved', async () => {
    const c = new Client(h);
    await c.login('admin');
    await c.page('/watchlists/new');
    const pseudo = (await h.store.reviewItems.get(h.ids[0]))!.authorPseudonym!;
    for (const query of ['@nguoidung_1', 'author:nguoidung_1', `author: ${pseudo}`, 'tác giả: nguoidung_1', 'handle:nguoidung_1', 'toi OR (@nguoidung_1)', 'nick:x']) {
      const res = await c.post('/watchlists', { name: 'Theo dõi', query });
      expect(res.status, query).toBe(400);
    }
    expect(await h.store.watchlists.list()).toEqual([]);
  });

  it('author fields sent with a watchlist are dropped: the saved watchlist holds only words, labels, unit, source and dates', async () => {
    const c = new Client(h);
    await c.login('admin');
    await c.page('/watchlists/new');
    const res = await c.post('/watchlists', { name: 'Tỏi', query: 'toi', author: 'nguoidung_1', handle: 'nguoidung_1', author_pseudonym: 'tg-00000000' });
    expect(res.status).toBe(303);
    const [w] = await h.store.watchlists.list();
    expect(JSON.stringify(w)).not.toMatch(/nguoidung|tg-0/);
    const row = await h.store.db.get<Record<string, unknown>>('SELECT * FROM watchlists WHERE id = ?', [w.id]);
    expect(JSON.stringify(row)).not.toMatch(/nguoidung|tg-0/);
    // The queue opened on it ignores author parameters too.
    const ids = async (q: string) => [...(await (await c.get(`/queue?watch=${w.id}${q}`)).text()).matchAll(/href="\/items\/(\d+)"/g)].map((m) => m[1]).join(',');
    expect(await ids('&author=nguoidung_1')).toBe(await ids(''));
    // Words only: a pseudonym typed as words finds no post.
    const p = await c.post('/watchlists', { name: 'P', query: (await h.store.reviewItems.get(h.ids[0]))!.authorPseudonym! });
    expect(p.status).toBe(303);
    const byPseudo = (await h.store.watchlists.list()).find((x) => x.name === 'P')!;
    expect([...(await (await c.get(`/queue?watch=${byPseudo.id}`)).text()).matchAll(/href="\/items\/(\d+)"/g)]).toEqual([]);
  });
});
