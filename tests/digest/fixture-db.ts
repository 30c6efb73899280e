import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isoWeek, shiftWeek } from '../../src/digest/iso-week.js';
import { ingest } from '../../src/jobs/ingest.js';
import type { Actor } from '../../src/review/access.js';
import { createClaimFromItem, decideClaim, setClaimMember } from '../../src/review/claim-service.js';
import { recordVerdict } from '../../src/review/item-actions.js';
import { openStore, type Store } from '../../src/storage/store.js';
import type { Verdict } from '../../src/storage/verdicts.js';
import type { Classification, Classifier, ClassifyInput, RawItem, Reason } from '../../src/types.js';

export const TZ = 'Asia/Ho_Chi_Minh';
export const WEEK = isoWeek(2026, 47, TZ);
/** Raw author handles of the fixture: none may appear in any digest output. */
export const HANDLES = ['@nguyen.van.hung', 'tran_thi_mai_1990', 'hungbd88'];

interface TestRule {
  id: string;
  label: string;
  phrase: string;
  shadow?: boolean;
}
export const TEST_RULES: TestRule[] = [
  { id: 'covid-cure', label: 'covid_false', phrase: 'chữa khỏi covid' },
  { id: 'indep-union', label: 'union_org', phrase: 'công đoàn độc lập' },
  { id: 'grievance.unpaid-wages', label: 'grievance', phrase: 'nợ lương' },
  { id: 'grievance.bonus-insult', label: 'grievance', phrase: 'thưởng tết' },
  { id: 'vaccine-watch', label: 'covid_false', phrase: 'vắc xin', shadow: true },
];

/** A small real Classifier: phrase rules with reasons, as the digest reads them. */
export class PhraseClassifier implements Classifier {
  readonly version = 'test-phrases-1';
  classify({ text, title }: ClassifyInput): Classification {
    const body = `${title ?? ''} ${text}`.toLowerCase();
    const reasons: Reason[] = [];
    const scores: Record<string, number> = { covid_false: 0, union_org: 0, grievance: 0 };
    for (const r of TEST_RULES) {
      const at = body.indexOf(r.phrase);
      if (at < 0) continue;
      reasons.push({ kind: 'rule', label: r.label, ruleId: r.id, weight: 0.9, spans: [{ start: at, end: at + r.phrase.length }], ...(r.shadow ? { shadow: true } : {}) });
      if (!r.shadow) scores[r.label] = 0.9;
    }
    return { labels: Object.keys(scores).filter((l) => scores[l] >= 0.5), scores, reasons, version: this.version };
  }
}

export interface Fixture {
  store: Store;
  dir: string;
  reviewer: Actor;
  admin: Actor;
  close: () => Promise<void>;
}

const at = (weekOffset: number, day: number, hour: number) =>
  new Date(Date.parse(shiftWeek(WEEK, weekOffset).start) + day * 86_400_000 + hour * 3_600_000);

function post(week: number, i: number, theme: string, unit: string, source: string): RawItem {
  return {
    text: `Bài số ${i} tuần ${week}: ${theme}. Mã bài ${week * 1000 + i}.`,
    author: HANDLES[i % HANDLES.length],
    source,
    unit,
    url: `https://example.test/${source}/${week}/${i}`,
  };
}

async function addItems(store: Store, raws: RawItem[], now: Date): Promise<number[]> {
  const r = await ingest(store, raws, { classifier: new PhraseClassifier(), secret: 'f'.repeat(64), now });
  return r.ids;
}

/**
 * Eight weeks of items (2026-W40 … W47) in two units and two sources, with verdicts, a claim with a
 * published response, grievance follow-ups and crawl runs. Figures are checked against plain SQL.
 * `given`: a store to fill instead of a new SQLite file (the storage contract runs it on PostgreSQL).
 */
export async function buildFixture(given?: Store): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'kc-digest-'));
  const store = given ?? (await openStore(join(dir, 'kc.db')));
  const now = at(0, 0, 1).toISOString();
  const reviewerId = await store.users.create({ username: 'reviewer1', role: 'reviewer', unit: 'tkv', passwordHash: 'x', now });
  const adminId = await store.users.create({ username: 'admin1', role: 'admin', unit: null, passwordHash: 'x', now });
  const reviewer: Actor = { id: reviewerId, username: 'reviewer1', role: 'reviewer', unit: 'tkv' };
  const admin: Actor = { id: adminId, username: 'admin1', role: 'admin', unit: null };
  const themes = ['uống nước lá ổi chữa khỏi covid', 'kêu gọi lập công đoàn độc lập', 'công ty nợ lương ba tháng', 'ca đêm mệt nhưng vẫn ổn', 'tin vắc xin mới'];
  const byWeek = new Map<number, number[]>();
  for (let w = -7; w <= 0; w++) {
    const raws: RawItem[] = [];
    const n = 12 + (w + 7) * 2;
    for (let i = 0; i < n; i++) raws.push(post(w + 47, i, themes[(i + w + 7) % themes.length], i % 3 === 0 ? 'evn' : 'tkv', i % 2 ? 'rss-b' : 'forum-a'));
    if (w === 0) {
      // This week's new theme, and a handle written as a plain word in the text (must not surface as a term).
      for (let i = 0; i < 8; i++) raws.push(post(47, 100 + i, `hungbd88 kể thưởng tết bị cắt giảm ở xưởng ${i}`, 'tkv', 'forum-a'));
    }
    byWeek.set(w, await addItems(store, raws, at(w, 1 + ((w + 7) % 4), 9)));
  }
  const meta = (d: Date) => ({ now: d, ip: '127.0.0.1' });
  const decide = async (id: number, verdict: Verdict, when: Date, actor: Actor = admin) =>
    recordVerdict(store, actor, { itemId: id, verdict, reason: 'kiểm tra' }, meta(when));
  const cur = byWeek.get(0)!;
  const prev = byWeek.get(-1)!;
  // Previous week: three decisions. This week: decisions on items of this and last week.
  await decide(prev[0], 'false', at(-1, 3, 10));
  await decide(prev[2], 'grievance', at(-1, 4, 11));
  await decide(prev[3], 'not_relevant', at(-1, 5, 8));
  await decide(prev[5], 'accurate', at(0, 0, 8));
  await decide(cur[1], 'misleading', at(0, 2, 15));
  await decide(cur[4], 'grievance', at(0, 3, 9));
  await decide(cur[7], 'not_relevant', at(0, 3, 12));
  await decide(cur[7], 'unverifiable', at(0, 4, 12)); // a revised verdict: only the last one counts
  // A claim with three members, decided false, with a response approved and published this week.
  const covid = cur.filter((_, i) => themes[(i + 7) % themes.length].includes('covid'));
  const claimId = await createClaimFromItem(store, admin, { itemId: covid[0], statement: 'Nước lá ổi chữa khỏi COVID-19', label: 'covid_false' }, meta(at(0, 4, 9)));
  for (const id of covid.slice(1, 3)) await setClaimMember(store, admin, { claimId, itemId: id, state: 'confirmed', similarity: 0.8 }, meta(at(0, 4, 10)));
  await decideClaim(store, admin, { claimId, verdict: 'false', reason: 'Bộ Y tế bác bỏ' }, meta(at(0, 4, 11)));
  await store.db.write(async () => {
    const rid = await store.responses.create({ claimId, template: null, body: 'Không có bằng chứng.', sources: [{ url: 'https://moh.gov.vn/x', title: 'Bộ Y tế' }], userId: adminId, now: at(0, 4, 12).toISOString() });
    await store.responses.approve(rid, adminId, at(0, 5, 9).toISOString());
    await store.responses.publish(rid, 'https://example.test/post', adminId, at(0, 5, 10).toISOString());
  });
  // Crawl runs this week: rss-b failed twice out of three, forum-a fine.
  for (const [source, ok, day] of [['rss-b', false, 1], ['rss-b', true, 2], ['rss-b', false, 3], ['forum-a', true, 2]] as const) {
    const id = await store.crawlRuns.start(source, at(0, day, 6).toISOString());
    await store.crawlRuns.finish(id, { status: ok ? 'ok' : 'failed', endedAt: at(0, day, 6).toISOString(), error: ok ? null : `HTTP 503 from ${source}` });
  }
  return {
    store,
    dir,
    reviewer,
    admin,
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
