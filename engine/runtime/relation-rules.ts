import type { EngineError } from '../errors/engine-error.js';
import type { FieldRule } from '../errors/error-catalogue.js';
import { payloadInvalid } from '../errors/payload-invalid.js';
import type { RelationKind } from '../packs/pack-content.js';
import type { PackRegistry, RuntimePack } from '../packs/pack-registry.js';
import type { Relation, RelationEnd } from '../domain/relation.js';
import { fieldInvalid } from './directory-rules.js';

/** A relation kind of the county's packs (the newest version declaring it), with that pack. */
export interface DeclaredRelationKind {
  kind: RelationKind;
  pack: RuntimePack;
}

/** A relation as the administrator enters it (or an imported row gives it). */
export interface RelationFields {
  kind: string;
  from: RelationEnd;
  to: RelationEnd;
  attributes?: Record<string, unknown>;
  startsOn: string;
  endsOn?: string | null;
}

/** What a relation is once checked: everything but its county and id. */
export type CheckedRelation = Omit<Relation, 'countyId' | 'id'>;

/** The rule an end names when it is not of the county: per end type, in the county's words. */
const UNKNOWN_END: Record<RelationEnd['type'], FieldRule> = { person: 'personUnknown', unit: 'unitUnknown', station: 'stationUnknown', household: 'householdUnknown' };

/**
 * The rules of the directory's relations, without writing anything: every problem of a
 * relation, in the order its fields are read, each naming its field (kind, from, to, startsOn,
 * endsOn; the attribute form's own errors as PAYLOAD_INVALID). RelationAdmin refuses with the
 * first; an import reports them all, row by row.
 */
export class RelationRules {
  constructor(private readonly registry: PackRegistry) {}

  /** The relation kinds of the county's packs (their newest versions), by id: the first pack declaring an id has it. */
  kinds(countyId: string): Map<string, DeclaredRelationKind> {
    const kinds = new Map<string, DeclaredRelationKind>();
    for (const pack of this.registry.listLatest(countyId)) for (const kind of pack.content.manifest.relationKinds ?? []) if (!kinds.has(kind.id)) kinds.set(kind.id, { kind, pack });
    return kinds;
  }

  /**
   * A new relation and its problems: of a kind the county's packs declare; each end of the
   * kind's type and of the county (`exists` says, from the county's directory); the dates in
   * order; the attributes as the kind's form takes them.
   */
  relation(kinds: ReadonlyMap<string, DeclaredRelationKind>, fields: RelationFields, exists: (end: RelationEnd) => boolean): { relation: CheckedRelation; problems: EngineError[] } {
    const problems: EngineError[] = [];
    const declared = kinds.get(fields.kind);
    if (!declared) problems.push(fieldInvalid('kind', 'relationKindUnknown', fields.kind));
    for (const side of ['from', 'to'] as const) {
      const end = fields[side];
      if (declared && end.type !== declared.kind[side]) problems.push(fieldInvalid(side, 'endTypeWrong', end.type));
      else if (!exists(end)) problems.push(fieldInvalid(side, UNKNOWN_END[end.type]));
    }
    const endsOn = fields.endsOn ?? null;
    problems.push(...this.dates(fields.startsOn, endsOn));
    const attributes = declared ? this.attributes(declared, fields.attributes ?? {}, problems) : (fields.attributes ?? {});
    return { relation: { kind: fields.kind, from: fields.from, to: fields.to, attributes, startsOn: fields.startsOn, endsOn }, problems };
  }

  /** A stored relation with new attributes or dates, and the problems of the change. */
  changed(kinds: ReadonlyMap<string, DeclaredRelationKind>, current: Relation, changes: Partial<Pick<RelationFields, 'attributes' | 'startsOn' | 'endsOn'>>): { relation: Relation; problems: EngineError[] } {
    const problems: EngineError[] = [];
    const next = { ...current, ...changes, endsOn: changes.endsOn === undefined ? current.endsOn : changes.endsOn };
    problems.push(...this.dates(next.startsOn, next.endsOn));
    const declared = kinds.get(current.kind);
    // A kind no pack declares any more keeps its relations: they can still be ended, but not given attributes.
    if (changes.attributes !== undefined) next.attributes = declared ? this.attributes(declared, changes.attributes, problems) : changes.attributes;
    if (changes.attributes !== undefined && !declared) problems.push(fieldInvalid('kind', 'relationKindUnknown', current.kind));
    return { relation: next, problems };
  }

  /**
   * What the kind's limits say of a relation, given the other relations of its kind in force
   * in its period at each end (the stored ones, and an imported file's other rows): the same
   * two ends twice, or more at one end than atMost allows. Counting every overlapping relation
   * is exact for a limit of one and errs on the strict side above it.
   */
  limits(kinds: ReadonlyMap<string, DeclaredRelationKind>, relation: CheckedRelation, atFrom: readonly CheckedRelation[], atTo: readonly CheckedRelation[]): EngineError[] {
    const problems: EngineError[] = [];
    if (atFrom.some((r) => r.to.type === relation.to.type && r.to.id === relation.to.id)) return [fieldInvalid('to', 'relationDuplicate')];
    const atMost = kinds.get(relation.kind)?.kind.atMost;
    if (atMost?.perFrom !== undefined && atFrom.length >= atMost.perFrom) problems.push(fieldInvalid('from', 'atMost'));
    if (atMost?.perTo !== undefined && atTo.length >= atMost.perTo) problems.push(fieldInvalid('to', 'atMost'));
    return problems;
  }

  private dates(startsOn: string, endsOn: string | null): EngineError[] {
    if (!startsOn) return [fieldInvalid('startsOn', 'required')];
    return endsOn !== null && endsOn < startsOn ? [fieldInvalid('endsOn', 'endsBeforeStarts', endsOn)] : [];
  }

  /** The attributes as the kind's form takes them (defaults filled, empty inputs dropped); a kind without a form takes none. */
  private attributes(declared: DeclaredRelationKind, attributes: Record<string, unknown>, problems: EngineError[]): Record<string, unknown> {
    if (!declared.kind.form) {
      if (Object.keys(attributes).length) problems.push(fieldInvalid('attributes', 'noAttributes'));
      return {};
    }
    const result = this.registry.forms.validate(this.registry.formKey(declared.pack, declared.kind.form), attributes);
    if (result.valid) return result.value as Record<string, unknown>;
    problems.push(payloadInvalid(result.errors));
    return attributes;
  }
}
