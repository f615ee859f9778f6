import { expect, vi } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';

/** Opens an antd Select and clicks the option with this text. */
export async function pick(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/**
 * The options an antd Select offers, read once its open list shows `shown`. The list is opened again
 * if it closed before it could be read (a redraw of the form around it can close it on a busy machine).
 */
export async function optionsOf(page: Page, select: Locator, shown: string): Promise<string[]> {
  const open = page.locator('.ant-select-dropdown:visible');
  return vi.waitFor(
    async () => {
      if (!(await open.count())) await select.click();
      const texts = await open.locator('.ant-select-item-option').allInnerTexts();
      if (!texts.some((text) => text.includes(shown))) throw new Error(`the list offers ${JSON.stringify(texts)}, not yet ${shown}`);
      return texts;
    },
    { timeout: 30_000, interval: 300 },
  );
}

/** A fresh browser context (its own cookies), logged in through the login page. */
export async function loginAs(browser: Browser, url: string, countyName: string, username: string, locale = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale });
  const page = await context.newPage();
  await page.goto(`${url}/login`);
  await pick(page, page.getByTestId('county-select'), countyName);
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  // The workspace has drawn (its header names the user), not just changed address.
  await page.getByTestId('user').waitFor({ state: 'visible' });
  return page;
}

/** The message shown under a field: the explain line of the nearest antd form item around its input. */
export function fieldError(page: Page, fieldId: string): Locator {
  return page.locator(`#${fieldId}`).locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-form-item ")][1]').locator('.ant-form-item-explain-error');
}

/**
 * The locator shows this text: waited for while the page catches up (an answer that is still on
 * its way, a list redrawn after a save), then asserted, so a slow machine fails only by timeout.
 */
export async function expectText(locator: Locator, text: string | RegExp, timeout = 30_000): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout });
  const matches = (shown: string) => (typeof text === 'string' ? shown.includes(text) : text.test(shown));
  await expect.poll(async () => matches(await locator.innerText()), { timeout, interval: 200 }).toBe(true);
  expect(await locator.innerText()).toMatch(text);
}
