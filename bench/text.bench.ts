// Text normalisation throughput on generated Vietnamese-like posts (~300 characters each).
// Prints JSON lines {"name","value","unit"}; never fails on time.
import { analyze, foldText, normalizeText } from '../src/text/index.js';

const WORDS = (
  'công đoàn người lao động công nhân lương thưởng tăng ca bảo hiểm xã hội y tế doanh nghiệp ' +
  'nhà máy khu công nghiệp hợp đồng nghỉ việc đình công quyền lợi chủ tịch cơ sở đóng tiền ' +
  'vắc xin covid tiêm phòng bệnh viện thuốc chữa khỏi hoàn toàn tin đồn sự thật chia sẻ ngay ' +
  'hòa thủy khoẻ hoà thuỷ quý giữ thuở khuỷu nguyễn chuyện được không biết gì mọi người anh em ' +
  'ko đc k dc ae mn bhxh cđcs nld cty NLĐ TLĐ BYT quáaaa điiii ơiii 2021 500k 4.500.000đ F0'
).split(' ');
const EXTRAS = ['!!!', '...', '?', ',', '😡', '👍', ' https://vnexpress.net/bai-viet-4412345.html', ' @nguyenvana', ' 0912 345 678', ' lh 1900 1234'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makePosts(count: number): string[] {
  const r = rng(42);
  const posts: string[] = [];
  for (let p = 0; p < count; p++) {
    let s = '';
    while (s.length < 300) {
      let w = WORDS[Math.floor(r() * WORDS.length)];
      const x = r();
      if (x < 0.1) w = w[0].toUpperCase() + w.slice(1);
      else if (x < 0.13) w = w.normalize('NFD');
      s += (s ? ' ' : '') + w;
      if (r() < 0.08) s += EXTRAS[Math.floor(r() * EXTRAS.length)];
    }
    posts.push(s);
  }
  return posts;
}

// CPU time of this process rather than wall time, best of several rounds: the machine is shared,
// and a figure that measures other processes' load is no figure.
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function throughput(posts: string[], fn: (s: string) => unknown, rounds = 5): number {
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const start = cpuMs();
    for (const p of posts) fn(p);
    const ms = Math.max(cpuMs() - start, 1);
    best = Math.max(best, (posts.length / ms) * 1000);
  }
  return Math.round(best);
}

const posts = makePosts(20_000);
for (const p of posts.slice(0, 2000)) analyze(p); // warm up JIT and the word cache
const line = (name: string, value: number, unit: string) => console.log(JSON.stringify({ name, value, unit }));
line('normalise_throughput', throughput(posts, analyze), 'posts/s');
line('normalize_text_throughput', throughput(posts, normalizeText), 'posts/s');
line('fold_text_throughput', throughput(posts, foldText), 'posts/s');
