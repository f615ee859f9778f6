import { maskFields, personalFields, type PersonalField } from '../../forms/index.js';
import { flowFormIds } from '../flows/flow-inspection.js';
import type { User } from '../domain/user.js';
import type { RuntimeFlow } from '../packs/pack-registry.js';

const cache = new WeakMap<RuntimeFlow, PersonalField[]>();

/**
 * The personal fields (x-personal) of every form a flow uses, start and events: an item's data
 * is what its own flow's forms wrote, and a field marked personal by any of them is personal.
 * Worked out once per loaded flow.
 */
export function flowPersonalFields(runtime: RuntimeFlow): PersonalField[] {
  let fields = cache.get(runtime);
  if (!fields) {
    const { pack, flow } = runtime;
    fields = flowFormIds(flow).flatMap((id) => (pack.content.forms[id] ? personalFields(pack.content.forms[id].schema) : []));
    cache.set(runtime, fields);
  }
  return fields;
}

/**
 * Whether a user reads an item's personal fields as entered: a role the pack names in
 * personalData.readers (staff who call the constituent back), or the one who entered the item;
 * a pack that names no readers lets everyone who can read the item read them.
 */
export function readsPersonalData(runtime: RuntimeFlow, user: Pick<User, 'id' | 'roles'>, createdBy: string | null): boolean {
  const readers = runtime.pack.content.manifest.personalData?.readers;
  return !readers || createdBy === user.id || user.roles.some((r) => readers.includes(r));
}

/** An item's data (or a payload) as this user may read it: personal fields masked unless they are a reader. */
export function personalDataFor<T>(runtime: RuntimeFlow, user: Pick<User, 'id' | 'roles'>, createdBy: string | null, data: T): T {
  return readsPersonalData(runtime, user, createdBy) ? data : maskFields(flowPersonalFields(runtime), data);
}
