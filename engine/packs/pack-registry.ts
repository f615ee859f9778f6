import type { AnyStateMachine } from 'xstate';
import { FormRuntime, type FormDefinition } from '../../forms/index.js';
import type { FlowDefinition } from '../flows/flow-definition.js';
import { createFlowMachine } from '../flows/flow-machine.js';
import type { PackContent } from './pack-content.js';

/** A published pack version, ready to run: machines built, forms compiled. */
export interface RuntimePack {
  countyId: string;
  packId: string;
  version: string;
  hash: string;
  content: PackContent;
  machines: Map<string, AnyStateMachine>;
}

export interface RuntimeFlow {
  pack: RuntimePack;
  flow: FlowDefinition;
  machine: AnyStateMachine;
}

/** Loads a published version into the registry (add), or does nothing when the database has none. */
export type MissingPackLoader = (countyId: string, packId: string, version: string) => Promise<void>;

const key = (countyId: string, packId: string, version: string) => `${countyId}/${packId}@${version}`;

/** Orders semantic versions numerically (1.10.0 after 1.9.0). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/**
 * Every published pack version in memory. Items run on the version they were created with,
 * so old versions stay here as long as the database has them.
 */
export class PackRegistry {
  private readonly packs = new Map<string, RuntimePack>();
  private loadMissing: MissingPackLoader | undefined;

  constructor(readonly forms: FormRuntime = new FormRuntime()) {}

  /**
   * Where resolve() finds a version this registry has not seen: with several engine processes,
   * another may have published it a moment ago (the runtime's pack-publisher loads it from the database).
   */
  setMissingPackLoader(load: MissingPackLoader): void {
    this.loadMissing = load;
  }

  /** A version, loaded on a miss (see setMissingPackLoader): an item of a version published elsewhere still runs. */
  async resolve(countyId: string, packId: string, version: string): Promise<RuntimePack | undefined> {
    const known = this.get(countyId, packId, version);
    if (known || !this.loadMissing) return known;
    await this.loadMissing(countyId, packId, version);
    return this.get(countyId, packId, version);
  }

  /**
   * Adds a published (already validated) version: builds its machines, and registers its forms,
   * which compile on their first submission (FormRuntime.define).
   */
  add(countyId: string, content: PackContent, hash: string): RuntimePack {
    const k = key(countyId, content.manifest.id, content.manifest.version);
    const existing = this.packs.get(k);
    if (existing) return existing;
    const machines = new Map(Object.values(content.flows).map((flow) => [flow.id, createFlowMachine(flow)]));
    const pack: RuntimePack = { countyId, packId: content.manifest.id, version: content.manifest.version, hash, content, machines };
    for (const form of Object.values(content.forms)) this.forms.define(this.formKey(pack, form.id), form);
    this.packs.set(k, pack);
    return pack;
  }

  get(countyId: string, packId: string, version: string): RuntimePack | undefined {
    return this.packs.get(key(countyId, packId, version));
  }

  /** The newest version of a pack: what new items are created from. */
  latest(countyId: string, packId: string): RuntimePack | undefined {
    return this.versions(countyId, packId).at(-1);
  }

  versions(countyId: string, packId: string): RuntimePack[] {
    return [...this.packs.values()]
      .filter((p) => p.countyId === countyId && p.packId === packId)
      .sort((a, b) => compareVersions(a.version, b.version));
  }

  /** Every version of every pack of a county (items may run on any of them). */
  countyVersions(countyId: string): RuntimePack[] {
    return [...this.packs.values()].filter((p) => p.countyId === countyId);
  }

  /** The newest version of each of a county's packs. */
  listLatest(countyId: string): RuntimePack[] {
    const ids = new Set([...this.packs.values()].filter((p) => p.countyId === countyId).map((p) => p.packId));
    return [...ids].sort().map((id) => this.latest(countyId, id)!);
  }

  // Ids come from requests: own properties only, so "constructor" is an unknown flow, not Object's.
  flow(pack: RuntimePack, flowId: string): RuntimeFlow | undefined {
    if (!Object.hasOwn(pack.content.flows, flowId)) return undefined;
    return { pack, flow: pack.content.flows[flowId], machine: pack.machines.get(flowId)! };
  }

  form(pack: RuntimePack, formId: string): FormDefinition | undefined {
    return Object.hasOwn(pack.content.forms, formId) ? pack.content.forms[formId] : undefined;
  }

  /** The key a form version is compiled under: county, pack, version and form. */
  formKey(pack: RuntimePack, formId: string): string {
    return `${key(pack.countyId, pack.packId, pack.version)}#${formId}`;
  }
}
