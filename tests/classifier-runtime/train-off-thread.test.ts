import { describe, expect, it } from 'vitest';
import { trainModel } from '../../src/classify/train-model.js';
import { trainOffThread } from '../../src/classifier-runtime/train-off-thread.js';

const rows = [
  { text: 'Công ty nợ lương công nhân ba tháng chưa trả', labels: ['grievance'] },
  { text: 'Nhà máy chậm trả lương, công nhân ngừng việc', labels: ['grievance'] },
  { text: 'Uống nước chanh nóng chữa khỏi COVID trong một ngày', labels: ['covid_false'] },
  { text: 'Tỏi sống diệt virus corona, không cần tiêm vắc xin', labels: ['covid_false'] },
  { text: 'Thời tiết Hà Nội hôm nay nắng nhẹ', labels: [] },
  { text: 'Giải bóng đá công nhân khu công nghiệp khai mạc', labels: [] },
];

describe('trainOffThread', () => {
  it('trains in a worker thread the same model as on the main thread', async () => {
    const now = new Date('2026-11-25T00:00:00Z');
    const options = { minDf: 1 };
    const off = await trainOffThread({ rows, options, sources: ['test'] }, now);
    const on = trainModel({ rows, options, sources: ['test'], now: () => now });
    expect(off.labels).toEqual(['covid_false', 'grievance']);
    // Timings differ between runs; the learned model must not.
    expect(JSON.stringify({ ...off, stats: undefined })).toBe(JSON.stringify({ ...on, stats: undefined }));
  });

  it('reports a training error as a rejection', async () => {
    await expect(trainOffThread({ rows: [] }, new Date())).rejects.toThrow(/no training examples/);
  });
});
