import { describe, expect, it } from 'vitest';
import { tipHarness } from '../tipline/tip-harness.js';
import { useBrowserHarness } from './use-browser-harness.js';

// Served on 127.0.0.1: the default KC_TIP_FORM=local lets this visitor in.
const { h, session, page } = useBrowserHarness('tip', { harness: () => tipHarness({ KC_TIP_MAX_CHARS: '500' }) });

describe('the public tip form in Chromium (1280×900 and 360×740, axe)', () => {
  it('a member sends a tip without an account and gets a receipt; errors are at their field; the reviewer sees it with its badge', async () => {
    await session.goto('/tip');
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('Gửi tin báo');
    // No personal data is asked; the honeypot is out of sight and out of the tab order.
    expect(await page.$$eval('input, textarea, select', (els) => els.map((e) => e.getAttribute('name')))).toEqual(['_csrf', 'url', 'text', 'worry', 'unit', 'website']);
    expect(await page.$eval('#tip-website', (e) => (e as HTMLElement).tabIndex)).toBe(-1);
    await session.checkBoth('tip-form');

    // Too long: refused at the text field, what was typed is kept.
    await page.type('#tip-worry', 'Chị em trong xưởng tin và không đi khám');
    await page.$eval('#tip-text', (e, v) => ((e as HTMLTextAreaElement).value = v), 'nợ lương '.repeat(80));
    await page.$eval('#tip-text', (e) => e.removeAttribute('maxlength'));
    await session.submit('form[action="/tip"] button[type=submit]');
    expect(await page.$eval('#tip-text', (e) => [e.getAttribute('aria-invalid'), e.getAttribute('aria-describedby')])).toEqual(['true', 'text-error']);
    expect(await page.$eval('#text-error', (e) => e.textContent)).toContain('500');
    expect(await page.$eval('#tip-worry', (e) => (e as HTMLTextAreaElement).value)).toBe('Chị em trong xưởng tin và không đi khám');
    await session.checkBoth('tip-error');

    await page.$eval('#tip-text', (e) => ((e as HTMLTextAreaElement).value = ''));
    await page.type('#tip-text', 'Nhóm Zalo xưởng chuyền nhau: uống nước tỏi chữa khỏi COVID trong 3 ngày, bác sĩ giấu.');
    await page.select('#tip-unit', 'hanoi');
    await session.submit('form[action="/tip"] button[type=submit]');
    const receipt = await page.$eval('.receipt', (e) => e.textContent ?? '');
    expect(receipt).toMatch(/^TB-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    await session.checkBoth('tip-received');

    const tip = (await h.store.db.get<{ item_id: number }>('SELECT item_id FROM tips WHERE receipt = ?', [receipt]))!;
    await session.login('reviewer');
    await session.goto(`/items/${tip.item_id}`);
    expect(await page.$eval('#tips', (e) => e.textContent)).toContain(receipt);
    expect(await page.$eval('#tips', (e) => e.textContent)).toContain('Chị em trong xưởng tin và không đi khám');
    expect(await page.$('.meta .badge.tip')).not.toBeNull();
    // The reviewers' own form is in the navigation.
    expect(await page.$$eval('header nav a', (a) => a.map((x) => x.getAttribute('href')))).toContain('/tip');
    await session.goto('/tip');
    await session.checkBoth('tip-form-reviewer');
  }, 180_000);
});
