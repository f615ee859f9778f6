import type { Store } from '../store/store.js';
import { canonicalJson } from '../util/canonical-json.js';
import { sha256 } from '../util/sha256.js';
import type { PackContent, PackFile, PackProblem } from '../packs/pack-content.js';
import { packProblem } from '../packs/pack-problems.js';
import type { PackRegistry, RuntimePack } from '../packs/pack-registry.js';
import { validatePack } from '../packs/pack-validator.js';

export type PublishResult = { ok: true; pack: RuntimePack; created: boolean } | { ok: false; problems: PackProblem[] };

export function packHash(content: PackContent): string {
  return sha256(canonicalJson(content));
}

/**
 * Validates a pack and publishes it: stored as an immutable version, then added to the
 * registry. Publishing the same version again with the same content is a no-op; with other
 * content it is refused (raise the version instead).
 */
export async function publishPack(store: Store, registry: PackRegistry, files: PackFile[]): Promise<PublishResult> {
  const { content, problems } = validatePack(files);
  if (!content) return { ok: false, problems };
  const { id, version, county } = content.manifest;
  if (!(await store.counties.getCounty(county))) {
    return { ok: false, problems: [packProblem('pack.json', '/county', 'COUNTY_UNKNOWN', { county })] };
  }
  const hash = packHash(content);
  const before = registry.get(county, id, version);
  const stored = await store.packs.publish(county, id, version, content, hash);
  if (stored !== hash) {
    return { ok: false, problems: [packProblem('pack.json', '/version', 'VERSION_PUBLISHED', { version })] };
  }
  return { ok: true, pack: registry.add(county, content, hash), created: !before };
}

/** Loads every published version from the database into the registry (at start-up), county by county. */
export async function loadPublishedPacks(store: Store, registry: PackRegistry): Promise<void> {
  for (const county of await store.counties.listCounties()) {
    for (const row of await store.packs.listVersions(county.id)) registry.add(row.countyId, row.content as PackContent, row.hash);
  }
}
