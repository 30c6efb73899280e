import { beforeAll, describe, expect, it } from 'vitest';
import type { HybridClassifier } from '../../src/classify/hybrid-classifier.js';
import { worthShowing } from '../../src/classify/text-model.js';
import { loadClassifier } from '../../src/classifier-runtime/load-classifier.js';

// The shipped rules and model on texts shaped like real posts and articles (written here; never
// rows of an evaluation set). Each case is a pattern behind real-text errors.
let c: HybridClassifier;
beforeAll(async () => {
  c = await loadClassifier({ rulesDir: 'rules', onWarning: () => undefined });
});
const guardsOf = (text: string) => c.classify({ text }).reasons.filter((r) => r.kind === 'guard').map((r) => (r.kind === 'guard' ? r.ruleId : ''));

describe('no guard cancels a flag on one common word', () => {
  it.each([
    ['yêu cầu', 'Gần 1.000 công nhân Công ty TNHH Giày X lãn công, yêu cầu công ty bỏ quy định phạt tiền khi đi vệ sinh quá 5 phút.'],
    ['yêu cầu', 'Chị H. mang thai tháng thứ 5 thì bị công ty yêu cầu viết đơn nghỉ việc, chị đã gửi đơn cầu cứu tới công đoàn.'],
    ['cảnh báo / tin đồn', 'Nhiều bác sĩ nước ngoài đã cảnh báo: vắc xin mRNA thay đổi vĩnh viễn DNA, họ gọi đó là tin đồn để che giấu sự thật.'],
  ])('%s', (_word, text) => {
    const out = c.classify({ text });
    expect(out.labels.length).toBeGreaterThan(0);
    expect(guardsOf(text).filter((g) => out.labels.some((l) => g.startsWith(l === 'covid_false' ? 'covid' : l === 'union_org' ? 'union' : 'grievance')))).toEqual([]);
  });
});

describe('stance and speaker decide, not topic words', () => {
  it('a labour-law explainer with no concrete case is not a grievance', () => {
    const text = 'Cần làm gì khi công ty chậm trả lương? Theo quy định tại Điều 97 Bộ luật Lao động 2019, người sử dụng lao động phải trả lương đầy đủ, đúng hạn; mức phạt có thể lên đến 100 triệu đồng.';
    expect(c.classify({ text }).labels).not.toContain('grievance');
  });

  it('a news report of a concrete stoppage is a grievance', () => {
    const text = 'Hải Phòng: Hơn 500 công nhân Công ty TNHH May Y ngừng việc vì bị nợ lương hai tháng. Sáng 12/3, công nhân tập trung trước cổng công ty đề nghị được trả lương.';
    expect(c.classify({ text }).labels).toContain('grievance');
  });

  it('counter-propaganda quoting "công đoàn độc lập" is not union_org', () => {
    const text = 'Vạch trần luận điệu xuyên tạc của các thế lực thù địch đòi thành lập cái gọi là "công đoàn độc lập" nhằm chống phá, chia rẽ giai cấp công nhân.';
    expect(c.classify({ text }).labels).not.toContain('union_org');
  });

  it('official vaccination guidance is not covid_false', () => {
    const text = 'Theo WHO, vắc xin COVID-19 giúp giảm nguy cơ nhập viện và tử vong. Bộ Y tế khuyến cáo người dân tiêm đủ mũi nhắc lại theo lịch tiêm của địa phương.';
    expect(c.classify({ text }).labels).not.toContain('covid_false');
  });

  it('a debunk whose headline frames the claim is not covid_false', () => {
    const text = 'Thực hư chuyện hạt mơ chữa khỏi ung thư. Trên mạng lan truyền bài viết cho rằng vitamin B17 trong hạt mơ điều trị ung thư. Bác sĩ cho biết hạt mơ có thể gây ngộ độc xyanua.';
    expect(c.classify({ text }).labels).not.toContain('covid_false');
  });

  it('a faith-cure testimony is covid_false', () => {
    const text = 'Mẹ tôi nhiễm COVID, sốt cao mấy ngày. Cả nhà thành tâm niệm "Pháp Luân Đại Pháp hảo, Chân Thiện Nhẫn hảo", chỉ hai hôm sau mẹ đã khỏi bệnh.';
    expect(c.classify({ text }).labels).toContain('covid_false');
  });
});

describe('features shown to reviewers', () => {
  it('skip function syllables, numbers and single letters', () => {
    for (const f of ['f:la', 'f:se', 'f:ty', 'n:của', 'ff:la se', 'f:2021', 'f:x']) expect(worthShowing(f)).toBe(false);
    for (const f of ['f:luong', 'ff:no luong', 'nn:công đoàn', 'ff:la vac']) expect(worthShowing(f)).toBe(true);
  });

  it('the model reason of a flagged post names content words only', () => {
    const out = c.classify({ text: 'Công ty sẽ nợ lương công nhân là chuyện thường, cty la se tra luong sau' });
    const features = out.reasons.flatMap((r) => (r.kind === 'model' ? r.features.map((f) => f.feature) : []));
    expect(features.length).toBeGreaterThan(0);
    for (const f of features) expect(['la', 'se', 'ty', 'là', 'sẽ']).not.toContain(f);
  });
});
