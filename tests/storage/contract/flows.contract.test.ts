import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../../src/jobs/ingest.js';
import { purgeExpired } from '../../../src/jobs/purge-expired.js';
import { createClaimFromItem, decideClaim } from '../../../src/review/claim-service.js';
import { updateGrievance } from '../../../src/review/grievance-service.js';
import { recordVerdict } from '../../../src/review/item-actions.js';
import { approveResponse, draftResponse } from '../../../src/review/response-service.js';
import { createRequest, eraseForRequest } from '../../../src/review/subject-service.js';
import { addUser } from '../../../src/review/user-service.js';
import { createStore, type Store } from '../../../src/storage/store.js';
import { flagger } from './flagger.js';
import { SECRET, tempDir } from '../../helpers/foundation.js';
import { adapters } from './adapters.js';

// The product's storage behaviour through its own services, on SQLite and on PostgreSQL alike:
// verdict → claim → response, grievance follow-up, subject erasure with suppression of re-ingest,
// the retention purge, and an audit chain that verifies after all of it.

const posts = [
  { text: 'Uống nước muối ấm mỗi sáng sẽ chữa khỏi COVID-19, chia sẻ ngay cho cả nhà.', url: 'https://mxh.example/p/1', author: '@Quorvek', source: 'mxh' },
  { text: 'Công ty may Đồngxoan chậm trả lương ba tháng, hơn 200 công nhân ngừng việc sáng nay.', url: 'https://mxh.example/p/2', author: '@Zuyen', source: 'mxh' },
  { text: 'Hôm nay trời đẹp, cả tổ đi dã ngoại ở hồ.', url: 'https://mxh.example/p/3', author: '@Rastik', source: 'mxh' },
];

describe.each(adapters())('review, privacy and retention flows on $name', (adapter) => {
  beforeAll(() => adapter.start(), 120_000);
  afterAll(() => adapter.stop());

  let store: Store;
  const meta = { now: new Date('2026-11-25T03:00:00Z'), ip: '127.0.0.1' };

  it('verdict, claim, response and grievance follow-up; the audit chain verifies', async () => {
    store = createStore((await adapter.fresh()).db);
    const r = await ingest(store, posts, { classifier: flagger, secret: SECRET, now: new Date('2026-11-20T03:00:00Z') });
    expect(r).toMatchObject({ imported: 3, duplicates: 0 });
    const [rumour, grievance] = r.ids;
    const adminId = await addUser(store, { id: null, username: 'cli' } as never, { username: 'lan', role: 'admin', unit: null, password: 'mot-mat-khau-dai-2026' }, meta);
    const admin = { id: adminId, username: 'lan', role: 'admin' as const, unit: null };

    await recordVerdict(store, admin, { itemId: rumour, verdict: 'false', reason: 'Bộ Y tế đã bác bỏ' }, meta);
    const claimId = await createClaimFromItem(store, admin, { itemId: rumour, statement: 'Nước muối chữa khỏi COVID-19', label: 'covid_false' }, meta);
    await decideClaim(store, admin, { claimId, verdict: 'false', reason: 'Không có bằng chứng' }, meta);
    const responseId = await draftResponse(store, admin, { claimId, template: null, body: 'Nước muối không chữa được COVID-19. Bộ Y tế khuyến cáo tiêm vắc xin.', sources: [{ url: 'https://moh.gov.vn/', title: 'Bộ Y tế' }] }, meta);
    await approveResponse(store, admin, responseId, meta);
    expect((await store.responses.get(responseId))?.status).toBe('approved');

    // A grievance is followed up, never answered with counter-messaging.
    await recordVerdict(store, admin, { itemId: grievance, verdict: 'grievance', reason: 'Nợ lương có thật' }, meta);
    await updateGrievance(store, admin, { itemId: grievance, status: 'forwarded', unit: null, note: 'Chuyển công đoàn cơ sở' }, meta);
    expect((await store.grievances.get(grievance))?.status).toBe('forwarded');

    expect(await store.audit.verify()).toMatchObject({ ok: true });
  });

  it('erases a subject on request and suppresses the same post when it comes again', async () => {
    const dataDir = tempDir();
    const request = await createRequest(store, { kind: 'deletion', type: 'handle', value: '@Rastik', requester: 'rastik@example.vn', note: 'qua email' }, { secret: SECRET, timeZone: 'Asia/Ho_Chi_Minh', actor: { id: null, username: 'cli:test' }, meta });
    const erased = await eraseForRequest(store, request, { secret: SECRET, dataDir, actor: { id: null, username: 'cli:test' }, meta });
    expect(erased.items).toBe(1);
    const again = await ingest(store, [posts[2]], { classifier: flagger, secret: SECRET, now: new Date('2026-11-26T03:00:00Z') });
    expect(again.imported).toBe(0);
    expect(again.suppressed).toBe(1);
    expect(await store.audit.verify()).toMatchObject({ ok: true });
  });

  it('the retention purge erases what is past its window and keeps decisions as shells', async () => {
    const before = await store.items.count();
    const result = await purgeExpired(store, { unflaggedDays: 1, flaggedDays: 1, now: new Date('2027-06-01T00:00:00Z'), dataDir: tempDir(), actor: 'system:retention' });
    const gone = result.windows.unflagged.deleted + result.windows.flagged.deleted;
    const shells = result.windows.unflagged.scrubbed + result.windows.flagged.scrubbed;
    expect(gone + shells).toBeGreaterThan(0);
    expect(await store.items.count()).toBe(before - gone);
    // Erased rows leave the files too: SQLite truncates its WAL; PostgreSQL vacuums the tables erasure changed.
    if (adapter.name === 'postgres') expect(result.checkpoint?.vacuumed).toEqual(expect.arrayContaining(['items', 'item_authors', 'classifications', 'verdicts']));
    else expect(result.checkpoint).toMatchObject({ busy: 0 });
    expect(await store.audit.verify()).toMatchObject({ ok: true });
    await store.close();
  });
});
