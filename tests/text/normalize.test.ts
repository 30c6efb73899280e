import { describe, expect, it } from 'vitest';
import { analyze, foldText, normalizeText } from '../../src/text/index.js';

const nfd = (s: string) => s.normalize('NFD');

describe('normalizeText', () => {
  it.each([
    // [input, expected display form]
    ['Hoà bình', 'Hòa bình'],
    ['thuỷ lợi', 'thủy lợi'],
    ['khoẻ mạnh', 'khỏe mạnh'],
    ['Oà khóc', 'Òa khóc'],
    ['uý ban, uỷ ban', 'úy ban, ủy ban'],
    ['tuỳ, loè, thuý', 'tùy, lòe, thúy'],
    ['HOÀ BÌNH', 'HÒA BÌNH'],
    // the mark must not move onto the u of qu or the i of gi
    ['quá, quý, quỳnh, quốc, giữ, già, gì, gìn, giếng', 'quá, quý, quỳnh, quốc, giữ, già, gì, gìn, giếng'],
    // misplaced marks in qu/gi onsets are put back on the nucleus
    ['qùa, gìa', 'quà, già'],
    // syllables where both styles agree stay as they are
    ['thuở, khuỷu, Nguyễn, chuyện, người, hoàng, huỳnh, ngoài, xoáy, rượu, khuya', 'thuở, khuỷu, Nguyễn, chuyện, người, hoàng, huỳnh, ngoài, xoáy, rượu, khuya'],
    ['thủơ, khủyu, ngừơi, đựơc', 'thuở, khuỷu, người, được'],
    ['mía, múa, cứu, mưa, hoạch, toán, nghĩa, kỹ, ý', 'mía, múa, cứu, mưa, hoạch, toán, nghĩa, kỹ, ý'],
    // lookalikes
    ['\u00d0ồng chí', 'Đồng chí'],
    ['\u00f0ường sá', 'đường sá'],
    ['c\u200bông đoàn', 'công đoàn'],
    ['\u0441ông nhân', 'công nhân'], // Cyrillic с inside a Latin word
    ['Москва', 'Москва'], // a real Cyrillic word is left alone
    ['ｃｏｎｇ　ｄｏａｎ！', 'cong doan!'],
    ['𝐂ô𝐧𝐠 đoàn', 'Công đoàn'],
    // decorative small capitals from clickbait pages (never Vietnamese letters)
    ['ᴄả ɴướᴄ đᴀɴɢ đẩʏ ᴍạɴʜ ǫᴜá ᴛʀìɴʜ ᴛɪêᴍ ᴄʜủɴɢ ᴠᴀᴄᴄɪɴᴇ', 'cả nước đang đẩy mạnh quá trình tiêm chủng vaccine'],
    ['ʙệɴʜ ᴠɪệɴ ꜱᴀɪ ɢòɴ ʟᴀᴏ ᴆộɴɢ', 'bệnh viện sai gòn lao động'],
    // legacy-encoding damage on old forums: ḥ stands for ò ("Văn pḥng" = "Văn phòng")
    ['Văn pḥng Tổ chức Y tế', 'Văn phòng Tổ chức Y tế'],
    // whitespace
    ['  công\u00a0\u00a0nhân \t ', 'công nhân'],
    ['dòng 1\r\ndòng 2\n\n\n\ndòng 3', 'dòng 1\ndòng 2\n\ndòng 3'],
    // display keeps teencode and repeated letters as written
    ['ko đc quáaaa', 'ko đc quáaaa'],
    // entities are kept verbatim
    ['xem https://vnexpress.net/hoà-bình.html nhé', 'xem https://vnexpress.net/hoà-bình.html nhé'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
    expect(analyze(input).normalized).toBe(expected);
  });

  it('turns NFD input into the same NFC text', () => {
    const s = 'Người lao động ở khu công nghiệp Hoà Khánh được nghỉ';
    expect(normalizeText(nfd(s))).toBe('Người lao động ở khu công nghiệp Hòa Khánh được nghỉ');
    expect(normalizeText(nfd(s))).toBe(normalizeText(s));
  });
});

describe('foldText', () => {
  it.each([
    ['Công đoàn độc lập', 'cong doan doc lap'],
    ['cong doan doc lap', 'cong doan doc lap'],
    ['ĐẢNG, Đồng', 'dang dong'],
    ['Hoà = hòa', 'hoa hoa'],
    // teencode and abbreviations
    ['ko đc trả lương', 'khong duoc tra luong'],
    ['cty nợ bhxh, bhyt của nld', 'cong ty no bao hiem xa hoi bao hiem y te cua nguoi lao dong'],
    ['CĐCS và cđ cơ sở', 'cong doan co so va cong doan co so'],
    ['TLĐ, LĐLĐ tỉnh, BYT, WHO', 'tong lien doan lien doan lao dong tinh bo y te who'],
    ['ae mn ơi, hok bít j', 'anh em moi nguoi oi khong biet gi'],
    ['nói vs sếp', 'noi voi sep'],
    // ambiguous abbreviations are left alone
    ['cn làm việc cả CN', 'cn lam viec ca cn'],
    // repeated letters
    ['quáaaa điiiii', 'qua di'],
    ['QUÁAAAA', 'qua'],
    ['xoong cooperative', 'xoong cooperative'],
    ['Quý III, thế kỷ XXI', 'quy iii the ky xxi'],
    // numbers
    ['lương 4.500.000đ, tăng 3,5%', 'luong 4.500.000d tang 3,5'],
    // entities are not tokens
    ['gọi 0912 345 678 hoặc @admin, mail a.b@gmail.com', 'goi hoac mail'],
  ])('%s → %s', (input, expected) => {
    expect(foldText(input)).toBe(expected);
    expect(analyze(input).folded).toBe(expected);
  });

  it('folds NFD, lookalike and old-placement input like clean input', () => {
    const clean = foldText('Đoàn viên công đoàn Hòa Bình khỏe');
    expect(foldText(nfd('Đoàn viên công đoàn Hoà Bình khoẻ'))).toBe(clean);
    expect(foldText('\u00d0oàn viên c\u200bông \u00f0oàn Hoà Bình khoẻ')).toBe(clean);
  });
});
