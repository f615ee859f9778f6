import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { publishPack } from '../../engine/runtime/pack-publisher.js';
import { startDraftKey } from '../../engine/domain/draft.js';
import { CHOICES, choicesFixturePack } from '../support/choices-fixture-pack.js';
import { chromiumAvailable, snap, watchPageErrors } from './support/chromium.js';
import { expectText, fieldError, loginAs, pick } from './support/ui.js';
import { useWebApp } from './support/web-server.js';

const SUITE = 'forms';
// A real 1×1 PNG: the engine checks an upload's first bytes, not its name.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/**
 * The forms a deputy fills in the browser: a wizard (走访记录, three steps) with a computed
 * total, a draft that survives a reload, and a photo uploaded to the engine.
 */
describe.runIf(chromiumAvailable('browser forms suite'))('web app forms: wizard, computed field, draft, attachment', () => {
  let page: Page;
  let errors: string[];
  const web = useWebApp(async ({ engine, url, browser }) => {
    const published = await publishPack(engine.store, engine.registry, choicesFixturePack());
    if (!published.ok) throw new Error(JSON.stringify(published.problems));
    page = await loginAs(browser, url, '郁南县', 'deputy');
    errors = watchPageErrors(page);
  });

  const next = () => page.getByTestId('wizard-next').click();
  const openVisitForm = async () => {
    await page.goto(`${web.url}/new`);
    await page.getByTestId('start-visit').click();
    await page.getByTestId('wizard-steps').waitFor();
  };

  it('a wizard step refuses to move on until its own fields are right, in Chinese', async () => {
    await openVisitForm();
    await page.locator('#root_location').fill('桂');
    await next();
    await expectText(fieldError(page, 'root_visitDate'), '“走访日期”为必填项');
    await expectText(fieldError(page, 'root_location'), '“走访地点”不能少于 2 个字');
    // Fields of later steps are not shown, nor complained about, yet.
    expect(await page.locator('#root_households').count()).toBe(0);
    await snap(page, SUITE, '01-wizard-step-errors');
  });

  it('computes a read-only total as numbers are typed', async () => {
    await page.locator('#root_visitDate').fill('2026年11月20日');
    await page.locator('#root_visitDate').press('Enter');
    await pick(page, page.locator('#root_visitType'), '入户夜访');
    await page.locator('#root_location').fill('桂圩镇桂圩村');
    await next();
    await page.locator('#root_households').fill('12');
    await page.locator('#root_men').fill('10');
    await page.locator('#root_women').fill('8');
    await page.locator('#root_opinionCount').fill('3');
    await page.locator('#root_opinions').fill('村道积水；路灯不亮；垃圾桶太少');
    await page.locator('#root_opinions').blur();
    await page.waitForFunction(() => (document.querySelector('#root_peopleReached') as HTMLInputElement | null)?.value === '18');
    expect(await page.locator('#root_peopleReached').isDisabled()).toBe(true);
    await snap(page, SUITE, '02-wizard-computed');
  });

  it('a reload finds the draft on the server', async () => {
    await page.getByTestId('draft-note').getByText('草稿已自动保存').waitFor();
    // The note may be an earlier save's: a draft is saved a second after the last edit, so wait
    // until the server holds the last one before reloading.
    const draftKey = encodeURIComponent(startDraftKey('yunan-suggestions', 'visit'));
    const savedOpinions = () =>
      page.evaluate(async (key) => {
        const response = await fetch(`/api/drafts/${key}`);
        return response.ok ? (await response.json()).payload?.opinions : undefined;
      }, draftKey);
    await expect.poll(savedOpinions, { timeout: 15_000 }).toBe('村道积水；路灯不亮；垃圾桶太少');
    await page.reload();
    await page.getByTestId('draft-note').getByText('已恢复您上次未提交的草稿').waitFor();
    expect(await page.locator('#root_location').inputValue()).toBe('桂圩镇桂圩村');
    await snap(page, SUITE, '03-draft-restored');
    await next();
    expect(await page.locator('#root_households').inputValue()).toBe('12');
    expect(await page.locator('#root_peopleReached').inputValue()).toBe('18');
    await next();
  });

  it('attaches a photo (uploaded to the engine, kept by id) and submits the wizard', async () => {
    await page.locator('input[type=file]').setInputFiles({ name: '走访现场.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('.ant-upload-list').getByText('走访现场.png').waitFor();
    expect(await page.locator('#root_title').inputValue()).toBe('2026-11-20 桂圩镇桂圩村 走访记录');
    await snap(page, SUITE, '04-wizard-photo');
    await page.getByTestId('form-submit').click();
    await page.waitForURL(/\/items\//);
    await page.getByTestId('item-state').getByText('待联络站确认').waitFor();
    const links = page.getByTestId('item-data').getByTestId('attachment-links');
    await links.getByText('走访现场.png').waitFor();
    const href = await links.locator('a').first().getAttribute('href');
    const photo = await page.evaluate(async (h) => {
      const r = await fetch(h!);
      return { status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength };
    }, href);
    expect(photo).toEqual({ status: 200, type: 'image/png', size: PNG.length });
    await snap(page, SUITE, '05-visit-submitted');

    // The stored item has the id, never the file's bytes.
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const item = await web.engine.store.items.getItem('yunan', id);
    const data = (item!.snapshot as { context: Record<string, unknown> }).context;
    expect(data.photos).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    expect(data.peopleReached).toBe(18);
  });

  it('submitting cleared the draft', async () => {
    await openVisitForm();
    await page.locator('#root_location').waitFor();
    expect(await page.getByTestId('draft-note').count()).toBe(0);
    expect(await page.locator('#root_location').inputValue()).toBe('');
  });

  const drafts: string[] = [];
  let choicesItem: string;
  it('a choice starts empty (请选择) unless the form declares a default; opening the form saves no draft', async () => {
    page.on('request', (r) => {
      if (r.method() === 'PUT' && r.url().includes('/api/drafts/')) drafts.push(r.postData() ?? '');
    });
    await page.goto(`${web.url}/new/${CHOICES.packId}/${CHOICES.flowId}`);
    await page.locator('#root_level').waitFor();
    // Well past the draft's one-second pause: nothing was typed, so nothing is saved.
    await page.waitForTimeout(2500);
    expect(drafts).toEqual([]);
    const select = (id: string) => page.locator(`.ant-select:has(#${id})`);
    expect(await select('root_level').innerText()).toBe('请选择');
    expect(await select('root_channel').innerText()).toBe('走访');
    expect(await page.locator('#root_ok input[type=radio]:checked').count()).toBe(0);
    await snap(page, SUITE, '06-choices-not-prefilled');
    await page.setViewportSize({ width: 390, height: 844 });
    await snap(page, SUITE, '06-choices-not-prefilled-phone');
    await page.setViewportSize({ width: 1400, height: 900 });

    // Without an answer the required yes/no is refused, as the server would.
    await page.getByTestId('form-submit').click();
    await expectText(fieldError(page, 'root_ok'), '“同意”为必填项');
    // A real edit is saved as a draft.
    await page.locator('#root_ok').getByText('是').click();
    await page.getByTestId('draft-note').getByText('草稿已自动保存').waitFor();
    expect(drafts).toHaveLength(1);
  });

  it('the item stores the answer and the declared default, and no choice the user never made', async () => {
    await page.getByTestId('form-submit').click();
    await page.waitForURL(/\/items\//);
    choicesItem = new URL(page.url()).pathname.split('/').pop()!;
    const item = await web.engine.store.items.getItem('yunan', choicesItem);
    const data = (item!.snapshot as { context: Record<string, unknown> }).context;
    expect(data).toMatchObject({ ok: true, channel: 'visit' });
    expect(data).not.toHaveProperty('level');
  });

  it('opening an event form on the item page saves no draft either, and shows its choices empty', async () => {
    await page.goto(`${web.url}/items/${choicesItem}`);
    drafts.length = 0;
    // At once: the page goes on loading around the open form (rjsf used to report its pre-filled choices then).
    await page.locator('[data-action=DECIDE]').click();
    await page.locator('.ant-modal #root_level').waitFor();
    await page.waitForTimeout(2500);
    expect(drafts).toEqual([]);
    expect(await page.locator('.ant-modal .ant-select:has(#root_level)').innerText()).toBe('请选择');
    expect(await page.locator('.ant-modal #root_ok input[type=radio]:checked').count()).toBe(0);
    await snap(page, SUITE, '07-event-form-not-prefilled', false);
    await page.keyboard.press('Escape');
  });

  it('no page threw an error', () => {
    expect(errors).toEqual([]);
  });
});
