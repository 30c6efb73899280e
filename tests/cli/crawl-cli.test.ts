import { spawn } from 'node:child_process';
import { Command, CommanderError } from 'commander';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLES, newsSite } from '../fixtures/sites/news-site.js';
import { serveSite, type RunningSite } from '../fixtures/sites/serve-site.js';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let news: RunningSite;
let env: NodeJS.ProcessEnv;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the crawl/sources/tip commands in-process (a spawned CLI pays for every command module's
 * imports); `serve` below is spawned for real.
 */
async function cli(args: string[]): Promise<Run> {
  const program = new Command('kiemchung').exitOverride();
  for (const m of await Promise.all([import('../../src/cli/crawl-command.js'), import('../../src/cli/sources-command.js'), import('../../src/cli/tip-command.js')])) {
    m.register(program);
  }
  const out = { stdout: '', stderr: '' };
  const write = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((c: string) => ((out.stdout += c), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string) => ((out.stderr += c), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  let code: number;
  try {
    await program.parseAsync(['node', 'kiemchung', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (err) {
    if (err instanceof CommanderError) code = err.exitCode;
    else {
      out.stderr += `error: ${(err as Error).message}\n`;
      code = (err as { exitCode?: number }).exitCode ?? 1;
    }
  } finally {
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
    process.exitCode = undefined;
  }
  return { code, ...out };
}

function spawnCli(args: string[], opts: { until: (out: { stdout: string; stderr: string }) => boolean }): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), ...args], { cwd: ROOT, env });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (d) => (out.stdout += d));
    child.stderr.on('data', (d) => (out.stderr += d));
    const poll = setInterval(() => {
      if (opts.until(out)) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 200);
    const guard = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('close', (code) => {
      clearInterval(poll);
      clearTimeout(guard);
      done({ code, ...out });
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kc-crawl-cli-'));
  news = await serveSite(newsSite());
  mkdirSync(join(dir, 'sources'));
  writeFileSync(join(dir, 'sources', 'bao.yaml'), `id: bao\nname: Báo\ntype: rss\nurl: ${news.origin}/rss.xml\nschedule: "* * * * * *"\n`);
  writeFileSync(join(dir, 'sources', 'off.yaml'), `id: off\nname: Off\ntype: rss\nurl: ${news.origin}/atom.xml\nenabled: false\n`);
  env = {
    ...process.env,
    KC_DB: join(dir, 'data', 'kiemchung.db'),
    KC_DATA_DIR: join(dir, 'data'),
    KC_SOURCES_DIR: join(dir, 'sources'),
    KC_CRAWL_ALLOW_HOSTS: news.hostPort,
    KC_CRAWL_DELAY_MS: '0',
    KC_CRAWL_JITTER_MS: '0',
    KC_DEMO_CORPUS: '',
  };
  // The in-process commands read configuration from this process's environment (once).
  Object.assign(process.env, env);
});
afterAll(async () => {
  await news.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('crawl / sources / tip commands', () => {
  it('sources validate names file, line and field, and fails', async () => {
    const bad = join(dir, 'bad-sources');
    mkdirSync(bad);
    writeFileSync(join(bad, 'x.yaml'), 'id: x\nname: X\ntype: html\nurl: https://example.org/\n');
    const r = await cli(['sources', 'validate', '--sources', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(bad, 'x.yaml')}:1: select: required for type html`);
  });

  it('sources test shows what would be extracted and stores nothing', async () => {
    const r = await cli(['sources', 'test', 'bao', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ source: 'bao', found: 3 });
    expect(out.items[0].title).toBe(ARTICLES[0].title);
    expect(existsSync(join(dir, 'data', 'kiemchung.db'))).toBe(false);
  });

  it('crawl --once stores enabled sources and sources list shows their health', async () => {
    const r = await cli(['crawl', '--once', '--json', '--no-evidence']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.sources).toHaveLength(1);
    expect(out.sources[0]).toMatchObject({ sourceId: 'bao', status: 'ok', found: 3, new: 3, health: 'ok' });
    expect(out.errors).toEqual([]);

    const again = JSON.parse((await cli(['crawl', '--once', '--json', '--source', 'bao', 'off', '--no-evidence'])).stdout);
    expect(again.sources.map((s: { sourceId: string; status: string }) => [s.sourceId, s.status])).toEqual([
      ['bao', 'not_modified'],
      ['off', 'ok'],
    ]);

    const list = await cli(['sources', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^bao\s+rss\s+yes\s+\* \* \* \* \* \*\s+ok\s+not_modified /m);
    expect(list.stdout).toMatch(/^off\s+rss\s+no\s+/m);
  });

  it('crawl --once reports an unknown source clearly', async () => {
    const r = await cli(['crawl', '--once', '--source', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no source "nope"');
    expect(r.stderr).toContain('known: bao, off');
  });

  it('tip --url stores the readable text; robots-disallowed URLs are refused with a hint', async () => {
    // The crawl already stored this article from the feed: the tip is linked to it, not stored twice.
    const known = await cli(['tip', '--url', `${news.origin}/bai-viet/2`, '--json']);
    expect(known.code).toBe(0);
    expect(JSON.parse(known.stdout)).toMatchObject({ status: 'duplicate' });
    const pasted = await cli(['tip', '--text', 'Công ty X bắt công nhân ký đơn tự nguyện tăng ca', '--unit', 'hq']);
    expect(pasted.stdout).toMatch(/^stored tip as item #\d+/);
    const refused = await cli(['tip', '--url', `${news.origin}/private/x`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/robots\.txt[\s\S]*tip --text/);
    expect(news.paths()).not.toContain('/private/x');
    const both = await cli(['tip']);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('exactly one of --url');
  });

  it('serve runs the scheduler next to the web server', async () => {
    const before = news.paths().filter((p) => p === '/rss.xml').length;
    const r = await spawnCli(['serve', '--port', '0'], { until: (o) => /crawl bao: /.test(o.stderr) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Kiểm Chứng is serving http://127.0.0.1:');
    expect(news.paths().filter((p) => p === '/rss.xml').length).toBeGreaterThan(before);
    expect(r.stderr).toMatch(/crawl bao: (ok|not_modified)/);
  }, 120_000);
});
