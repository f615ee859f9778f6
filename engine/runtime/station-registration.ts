import type { FieldError } from '../../forms/index.js';
import { EngineError } from '../errors/engine-error.js';
import type { LocalizedText } from '../../forms/index.js';
import type { PackRegistry } from '../packs/pack-registry.js';
import type { Store } from '../store/store.js';
import { registeredStationId, type StationIntent } from '../domain/item-directory.js';
import type { StationInput } from '../domain/station.js';
import { DirectoryRules } from './directory-rules.js';

/** The event a refusal names: its type, and its label when the flow gives one. */
export interface NamedEvent {
  event: string;
  label?: LocalizedText;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Turns the station an item's flow registers (registerStation, domain/item-directory.ts) into
 * the station the registry will hold, checked as the administrator's own entries are
 * (directory-rules.ts: a name, a declared type, an allowed parent, attributes its type's form
 * accepts, villages), plus two rules of its own: the name is not another station's under the same
 * parent, and the opening date is a date. Writes nothing; a refusal names the item field the
 * value came from, so the one who sent the event knows what to correct, and changes nothing.
 */
export class StationRegistration {
  private readonly rules: DirectoryRules;

  constructor(
    private readonly store: Store,
    registry: PackRegistry,
  ) {
    this.rules = new DirectoryRules(registry);
  }

  async prepare(countyId: string, itemId: string, intent: StationIntent, event: NamedEvent): Promise<StationInput> {
    const id = registeredStationId(itemId);
    const stations = await this.store.counties.listStations(countyId);
    const own = stations.find((s) => s.id === id);
    const view = this.rules.view(countyId, new Map(stations.map((s) => [s.id, s])), new Set());
    const { station, problems } = this.rules.station(view, {
      id,
      stationType: intent.type,
      name: intent.name,
      parentId: intent.parentId,
      attributes: intent.attributes,
      villages: intent.villages,
      openedOn: intent.openedOn,
      // A station the administrator has since closed stays closed.
      closedOn: own?.closedOn ?? null,
    });
    const first = problems[0];
    if (first) throw this.refusal(first, intent, event);
    if (intent.openedOn !== null && !(DATE.test(intent.openedOn) && !Number.isNaN(Date.parse(intent.openedOn))))
      throw new EngineError('STATION_REGISTRATION_INVALID', { ...event, field: intent.sources.openedOn ?? 'openedOn', rule: 'date', value: intent.openedOn });
    const clash = stations.find((s) => s.id !== id && s.parentId === station.parentId && s.name === station.name);
    if (clash) throw new EngineError('STATION_NAME_TAKEN', { ...event, field: intent.sources.name, name: station.name });
    return station;
  }

  /** The directory's refusal of a station field, as a refusal of the event naming the item field it came from. */
  private refusal(problem: EngineError, intent: StationIntent, event: NamedEvent): EngineError {
    const { sources } = intent;
    if (problem.code === 'PAYLOAD_INVALID') {
      // The attribute form's errors, each naming the attribute by its JSON pointer (/speciality).
      const [error] = (problem.details as { errors: FieldError[] }).errors;
      const attribute = error.field.split('/')[1]?.replace(/~1/g, '/').replace(/~0/g, '~') ?? '';
      return new EngineError('STATION_ATTRIBUTES_INVALID', { ...event, field: sources.attributes?.[attribute] ?? attribute, attribute, reason: error.message });
    }
    if (problem.code === 'DIRECTORY_FIELD_INVALID') {
      const { field, rule, value } = (problem as EngineError<'DIRECTORY_FIELD_INVALID'>).params;
      const from: Record<string, string | undefined> = { name: sources.name, parentId: sources.parent, villages: sources.villages, stationType: 'stationType' };
      return new EngineError('STATION_REGISTRATION_INVALID', { ...event, field: from[field] ?? field, rule, ...(value === undefined ? {} : { value }) });
    }
    return problem;
  }
}
