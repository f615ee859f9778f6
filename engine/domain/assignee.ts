/** Who an item's current work may be assigned to (issue 10): one unit, one person or one station. */
export type AssigneeKind = 'unit' | 'person' | 'station';

/** The item row's assignee column ("unit:<id>"), which lists, counts and scopes filter on. */
export const assigneeKey = (assignee: { kind: AssigneeKind; id: string }): string => `${assignee.kind}:${assignee.id}`;
