// Hostile HTML (npm run bench -- adversarial). Prints JSON lines {"name","value","unit"}; never
// passes or fails on time. Issue 14, finding 2: before the fix, on the 2-core dev machine under load,
//   htmlToText of 80 KB of "<a"          1.59 s  (the tag-detection regex backtracked from every "<")
//   html page of 40,000 nested <div>   15.43 s  (parse5 scans the open-element stack per tag)
//   html page of 100,000 nested <div>  321 s
//   htmlToText of 40,000 nested <div>   stack overflow (recursive clone/text)
// all on the crawling process's event loop (`serve` crawls in the web process).
// KC_BENCH_LEGACY=1 also times the old regex and cheerio's default parser on the same inputs.
import { load } from 'cheerio';
import { DocumentWorker } from '../crawlers/adapters/document-worker.js';
import { htmlToText } from '../crawlers/adapters/extract.js';
import { extractPage } from '../crawlers/adapters/html.js';
import { sourceSchema } from '../crawlers/source-schema.js';

const emit = (name: string, value: number, unit: string) => process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 100) / 100, unit })}\n`);
const note = (msg: string) => process.stderr.write(`# ${msg}\n`);
const ms = (fn: () => unknown) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

const source = sourceSchema.parse({ id: 'bench-hostile', name: 'Bench', type: 'html', url: 'https://example.org/', select: { item: '.post', text: '.body' } });
const nested = (n: number) => `${'<div>'.repeat(n)}<div class="post"><p class="body">x</p></div>${'</div>'.repeat(n)}`;
const inputs: Array<[string, string]> = [
  ['a80k', '<a'.repeat(40 * 1024)],
  ['nested40k', nested(40_000)],
  ['nested100k', nested(100_000)],
  ['attrs', `<p ${'b="&amp;" '.repeat(50_000)}>`],
  ['entities', '&amp;&#x41;&bogus;'.repeat(50_000)],
];

// In this thread: the extraction code itself.
for (const [name, html] of inputs) {
  htmlToText(html.slice(0, 1000)); // warm-up
  emit(`crawl.hostile.${name}.html_to_text_ms`, ms(() => htmlToText(html)), 'ms');
  emit(`crawl.hostile.${name}.extract_page_ms`, ms(() => extractPage(html, source, 'https://example.org/')), 'ms');
  note(`${name}: ${(html.length / 1024).toFixed(0)} KB`);
}

// Through the document worker, as the adapters run it (includes copying the page to the worker).
const worker = new DocumentWorker();
const t0 = performance.now();
await worker.run({ kind: 'html', html: '<p>warm</p>', source, pageUrl: 'https://example.org/' });
emit('crawl.hostile.worker_start_ms', performance.now() - t0, 'ms');
for (const [name, html] of inputs) {
  const t = performance.now();
  await worker.run({ kind: 'html', html, source, pageUrl: 'https://example.org/' });
  emit(`crawl.hostile.${name}.worker_ms`, performance.now() - t, 'ms');
}
await worker.close();

if (process.env.KC_BENCH_LEGACY === '1') {
  const legacyRegex = /<[a-z!/][^>]*>|&[#\w]+;/i;
  emit('crawl.hostile.a80k.legacy_regex_ms', ms(() => legacyRegex.test(inputs[0][1])), 'ms');
  emit('crawl.hostile.nested40k.legacy_parse5_ms', ms(() => load(inputs[1][1])), 'ms');
}
