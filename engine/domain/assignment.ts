import { assigneeKey, type AssigneeKind } from './assignee.js';
import type { AssigneeFilter } from './item-query.js';
import type { StationScope } from './item-scope.js';
import type { User } from './user.js';

export { assigneeKey, type AssigneeKind };

export interface Assignment {
  kind: AssigneeKind;
  id: string;
  /** Roles that supervise the assignment: they may act on the item too. */
  supervisors?: string[];
  /** The unit member who claimed the work: until released, only they act for the unit. */
  claimedBy?: string;
}

/**
 * Where an item's data keeps its assignment. The flow's own actions write it (assignTo, unassign,
 * and the engine's claim events), so replaying the events rebuilds it; `$` cannot begin a form
 * field's name, so no pack's field can collide with it.
 */
export const ASSIGNMENT_KEY = '$assignment';

export function assignmentOf(context: Record<string, unknown>): Assignment | undefined {
  const value = context[ASSIGNMENT_KEY];
  return value && typeof value === 'object' ? (value as Assignment) : undefined;
}


/**
 * The assignees a user answers to: themselves, their unit, and the stations of their scope; a
 * county-wide user answers for every station (anyStation). Unassigned work waits for everyone
 * its roles name, except a unit's people: they see only what is assigned to them.
 */
export function assigneesOf(user: Pick<User, 'id' | 'unitId'>, scope: StationScope): AssigneeFilter {
  const keys = [assigneeKey({ kind: 'person', id: user.id }), ...(user.unitId ? [assigneeKey({ kind: 'unit', id: user.unitId })] : [])];
  if (scope.countyWide) return { keys, anyStation: true, unassigned: true };
  return { keys: [...keys, ...scope.stationIds.map((id) => assigneeKey({ kind: 'station', id }))], anyStation: false, unassigned: !scope.unit };
}

/**
 * Whether a user may act on an item assigned this way: the assignee (the person; a member of the
 * unit, and only the one who claimed it while claimed; someone working at the station), or a
 * supervising role. The flow's own checks (roles per transition) still apply.
 */
export function mayActOn(assignment: Assignment, user: Pick<User, 'id' | 'unitId' | 'roles'>, scope: StationScope): 'yes' | 'assignedElsewhere' | 'claimedByOther' {
  if (assignment.supervisors?.some((r) => user.roles.includes(r))) return 'yes';
  switch (assignment.kind) {
    case 'person':
      return assignment.id === user.id ? 'yes' : 'assignedElsewhere';
    case 'unit':
      if (user.unitId !== assignment.id) return 'assignedElsewhere';
      return !assignment.claimedBy || assignment.claimedBy === user.id ? 'yes' : 'claimedByOther';
    case 'station':
      return scope.countyWide || scope.stationIds.includes(assignment.id) ? 'yes' : 'assignedElsewhere';
  }
}

/** What a user may do with a unit's claim (the item page offers these; the item service enforces them). */
export type ClaimOption = 'claim' | 'release' | 'handOver';

/**
 * A unit's member claims unclaimed work; whoever claimed it releases it or hands it to another
 * member; a supervising role releases or hands over anyone's. Nothing for other assignments.
 */
export function claimOptions(assignment: Assignment | undefined, user: Pick<User, 'id' | 'unitId' | 'roles'>): ClaimOption[] {
  if (assignment?.kind !== 'unit') return [];
  const supervising = assignment.supervisors?.some((r) => user.roles.includes(r)) ?? false;
  const member = user.unitId === assignment.id;
  if (!assignment.claimedBy) return member ? ['claim', 'handOver'] : supervising ? ['handOver'] : [];
  return assignment.claimedBy === user.id || supervising ? ['release', 'handOver'] : [];
}
