// Test helpers for the foundation (storage, ingest, CLI): real SQLite files in temp dirs.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NullClassifier } from '../../src/classify/null-classifier.js';
import { openStore, type Store } from '../../src/storage/store.js';
import type { Classification, Classifier, ClassifyInput } from '../../src/types.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SECRET = 'f'.repeat(64);

export function tempDir(prefix = 'kc-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function tempStore(): Promise<{ store: Store; dir: string; path: string }> {
  const dir = tempDir();
  const path = join(dir, 'kc.db');
  return { store: await openStore(path), dir, path };
}

export const nullClassifier: Classifier = new NullClassifier();

/** A tiny deterministic classifier: flags texts mentioning "tiền lương" as grievances. */
export const keywordClassifier: Classifier = {
  version: 'test-1',
  classify({ text }: ClassifyInput): Classification {
    const hit = /lương/i.test(text);
    return {
      labels: hit ? ['grievance'] : [],
      scores: { grievance: hit ? 0.9 : 0.1, covid_false: 0.05 },
      reasons: [],
      version: 'test-1',
    };
  },
};

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process (node + tsx loader, no shell). */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

export interface ServerProcess {
  url: string;
  /** SIGTERM, then the exit: "0" for a clean exit, else the code or signal with stderr. */
  stop(): Promise<string>;
  stderr(): string;
}

/** Starts a script (`src/main.ts`, `src/cli.ts serve`, ...) and resolves once it prints a URL matching `urlPattern` (group 1). */
export async function startServerProcess(args: string[], env: Record<string, string>, urlPattern: RegExp): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = urlPattern.exec(out);
      if (m) resolveUrl(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited early (${code}): ${stderr}`)));
  });
  return {
    url,
    stderr: () => stderr,
    stop() {
      const exited = new Promise<string>((done) => child.on('exit', (code, signal) => done(`${code ?? signal}${code ? ` ${stderr}` : ''}`)));
      child.kill('SIGTERM');
      return exited;
    },
  };
}

const SYLLABLES = (
  'công nhân lao động lương thưởng bảo hiểm xã hội đoàn cơ sở nhà máy xưởng tăng ca an toàn tai nạn dịch bệnh vắc xin tiêm ' +
  'bệnh viện bác sĩ thuốc chữa khỏi phòng chống người dân chủ quyền lợi hợp đồng ký kết nghỉ việc đình chi trả chấm ngày tháng ' +
  'năm mới của và là có không được để cho với tại trên trong về theo những các một hai ba bốn sáu bảy tám chín mười khu nghiệp ' +
  'may giày điện tử gỗ thực phẩm ca đêm sáng chiều tối phụ cấp nhà trọ xe đưa đón bữa cơm trưa nước uống quạt nóng bụi ồn'
).split(' ');

/** Deterministic Vietnamese-like posts, different enough from each other never to be near duplicates. */
export function distinctPosts(n: number, seed = 42, length = 40): string[] {
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  return Array.from({ length: n }, () => Array.from({ length }, () => SYLLABLES[Math.floor(next() * SYLLABLES.length)]).join(' '));
}
