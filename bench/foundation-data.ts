// Synthetic Vietnamese-like posts for the foundation benches (deterministic, no real people).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const SYLLABLES = (
  'công nhân lao động lương thưởng bảo hiểm xã hội đoàn cơ sở nhà máy xưởng tăng ca an toàn tai nạn dịch bệnh vắc xin ' +
  'tiêm bệnh viện bác sĩ thuốc chữa khỏi phòng chống người dân chủ quyền lợi hợp đồng ký kết nghỉ việc đình chi trả chậm ' +
  'ngày tháng năm mới của và là có không được để cho với tại trên trong về theo những các một hai ba bốn sáu bảy tám chín ' +
  'mười khu nghiệp may giày điện tử gỗ thực phẩm ca đêm sáng chiều tối phụ cấp nhà trọ xe đưa đón bữa cơm trưa nước uống ' +
  'quạt nóng bụi ồn độc lập tổ chức vận động kêu gọi tin đồn cảnh báo chia sẻ anh em chị ơi nhé ạ rồi đã sẽ đang bị phản ánh ' +
  'đơn thư giám đốc quản đốc tổ trưởng chuyền định mức sản phẩm đơn giá hóa chất khẩu trang găng tay ủng mũ kính'
).split(' ');
const EXTRAS = ['ko', 'đc', 'ae', 'NLĐ', 'CĐCS', 'quáaaa', '!!!', '😡', '🙏', 'https://dien-dan.example/t/1?utm_source=fb'];

export function makeRng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return ((s ^ (s >>> 13)) >>> 0) / 2 ** 32;
  };
}

/** One post of 40–160 syllables (~200–800 characters) with sentence breaks, some teencode and emoji. */
export function makePost(rnd: () => number): string {
  const n = 40 + Math.floor(rnd() * 120);
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = rnd() < 0.03 ? EXTRAS[Math.floor(rnd() * EXTRAS.length)] : SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
    if (i === 0 || words[i - 1]?.endsWith('.')) w = w[0].toUpperCase() + w.slice(1);
    if (rnd() < 0.07) w += rnd() < 0.5 ? '.' : ',';
    words.push(w);
  }
  return words.join(' ');
}

/**
 * Writes `count` import rows to `path` as JSONL, streaming (the corpus is never all in memory).
 * About 5% are reposts of an earlier post (exact or with a URL tracking parameter).
 */
export async function writeCorpus(path: string, count: number, seed = 1): Promise<void> {
  const rnd = makeRng(seed);
  const out = createWriteStream(path);
  const recent: string[] = [];
  for (let i = 0; i < count; i++) {
    const repost = recent.length > 0 && rnd() < 0.05;
    const text = repost ? recent[Math.floor(rnd() * recent.length)] : makePost(rnd);
    if (!repost) {
      recent.push(text);
      if (recent.length > 200) recent.shift();
    }
    const row = {
      text,
      url: `https://mang-xa-hoi.example/p/${i}${rnd() < 0.3 ? '?fbclid=x' : ''}`,
      author: `user${Math.floor(rnd() * 5000)}`,
      published_at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
      source: `src-${i % 20}`,
    };
    if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
