import type { FormDefinition, JsonSchema } from '../../forms/index.js';
import type { FlowDefinition } from '../flows/flow-definition.js';
import { flowFormIds } from '../flows/flow-inspection.js';
import type { LinkKind } from '../domain/item-directory.js';
import type { PackContent } from './pack-content.js';
import type { ReportProblem } from './pack-problems.js';

/** The x-source values a field linked as each kind may be picked from. */
const LINK_SOURCES: Record<LinkKind, string[]> = { station: ['stations'], unit: ['units'], person: ['users', 'deputies'] };

/** What the checks read of the pack: its sound forms and station types, and every station type with a file. */
export interface DirectoryActionPack {
  forms: PackContent['forms'];
  stationTypes: PackContent['stationTypes'];
  declaredStationTypes: ReadonlySet<string>;
}

/**
 * The directory actions' params beyond their schemas (issue 10), for one action of a flow file:
 *  - registerStation names a station type the pack declares; each field it reads is a field of
 *    the flow's forms or of its initial context; each attribute is a field of the type's
 *    attribute form (when the type has one);
 *  - linkTo and unlink read a field that the flow's forms let people pick from the directory
 *    (x-source stations for a station, units for a unit, users or deputies for a person), so a
 *    link always names something the county has (payload-references checks each id).
 * A check that needs a form with problems of its own stays silent: that form's problem says what to fix.
 */
export function checkDirectoryAction(flow: FlowDefinition, pack: DirectoryActionPack, type: string, params: unknown, at: string, problem: ReportProblem): void {
  const file = `flows/${flow.id}.json`;
  const formIds = flowFormIds(flow);
  const forms = formIds.every((id) => Object.hasOwn(pack.forms, id)) ? formIds.map((id) => pack.forms[id]) : undefined;
  if (type === 'registerStation') {
    const p = params as { stationType: string; name: string; parent?: string; villages?: string; openedOn?: string; attributes?: Record<string, string> };
    if (!pack.declaredStationTypes.has(p.stationType)) problem(file, `${at}/params/stationType`, 'STATION_TYPE_UNKNOWN', { stationType: p.stationType, available: [...pack.declaredStationTypes] });
    if (forms) {
      const known = new Set([...forms.flatMap((f) => Object.keys(properties(f))), ...Object.keys(flow.context ?? {})]);
      for (const key of ['name', 'parent', 'villages', 'openedOn'] as const) {
        const name = p[key];
        if (name !== undefined && !known.has(name)) problem(file, `${at}/params/${key}`, 'ACTION_FIELD_UNKNOWN', { field: name });
      }
      for (const [attribute, name] of Object.entries(p.attributes ?? {}))
        if (!known.has(name)) problem(file, `${at}/params/attributes/${escape(attribute)}`, 'ACTION_FIELD_UNKNOWN', { field: name });
    }
    const stationType = Object.hasOwn(pack.stationTypes, p.stationType) ? pack.stationTypes[p.stationType] : undefined;
    const attributeForm = stationType?.form && Object.hasOwn(pack.forms, stationType.form) ? pack.forms[stationType.form] : undefined;
    if (attributeForm) {
      const declared = properties(attributeForm);
      for (const attribute of Object.keys(p.attributes ?? {}))
        if (!Object.hasOwn(declared, attribute))
          problem(file, `${at}/params/attributes/${escape(attribute)}`, 'STATION_ATTRIBUTE_UNKNOWN', { attribute, formId: attributeForm.id, available: Object.keys(declared) });
    }
    return;
  }
  if (type === 'linkTo' || type === 'unlink') {
    const p = params as { kind: LinkKind; field?: string };
    if (p.field === undefined || !forms) return;
    const sources = forms.flatMap((f) => {
      const schema = Object.hasOwn(properties(f), p.field!) ? properties(f)[p.field!] : undefined;
      const items = schema?.items && typeof schema.items === 'object' ? (schema.items as JsonSchema) : undefined;
      return [schema?.['x-source'], items?.['x-source']].filter((s): s is string => typeof s === 'string');
    });
    if (!sources.some((s) => LINK_SOURCES[p.kind].includes(s)))
      problem(file, `${at}/params/field`, 'LINK_FIELD_NOT_SOURCE', { field: p.field, kind: p.kind, sources: LINK_SOURCES[p.kind] });
  }
}

/** A form's top-level fields and their schemas. */
function properties(form: FormDefinition): Record<string, JsonSchema> {
  return (form.schema.properties ?? {}) as Record<string, JsonSchema>;
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
