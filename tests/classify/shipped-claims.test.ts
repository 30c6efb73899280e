import { beforeAll, describe, expect, it } from 'vitest';
import type { ClaimMatcher } from '../../src/classify/claim-matcher.js';
import { loadClassifier } from '../../src/classifier-runtime/load-classifier.js';
import { loadRules } from '../../src/rules-loader/load-rules.js';

// The shipped known claims (rules/claims) under the shipped model's idf, as the classifier uses
// them. Wordings here are not copied from the claim files: a post retells a myth in its own words.
let matcher: ClaimMatcher;
let suggest: number;
beforeAll(async () => {
  const rules = await loadRules('rules');
  suggest = rules.labels.claims.suggest;
  matcher = (await loadClassifier({ rulesDir: 'rules', onWarning: () => {} })).claimMatcher;
}, 60_000);

function top(text: string) {
  return matcher.match(text, { limit: 1 })[0];
}

function similarityTo(text: string, id: string): number {
  return matcher.match(text).find((h) => h.id === id)?.similarity ?? 0;
}

describe('shipped known claims', () => {
  it.each([
    ['vaccines-killed-17-million', 'TIN SỐC: con số 17 triệu người chết vì vắc xin mRNA đã được các nhà nghiên cứu Canada công bố, ai còn định tiêm mũi nhắc thì nên nghĩ lại.'],
    ['japan-excess-deaths-from-vaccine', 'nhat ban dang dieu tra vi so nguoi chet vuot muc tang vot sau khi tiem vac xin, cac giao su da kien chinh phu'],
    ['vaccine-turbo-cancer', 'Dạo này người trẻ ung thư nhiều quá, phát hiện là giai đoạn cuối, toàn người đã tiêm đủ 3 mũi, bác sĩ bên Mỹ gọi là ung thư turbo đấy.'],
    ['soldiers-forced-vaccination-deaths', 'Quân đội bắt lính tiêm vắc xin, dữ liệu quân y DMED cho thấy ung thư và sảy thai tăng 300%.'],
    ['mrna-dna-mit-harvard-study', 'Đại học Lund Thụy Điển đã chứng minh mRNA của Pfizer chuyển thành ADN trong tế bào gan người chỉ sau vài giờ.'],
    ['falun-gong-recitation-protects', 'Mẹ tôi sốt và ho, cả nhà niệm Pháp Luân Đại Pháp hảo, Chân Thiện Nhẫn hảo, hôm sau mẹ khỏi hẳn.'],
    ['pandemic-targets-party-members', 'on dich co mat, no chi tim den nhung ke theo dang, nguoi thoai dang roi thi khong sao'],
    ['herbal-powder-kills-virus', 'Cao dược liệu này ức chế virus corona trong phòng thí nghiệm, vừa phòng vừa trị COVID, đặt hàng ngay hôm nay.'],
    ['nasal-drops-gargle-prevent-covid', 'Nhỏ dầu mè vào mũi và súc họng oxy già mỗi sáng là không bao giờ lây COVID.'],
    ['yan-limeng-unrestricted-bioweapon', 'Nhà virus học Yan Limeng trốn sang Mỹ đã công bố báo cáo chứng minh virus corona là vũ khí sinh học được chế tạo từ virus dơi ZC45.'],
    ['district-deaths-already', 'Nóng: huyện mình đã có người chết vì dịch rồi mà xã không thông báo gì, cả thôn đang bị cách ly.'],
    ['vitamin-b17-apricot-cures-cancer', 'vitamin B17 trong hat mo la thuoc chua ung thu tu nhien ma cac hang duoc khong muon ban biet'],
    ['macrobiotic-brown-rice-cures-cancer', 'Chị ấy bị ung thư vú, bỏ hóa trị, ăn thực dưỡng gạo lứt muối mè suốt một năm và tự khỏi.'],
    ['lingzhi-kills-cancer-cells', 'Linh chi đỏ sắc uống hằng ngày giúp tiêu diệt tế bào ung thư phổi, bố tôi khối u teo hẳn.'],
    ['coconut-ginger-cures-flu', 'Cúm A thì cứ lấy nước dừa xiêm đun với gừng và hành, uống nóng rồi đắp chăn, ngủ một giấc là khỏi.'],
    ['union-levy-2pct-robbery', 'Kinh phí công đoàn 2% là trấn lột công nhân, công đoàn vô dụng, vào công đoàn độc lập đi anh em.'],
  ])('%s: a retelling in other words reaches the suggest level', (id, text) => {
    const hit = top(text);
    expect(hit?.id).toBe(id);
    expect(hit.similarity).toBeGreaterThanOrEqual(suggest);
  });

  it('does not match a debunk of one myth to a different myth', () => {
    // A ginger-water debunk shares "uống", "chữa", "COVID" with the salt-water claim, nothing specific.
    expect(similarityTo('WHO khẳng định uống nước gừng không chữa được COVID-19, người bệnh cần theo dõi triệu chứng.', 'salt-water-cures-covid')).toBeLessThan(suggest);
    // Short "X chữa khỏi COVID" wordings once let any "... chữa khỏi COVID" debunk reach another drug's claim.
    const steam = 'Kiểm chứng: thông tin xông lá sả chữa khỏi COVID là không có cơ sở khoa học.';
    for (const id of ['ivermectin-cures-covid', 'hydroxychloroquine-cures-covid', 'herbal-powder-kills-virus', 'holy-water-cures-covid']) {
      expect(similarityTo(steam, id), id).toBeLessThan(suggest);
    }
  });

  it('leaves ordinary COVID, health and union news below the suggest level', () => {
    for (const text of [
      'Số ca tử vong do COVID-19 trên toàn thế giới đã vượt 6 triệu người, theo WHO.',
      'Bộ Y tế công bố thêm 12 ca mắc mới, đều là người nhập cảnh được cách ly ngay.',
      'Sở Y tế Hà Nội thông báo 4 ca dương tính mới là nhân viên một bệnh viện, đều đã được cách ly.',
      'Bệnh viện tỉnh tổ chức tiêm vắc xin mũi nhắc cho người cao tuổi từ thứ Hai tới.',
      'Bệnh nhân ung thư cần dinh dưỡng đầy đủ trong quá trình hóa trị, nên ăn đa dạng thực phẩm theo tư vấn bác sĩ.',
      'Công đoàn cơ sở công ty giày hướng dẫn đoàn viên cách tính đoàn phí và quyền lợi khi tham gia công đoàn.',
    ]) {
      const hit = top(text);
      expect(hit?.similarity ?? 0, `${text} → ${hit?.id}`).toBeLessThan(suggest);
    }
  });
});
