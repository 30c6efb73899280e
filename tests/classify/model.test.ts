import { describe, expect, it } from 'vitest';
import { trainLogisticRegression } from '../../src/classify/logistic-regression.js';
import { countFeatures, FeatureInterner } from '../../src/classify/features.js';
import { modelFileSchema } from '../../src/classify/model-schema.js';
import { tfidfVector } from '../../src/classify/sparse.js';
import { TextModel } from '../../src/classify/text-model.js';
import { stripDiacritics, trainModel, type TrainingRow } from '../../src/classify/train-model.js';
import { streamOf } from '../../src/classify/token-stream.js';

const rows: TrainingRow[] = [
  ...['Công ty nợ lương công nhân hai tháng', 'Lương tháng này lại chậm, chưa ai nhận được', 'Tiền tăng ca bị cắt mà không báo trước', 'Xưởng nóng quá, công nhân ngất xỉu', 'Công ty không đóng bảo hiểm xã hội cho chúng tôi', 'Tổ trưởng chửi bới công nhân suốt ngày']
    .map((text) => ({ text, labels: ['complaint'] })),
  ...['Hôm nay trời đẹp, cả nhà đi chơi công viên', 'Đội bóng địa phương thắng trận chung kết', 'Giá vàng tăng nhẹ trong phiên sáng nay', 'Chợ hoa Tết năm nay rất đông khách', 'Thư viện mở cửa đến 9 giờ tối', 'Nhà hàng mới khai trương ở trung tâm']
    .map((text) => ({ text, labels: ['chitchat'] })),
];

describe('logistic regression (L-BFGS)', () => {
  it('separates separable data and is deterministic', () => {
    const xs = [0, 1, 2, 3, 4, 5].map((i) => ({ idx: Int32Array.of(i % 2), val: Float64Array.of(1) }));
    const ys = [1, 0, 1, 0, 1, 0];
    const a = trainLogisticRegression(xs, ys, 2, { c: 10 });
    const b = trainLogisticRegression(xs, ys, 2, { c: 10 });
    expect(a.weights[0]).toBeGreaterThan(1);
    expect(a.weights[1] + a.bias).toBeLessThan(-1);
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
  });

  it('weights positives when asked ("balanced")', () => {
    const xs = Array.from({ length: 10 }, () => ({ idx: Int32Array.of(0), val: Float64Array.of(1) }));
    const ys = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const plain = trainLogisticRegression(xs, ys, 1, { c: 1 });
    const balanced = trainLogisticRegression(xs, ys, 1, { c: 1, positiveWeight: 'balanced' });
    expect(plain.bias + plain.weights[0]).toBeLessThan(balanced.bias + balanced.weights[0]);
  });
});

describe('TF-IDF + logistic regression model', () => {
  const file = trainModel({ rows, options: { minDf: 1 }, now: () => new Date('2026-01-01T00:00:00Z') });
  const model = new TextModel(file);
  const p = (text: string) => model.predict(model.vectorize(streamOf({ text })));

  it('learns any label names found in the rows', () => {
    expect(file.labels).toEqual(['chitchat', 'complaint']);
    expect(file.stats.positives).toEqual({ chitchat: 6, complaint: 6 });
    expect(file.stats.examples).toBe(12);
    expect(file.trainedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('scores unseen texts sensibly, with and without diacritics', () => {
    expect(p('Công ty nợ lương và không đóng bảo hiểm').complaint).toBeGreaterThan(0.5);
    expect(p('cong ty no luong va khong dong bao hiem').complaint).toBeGreaterThan(0.5);
    expect(p('Cả nhà đi chợ hoa ngày Tết').complaint).toBeLessThan(0.5);
  });

  it('uses normalised and folded unigrams and bigrams', () => {
    const v = file.vocabulary;
    expect(v).toContain('f:luong');
    expect(v).toContain('n:lương');
    expect(v).toContain('ff:no luong');
    expect(v.some((f) => f.startsWith('nn:'))).toBe(false);
    const withNormBigrams = trainModel({ rows, options: { minDf: 1, normBigrams: true } });
    expect(withNormBigrams.vocabulary).toContain('nn:nợ lương');
  });

  it('explains a score with its top features', () => {
    const x = model.vectorize(streamOf({ text: 'Công ty nợ lương công nhân' }));
    const top = model.topFeatures('complaint', x, 3);
    expect(top.length).toBe(3);
    expect(top[0].weight).toBeGreaterThanOrEqual(top[1].weight);
    const words = new Set(['công', 'ty', 'nợ', 'lương', 'nhân', 'cong', 'no', 'luong', 'nhan']);
    for (const t of top) for (const w of t.feature.split(' ')) expect(words).toContain(w);
  });

  it('round-trips through JSON and schema validation with identical predictions', () => {
    const reloaded = new TextModel(modelFileSchema.parse(JSON.parse(JSON.stringify(file))));
    for (const text of ['Công ty nợ lương', 'trời đẹp quá', 'xuong nong qua']) {
      const x1 = model.vectorize(streamOf({ text }));
      const x2 = reloaded.vectorize(streamOf({ text }));
      expect(reloaded.predict(x2)).toEqual(model.predict(x1));
    }
  });

  it('looks features up without strings exactly as training counted them', () => {
    for (const normBigrams of [false, true]) {
      const big = new TextModel(trainModel({ rows: [...rows, { text: 'Độc lập. Đọc lập trình, cty ko trả lương!', labels: [] }], options: { minDf: 1, normBigrams } }));
      const vocab = big.vocabulary;
      for (const text of ['Công ty nợ lương công nhân hai tháng', 'cong ty no luong. Lương chậm!', 'Độc lập, đọc lập trình; cty ko trả lương', 'xyz chưa từng thấy']) {
        const fast = big.vectorize(streamOf({ text }));
        const slow = tfidfVector(countFeatures(streamOf({ text }), { normBigrams }), vocab, big.idf);
        const asMap = (v: { idx: Int32Array; val: Float64Array }) => new Map(Array.from(v.idx, (j, k) => [j, Math.round(v.val[k] * 1e9)]));
        expect(asMap(fast)).toEqual(asMap(slow));
      }
    }
  });

  it('interns exactly the features countFeatures lists', () => {
    for (const normBigrams of [false, true]) {
      const interner = new FeatureInterner();
      for (const text of ['Công ty nợ lương. cong ty no luong', 'Độc lập, đọc lập trình; cty ko trả lương', 'a b a b a']) {
        const seen = new Map<string, number>();
        interner.each(streamOf({ text }), { normBigrams }, (id) => seen.set(interner.names[id], (seen.get(interner.names[id]) ?? 0) + 1));
        expect(seen).toEqual(countFeatures(streamOf({ text }), { normBigrams }));
      }
    }
  });

  it('rejects a corrupted model file', () => {
    const broken = { ...JSON.parse(JSON.stringify(file)), idf: [1, 2] };
    expect(() => modelFileSchema.parse(broken)).toThrow(/idf/);
    expect(() => modelFileSchema.parse({ ...file, formatVersion: 99 })).toThrow();
  });

  it('learns each example again without diacritics (augmentPlain)', () => {
    const withAug = trainModel({ rows, options: { minDf: 1 } });
    const without = trainModel({ rows, options: { minDf: 1, augmentPlain: false } });
    expect(withAug.documents).toBe(24);
    expect(without.documents).toBe(12);
    expect(stripDiacritics('Đường phố Hà Nội')).toBe('Duong pho Ha Noi');
  });
});
