import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../../src/jobs/import-file.js';
import type { Store } from '../../src/storage/store.js';
import type { Classification, Classifier, ClassifyInput } from '../../src/types.js';
import { poisson, rng } from '../../bench/alert-data.js';
import { SECRET } from '../helpers/foundation.js';

/** Matches the known claim "garlic cures COVID" the way the shipped claim matcher records it. */
export const claimClassifier: Classifier = {
  version: 'test-claims-1',
  classify({ text }: ClassifyInput): Classification {
    const garlic = /tỏi/.test(text) && /covid/i.test(text);
    return {
      labels: garlic ? ['covid_false'] : [],
      scores: { covid_false: garlic ? 0.9 : 0.05 },
      reasons: garlic ? [{ kind: 'claim', label: 'covid_false', claimId: 'garlic-cure', statement: 'Tỏi chữa khỏi COVID', similarity: 0.9, confirmed: true }] : [],
      version: 'test-claims-1',
    };
  },
};

const VOCAB = (
  'công nhân xưởng ca sáng chiều tối quản đốc tổ trưởng hợp đồng phụ cấp thưởng tết nghỉ phép ốm đau bảo hiểm xã hội y tế ' +
  'khu công nghiệp bình dương đồng nai bắc ninh hải phòng long an may mặc da giày điện tử linh kiện lắp ráp kho hàng bốc xếp ' +
  'nhà trọ tiền điện nước xe buýt con nhỏ gửi trẻ bữa ăn căng tin tuần tháng năm hôm qua sáng nay mọi người anh chị em ai biết ' +
  'hỏi giúp với nhé thật không chuyện này nghe nói bên kia công ty mới cũ đông ít nhiều mệt vui buồn lo sợ chờ đợi đòi hỏi'
).split(' ');

/** A post on `topic` that no other generated post duplicates (a unique tag and random filler words). */
export function post(topic: string, serial: number, rand: () => number): string {
  const words = Array.from({ length: 14 }, () => VOCAB[Math.floor(rand() * VOCAB.length)]);
  return `${topic} ${words.join(' ')} mã ${serial.toString(36)}x${Math.floor(rand() * 1e6)}.`;
}

export const TOPICS = {
  overtime: 'Công nhân phản ánh bị ép tăng ca',
  garlic: 'Uống nước tỏi chữa khỏi COVID',
  other: 'Chuyện thường ngày ở khu trọ',
};

export interface Row {
  text: string;
  author?: string;
  unit?: string;
}

let files = 0;
/** Imports rows through the real import path (JSONL file → importFile), collected at `at`; returns the outcome ids. */
export async function importAt(store: Store, dir: string, at: Date, rows: Row[]): Promise<number[]> {
  const path = join(dir, `batch-${++files}.jsonl`);
  writeFileSync(path, rows.map((r) => JSON.stringify({ text: r.text, author: r.author ?? `nguoi_dung_${files}`, unit: r.unit ?? 'binhduong', source: 'forum-test' })).join('\n'));
  const ids: number[] = [];
  await importFile(store, path, { classifier: claimClassifier, secret: SECRET, now: at, onBatch: () => undefined });
  // The batch's items (new or copies) by text, newest row ids: read back from the store.
  for (const r of rows) {
    const id = (await store.db.get<{ id: number }>('SELECT id FROM items WHERE text = ?', [r.text]))?.id;
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

export interface Stream {
  /** Item ids per topic with the time they were collected. */
  items: { id: number; topic: keyof typeof TOPICS; at: Date }[];
}

/**
 * A quiet stream for `days` days before `end`: per hour, Poisson counts of each topic (overtime
 * 0.15/h, garlic 0.1/h, other 0.5/h), each hour's posts imported together at a random minute.
 */
export async function quietStream(store: Store, dir: string, end: Date, days: number, seed = 7): Promise<Stream> {
  const rand = rng(seed);
  const rates: [keyof typeof TOPICS, number][] = [['overtime', 0.15], ['garlic', 0.1], ['other', 0.5]];
  const items: Stream['items'] = [];
  let serial = 0;
  const first = Math.floor(end.getTime() / 3_600_000) * 3_600_000 - days * 86_400_000;
  for (let t = first; t < end.getTime(); t += 3_600_000) {
    const at = new Date(Math.min(t + Math.floor(rand() * 3_000_000), end.getTime() - 1));
    const rows: { topic: keyof typeof TOPICS; text: string }[] = [];
    for (const [topic, rate] of rates) for (let i = poisson(rate, rand); i > 0; i--) rows.push({ topic, text: post(TOPICS[topic], ++serial, rand) });
    if (rows.length === 0) continue;
    const ids = await importAt(store, dir, at, rows);
    rows.forEach((r, i) => items.push({ id: ids[i], topic: r.topic, at }));
  }
  return { items };
}
