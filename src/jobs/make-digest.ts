import { join } from 'node:path';
import type { IsoWeek } from '../digest/iso-week.js';
import type { DigestLang } from '../digest/locales.js';
import type { Store } from '../storage/store.js';
import { runDigest } from './digest-job.js';

export interface DigestMakerOptions {
  /** Base folder of digests (KC_DATA_DIR/digests). */
  dir: string;
  chromiumPath: string;
  rulesDir: string;
}

/**
 * The digest-making function handed to the admin pages ("Tạo bản tin"): figures, HTML, Markdown,
 * PDF, stored and written, never mailed (an admin looks at it first; the Monday schedule mails).
 * Files go to <dir>/<week>[-<unit>]-<lang>, apart from the scheduled digest's folder, so a digest
 * made by hand never overwrites the files that were mailed.
 */
export function digestMaker(o: DigestMakerOptions) {
  return async (store: Store, r: { week: IsoWeek; unit: string | null; lang: DigestLang; now: Date }): Promise<{ id: number }> => {
    const unitPart = r.unit ? `-${r.unit.replace(/[^\p{L}\p{N}_-]+/gu, '_')}` : '';
    const { id } = await runDigest(store, {
      week: r.week,
      unit: r.unit,
      lang: r.lang,
      outDir: join(o.dir, `${r.week.label}${unitPart}-${r.lang}`),
      chromiumPath: o.chromiumPath,
      rulesDir: o.rulesDir,
      now: r.now,
    });
    return { id };
  };
}
