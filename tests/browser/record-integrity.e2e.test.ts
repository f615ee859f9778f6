import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sql } from 'kysely';
import { takeCheckpoint } from '../../engine/record/checkpoints.js';
import { asOwner } from '../support/owner-access.js';
import { client, login } from '../support/test-engine.js';
import { intake } from '../support/yunan-payloads.js';
import { ARTIFACTS, chromiumAvailable, snap, watchPageErrors } from './support/chromium.js';
import { expectText, loginAs } from './support/ui.js';
import { useWebApp } from './support/web-server.js';

const SUITE = 'record-integrity';

/**
 * The auditor's side of a forged record, in Chinese: the trace says exactly what was altered,
 * the checkpoints page exports the signed checkpoints, and a kept export proves the newest
 * ones were cut. Desktop and phone screenshots in test-artifacts/browser/record-integrity/.
 */
describe.runIf(chromiumAvailable('browser record integrity suite'))('web app: signed checkpoints and a forged record', () => {
  const web = useWebApp();
  let itemId: string;
  const errors: string[] = [];

  beforeAll(async () => {
    const deputy = client(web.engine.app, await login(web.engine.app, 'yunan', 'deputy'));
    const staff = client(web.engine.app, await login(web.engine.app, 'yunan', 'staff'));
    itemId = (await deputy.createItem(intake(), { stationId: 'ducheng-central' })).json().item.id;
    await staff.send(itemId, 'TRIAGE', { mechanism: 'micro', triageOpinion: '请代表马上办理' });
    await takeCheckpoint(web.engine.store, web.engine.keys, 'yunan');
  });
  afterAll(async () => {
    expect(errors).toEqual([]);
  });

  const auditor = async (viewport = { width: 1400, height: 900 }): Promise<Page> => {
    const page = await loginAs(web.browser, web.url, '郁南县', 'auditor');
    await page.setViewportSize(viewport);
    errors.push(...watchPageErrors(page));
    return page;
  };

  it('the auditor exports the checkpoints and verifies the record: intact', async () => {
    const page = await auditor();
    await page.getByRole('menuitem', { name: '签名存证' }).click();
    await expectText(page.getByTestId('checkpoints'), '定期导出存证');
    mkdirSync(join(ARTIFACTS, SUITE), { recursive: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-checkpoints').click()]);
    await download.saveAs(join(ARTIFACTS, SUITE, 'kept.json'));
    const kept = JSON.parse(readFileSync(join(ARTIFACTS, SUITE, 'kept.json'), 'utf8'));
    expect(kept.algorithm).toBe('Ed25519');
    expect(kept.checkpoints).toHaveLength(1);
    await page.getByTestId('verify-checkpoints').click();
    await expectText(page.getByTestId('verdict'), '核验通过');
    await snap(page, SUITE, '01-checkpoints-intact');
  });

  it('someone with the database cuts the newest event and the checkpoint: the kept export proves it', async () => {
    await asOwner(web.engine, {}, async (db) => {
      for (const t of ['events', 'checkpoints', 'checkpoint_heads']) await sql`alter table ${sql.table(t)} disable trigger user`.execute(db);
      await db.deleteFrom('checkpoint_heads').execute();
      await db.deleteFrom('checkpoints').execute();
      await db.deleteFrom('events').where('item_id', '=', itemId).where('seq', '=', 2).execute();
      for (const t of ['events', 'checkpoints', 'checkpoint_heads']) await sql`alter table ${sql.table(t)} enable trigger user`.execute(db);
    });
    const page = await auditor({ width: 390, height: 844 });
    await page.goto(`${web.url}/audit/checkpoints`);
    await page.locator('input[type=file]').setInputFiles(join(ARTIFACTS, SUITE, 'kept.json'));
    await expectText(page.getByTestId('kept-note'), '1 个存证点');
    await page.getByTestId('verify-checkpoints').click();
    await expectText(page.getByTestId('verdict'), '审计方留存的签名存证点 #1 在系统中已不存在或不一致');
    await snap(page, SUITE, '02-checkpoints-cut-phone');
  });

  it('the trace says what is wrong with the item, in words', async () => {
    const page = await auditor();
    await page.goto(`${web.url}/audit/items/${itemId}`);
    await expectText(page.getByTestId('chain'), '记录被篡改');
    // The row still shows the triage the log no longer has.
    await expectText(page.getByTestId('integrity-problems'), '与按记录重放的结果不符');
    await snap(page, SUITE, '03-trace-forged');
    await page.setViewportSize({ width: 390, height: 844 });
    await expectText(page.getByTestId('integrity-problems'), '事项数据被直接改动过');
    await snap(page, SUITE, '04-trace-forged-phone', false);
  }, 120_000); // the trace page lays out the flow diagram (ELK) in the page
});
