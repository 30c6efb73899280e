// Synthetic Vietnamese-like posts for the foundation benches (deterministic, no real people).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

// Ranked roughly by frequency: function words first, then topic syllables, then thousands of
// generated Vietnamese-shaped syllables, drawn with a Zipf law like real text.
const COMMON = (
  'và của là có không được những các một cho người trong với đã này thì để khi đến về ra cũng như đang sẽ bị tại ' +
  'từ theo nhưng nên mà vì rất nhiều hơn đó nào gì ai anh em chị mình ta họ nó ngày tháng năm lại còn chưa rồi'
).split(' ');
const TOPIC = (
  'công nhân lao động lương thưởng bảo hiểm xã hội đoàn cơ sở nhà máy xưởng tăng ca an toàn tai nạn dịch bệnh vắc xin ' +
  'tiêm viện bác sĩ thuốc chữa khỏi phòng chống dân chủ quyền lợi hợp đồng ký kết nghỉ việc đình chi trả chậm mới ' +
  'khu nghiệp may giày điện tử gỗ thực phẩm đêm sáng chiều tối phụ cấp trọ xe đưa đón bữa cơm trưa nước uống quạt nóng ' +
  'bụi ồn độc lập tổ chức vận động kêu gọi tin đồn cảnh báo chia sẻ phản ánh đơn thư giám đốc quản trưởng chuyền định ' +
  'mức sản phẩm đơn giá hóa chất khẩu trang găng tay ủng mũ kính'
).split(' ');
const ONSETS = ['', 'b', 'c', 'ch', 'd', 'đ', 'g', 'gi', 'h', 'kh', 'l', 'm', 'n', 'ng', 'nh', 'ph', 'qu', 'r', 's', 't', 'th', 'tr', 'v', 'x'];
const RHYMES = ['a', 'ai', 'am', 'an', 'ang', 'anh', 'ao', 'au', 'ay', 'e', 'em', 'en', 'eo', 'i', 'im', 'in', 'inh', 'iu', 'o', 'oa', 'oan', 'oi', 'om', 'on', 'ong', 'ô', 'ôi', 'ông', 'ơ', 'ơi', 'ơn', 'u', 'ua', 'ui', 'um', 'un', 'ung', 'uy', 'ư', 'ưa', 'ưng', 'ương'];
const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const GENERATED: string[] = [];
for (const t of TONES) for (const r of RHYMES) for (const o of ONSETS) GENERATED.push(`${o}${r[0]}${t}${r.slice(1)}`.normalize('NFC'));
const VOCAB = [...COMMON, ...TOPIC, ...GENERATED.filter((_, i) => i % 3 === 0)];
const CDF = new Float64Array(VOCAB.length);
// Zipf–Mandelbrot: the commonest syllable is ~2.5% of text, as in real Vietnamese.
for (let i = 0, sum = 0; i < VOCAB.length; i++) CDF[i] = sum += 1 / (i + 8);
for (let i = 0; i < VOCAB.length; i++) CDF[i] /= CDF[VOCAB.length - 1];
const EXTRAS = ['ko', 'đc', 'ae', 'NLĐ', 'CĐCS', 'quáaaa', '!!!', '😡', '🙏', 'https://dien-dan.example/t/1?utm_source=fb'];

export function makeRng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return ((s ^ (s >>> 13)) >>> 0) / 2 ** 32;
  };
}

function zipfWord(rnd: () => number): string {
  const u = rnd();
  let lo = 0;
  let hi = VOCAB.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (CDF[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return VOCAB[lo];
}

/** One post of 40–160 syllables (~200–800 characters) with sentence breaks, some teencode and emoji. */
export function makePost(rnd: () => number): string {
  const n = 40 + Math.floor(rnd() * 120);
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = rnd() < 0.03 ? EXTRAS[Math.floor(rnd() * EXTRAS.length)] : zipfWord(rnd);
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
