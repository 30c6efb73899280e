import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { Client, harness, type Harness } from './harness.js';

// Item reasons name each rule with its description in the reader's language: description_vi in
// Vietnamese (never the English text there), the English description in English.
const PACK = `label: covid_false
description: Test pack
rules:
  - id: covid.garlic
    description: Garlic presented as a COVID cure
    description_vi: Tỏi được nói là chữa khỏi COVID
    weight: 0.5
    any: ["tỏi"]
    examples:
      match: ["ăn tỏi"]
  - id: covid.cure
    description: A claimed cure
    weight: 0.5
    any: ["chữa khỏi"]
    examples:
      match: ["chữa khỏi bệnh"]
`;

let h: Harness;
let rulesDir: string;
let c: Client;
beforeAll(async () => {
  rulesDir = mkdtempSync(join(tmpdir(), 'kc-rules-'));
  mkdirSync(rulesDir, { recursive: true });
  copyFileSync(resolve('rules/labels.yaml'), join(rulesDir, 'labels.yaml'));
  writeFileSync(join(rulesDir, 'test-pack.yaml'), PACK);
  h = await harness({ app: { config: loadConfig({ KC_DATA_DIR: rulesDir, KC_RULES_DIR: rulesDir }) } });
  c = new Client(h);
  await c.login('reviewer');
});
afterAll(async () => {
  await h.close();
  rmSync(rulesDir, { recursive: true, force: true });
});

describe('rule descriptions in item reasons', () => {
  it('shows description_vi in Vietnamese and no English description there', async () => {
    // Item 1 fires covid.cure ("chữa khỏi") and covid.garlic ("tỏi").
    const { html } = await c.page(`/items/${h.ids[0]}`);
    expect(html).toContain('<code>covid.garlic</code>');
    expect(html).toContain('— Tỏi được nói là chữa khỏi COVID');
    expect(html).not.toContain('Garlic presented as a COVID cure');
    expect(html).toContain('<code>covid.cure</code>');
    expect(html).not.toContain('A claimed cure');
  });

  it('shows the English description in English', async () => {
    const { html } = await c.page(`/items/${h.ids[0]}?lang=en`);
    expect(html).toContain('— Garlic presented as a COVID cure');
    expect(html).toContain('— A claimed cure');
    expect(html).not.toContain('Tỏi được nói là chữa khỏi COVID');
  });
});
