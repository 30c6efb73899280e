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
    ['lan truyền', 'Trên mạng đang lan truyền bài thuốc lá đu đủ chữa khỏi ung thư giai đoạn cuối, bà nhà tôi uống ba tháng đã khỏi hẳn, mọi người nên dùng thử.'],
    ['sai lầm', 'Chính sách chống dịch sai lầm chỉ để ép dân tiêm vắc xin, trong khi vắc xin COVID đã gây ra hàng triệu ca tử vong trên thế giới.'],
    ['chuyên gia cảnh báo', 'Một số chuyên gia cảnh báo vắc xin làm virus biến đổi nhanh hơn, tiêm vào là có thể tử vong, không ai dám chắc an toàn.'],
    ['trả lời', 'Đại diện xưởng may trả lời: do khách hàng yêu cầu gấp nên công nhân phải tăng ca đến 10 giờ đêm suốt ba tuần, tiền tăng ca vẫn chưa được trả.'],
    ['Nghị định', 'Giáo viên hợp đồng ở huyện X chạnh lòng vì không được thưởng Tết theo Nghị định 73, trong khi đồng nghiệp biên chế nhận 10 triệu đồng.'],
    ['chỉ đạo / kiểm tra', 'Ba mươi công nhân vệ sinh môi trường bị nợ bảo hiểm xã hội suốt hai năm, chủ tịch tỉnh đã chỉ đạo kiểm tra, xử lý.'],
    ['chống phá', 'Chúng tôi bị chụp mũ chống phá chỉ vì đòi quyền lập công đoàn độc lập; anh chị em công nhân hãy cùng nhau tham gia nghiệp đoàn của mình.'],
    ['CPTPP', 'Khi gia nhập CPTPP, công nhân có quyền lập tổ chức riêng ngoài Tổng Liên đoàn, anh em hãy cùng nhau thành lập nghiệp đoàn độc lập.'],
    ['lừa đảo', 'Công đoàn nhà nước lừa đảo công nhân, chỉ biết thu đoàn phí; anh em hãy rời bỏ và gia nhập công đoàn độc lập.'],
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

describe('without diacritics, a rule phrase is not read as the common word it folds to', () => {
  it.each([
    ['cán bộ công đoàn ≠ bỏ công đoàn', 'union_org', 'Dip Tet nay cac can bo cong doan co so da den tan phong tro tang qua cho cong nhan ngheo, ai cung vui.'],
    ['chưa được ≠ chữa được', 'covid_false', 'Nhieu nguoi dan o khu pho van chua duoc tiem mui nhac, uong nuoc nong cho am nguoi trong luc cho lich tiem.'],
  ])('%s', (_case, label, text) => {
    expect(c.classify({ text }).labels).not.toContain(label);
  });
});
