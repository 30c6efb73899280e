import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatSourceError, loadSources, parseSourceFile } from '../../crawlers/source-schema.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kc-sources-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const FORUM = `id: forum-congnhan
name: Diễn đàn công nhân
type: html
url: https://example.org/forum
schedule: "*/30 * * * *"
unit: tkv-hq
select:
  item: ".post"
  text: ".body"
  link: "a.permalink@href"
next: "a.next@href"
max_pages: 3
`;

describe('source files', () => {
  it('parses a full definition with defaults', () => {
    const { source, errors } = parseSourceFile(FORUM, 'forum.yaml');
    expect(errors).toEqual([]);
    expect(source).toMatchObject({ id: 'forum-congnhan', type: 'html', enabled: true, max_pages: 3, unit: 'tkv-hq', file: 'forum.yaml' });
    const rss = parseSourceFile('id: a\nname: A\ntype: rss\nurl: https://example.org/rss\n', 'a.yaml').source!;
    expect(rss.schedule).toBe('0 * * * *');
    expect(rss.max_pages).toBe(1);
  });

  it('accepts a standard CSS post selector for the evidence screenshot, on any source type', () => {
    expect(parseSourceFile(`${FORUM}post_selector: "main > article.post:first-of-type"\n`, 'forum.yaml').source?.post_selector).toBe('main > article.post:first-of-type');
    const rss = parseSourceFile('id: a\nname: A\ntype: rss\nurl: https://example.org/rss\npost_selector: article\n', 'a.yaml');
    expect(rss.errors).toEqual([]);
    expect(rss.source?.post_selector).toBe('article');
    expect(parseSourceFile(FORUM, 'forum.yaml').source?.post_selector).toBeUndefined();
  });

  it('knows the platform kinds the recipes write (wordpress, discourse), which take no selectors or field map', () => {
    const wp = parseSourceFile('id: wp\nname: WP\ntype: wordpress\nurl: https://example.org/wp-json/wp/v2/posts\n', 'wp.yaml');
    expect(wp.source?.type).toBe('wordpress');
    expect(parseSourceFile('id: d\nname: D\ntype: discourse\nurl: https://forum.example/posts.json\n', 'd.yaml').source?.type).toBe('discourse');
    const bad = parseSourceFile('id: d\nname: D\ntype: discourse\nurl: https://forum.example/posts.json\nselect: { item: ".p", text: ".t" }\n', 'd.yaml');
    expect(bad.errors.map(formatSourceError)).toEqual(['d.yaml:5: select: not used by type discourse']);
    expect(parseSourceFile('id: w\nname: W\ntype: wordpress\nurl: https://example.org/wp-json/wp/v2/posts\nfields: { text: a }\n', 'w.yaml').errors[0]?.message).toBe('only used by type json');
  });

  it('names file, line and field for a missing selector', () => {
    const { errors } = parseSourceFile(FORUM.replace('  text: ".body"\n', ''), 'forum.yaml');
    expect(errors).toHaveLength(1);
    expect(formatSourceError(errors[0])).toMatch(/^forum\.yaml:8: select\.text: /);
  });

  it.each([
    ['a typo in a key', FORUM.replace('max_pages', 'max_page'), /forum\.yaml:12: max_page: unknown field/],
    ['a bad cron expression', FORUM.replace('*/30 * * * *', '61 * * * *'), /forum\.yaml:5: schedule: invalid cron expression: 61/],
    ['a non-http URL', FORUM.replace('https://example.org/forum', 'file:///etc/passwd'), /forum\.yaml:4: url: must be an http\(s\) URL/],
    ['an unknown type', FORUM.replace('type: html', 'type: telegram'), /forum\.yaml:3: type: /],
    ['a bad id', FORUM.replace('forum-congnhan', 'Forum Công Nhân'), /forum\.yaml:1: id: use a slug/],
    ['selectors on a json source', FORUM.replace('type: html', 'type: json'), /fields: required for type json/],
    ['invalid YAML', 'id: a\nname: [unclosed\n', /forum\.yaml:\d+: /],
    ['a broken post selector', `${FORUM}post_selector: "div["\n`, /forum\.yaml:13: post_selector: invalid CSS selector/],
    ['an attribute as post selector', `${FORUM}post_selector: "a.permalink@href"\n`, /forum\.yaml:13: post_selector: a CSS selector of an element, not "sel@attr"/],
    ['a jQuery-only post selector', `${FORUM}post_selector: "div.post:first"\n`, /forum\.yaml:13: post_selector: ":first" is not standard CSS/],
    ['an empty post selector', `${FORUM}post_selector: " "\n`, /forum\.yaml:13: post_selector: must be a CSS selector of the post element/],
  ])('reports %s', (_, text, pattern) => {
    const { source, errors } = parseSourceFile(text, 'forum.yaml');
    expect(source).toBeUndefined();
    expect(errors.map(formatSourceError).join('\n')).toMatch(pattern);
  });

  it('loads a folder, reporting duplicate ids and skipping non-YAML files', () => {
    const dir = folder({ 'a.yaml': FORUM, 'b.yml': FORUM, 'notes.md': '# not a source' });
    const { sources, errors } = loadSources(dir);
    expect(sources.map((s) => s.id)).toEqual(['forum-congnhan']);
    expect(errors).toEqual([{ file: join(dir, 'b.yml'), field: 'id', message: 'duplicate id "forum-congnhan" (also in a.yaml)' }]);
  });

  it('reports a missing folder', () => {
    expect(loadSources('/nonexistent/kc-sources').errors[0].message).toMatch(/cannot read sources folder/);
  });

  it('ships valid example sources, all disabled so nothing reaches the Internet by default', () => {
    const { sources, errors } = loadSources(join(import.meta.dirname, '../../crawlers/sources'));
    expect(errors).toEqual([]);
    expect(sources.length).toBeGreaterThanOrEqual(3);
    expect(sources.every((s) => s.enabled === false)).toBe(true);
    expect(new Set(sources.map((s) => s.type))).toEqual(new Set(['rss', 'json']));
  });
});
