// Informal spellings and abbreviations, expanded per token. Data only (src/text does no I/O).
//
// Keep only SAFE entries: a key must mean one thing in the posts this tool reads. Left out on
// purpose because they are ambiguous: cn (công nhân / chủ nhật / cá nhân), t, m (tôi, mày, mét...),
// e, a, b, v, bn (bạn / bao nhiêu), bh, hn (Hà Nội / hôm nay), gđ (giám đốc / gia đình), cp (chính
// phủ / cổ phần), bv (bệnh viện / bảo vệ), dt (điện thoại / diện tích), nv, tc, tg, đv, ql, mk, hong.
// Keys without diacritics also match any token that folds to them ("kò" → không), so such a key
// must not be the fold of a real word: lun (lùn, lún), iu (ỉu) and thui (thui = to scorch) stay out.
// Expansions are written in canonical form (classic tone placement); a test checks it.

/** Case-insensitive: matched against the lowercased, repeat-squashed token. */
export const TEENCODE: Readonly<Record<string, string>> = {
  // không
  ko: 'không', k: 'không', kh: 'không', khg: 'không', kg: 'không', hok: 'không', hk: 'không',
  k0: 'không', kô: 'không', khum: 'không', khong: 'không',
  // được
  dc: 'được', đc: 'được', dk: 'được', đk: 'được', đươc: 'được',
  // common chat words
  ae: 'anh em', mn: 'mọi người', mng: 'mọi người',
  vs: 'với', j: 'gì', ji: 'gì', zì: 'gì', ns: 'nói', nch: 'nói chuyện', ntn: 'như thế nào',
  bít: 'biết', bik: 'biết', bjk: 'biết',
  r: 'rồi', rùi: 'rồi', roài: 'rồi', wá: 'quá', zui: 'vui',
  cx: 'cũng', cg: 'cũng', cũg: 'cũng', nhg: 'nhưng', nhưg: 'nhưng', trc: 'trước', trk: 'trước',
  ng: 'người', ngta: 'người ta', lm: 'làm', fai: 'phải', đag: 'đang', dag: 'đang',
  mún: 'muốn', mik: 'mình', mjk: 'mình', mềnh: 'mình', zậy: 'vậy', dzậy: 'vậy', zợ: 'vợ', vk: 'vợ',
  ck: 'chồng', cj: 'chị', kq: 'kết quả', hqua: 'hôm qua', hnay: 'hôm nay', wen: 'quen',
  ncl: 'nói chung là', vđ: 'vấn đề', vde: 'vấn đề', tks: 'cảm ơn', thks: 'cảm ơn', fb: 'facebook',
  sđt: 'số điện thoại', sdt: 'số điện thoại', tr: 'triệu',
  // health
  vx: 'vắc xin', vacxin: 'vắc xin', vắcxin: 'vắc xin', vaccine: 'vắc xin', vaccin: 'vắc xin',
  vacine: 'vắc xin', bsi: 'bác sĩ', bsĩ: 'bác sĩ', byt: 'bộ y tế', yte: 'y tế', ttyt: 'trung tâm y tế',
  bvđk: 'bệnh viện đa khoa', bvdk: 'bệnh viện đa khoa', csyt: 'cơ sở y tế',
  // union and labour
  cđ: 'công đoàn', cdcs: 'công đoàn cơ sở', cđcs: 'công đoàn cơ sở', cđn: 'công đoàn ngành',
  ctcđ: 'chủ tịch công đoàn', đvcđ: 'đoàn viên công đoàn', dvcd: 'đoàn viên công đoàn',
  nld: 'người lao động', nlđ: 'người lao động', nsdld: 'người sử dụng lao động',
  nsdlđ: 'người sử dụng lao động', lđ: 'lao động', lđlđ: 'liên đoàn lao động',
  ldld: 'liên đoàn lao động', tlđ: 'tổng liên đoàn', tlđlđ: 'tổng liên đoàn lao động',
  tlđlđvn: 'tổng liên đoàn lao động việt nam', bhxh: 'bảo hiểm xã hội', bhyt: 'bảo hiểm y tế',
  bhtn: 'bảo hiểm thất nghiệp', bhld: 'bảo hộ lao động', bhlđ: 'bảo hộ lao động',
  hdld: 'hợp đồng lao động', hđld: 'hợp đồng lao động', hđlđ: 'hợp đồng lao động',
  tnld: 'tai nạn lao động', tnlđ: 'tai nạn lao động', atld: 'an toàn lao động',
  atlđ: 'an toàn lao động', atvsld: 'an toàn vệ sinh lao động', atvslđ: 'an toàn vệ sinh lao động',
  blld: 'bộ luật lao động', bllđ: 'bộ luật lao động', ldtbxh: 'lao động thương binh và xã hội',
  lđtbxh: 'lao động thương binh và xã hội', cty: 'công ty', cnv: 'công nhân viên',
  cnvc: 'công nhân viên chức', cnvcld: 'công nhân viên chức lao động',
  cnvclđ: 'công nhân viên chức lao động', kcn: 'khu công nghiệp', kcx: 'khu chế xuất',
  nvien: 'nhân viên', tgđ: 'tổng giám đốc', pgđ: 'phó giám đốc', bch: 'ban chấp hành',
  tnhh: 'trách nhiệm hữu hạn',
  // government and places
  ubnd: 'ủy ban nhân dân', hđnd: 'hội đồng nhân dân', hdnd: 'hội đồng nhân dân',
  mttq: 'mặt trận tổ quốc', đbqh: 'đại biểu quốc hội', pccc: 'phòng cháy chữa cháy',
  attp: 'an toàn thực phẩm', tphcm: 'thành phố hồ chí minh', hcm: 'hồ chí minh', sg: 'sài gòn',
  vn: 'việt nam', tp: 'thành phố', đbscl: 'đồng bằng sông cửu long',
};

/**
 * Case-sensitive: matched against the token as written (after cleanup). For abbreviations that
 * are only safe in capitals: "BV" is a hospital, "bv" may be a guard (bảo vệ); "CN" stays out.
 * Acronyms not listed here (WHO, ILO, CDC, F0) are kept as they are, lowercased.
 */
export const ACRONYMS: Readonly<Record<string, string>> = {
  TLĐ: 'tổng liên đoàn', LĐLĐ: 'liên đoàn lao động', BYT: 'bộ y tế', CĐ: 'công đoàn',
  CĐCS: 'công đoàn cơ sở', NLĐ: 'người lao động', TLĐLĐVN: 'tổng liên đoàn lao động việt nam',
  BV: 'bệnh viện', BS: 'bác sĩ', ThS: 'thạc sĩ', GS: 'giáo sư', PGS: 'phó giáo sư',
  DN: 'doanh nghiệp', DNNN: 'doanh nghiệp nhà nước', HĐQT: 'hội đồng quản trị',
  QĐ: 'quyết định', NĐ: 'nghị định', QH: 'quốc hội', TƯ: 'trung ương', TW: 'trung ương',
  BCĐ: 'ban chỉ đạo', THPT: 'trung học phổ thông', CSGT: 'cảnh sát giao thông',
  BNV: 'bộ nội vụ', BLĐTBXH: 'bộ lao động thương binh và xã hội', ĐCSVN: 'đảng cộng sản việt nam',
  BHXHVN: 'bảo hiểm xã hội việt nam', NSDLĐ: 'người sử dụng lao động', CNVCLĐ: 'công nhân viên chức lao động',
};
