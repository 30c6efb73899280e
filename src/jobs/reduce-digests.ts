import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DigestLang } from '../digest/locales.js';
import { renderDigestHtml } from '../digest/render-html.js';
import { renderDigestMarkdown } from '../digest/render-md.js';
import { writeFileAtomic } from '../files/write-atomic.js';
import type { Store } from '../storage/store.js';

/**
 * Digest history keeps only counts: for weeks that ended before `before`, the emerging terms
 * (words and phrases taken from posts) are emptied, HTML and Markdown re-rendered from the reduced
 * figures and the PDF dropped, in the database and in the digest's folder. Returns how many digests
 * were (or, with `dryRun`, would be) reduced.
 */
export async function reduceOldDigests(store: Store, before: Date, dryRun: boolean): Promise<number> {
  const lastDay = before.toISOString().slice(0, 10);
  const rows = await store.digests.unreducedBefore(lastDay);
  if (dryRun) return rows.length;
  for (const row of rows) {
    const data = { ...row.data, emergingTerms: [] };
    const lang = row.lang as DigestLang;
    const html = await renderDigestHtml(data, lang);
    const markdown = renderDigestMarkdown(data, lang);
    await store.write(() => store.digests.reduce(row.id, { data, html, markdown }));
    if (row.outDir && existsSync(row.outDir)) {
      // The folder holds the files the digest was sent as; they get the same reduction.
      if (existsSync(join(row.outDir, 'digest.html'))) await writeFileAtomic(join(row.outDir, 'digest.html'), html);
      if (existsSync(join(row.outDir, 'digest.md'))) await writeFileAtomic(join(row.outDir, 'digest.md'), markdown);
      rmSync(join(row.outDir, 'digest.pdf'), { force: true });
    }
  }
  return rows.length;
}
