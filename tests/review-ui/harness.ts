import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { installationSecret } from '../../src/privacy/installation-secret.js';
import { ingest } from '../../src/jobs/ingest.js';
import { hashPassword } from '../../src/review/passwords.js';
import { openStore, type Store } from '../../src/storage/store.js';
import type { RawItem, Role } from '../../src/types.js';
import { createApp, type AppOptions } from '../../review-ui/app.js';
import { keywordClassifier } from './keyword-classifier.js';

export const ORIGIN = 'http://localhost';
export const PASSWORD = 'mật-khẩu-thử-nghiệm-đủ-dài';
// Cheap scrypt parameters for test accounts only; verification reads them from the stored hash.
const FAST = { N: 1024, r: 8, p: 1 };

export interface Harness {
  dir: string;
  store: Store;
  app: ReturnType<typeof createApp>;
  now: { value: Date };
  users: Record<string, number>;
  ids: number[];
  close(): Promise<void>;
}

export async function addUser(store: Store, username: string, role: Role, unit: string | null, password = PASSWORD): Promise<number> {
  return store.db.write(async () => store.users.create({ username, role, unit, passwordHash: await hashPassword(password, FAST), now: new Date().toISOString() }));
}

export const DEFAULT_ITEMS: RawItem[] = [
  { title: 'Uống nước tỏi chữa khỏi COVID', text: 'Chia sẻ: uống nước tỏi mỗi sáng chữa khỏi COVID trong 3 ngày, bác sĩ giấu.', source: 'forum-a', unit: 'hanoi', url: 'https://forum.example/p/1', author: 'nguoidung_1', publishedAt: '2026-11-01T02:00:00Z' },
  { title: 'Tỏi chữa khỏi bệnh', text: 'Mẹo dân gian: ăn tỏi sống chữa khỏi COVID và cúm, chia sẻ cho người thân.', source: 'forum-a', unit: 'hanoi', url: 'https://forum.example/p/2', author: 'nguoidung_2' },
  { title: 'Lập công đoàn độc lập', text: 'Kêu gọi công nhân tự lập công đoàn độc lập ngoài hệ thống.', source: 'forum-b', unit: 'hcm', url: 'javascript:alert(1)', author: 'nguoidung_3' },
  { title: 'Công ty nợ lương ba tháng', text: 'Công nhân phản ánh công ty nợ lương ba tháng, chưa đóng bảo hiểm.', source: 'forum-a', unit: 'hanoi', url: 'https://forum.example/p/4' },
  { title: 'Tin thời tiết', text: 'Hà Nội hôm nay trời nắng nhẹ, không có gì đặc biệt.', source: 'forum-a', unit: 'hanoi' },
];

/** A real SQLite file in a temp dir, the real app, and a few users and items. */
export async function harness(opts: { items?: RawItem[]; app?: Partial<AppOptions> } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'kc-ui-'));
  const store = await openStore(join(dir, 'kc.db'));
  const now = { value: new Date('2026-11-20T03:00:00Z') };
  const config = loadConfig({ KC_DATA_DIR: dir, KC_RULES_DIR: join(dir, 'rules') });
  const app = createApp({
    store,
    config,
    clock: () => now.value,
    responsesDir: join(import.meta.dirname, 'fixtures', 'responses'),
    scrypt: FAST,
    // The secret the items below are pseudonymised with (the one beside the database, as the
    // application wires it), also when a harness's config names another data folder.
    secret: installationSecret(dir),
    ...opts.app,
  });
  const users = {
    admin: await addUser(store, 'admin', 'admin', 'hq'),
    reviewer: await addUser(store, 'reviewer', 'reviewer', 'hanoi'),
    reviewer2: await addUser(store, 'reviewer2', 'reviewer', 'hcm'),
    viewer: await addUser(store, 'viewer', 'viewer', 'hq'),
  };
  const r = await ingest(store, opts.items ?? DEFAULT_ITEMS, { classifier: keywordClassifier, secret: installationSecret(dir), now: new Date('2026-11-19T00:00:00Z') });
  return {
    dir, store, app, now, users, ids: r.ids,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A browser-like client over app.request(): keeps cookies, sends Origin, fills the form token. */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly h: Harness) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private absorb(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [k, v] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (attrs.some((a) => /max-age=0/i.test(a.trim())) || v === '') this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.h.app.request(path, { headers: { cookie: this.cookieHeader(), ...headers } });
    this.absorb(res);
    return res;
  }

  /** GET and remember the page's form token. */
  async page(path: string): Promise<{ res: Response; html: string }> {
    const res = await this.get(path);
    const html = await res.text();
    const m = /name="_csrf" value="([^"]*)"/.exec(html);
    if (m) this.csrf = m[1];
    return { res, html };
  }

  async post(path: string, fields: Record<string, string | string[]>, opts: { origin?: string | null; token?: string | null } = {}): Promise<Response> {
    const body = new URLSearchParams();
    const token = opts.token === undefined ? this.csrf : opts.token;
    if (token !== null) body.set('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    const headers: Record<string, string> = { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' };
    const origin = opts.origin === undefined ? ORIGIN : opts.origin;
    if (origin !== null) headers.origin = origin;
    const res = await this.h.app.request(path, { method: 'POST', body, headers });
    this.absorb(res);
    return res;
  }

  async login(username: string, password = PASSWORD): Promise<Response> {
    await this.page('/login');
    const res = await this.post('/login', { username, password });
    if (res.status === 303) await this.page('/queue');
    return res;
  }
}
