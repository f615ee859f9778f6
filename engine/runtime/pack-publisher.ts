import type { Store } from '../store/store.js';
import { canonicalJson } from '../util/canonical-json.js';
import { sha256 } from '../util/sha256.js';
import type { PackContent, PackFile, PackProblem, PublishedManifest } from '../packs/pack-content.js';
import { packProblem } from '../packs/pack-problems.js';
import type { PackRegistry, RuntimePack } from '../packs/pack-registry.js';
import { validatePack } from '../packs/pack-validator.js';
import { PACK_FORMAT } from '../packs/pack-format.js';

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
  // The packs on disk are offered again at every start; one already published with exactly this
  // content was validated then. Checking it again (compiling every form) was half of a restart.
  const unchanged = alreadyPublished(registry, files);
  if (unchanged) return { ok: true, pack: unchanged, created: false };
  const { content, problems } = validatePack(files);
  if (!content) return { ok: false, problems };
  return publishContent(store, registry, content);
}

/**
 * Publishes content validatePack accepted: stored, unless the same version is (the same content:
 * created false; other content: refused), then added to this registry. Other engine processes on
 * the database hear of it from the store (pack-notices.ts).
 */
export async function publishContent(store: Store, registry: PackRegistry, content: PackContent): Promise<(PublishResult & { ok: true; publishedAt: Date }) | (PublishResult & { ok: false })> {
  const { id, version, county } = content.manifest;
  if (!(await store.counties.getCounty(county))) {
    return { ok: false, problems: [packProblem('pack.json', '/county', 'COUNTY_UNKNOWN', { county })] };
  }
  const hash = packHash(content);
  const stored = await store.packs.publish(county, id, version, content, hash);
  if (stored.hash !== hash) {
    return { ok: false, problems: [packProblem('pack.json', '/version', 'VERSION_PUBLISHED', { version })] };
  }
  return { ok: true, pack: registry.add(county, content, hash), created: stored.created, publishedAt: stored.publishedAt };
}

/** Loads one published version into the registry unless it is there (a notice from another process, or a miss). */
export async function loadPublishedVersion(store: Store, registry: PackRegistry, countyId: string, packId: string, version: string): Promise<void> {
  if (registry.get(countyId, packId, version)) return;
  const row = await store.packs.getVersion(countyId, packId, version);
  if (row) registry.add(row.countyId, row.content as PackContent, row.hash);
}

/** Loads every published version from the database into the registry (at start-up), county by county. */
export async function loadPublishedPacks(store: Store, registry: PackRegistry): Promise<void> {
  for (const county of await store.counties.listCounties()) {
    for (const row of await store.packs.listVersions(county.id)) registry.add(row.countyId, row.content as PackContent, row.hash);
  }
}

/**
 * The registry's version these files would publish, when its content is identical (same hash):
 * the files are read as validatePack reads them, without its checks. Anything unexpected
 * answers undefined, and the files go through validatePack like any new pack.
 */
function alreadyPublished(registry: PackRegistry, files: PackFile[]): RuntimePack | undefined {
  const content: PackContent = { manifest: undefined as unknown as PublishedManifest, forms: {}, flows: {}, stationTypes: {}, evaluations: {} };
  const keys: Record<string, keyof Omit<PackContent, 'manifest'>> = { forms: 'forms', flows: 'flows', 'station-types': 'stationTypes', evaluations: 'evaluations' };
  try {
    for (const file of files) {
      if (!file.path.endsWith('.json')) continue;
      const { $schema: _editorHint, ...data } = JSON.parse(file.text) as Record<string, unknown>;
      if (file.path === 'pack.json') {
        const { format, ...manifest } = data;
        if (format !== PACK_FORMAT) return undefined; // refused by validatePack, with its reason
        content.manifest = manifest as PublishedManifest;
        continue;
      }
      const [folder, name, ...rest] = file.path.split('/');
      if (rest.length || !name || !Object.hasOwn(keys, folder)) return undefined;
      (content[keys[folder]] as Record<string, unknown>)[name.replace(/\.json$/, '')] = data;
    }
  } catch {
    return undefined;
  }
  const manifest = content.manifest as Partial<PublishedManifest> | undefined;
  if (typeof manifest?.county !== 'string' || typeof manifest.id !== 'string' || typeof manifest.version !== 'string') return undefined;
  const known = registry.get(manifest.county, manifest.id, manifest.version);
  return known && known.hash === packHash(content) ? known : undefined;
}
