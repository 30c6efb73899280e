import type { Store } from '../storage/store.js';
import type { SubjectMatches } from './subject-match.js';

export const EXPORT_FORMAT = 'kiem-chung-subject-export/1';

export interface ExportedItem {
  ref: number;
  url: string | null;
  title: string | null;
  text: string;
  publishedAt: string | null;
  collectedAt: string;
  source: { id: string | null; name: string | null };
  /** The handle as collected; only in exports for a handle (a URL request may come from someone the post merely mentions). */
  author?: string | null;
  labels: Array<{ label: string; score: number }>;
  classification: { version: string; labels: string[]; scores: Record<string, number>; classifiedAt: string } | null;
  /** The organisation's decisions on this post: what and why, never who. */
  verdicts: Array<{ verdict: string; reason: string; date: string }>;
  claims: Array<{ statement: string; membership: string; claimVerdict: string | null }>;
  grievance: { status: string; updatedAt: string } | null;
  evidence: { status: string; capturedAt: string | null; finalUrl: string | null; htmlSha256: string | null; pngSha256: string | null } | null;
}

export interface SubjectExport {
  format: typeof EXPORT_FORMAT;
  generatedAt: string;
  request: { id: number; receivedAt: string } | null;
  subject: { type: 'handle' | 'url'; value: string };
  about: { vi: string; en: string };
  counts: { items: number; sightings: number; notExported: number };
  items: ExportedItem[];
  sightings: Array<{ url: string | null; seenAt: string; source: { id: string | null; name: string | null }; copyKind: string }>;
}

const ABOUT = {
  vi:
    'Dữ liệu Kiểm Chứng lưu về bạn: các bài đăng công khai đã thu thập, các lần bài tương tự xuất hiện lại, nhãn và điểm phân loại tự động, ' +
    'kết luận của người kiểm chứng (không kèm tên người kiểm chứng), các nhận định liên quan và trạng thái theo dõi kiến nghị. ' +
    'Ảnh chụp và bản lưu trang làm bằng chứng chỉ được liệt kê (ngày chụp, mã SHA-256), không đính kèm, vì chúng có thể chứa dữ liệu của người khác; ' +
    'bạn có thể yêu cầu bản sao, chúng tôi sẽ gửi sau khi che thông tin của người khác.',
  en:
    'What Kiểm Chứng stores about you: collected public posts, later copies of them, automatic labels and scores, reviewers’ verdicts ' +
    '(without reviewer names), related claims and grievance follow-up status. Evidence screenshots and page snapshots are listed ' +
    '(capture date, SHA-256) but not attached, as they may show other people’s data; ask for a copy and we send it with others’ data masked.',
};

function group<T extends { itemId: number }>(rows: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) m.set(r.itemId, [...(m.get(r.itemId) ?? []), r]);
  return m;
}

/**
 * The JSON handed to the person. Built only from confirmed matches: items whose raw handle (or URL)
 * is the subject's and sightings posted by them or at the URL. A sighting is a copy of some other
 * stored item, possibly another person's post, so only the sighting's own facts (URL, date,
 * source) are exported, never the item it copies.
 */
export async function buildSubjectExport(store: Store, m: SubjectMatches, o: { now: Date; request?: { id: number; receivedAt: string } | null }): Promise<SubjectExport> {
  const ids = m.itemIds;
  const d = store.subjectData;
  const [items, sightings, labels, classes, verdicts, claims, grievances, evidence] = await Promise.all([
    d.items(ids), d.sightings(m.sightingIds), d.labels(ids), d.classifications(ids), d.verdicts(ids), d.claimMemberships(ids), d.grievances(ids), d.evidence(ids),
  ]);
  const [L, C, V, M, G, E] = [group(labels), group(classes), group(verdicts), group(claims), group(grievances), group(evidence)];
  const withAuthor = m.subject.type === 'handle';
  return {
    format: EXPORT_FORMAT,
    generatedAt: o.now.toISOString(),
    request: o.request ?? null,
    subject: { type: m.subject.type, value: m.subject.value },
    about: ABOUT,
    counts: { items: items.length, sightings: sightings.length, notExported: m.unconfirmedIds.length },
    items: items.map((i): ExportedItem => {
      const c = C.get(i.id)?.[0];
      const g = G.get(i.id)?.[0];
      const e = E.get(i.id)?.[0];
      return {
        ref: i.id,
        url: i.url,
        title: i.title,
        text: i.text,
        publishedAt: i.publishedAt,
        collectedAt: i.collectedAt,
        source: { id: i.sourceId, name: i.sourceName },
        ...(withAuthor ? { author: i.rawAuthor } : {}),
        labels: (L.get(i.id) ?? []).map((l) => ({ label: l.label, score: l.score })),
        classification: c ? { version: c.version, labels: c.labels, scores: c.scores, classifiedAt: c.classifiedAt } : null,
        verdicts: (V.get(i.id) ?? []).map((v) => ({ verdict: v.verdict, reason: v.reason, date: v.createdAt })),
        claims: (M.get(i.id) ?? []).map((x) => ({ statement: x.statement, membership: x.state, claimVerdict: x.claimVerdict })),
        grievance: g ? { status: g.status, updatedAt: g.updatedAt } : null,
        evidence: e ? { status: e.status, capturedAt: e.capturedAt, finalUrl: e.finalUrl, htmlSha256: e.htmlSha256, pngSha256: e.pngSha256 } : null,
      };
    }),
    sightings: sightings.map((s) => ({ url: s.url, seenAt: s.seenAt, source: { id: s.sourceId, name: s.sourceName }, copyKind: s.kind })),
  };
}
