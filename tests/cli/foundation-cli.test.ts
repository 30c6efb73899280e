import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, startServerProcess, tempDir } from '../helpers/foundation.js';

const dir = tempDir('kc-cli-');
const env = { KC_DATA_DIR: join(dir, 'data') };
const db = join(dir, 'cli.db');
const good = join(dir, 'good.jsonl');
const mixed = join(dir, 'mixed.jsonl');
writeFileSync(
  good,
  [
    { text: 'Công ty may Hòa Bình nợ lương công nhân hai tháng, công đoàn cơ sở đang làm việc với ban giám đốc.', author: 'Phạm Văn Lực' },
    { text: 'Uống nước chanh nóng chữa khỏi COVID, không cần tiêm vắc xin.', url: 'https://mxh.example/p/1?fbclid=x' },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n'),
);
writeFileSync(mixed, `${JSON.stringify({ text: 'Một dòng tốt về an toàn lao động' })}\n{oops\n${JSON.stringify({ text: 'x', published_at: 'mai' })}\n`);

describe('CLI help and argument errors', { timeout: 120_000 }, () => {
  it('prints help for the program and every foundation command', async () => {
    const runs = await Promise.all([[], ['import'], ['export'], ['stats'], ['serve']].map((c) => runCli([...c, '--help'], env)));
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: kiemchung/);
    }
    expect(runs[0].stdout).toMatch(/import \[options\] <file>[\s\S]*export[\s\S]*stats[\s\S]*serve/);
    for (const r of runs.slice(1)) expect(r.stdout).toContain('--db <path>');
    expect(runs[1].stdout).toMatch(/Exit status: 0 .* 2 when some rows were rejected/s);
  });

  it('rejects bad arguments with a clear message and a non-zero exit', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['export', '--format', 'xml', '--db', db], /argument 'xml' is invalid\. Allowed choices are jsonl, csv/],
      [['serve', '--port', 'abc'], /must be a port number/],
      [['serve', '--port', '70000'], /must be a port number/],
      [['import'], /missing required argument 'file'/],
      [['import', join(dir, 'nope.jsonl'), '--db', db], /no such file: .*nope\.jsonl/],
      [['stats', '--db', join(dir, 'missing.db')], /no database at .*missing\.db/],
      [['import', good, '--format', 'yaml'], /Allowed choices are jsonl, csv/],
      [['nonsense'], /unknown command 'nonsense'/],
      [['stats', '--bogus'], /unknown option '--bogus'/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(args, env)));
    runs.forEach((r, i) => {
      expect(r.code, cases[i][0].join(' ')).not.toBe(0);
      expect(r.stderr, cases[i][0].join(' ')).toMatch(cases[i][1]);
      expect(r.stdout).toBe('');
    });
  });
});

describe('CLI import / stats / export', { timeout: 120_000 }, () => {
  it('import --json prints exactly one JSON object and exits 0 or 2', async () => {
    const ok = await runCli(['import', good, '--json', '--db', db], env);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ imported: 2, duplicates: 0, rejected: [] });
    expect(ok.stdout.trim().split('\n')).toHaveLength(1);

    const some = await runCli(['import', mixed, '--json', '--no-classify', '--db', db], env);
    expect(some.code).toBe(2);
    const report = JSON.parse(some.stdout);
    expect(report).toEqual({
      imported: 1,
      duplicates: 0,
      rejected: [
        { line: 2, error: expect.stringMatching(/^invalid JSON/) },
        { line: 3, error: expect.stringMatching(/^published_at: "mai" is not a date/) },
      ],
    });

    const human = await runCli(['import', good, '--db', db], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toBe('imported 0 new item(s), 2 duplicate(s), 0 rejected row(s)\n');
    const mixedHuman = await runCli(['import', mixed, '--no-classify', '--db', db], env);
    expect(mixedHuman.code).toBe(2);
    expect(mixedHuman.stderr).toContain(`${mixed}:2: invalid JSON`);
  });

  it('stats --json and exports without raw authors', async () => {
    const stats = await runCli(['stats', '--json', '--db', db], env);
    expect(stats.code).toBe(0);
    // the first import ran the bundled rules and model; the second one was told not to classify
    expect(JSON.parse(stats.stdout)).toMatchObject({ items: 3, classified: 2, unclassified: 1, duplicates: 3, bySource: { import: 3 } });

    const out = join(dir, 'export.csv');
    const csv = await runCli(['export', '--out', out, '--db', db], env);
    expect(csv.code).toBe(0);
    expect(csv.stderr).toContain('exported 3 item(s)');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const body = readFileSync(out, 'utf8');
    expect(body.startsWith('\uFEFFid,source')).toBe(true);
    expect(body).not.toContain('Lực');

    const jsonl = await runCli(['export', '--format', 'jsonl', '--db', db], env);
    expect(jsonl.code).toBe(0);
    const rows = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(3);
    expect(rows[0].author).toMatch(/^tg-[0-9a-f]{8}$/);
    expect(jsonl.stdout).not.toContain('Phạm');
  });
});

describe('CLI serve', { timeout: 120_000 }, () => {
  it('starts the web server, prints its URL, serves a page and stops on SIGTERM', async () => {
    const server = await startServerProcess([join(ROOT, 'src/cli.ts'), 'serve', '--port', '0', '--db', db], env, /(http:\/\/127\.0\.0\.1:\d+\/)/);
    const res = await fetch(server.url, { redirect: 'manual' });
    expect(res.status).toBeLessThan(400);
    expect(await server.stop()).toBe('0');
  });
});
