import { v7 as uuidv7 } from 'uuid';
import { EngineError } from '../errors/engine-error.js';
import type { PackRegistry } from '../packs/pack-registry.js';
import type { Relation, RelationEnd } from '../domain/relation.js';
import type { User } from '../domain/user.js';
import type { RelationFilter } from '../store/relation-repository.js';
import type { Store } from '../store/store.js';
import { systemClock, type Clock } from './clock.js';
import { onlyAdmin } from './directory-rules.js';
import { endKey, RelationEnds, type EndView } from './relation-ends.js';
import { RelationRules, type CheckedRelation, type RelationFields } from './relation-rules.js';

/** A relation as lists show it: each end with its name (never only an id). */
export type NamedRelation = Omit<Relation, 'countyId' | 'from' | 'to'> & { from: RelationEnd & EndView; to: RelationEnd & EndView };

/** What may change of a relation: its dates (ending it is setting endsOn) and its attributes. */
export type RelationChangeFields = Partial<Pick<RelationFields, 'attributes' | 'startsOn' | 'endsOn'>>;

/** An end no longer in the directory, as a list still shows it. */
const missing: EndView = { name: '—', closed: true };

/** Refuses with the first problem a check found, writing nothing. */
function refuseFirst(problems: readonly EngineError[]): void {
  if (problems.length) throw problems[0];
}

/**
 * The county's relations as its administrator manages them (issue 10): of the kinds its packs
 * declare (pack.json relationKinds), between its people, units, stations and households, with
 * dates and the attributes the kind's form asks for. A relation is ended by giving it an end
 * date, never deleted. Every change is refused, writing nothing, with the field and the rule.
 */
export class RelationAdmin {
  private readonly rules: RelationRules;
  private readonly ends: RelationEnds;

  constructor(
    private readonly store: Store,
    registry: PackRegistry,
    private readonly clock: Clock = systemClock,
  ) {
    this.rules = new RelationRules(registry);
    this.ends = new RelationEnds(store, clock);
  }

  async list(admin: User, filter: RelationFilter): Promise<{ relations: NamedRelation[]; total: number; totalCapped: boolean }> {
    const { countyId } = onlyAdmin(admin);
    const page = await this.store.relations.list(countyId, filter);
    const names = await this.ends.lookup(countyId, page.relations.flatMap((r) => [r.from, r.to]));
    return { ...page, relations: page.relations.map((r) => named(r, names)) };
  }

  async create(admin: User, fields: RelationFields): Promise<NamedRelation> {
    const { countyId } = onlyAdmin(admin);
    const kinds = this.rules.kinds(countyId);
    const names = await this.ends.lookup(countyId, [fields.from, fields.to]);
    const { relation, problems } = this.rules.relation(kinds, fields, (end) => names.has(endKey(end)));
    refuseFirst(problems);
    refuseFirst(await this.limits(countyId, relation));
    const stored: Relation = { ...relation, countyId, id: uuidv7() };
    await this.store.relations.create(stored, this.clock.now());
    return named(stored, names);
  }

  /** Changes a relation's dates or attributes: ending it is setting endsOn. */
  async update(admin: User, id: string, changes: RelationChangeFields): Promise<NamedRelation> {
    const { countyId } = onlyAdmin(admin);
    const current = await this.store.relations.get(countyId, id);
    if (!current) throw new EngineError('RELATION_NOT_FOUND', { relationId: id });
    const kinds = this.rules.kinds(countyId);
    const { relation, problems } = this.rules.changed(kinds, current, changes);
    refuseFirst(problems);
    // A longer period may now overlap another relation at either end.
    if (changes.startsOn !== undefined || changes.endsOn !== undefined) refuseFirst(await this.limits(countyId, relation, id));
    await this.store.relations.update(countyId, id, { attributes: relation.attributes, startsOn: relation.startsOn, endsOn: relation.endsOn }, this.clock.now());
    return named(relation, await this.ends.lookup(countyId, [relation.from, relation.to]));
  }

  /** The kind's limits at both ends, against the stored relations in force in the same period. */
  private async limits(countyId: string, relation: CheckedRelation, except?: string) {
    const [atFrom, atTo] = await Promise.all([
      this.store.relations.overlaps(countyId, relation.kind, 'from', relation.from, relation, except),
      this.store.relations.overlaps(countyId, relation.kind, 'to', relation.to, relation, except),
    ]);
    return this.rules.limits(this.rules.kinds(countyId), relation, atFrom, atTo);
  }
}

function named({ countyId: _county, from, to, ...relation }: Relation, names: ReadonlyMap<string, EndView>): NamedRelation {
  return { ...relation, from: { ...from, ...(names.get(endKey(from)) ?? missing) }, to: { ...to, ...(names.get(endKey(to)) ?? missing) } };
}
