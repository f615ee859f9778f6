import { basename, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listPackFolders, readPackFolder } from '../../engine/packs/pack-reader.js';
import { validatePack } from '../../engine/packs/pack-validator.js';
import { FormRuntime, type FormDefinition, type ValidationResult } from '../../forms/index.js';
import { chromiumAvailable, launchChromium, watchPageErrors } from './support/chromium.js';
import { bundleFormsForBrowser } from './support/parity-bundle.js';
import type { ParityCase } from './support/parity-entry.js';
import { samplePayloads, SAMPLES_PER_FORM, SEED, targetedPayloads, type ParityPayload } from './support/parity-payloads.js';

/**
 * Forms parity: the engine (FormRuntime in Node) and the browser (the same forms/ code bundled
 * by Vite and run in Chromium) must give every payload of every shipped form the same verdict
 * and the same field errors, word for word in both languages. Otherwise a user could fix
 * every red field and still be refused by the server, or read a different sentence there.
 */
const PACKS_DIR = join(import.meta.dirname, '../../workflows/packs');
const folders = await listPackFolders(PACKS_DIR);

/** Share of valid-intended payloads a form must accept for the suite to test both verdicts. */
const VALID_SHARE = 0.9;

interface Totals {
  forms: number;
  payloads: number;
  valid: number;
  invalid: number;
  /** Forms whose generated payloads are mostly refused (the generator cannot fill some field). */
  lowValidShare: string[];
}

describe.runIf(chromiumAvailable('forms parity suite'))('forms parity: server and browser validate alike', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let started: number;
  const totals: Totals = { forms: 0, payloads: 0, valid: 0, invalid: 0, lowValidShare: [] };

  beforeAll(async () => {
    started = Date.now();
    const script = await bundleFormsForBrowser();
    browser = await launchChromium();
    page = await browser.newPage();
    pageErrors = watchPageErrors(page);
    // No server: an empty page with the bundle as a classic script is all a validator needs.
    await page.setContent('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>forms parity</title></head><body></body></html>');
    await page.addScriptTag({ content: script });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('ships packs to compare', () => {
    expect(folders.length).toBeGreaterThan(0);
  });

  for (const folder of folders) {
    const packId = basename(folder);
    it(`pack ${packId}: every form gives the same verdict and errors on both sides`, async () => {
      const packStarted = Date.now();
      const { content, problems } = validatePack(await readPackFolder(folder));
      expect(problems).toEqual([]);
      const forms = Object.values(content!.forms);

      // The server side, exactly as the engine validates: one runtime, one key per form.
      const server = new FormRuntime();
      const keyed: Record<string, FormDefinition> = {};
      const cases: Array<ParityCase & ParityPayload> = [];
      let lowShare = 0;
      for (const form of forms) {
        const key = `${packId}#${form.id}`;
        keyed[key] = form;
        server.compile(key, form);

        const samples = samplePayloads(form.schema);
        const intended = samples.filter((s) => s.intent === 'valid-intended');
        const accepted = intended.filter((s) => server.validate(key, s.payload).valid);
        if (accepted.length < VALID_SHARE * intended.length || intended.length === 0) {
          lowShare++;
          totals.lowValidShare.push(`${packId}/${form.id} (${accepted.length}/${intended.length} valid-intended payloads valid)`);
        }
        // Targeted payloads break one thing in a valid payload, so each shows its own error.
        const base = accepted[0]?.payload ?? intended[0]?.payload ?? {};
        for (const p of [...samples, ...targetedPayloads(form.schema, base)]) cases.push({ form: key, ...p });
      }

      const serverResults: ValidationResult[] = cases.map((c) => server.validate(c.form, c.payload));
      // The browser side: the bundle's own runtime, given the same forms and payloads.
      const browserResults = await page.evaluate(
        ([f, c]) => window.validateForms(f, c),
        [keyed, cases.map(({ form, payload }) => ({ form, payload }))] as const,
      );
      expect(pageErrors).toEqual([]);
      expect(browserResults).toHaveLength(cases.length);

      // Whole results compared: verdict, the normalised value, errors in order with field,
      // rule, title and both messages.
      const differences = cases
        .map((c, i) => ({ form: c.form, label: c.label, payload: c.payload, server: serverResults[i], browser: browserResults[i] }))
        .filter((d) => !isDeepStrictEqual(d.server, d.browser));
      expect(differences.slice(0, 5), `${differences.length} of ${cases.length} payloads differ`).toEqual([]);

      // The payloads must exercise what they claim to: broken ones are refused, and an empty
      // required text box is refused as "required" (normalisation on the server too).
      const wronglyAccepted = cases.filter((c, i) => c.intent === 'must-fail' && serverResults[i].valid).map((c) => `${c.form}: ${c.label}`);
      expect(wronglyAccepted).toEqual([]);
      const notRequired = cases
        .filter((c, i) => {
          const r = serverResults[i];
          return c.requiredAt !== undefined && (r.valid || !r.errors.some((e) => e.field === c.requiredAt && e.rule === 'required'));
        })
        .map((c) => `${c.form}: ${c.label}`);
      expect(notRequired).toEqual([]);

      const valid = serverResults.filter((r) => r.valid).length;
      totals.forms += forms.length;
      totals.payloads += cases.length;
      totals.valid += valid;
      totals.invalid += cases.length - valid;
      console.log(
        `form parity ${packId}: ${forms.length} forms, ${cases.length} payloads (${valid} valid, ${cases.length - valid} invalid), ` +
          `identical in Node and Chromium${lowShare ? `; ${lowShare} form(s) below ${VALID_SHARE * 100}% valid samples` : ''} [${Date.now() - packStarted} ms]`,
      );
    });
  }

  it('compared many valid and many invalid payloads overall', () => {
    for (const form of totals.lowValidShare) console.log(`form parity: few generated payloads pass for ${form}`);
    console.log(
      `form parity total: ${totals.forms} forms, ${totals.payloads} payloads (${totals.valid} valid, ${totals.invalid} invalid), ` +
        `seed ${SEED}, ${SAMPLES_PER_FORM} samples per form, ${Date.now() - started} ms including the bundle`,
    );
    // Both verdicts, many times over: a suite where (nearly) everything is refused, or
    // everything accepted, would compare only half of the runtime.
    expect(totals.forms).toBeGreaterThan(0);
    expect(totals.valid).toBeGreaterThanOrEqual(10 * totals.forms);
    expect(totals.invalid).toBeGreaterThanOrEqual(10 * totals.forms);
  });
});
