import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHarness } from './admin-harness.js';
import { Client, type Harness } from './harness.js';

// A rule pack of its own: an English description for en, an optional Vietnamese one for vi.
const PACK = `label: covid_false
description: test pack
rules:
  - id: covid.garlic-test
    description: Garlic claimed to cure COVID
    description_vi: Tin tỏi chữa khỏi COVID
    weight: 0.8
    all: [tỏi, chữa khỏi]
    examples: { match: [ăn tỏi chữa khỏi cảm] }
  - id: covid.other-test
    description: Only an English description
    weight: 0.5
    any: [nước muối]
    examples: { match: [súc miệng nước muối] }
`;
let h: Harness;
let dir = '';
let admin: Client;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kc-rules-vi-'));
  writeFileSync(join(dir, 'covid-false.yaml'), PACK);
  writeFileSync(join(dir, 'labels.yaml'), 'labels:\n  - id: covid_false\n    description: test\n    threshold: 0.5\ncombination: { rules: 0.9, model: 0.8, claims: 0.6 }\nclaims: { suggest: 0.3, confirm: 0.55 }\nmodel: { file: model/model.json, default_threshold: 0.5 }\n');
  h = await adminHarness({ KC_RULES_DIR: dir });
  admin = new Client(h);
  await admin.login('admin');
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('rule descriptions in the UI language', () => {
  it('shows description_vi in Vietnamese and the English description in English', async () => {
    const vi = (await admin.page('/admin/rules')).html;
    expect(vi).toContain('<td>Tin tỏi chữa khỏi COVID</td>');
    expect(vi).not.toContain('Garlic claimed to cure COVID');
    expect(vi).toContain('<td>Only an English description</td>'); // no Vietnamese text given yet
    const en = (await admin.page('/admin/rules?lang=en')).html;
    expect(en).toContain('<td>Garlic claimed to cure COVID</td>');
  });
});
