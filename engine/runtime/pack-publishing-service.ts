import type { LocalizedText } from '../../forms/index.js';
import type { User } from '../domain/user.js';
import { EngineError } from '../errors/engine-error.js';
import type { PackContent, PackProblem } from '../packs/pack-content.js';
import { packDocument, validatePackDocument, type PackFileDocument } from '../packs/pack-file.js';
import { packProblem } from '../packs/pack-problems.js';
import { compareVersions, type PackRegistry, type RuntimePack } from '../packs/pack-registry.js';
import type { Store } from '../store/store.js';
import { packHash, publishContent } from './pack-publisher.js';

/** What a one-file pack would publish, once it has no problem. */
export interface PackReportSummary {
  packId: string;
  version: string;
  name: LocalizedText;
  hash: string;
  /** The same version with the same content is published already: publishing changes nothing. */
  alreadyPublished: boolean;
  counts: { forms: number; flows: number; stationTypes: number; evaluations: number };
}

/** The full report on an uploaded pack: every problem at once, and what it would publish when there are none. */
export interface PackReport {
  valid: boolean;
  problems: PackProblem[];
  pack?: PackReportSummary;
}

/** A published version, as a publication answers it and the county's list shows it. */
export interface PublishedVersionView {
  packId: string;
  version: string;
  name: LocalizedText;
  hash: string;
  publishedAt: string;
}

/** One of the county's packs with every version published, newest first. */
export interface PackHistory {
  packId: string;
  name: LocalizedText;
  versions: Array<{ version: string; hash: string; publishedAt: string; current: boolean }>;
}

/** Publishing changes the county's model for everyone: its administrators' work only. */
export function requirePackAdmin(user: User): void {
  if (!user.roles.includes('admin')) throw new EngineError('PACKS_ADMIN_ONLY');
}

/** Who may take a published version away as a file: those who publish, and those who audit what ran. */
const EXPORT_ROLES = ['admin', 'auditor'];

/**
 * Packs published while the engine runs (issue 10): the county administrator uploads a pack in
 * one file (packs/pack-file.ts), reads the full report, and publishes it. The version is stored,
 * added to this process's registry, and heard of by every other process on the database
 * (store/pack-notices.ts), so no restart is needed anywhere. Any published version can be
 * exported as the same kind of file.
 */
export class PackPublishingService {
  constructor(
    private readonly store: Store,
    private readonly registry: PackRegistry,
  ) {}

  /** The county's packs with their versions and when each was published. */
  async history(user: User): Promise<PackHistory[]> {
    requirePackAdmin(user);
    const rows = await this.store.packs.listPublished(user.countyId);
    const byPack = new Map<string, typeof rows>();
    for (const row of rows) byPack.set(row.packId, [...(byPack.get(row.packId) ?? []), row]);
    const packs: PackHistory[] = [];
    for (const [packId, versions] of byPack) {
      versions.sort((a, b) => compareVersions(b.version, a.version));
      const newest = await this.registry.resolve(user.countyId, packId, versions[0].version);
      packs.push({
        packId,
        name: newest?.content.manifest.name ?? { 'zh-CN': packId, en: packId },
        versions: versions.map((v, i) => ({ version: v.version, hash: v.hash, publishedAt: v.publishedAt.toISOString(), current: i === 0 })),
      });
    }
    return packs.sort((a, b) => a.packId.localeCompare(b.packId));
  }

  /** A published version as one file (version may be "latest"), and the name to save it under. */
  async exportVersion(user: User, packId: string, version: string): Promise<{ fileName: string; document: PackFileDocument }> {
    if (!user.roles.some((role) => EXPORT_ROLES.includes(role))) throw new EngineError('PACK_EXPORT_NOT_ALLOWED');
    const pack = version === 'latest' ? this.registry.latest(user.countyId, packId) : await this.registry.resolve(user.countyId, packId, version);
    if (!pack) throw new EngineError('PACK_NOT_FOUND', { packId, version: version === 'latest' ? undefined : version });
    return { fileName: `${pack.packId}-${pack.version}.json`, document: packDocument(pack.content) };
  }

  /** The full report on a one-file pack; nothing is stored. */
  async check(user: User, document: unknown): Promise<PackReport> {
    requirePackAdmin(user);
    const judged = await this.judge(user, document);
    if (!judged.content) return { valid: false, problems: judged.problems };
    const { manifest, forms, flows, stationTypes, evaluations } = judged.content;
    return {
      valid: true,
      problems: [],
      pack: {
        packId: manifest.id,
        version: manifest.version,
        name: manifest.name,
        hash: judged.hash,
        alreadyPublished: judged.alreadyPublished,
        counts: { forms: Object.keys(forms).length, flows: Object.keys(flows).length, stationTypes: Object.keys(stationTypes).length, evaluations: Object.keys(evaluations).length },
      },
    };
  }

  /**
   * Publishes a one-file pack that has no problem; otherwise refuses it (PACK_INVALID with the
   * report's problems) and stores nothing. The same content again is answered as published.
   */
  async publish(user: User, document: unknown): Promise<PublishedVersionView & { created: boolean }> {
    requirePackAdmin(user);
    const judged = await this.judge(user, document);
    if (!judged.content) throw new EngineError('PACK_INVALID', { count: judged.problems.length }, { problems: judged.problems });
    const result = await publishContent(this.store, this.registry, judged.content);
    // Another administrator published this version a moment ago, with other content.
    if (!result.ok) throw new EngineError('PACK_INVALID', { count: result.problems.length }, { problems: result.problems });
    return { ...versionView(result.pack, result.publishedAt), created: result.created };
  }

  /**
   * Everything wrong with a one-file pack for this administrator: the validator's problems, a
   * county other than theirs, and a version already published with other content.
   */
  private async judge(user: User, document: unknown): Promise<{ content?: PackContent; problems: PackProblem[]; hash: string; alreadyPublished: boolean }> {
    const { content, problems } = validatePackDocument(document);
    // Read leniently: a pack of another county is refused even while its other files have problems.
    const county = (document as { pack?: { county?: unknown } } | null)?.pack?.county;
    if (typeof county === 'string' && county !== user.countyId) {
      problems.push(packProblem('pack.json', '/county', 'PACK_COUNTY_NOT_YOURS', { county, yours: user.countyId }));
    }
    if (!content || problems.length) return { problems, hash: '', alreadyPublished: false };
    const hash = packHash(content);
    const { id, version } = content.manifest;
    const published = await this.registry.resolve(user.countyId, id, version);
    if (published && published.hash !== hash) return { problems: [packProblem('pack.json', '/version', 'VERSION_PUBLISHED', { version })], hash, alreadyPublished: false };
    return { content, problems, hash, alreadyPublished: published !== undefined };
  }
}

function versionView(pack: RuntimePack, publishedAt: Date): PublishedVersionView {
  return { packId: pack.packId, version: pack.version, name: pack.content.manifest.name, hash: pack.hash, publishedAt: publishedAt.toISOString() };
}
