import { join } from 'node:path';
import { bundleForBrowser } from '../../support/browser-bundle.js';

/** Bundles bench-page.tsx (React, antd, rjsf, our forms/react) as the app ships it; returns the directory and its files. */
export function bundleBenchPage(): Promise<{ dir: string; files: string[] }> {
  return bundleForBrowser({ entry: join(import.meta.dirname, 'bench-page.tsx'), name: 'formBench', react: true });
}
