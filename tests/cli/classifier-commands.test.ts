import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NullClassifier } from '../../src/classify/null-classifier.js';
import { ingest } from '../../src/jobs/ingest.js';
import { loadClassifier } from '../../src/classifier-runtime/load-classifier.js';
import { reclassifyStored } from '../../src/jobs/reclassify.js';
import { openStore } from '../../src/storage/store.js';

const run = promisify(execFile);
// Each call starts the whole CLI in a fresh process (several seconds on a busy 2-core machine).
vi.setConfig({ testTimeout: 180_000 });

/** Runs the real CLI in a child process; never throws, returns exit code and output. */
async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kc-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('cli rules test', () => {
  it('passes on the shipped rule packs', async () => {
    const r = await cli(['rules', 'test']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ pack\(s\), \d+ rule\(s\) and guard\(s\), \d+ example\(s\), \d+ known claim\(s\): all examples pass/);
  });

  it('fails loudly, listing every example that misses', async () => {
    const rules = join(dir, 'rules-miss');
    await cp('rules/labels.yaml', join(rules, 'labels.yaml'));
    await writeFile(
      join(rules, 'g.yaml'),
      `label: grievance
rules:
  - id: g.wrong
    description: examples that disagree with the rule
    weight: 0.5
    any: [nợ lương]
    examples:
      match: [công ty nợ lương, công ty trả lương đúng hạn]
      no_match: [chủ nợ lương tháng ba]
`,
    );
    const r = await cli(['rules', 'test', '--rules', rules]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/FAIL .*g\.yaml rule "g\.wrong": example should MATCH but did not:\n\s+công ty trả lương đúng hạn/);
    expect(r.stderr).toMatch(/FAIL .*g\.yaml rule "g\.wrong": example should NOT match but did:\n\s+chủ nợ lương tháng ba/);
    expect(r.stdout).toMatch(/2 FAILED/);
  });

  it('names the file and rule of a broken rule file', async () => {
    const rules = join(dir, 'rules-broken');
    await cp('rules/labels.yaml', join(rules, 'labels.yaml'));
    await writeFile(
      join(rules, 'broken.yaml'),
      'label: grievance\nrules:\n  - id: g.broken\n    description: bad near\n    weight: 0.5\n    near: [{ a: lương, b: chậm, within: many }]\n    examples: { match: [lương chậm] }\n',
    );
    const r = await cli(['rules', 'test', '--rules', rules]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.yaml:6, rule "g\.broken", field "near\[0\]\.within"/);
  });
});

describe('cli train / classify / eval', () => {
  it('trains on any label names and classifies with every label of that model', async () => {
    const train = join(dir, 'train.jsonl');
    const spam = ['Mua ngay giảm giá 50% chỉ hôm nay', 'Khuyến mãi lớn, giảm giá sốc, mua ngay', 'Giảm giá cực mạnh cho đơn hàng đầu tiên'];
    const ham = ['Chiều nay họp tổ lúc 3 giờ', 'Mai con đi học sớm nhé', 'Cuối tuần cả nhà về quê'];
    await writeFile(train, [...spam.map((text) => ({ text, labels: ['spam'] })), ...ham.map((text) => ({ text, labels: ['ham'] }))].map((r) => JSON.stringify(r)).join('\n'));
    const model = join(dir, 'model.json');
    const t = await cli(['train', '--input', train, '--out', model, '--min-df', '1']);
    expect(t.code).toBe(0);
    expect(JSON.parse(t.stdout)).toMatchObject({ labels: ['ham', 'spam'], examples: 6 });
    expect(JSON.parse(await readFile(model, 'utf8')).format).toBe('kiem-chung/tfidf-logreg');

    const input = join(dir, 'classify.jsonl');
    await writeFile(input, `${JSON.stringify({ id: 'a', text: 'Giảm giá sốc, mua ngay hôm nay' })}\n${JSON.stringify({ id: 7, text: 'Công ty nợ lương công nhân ba tháng rồi' })}\n`);
    const c = await cli(['classify', '--input', input, '--model', model]);
    expect(c.code).toBe(0);
    const lines = c.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', 7]);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(['id', 'labels', 'reasons', 'scores']);
      expect(Object.keys(l.scores).sort()).toEqual(['covid_false', 'grievance', 'ham', 'spam', 'union_org']);
    }
    expect(lines[0].labels).toContain('spam');
    expect(lines[1].labels).toContain('grievance');
    expect(lines[1].reasons.some((r: { kind: string }) => r.kind === 'rule')).toBe(true);
  });

  it('explains bad input clearly', async () => {
    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, '{"id": 1, "text": "ok"}\n{"text": "no id"}\n');
    const b = await cli(['classify', '--input', bad]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/bad\.jsonl:2: field "id"/);
  });

  it('reaches macro-F1 >= 0.85 on the held-out evaluation set', async () => {
    const r = await cli(['eval', '--input', 'tests/fixtures/eval/heldout.jsonl']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report.labels).sort()).toEqual(['covid_false', 'grievance', 'union_org']);
    for (const m of Object.values(report.labels) as { precision: number; recall: number; f1: number }[]) {
      expect(m.f1).toBeGreaterThan(0.7);
    }
    expect(report.macroF1).toBeGreaterThanOrEqual(0.85);
    expect(report.confusion).toBeTypeOf('object');
  });

  it('eval --breakdown adds the figures per length and diacritics bucket (JSON, and a table on stderr)', async () => {
    const file = join(dir, 'breakdown.jsonl');
    const rows = [
      { text: 'Công ty nợ lương công nhân ba tháng rồi, hỏi thì bảo chờ.', labels: ['grievance'] },
      { text: `cong ty no luong cong nhan ba thang roi. ${'hoi thi bao cho them. '.repeat(40)}`, labels: ['grievance'] },
      { title: 'Thời tiết', text: `Hà Nội hôm nay trời nắng nhẹ, chiều có mưa rào. ${'Nhiệt độ cao nhất 30 độ. '.repeat(8)}`, labels: [] },
    ];
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const plain = JSON.parse((await cli(['eval', '--input', file])).stdout);
    expect(plain.breakdown).toBeUndefined();
    const r = await cli(['eval', '--input', file, '--breakdown']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.breakdown.labels).toEqual(['grievance']);
    expect(out.breakdown.all.report.labels).toEqual(out.labels);
    expect(out.breakdown.all).toMatchObject({ rows: 3, negatives: 1, positives: 2, goldLabels: 2 });
    expect(out.breakdown.byLength.lt200.rows).toBe(1);
    expect(out.breakdown.byLength['200to800'].rows).toBe(1);
    expect(out.breakdown.byLength.gt800.rows).toBe(1);
    expect(out.breakdown.byDiacritics.with.rows).toBe(2);
    expect(out.breakdown.byDiacritics.without.rows).toBe(1);
    expect(r.stderr).toMatch(/^length > 800\s+1\s/m);
    expect(r.stderr).toMatch(/^without diacritics\s+1\s/m);
  });
});

describe('cli reclassify', () => {
  it('re-classifies stored items in batches and stores labels, scores and reasons', async () => {
    const db = join(dir, 'kc.db');
    const store = await openStore(db);
    try {
      const raws = [
        'Công ty nợ lương công nhân 3 tháng, hỏi thì bảo chờ',
        'Uống nước chanh nóng mỗi sáng diệt sạch virus corona, chia sẻ ngay',
        'Hôm nay trời nắng đẹp, cả nhà đi chơi công viên',
      ].map((text) => ({ text, source: 'test' }));
      await ingest(store, raws, { classifier: new NullClassifier(), secret: 'test-secret' });
      expect(await store.classifications.get(1)).toBeUndefined();
    } finally {
      await store.close();
    }
    const r = await cli(['reclassify', '--db', db, '--batch', '2']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 3, classified: 3, flagged: 2 });
    const after = await openStore(db);
    try {
      const stored = await Promise.all([1, 2, 3].map((id) => after.classifications.get(id)));
      expect(stored.map((c) => c?.labels)).toEqual([['grievance'], ['covid_false'], []]);
      expect(stored[0]?.reasons.some((x) => x.kind === 'rule')).toBe(true);
      // Nothing left to do for the same rules and model.
      const classifier = await loadClassifier({ rulesDir: 'rules', onWarning: () => {} });
      expect(await reclassifyStored(after, { classifier, onlyOutdated: true })).toMatchObject({ classified: 0, skipped: 3 });
    } finally {
      await after.close();
    }
  });
});

describe('cli calibrate', () => {
  it('fits curves by cross-validation and writes them into labels.yaml, keeping its comments', async () => {
    const rules = join(dir, 'rules-calibrate');
    for (const f of ['labels.yaml', 'grievance.yaml', 'covid-false.yaml', 'union-org.yaml']) await cp(join('rules', f), join(rules, f));
    const rows: string[] = [];
    for (let i = 0; i < 30; i++) {
      rows.push(JSON.stringify({ text: `Công ty TNHH May số ${i} nợ lương ${i % 4 + 2} tháng, hơn ${100 + i} công nhân ngừng việc đòi trả lương.`, labels: ['grievance'] }));
      rows.push(JSON.stringify({ text: `Bản tin thời tiết số ${i}: trời nắng nhẹ, nhiệt độ ${20 + (i % 10)} độ, chiều có mưa rào rải rác.`, labels: [] }));
    }
    await mkdir(join(rules, 'training'), { recursive: true });
    await writeFile(join(rules, 'training', 'real-sample.jsonl'), rows.join('\n') + '\n');
    const r = await cli(['calibrate', '--rules', rules, '--folds', '2', '--write']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.labels.grievance.calibration.a).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/fold 2\/2/);
    const yaml = await readFile(join(rules, 'labels.yaml'), 'utf8');
    expect(yaml).toMatch(/# Label set, thresholds/);
    expect(yaml).toMatch(/calibration: \{ a: [\d.]+, b: -?[\d.]+ \}/);
    // The written file still loads and classifies.
    const c = await loadClassifier({ rulesDir: rules, onWarning: () => undefined });
    expect(c.classify({ text: 'Công ty TNHH May X nợ lương 3 tháng, 200 công nhân ngừng việc.' }).labels).toContain('grievance');
  });
});
