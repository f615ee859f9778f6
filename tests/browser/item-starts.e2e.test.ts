import { describe, expect, it } from 'vitest';
import { chromiumAvailable, snap, watchPageErrors } from './support/chromium.js';
import { expectText, loginAs, pick } from './support/ui.js';
import { useWebApp } from './support/web-server.js';

const SUITE = 'item-starts';
const PHONE = { width: 390, height: 844 };
const SUGGESTION = '关于修复东坝村路灯的建议';

/**
 * One item starting another, in the browser: staff confirm a deputy's visit record and raise the
 * opinion heard as a suggestion; the visit names the suggestion it started, the suggestion the
 * visit it came from, and both traces link to each other. Screenshots in
 * test-artifacts/browser/item-starts/.
 */
describe.runIf(chromiumAvailable('browser item-starts suite'))('web app: a visit record raises a suggestion, linked both ways', () => {
  const web = useWebApp();
  const errors: string[] = [];
  let visitId: string;

  it('staff confirm a visit as a suggestion: the visit names the suggestion it started', async () => {
    const deputy = await loginAs(web.browser, web.url, '郁南县', 'deputy');
    const created = await deputy.request.post(`${web.url}/api/items`, {
      data: {
        packId: 'yunan-suggestions',
        flowId: 'visit',
        stationId: 'ducheng-central',
        payload: { visitDate: '2026-11-28', visitType: 'evening', location: '都城镇东坝村', households: 12, opinionCount: 3, opinions: '村道路灯损坏，夜间出行不便' },
      },
    });
    expect(created.status()).toBe(201);
    visitId = (await created.json()).item.id;

    const page = await loginAs(web.browser, web.url, '郁南县', 'staff');
    errors.push(...watchPageErrors(page));
    await page.goto(`${web.url}/items/${visitId}`);
    await page.locator('[data-action="CONFIRM_AS_SUGGESTION"]').click();
    await page.locator('#root_suggestionTitle').fill(SUGGESTION);
    await page.locator('#root_suggestionContent').fill('东坝村村道路灯损坏已久，夜间出行不便，建议尽快修复。');
    await pick(page, page.locator('#root_category'), '基础设施建设');
    await page.getByTestId('form-submit').click();
    await expectText(page.getByTestId('related-started'), /后续事项：\s*代表建议办理/);
    await expectText(page.getByTestId('timeline'), '启动代表建议办理');
    // The engine's event names the suggestion in words, never by its id.
    expect(await page.getByTestId('timeline').innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await snap(page, SUITE, '01-visit-started-suggestion');

    await page.getByTestId('related-started').getByRole('link', { name: '代表建议办理' }).click();
    await expectText(page.getByTestId('item-title'), SUGGESTION);
    await expectText(page.getByTestId('related-startedBy'), /来源事项：\s*代表走访记录/);
    await expectText(page.getByTestId('item-state'), '待分类交办');
    await snap(page, SUITE, '02-suggestion-from-visit');
  });

  it('each trace links to the other, on a phone too', async () => {
    const page = await loginAs(web.browser, web.url, '郁南县', 'auditor');
    errors.push(...watchPageErrors(page));
    await page.goto(`${web.url}/audit/items/${visitId}`);
    const started = page.locator('[data-testid^="trace-link-"]');
    await expectText(started, '代表建议办理');
    await started.click();
    await page.waitForURL(/\/items\//);
    await expectText(page.getByTestId('item-title'), SUGGESTION);
    const suggestionId = page.url().split('/').pop()!;
    await page.goto(`${web.url}/audit/items/${suggestionId}`);
    await expectText(page.getByTestId('trace-link-1'), '代表走访记录');
    await expectText(page.getByTestId('chain'), '完整');
    await snap(page, SUITE, '03-suggestion-trace');

    await page.setViewportSize(PHONE);
    await page.goto(`${web.url}/items/${suggestionId}`);
    await expectText(page.getByTestId('related-startedBy'), '代表走访记录');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await snap(page, SUITE, '04-phone-suggestion');
  });

  it('no page threw an error', () => {
    expect(errors).toEqual([]);
  });
});
