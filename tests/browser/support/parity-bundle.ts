import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleForBrowser } from '../../support/browser-bundle.js';

/** Bundles parity-entry.ts (and with it forms/) as a browser gets it, and returns the script's text. */
export async function bundleFormsForBrowser(): Promise<string> {
  const { dir } = await bundleForBrowser({ entry: join(import.meta.dirname, 'parity-entry.ts'), name: 'formParity' });
  try {
    return await readFile(join(dir, 'formParity.js'), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
