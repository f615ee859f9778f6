import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { PackFile } from './pack-content.js';

/** Reads every file of a pack folder (recursively), as text. */
export async function readPackFolder(dir: string): Promise<PackFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  // Read side by side: one after another, a start waits on each small file in turn.
  const files: PackFile[] = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const full = join(entry.parentPath, entry.name);
        return { path: relative(dir, full).split(sep).join('/'), text: await readFile(full, 'utf8') };
      }),
  );
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The pack folders under a directory (each holding a pack.json). */
export async function listPackFolders(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => join(root, e.name)).sort();
}

/** Every pack folder under a directory with its files, in folder order. */
export async function readPackFolders(root: string): Promise<Array<{ folder: string; files: PackFile[] }>> {
  const folders = await listPackFolders(root);
  return Promise.all(folders.map(async (folder) => ({ folder, files: await readPackFolder(folder) })));
}
