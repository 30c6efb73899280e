import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/jobs/ingest.js';
import { installationSecret } from '../../src/privacy/installation-secret.js';
import { recordVerdict } from '../../src/review/item-actions.js';
import { smallRulesDir } from '../helpers/small-rules.js';
import { adminHarness } from './admin-harness.js';
import { Client, type Harness } from './harness.js';
import { keywordClassifier } from './keyword-classifier.js';

// Retrains train two models in worker threads and score hundreds of rows: slow on a busy machine.
const SLOW = 240_000;
// What is checked is which verdicts each figure is measured on and how the page shows them, not
// the model's quality: a fifth of the shipped training rows will do.
const KC_RULES_DIR = smallRulesDir();

// Posts reviewers judged off-topic (not_relevant): decided in October, the older four fifths.
const OFF_TOPIC = [
  'Hà Nội sáng nay trời se lạnh, chiều có mưa phùn nhẹ ở vùng ngoại thành.',
  'Đội bóng của phường thắng 3-1 trong trận giao hữu cuối tuần tại sân vận động quận.',
  'Chợ hoa Tết năm nay mở sớm hơn mọi năm, đào Nhật Tân được bán với giá cao.',
  'Hướng dẫn nấu canh chua cá lóc miền Tây đơn giản cho bữa cơm gia đình.',
  'Thư viện tỉnh mở thêm phòng đọc cho thiếu nhi vào các buổi chiều thứ bảy.',
  'Giá vàng trong nước tăng nhẹ phiên giao dịch sáng thứ hai, vàng nhẫn đi ngang.',
  'Cầu Long Biên được sơn lại một đoạn, người đi bộ chú ý biển báo tạm thời.',
  'Trường tiểu học tổ chức hội thi vẽ tranh chủ đề môi trường xanh sạch đẹp.',
  'Lễ hội hoa ban Điện Biên thu hút đông du khách trong tuần đầu tháng ba.',
  'Mẹo giữ rau xanh tươi lâu trong tủ lạnh mà không cần túi nilon.',
  'Ban nhạc sinh viên biểu diễn miễn phí tại phố đi bộ hồ Gươm tối chủ nhật.',
  'Tuyến xe buýt số 32 điều chỉnh lộ trình do sửa đường ở nút giao Cầu Giấy.',
  'Câu lạc bộ cờ tướng phường tổ chức giải đấu mở rộng cho người cao tuổi.',
  'Vườn quốc gia Cúc Phương vào mùa bướm, nhiều đoàn học sinh đến tham quan.',
  'Nhà văn hoá khu phố sửa lại mái tôn trước mùa mưa bão năm nay.',
  'Cửa hàng sách cũ trên phố Đinh Lễ giảm giá nhân dịp cuối năm.',
  'Hội thi nấu ăn của phụ nữ phường có món bánh cuốn Thanh Trì đoạt giải nhất.',
  'Công viên Thống Nhất trồng thêm hàng cây sao đen dọc lối đi bộ phía bắc.',
  'Dự báo tuần tới miền Trung có nắng nóng, nhiệt độ cao nhất khoảng 37 độ.',
  'Giải chạy việt dã báo Hà Nội Mới có hơn hai nghìn người đăng ký tham gia.',
];
// Concrete workers' grievances (verdict grievance): decided in November, the newest fifth.
const GRIEVANCES = [
  'Công ty may ở Bình Dương nợ lương công nhân hai tháng, hỏi thì quản lý bảo chờ.',
  'Xưởng gỗ không phát khẩu trang và găng tay, công nhân phải tự mua đồ bảo hộ.',
  'Chúng tôi bị trừ tiền chuyên cần nếu nghỉ ốm dù có giấy của bệnh viện.',
  'Nhà máy bắt tăng ca đến 10 giờ đêm mà không trả tiền làm thêm giờ.',
  'Công ty chưa đóng bảo hiểm xã hội cho người lao động suốt một năm qua.',
];

// A small labelled "real development set" of our own (the shared one may be absent).
const REAL_ROWS = [
  { text: 'Uống nước lá ổi mỗi sáng chữa khỏi hẳn COVID trong ba ngày, bác sĩ giấu không nói.', labels: ['covid_false'] },
  { text: 'Công nhân khu công nghiệp phản ánh bị nợ lương tháng 12 và chưa có thưởng Tết.', labels: ['grievance'] },
  { text: 'Sở Y tế khuyến cáo người dân tiêm nhắc lại theo lịch của trạm y tế phường.', labels: [] },
];

describe('/admin/model: time split on verdicts and the real development set', () => {
  let h: Awaited<ReturnType<typeof adminHarness>>;
  let admin: Client;

  beforeAll(async () => {
    const real = join(process.env.TMPDIR ?? '/tmp', `kc-real-dev-${process.pid}.jsonl`);
    writeFileSync(real, REAL_ROWS.map((r) => JSON.stringify(r)).join('\n'));
    h = await adminHarness({ KC_EVAL_REAL_PATH: real, KC_RULES_DIR });
    admin = new Client(h as Harness);
    await admin.login('admin');
    // Grievances first, so that they have the LOWER ids but the LATER decisions: the split must
    // follow decision time, not insertion order.
    const r = await ingest(
      h.store,
      [...GRIEVANCES, ...OFF_TOPIC].map((text, i) => ({ text, source: 'forum-a', unit: 'hanoi', url: `https://forum.example/eval/${i}` })),
      { classifier: keywordClassifier, secret: installationSecret(h.dir), now: new Date('2026-09-01T00:00:00Z') },
    );
    expect(r.imported).toBe(25);
    const actor = { id: h.users.admin, username: 'admin', role: 'admin' as const, unit: 'hq' };
    const ids = r.ids;
    for (let i = 0; i < OFF_TOPIC.length; i++) {
      await recordVerdict(h.store, actor, { itemId: ids[GRIEVANCES.length + i], verdict: 'not_relevant', reason: 'không liên quan' }, { now: new Date(Date.UTC(2026, 9, 1 + i, 8)) });
    }
    for (let i = 0; i < GRIEVANCES.length; i++) {
      await recordVerdict(h.store, actor, { itemId: ids[i], verdict: 'grievance', reason: 'kiến nghị cụ thể' }, { now: new Date(Date.UTC(2026, 10, 1 + i, 8)) });
    }
  }, SLOW);
  afterAll(async () => {
    await h?.close();
  });

  it('evaluates on the newest fifth of verdicts by decision time, the real set and the held-out set, and shows the figures', async () => {
    await admin.page('/admin/model');
    expect((await admin.post('/admin/model/retrain', {})).status).toBe(303);
    const [v] = await h.store.modelVersions.list();
    expect(v.verdictExamples).toBe(25);
    const ev = v.evaluations!;
    expect(ev.timeSplit.status).toBe('ok');
    if (ev.timeSplit.status !== 'ok') return;
    expect(ev.timeSplit).toMatchObject({ verdicts: 25, trainVerdicts: 20, testVerdicts: 5, seenByActive: 0 });
    expect(ev.timeSplit.testFrom).toBe('2026-11-01T08:00:00.000Z');
    expect(ev.timeSplit.testTo).toBe('2026-11-05T08:00:00.000Z');
    // The newest five are the grievances: five positives, no negatives, for both models.
    for (const f of [ev.timeSplit.before, ev.timeSplit.after]) {
      expect(f).toMatchObject({ rows: 5, negatives: 0, positives: 5 });
      expect(f.report.labels.grievance.support).toBe(5);
    }
    expect(ev.real.status).toBe('ok');
    if (ev.real.status === 'ok') {
      expect(ev.real.after).toMatchObject({ rows: 3, negatives: 1 });
      expect(Object.keys(ev.real.after.report.labels)).toEqual(['covid_false', 'grievance']);
    }
    expect(ev.heldout.after.report).toEqual(v.evalAfter);
    expect(ev.heldout.after.rows).toBeGreaterThanOrEqual(100);

    const page = await admin.page('/admin/model');
    expect(page.html).toContain(`id="figures-${v.id}"`);
    expect(page.html).toContain('Tập kiểm tra độc lập');
    expect(page.html).toContain('5 kết luận mới nhất (01/11/2026 15:00 – 05/11/2026 15:00); mô hình thử học 20 kết luận cũ hơn');
    expect(page.html).toContain('Bộ văn bản thực tế');
    expect(page.html).toContain(`${ev.timeSplit.before.macroF1!.toFixed(3).replace('.', ',')} → ${ev.timeSplit.after.macroF1!.toFixed(3).replace('.', ',')}`);
    expect(page.html).toContain(`${ev.real.status === 'ok' ? ev.real.before.macroF1!.toFixed(3).replace('.', ',') : 'x'} → `);
    expect(page.html).toContain(`${ev.heldout.before.report.macroF1.toFixed(3).replace('.', ',')} → ${ev.heldout.after.report.macroF1.toFixed(3).replace('.', ',')}`);
    expect(page.html).not.toContain('Quá ít kết luận');
    const en = await admin.page('/admin/model?lang=en');
    expect(en.html).toContain('newest 5 verdicts');
  }, SLOW);

  it('with fewer than 20 verdicts says so instead of a figure, and a missing real set is "not available"', async () => {
    const small = await adminHarness({ KC_EVAL_REAL_PATH: join(h.dir, 'no-such-dev.jsonl'), KC_RULES_DIR });
    try {
      const a = new Client(small as Harness);
      await a.login('admin');
      const actor = { id: small.users.admin, username: 'admin', role: 'admin' as const, unit: 'hq' };
      for (const [i, id] of small.ids.entries()) {
        await recordVerdict(small.store, actor, { itemId: id, verdict: 'not_relevant', reason: 'thử' }, { now: new Date(Date.UTC(2026, 10, 1 + i)) });
      }
      await a.page('/admin/model');
      expect((await a.post('/admin/model/retrain', {})).status).toBe(303);
      const [v] = await small.store.modelVersions.list();
      const ev = v.evaluations!;
      expect(ev.timeSplit).toEqual({ status: 'too_few', verdicts: small.ids.length, minimum: 20 });
      expect(ev.real.status).toBe('not_available');
      const page = await a.page('/admin/model');
      expect(page.html).toContain(`Quá ít kết luận để tách theo thời gian (có ${small.ids.length}, cần ít nhất 20)`);
      expect(page.html).toContain('Không có sẵn');
    } finally {
      await small.close();
    }
  }, SLOW);
});
