import type { LocalizedText } from '../../forms/index.js';
import type { FlowDefinition } from '../flows/flow-definition.js';
import { stateMeta, statesOf, supervisingRoles, transitionsOf } from '../flows/flow-inspection.js';
import type { PackRegistry } from '../packs/pack-registry.js';
import type { AssigneeFilter, ItemFilter, ItemSort, WaitingRule } from '../domain/item-query.js';
import type { Store } from '../store/store.js';
import type { CappedCount } from '../store/item-list-query.js';
import type { User } from '../domain/user.js';
import type { ItemRecord } from '../domain/item-record.js';
import { itemSummary, type ItemSummary } from './item-view.js';
import { isCountyWide, stationScope, unitScope, worksForUnit, type StationScope } from '../domain/item-scope.js';
import { assigneesOf } from '../domain/assignment.js';

/** The largest page an inbox answers; the tabs' counts cover every waiting item, not just the page. */
export const INBOX_PAGE_MAX = 100;

export interface StateCount {
  flowId: string;
  path: string;
  label: LocalizedText;
  count: number;
  /** More than `count` (the cap) wait in this state. */
  countIsLowerBound: boolean;
}

export interface Inbox {
  items: ItemSummary[];
  total: number;
  /** More than `total` (the cap) items wait: shown as "10,000+". */
  totalIsLowerBound: boolean;
  page: number;
  pageSize: number;
  /** How many items wait in each state (leaf path), for the tabs above the list: exact up to the cap. */
  countsByState: StateCount[];
}

/** My other lists beside what waits for me: the items I submitted, and the items I handled. */
export type MyItemsView = 'submitted' | 'handled';

/** A page of items with their capped total. */
export interface ItemSummaryPage {
  items: ItemSummary[];
  total: number;
  totalIsLowerBound: boolean;
  page: number;
  pageSize: number;
}

export interface InboxOptions {
  flowId?: string;
  state?: string;
  sort?: ItemSort;
  page?: number;
  pageSize?: number;
}

/**
 * What waits for a user: active items in a state that names one of the user's roles in
 * meta.roles (or whose parent state does) and where one of the user's roles may send an event,
 * at one of the user's stations (or at no station). Users without stations see every station's
 * items, except a unit's people, who see only the work assigned to them or their unit; assigned
 * work waits only for its assignee and the roles that supervise it. Where the user's only events are the creator's (a
 * rating waits for its own submitter, not for every deputy of the station), only the items the
 * user created wait for them. The rule comes from the flows' structure, so the database
 * answers both the page and the counts.
 */
export class InboxService {
  constructor(
    private readonly store: Store,
    private readonly registry: PackRegistry,
  ) {}

  /**
   * Per flow and pack version, the leaf states where items wait for this user, assigned as
   * assignedTo says; in a flow whose assignments one of the user's roles supervises, whoever
   * the work is assigned to.
   */
  waitingRules(user: User, assignedTo?: AssigneeFilter): WaitingRule[] {
    return this.registry.countyVersions(user.countyId).flatMap((pack) =>
      Object.values(pack.content.flows).map((flow) => ({
        packId: pack.packId,
        packVersion: pack.version,
        flowId: flow.id,
        userId: user.id,
        assignedTo: user.roles.some((r) => supervisingRoles(flow).has(r)) ? undefined : assignedTo,
        ...waitingPaths(flow, user.roles),
      })),
    );
  }

  private summary(user: User, item: ItemRecord): ItemSummary {
    return itemSummary(this.registry.flow(this.registry.get(item.countyId, item.packId, item.packVersion)!, item.flowId)!, item, user);
  }

  /**
   * The tabs' counts for a user at stations (a few thousand items at most): up to the cap, one
   * pass over the waiting items tallies every state; beyond it, each state is counted on its
   * own, up to the cap.
   */
  private async stationCounts(user: User, base: ItemFilter, rules: WaitingRule[], tabs: Tab[], list: CappedCount, whole: boolean): Promise<CappedCount[]> {
    // The whole inbox past the cap: no tally can be complete, so none is tried.
    const tally = whole && list.totalIsLowerBound ? { complete: false, rows: [] } : await this.store.lists.stateTally(user.countyId, { ...base, waitingIn: rules }, user.id);
    if (!tally.complete) return this.store.lists.counts(user.countyId, tabs.map((tab) => tabFilter(base, tab)));
    return tabs.map(({ rule, path }) => {
      const own = rule.ownPaths.includes(path);
      const total = tally.rows
        .filter((r) => r.packId === rule.packId && r.packVersion === rule.packVersion && r.flowId === rule.flowId && r.path === path && (!own || r.own))
        .reduce((n, r) => n + r.count, 0);
      return { total, totalIsLowerBound: false };
    });
  }

  /**
   * The tabs' counts for a user who works county-wide: exact, from the county's item counts
   * (item-counts.ts), except states where only the items the user created wait, which are
   * counted among those, up to the cap.
   */
  private async countyCounts(user: User, base: ItemFilter, tabs: Tab[], assignedTo: AssigneeFilter): Promise<CappedCount[]> {
    const own = tabs.filter(({ rule, path }) => rule.ownPaths.includes(path));
    const supervising = tabs.some(({ rule }) => !rule.assignedTo);
    const [rows, anyAssignee, ownCounts] = await Promise.all([
      this.store.lists.activeStateCounts(user.countyId, assignedTo),
      supervising ? this.store.lists.activeStateCounts(user.countyId, undefined) : [],
      this.store.lists.counts(user.countyId, own.map((tab) => tabFilter(base, tab))),
    ]);
    return tabs.map((tab) => {
      const i = own.indexOf(tab);
      if (i >= 0) return ownCounts[i];
      const { rule, path } = tab;
      const row = (rule.assignedTo ? rows : anyAssignee).find((r) => r.packId === rule.packId && r.packVersion === rule.packVersion && r.flowId === rule.flowId && r.path === path);
      return { total: row?.n ?? 0, totalIsLowerBound: false };
    });
  }

  /**
   * "我提交的" and "我经办的": the items the user created, or sent an event to after that (in
   * the user's county, whatever their state), the most recently changed first.
   */
  async mine(user: User, view: MyItemsView, options: { page?: number; pageSize?: number } = {}): Promise<ItemSummaryPage> {
    const page = options.page ?? 1;
    const pageSize = Math.min(options.pageSize ?? 20, INBOX_PAGE_MAX);
    const filter: ItemFilter = view === 'submitted' ? { createdBy: user.id } : { handledBy: user.id };
    const list = await this.store.lists.list(user.countyId, filter, { offset: (page - 1) * pageSize, limit: pageSize }, 'updated-desc');
    return { items: list.items.map((item) => this.summary(user, item)), total: list.total, totalIsLowerBound: list.totalIsLowerBound, page, pageSize };
  }

  async inbox(user: User, options: InboxOptions = {}): Promise<Inbox> {
    const page = options.page ?? 1;
    const pageSize = Math.min(options.pageSize ?? 20, INBOX_PAGE_MAX);
    // Someone with stations: theirs and the stations under them (domain/item-scope.ts); assigned
    // work waits only for its assignee (domain/assignment.ts), and a unit's people see only that.
    const scope: StationScope = worksForUnit(user)
      ? unitScope(user)
      : isCountyWide(user)
        ? { countyWide: true }
        : stationScope(user, await this.store.counties.listStations(user.countyId));
    const assignedTo = assigneesOf(user, scope);
    const rules = this.waitingRules(user, assignedTo);
    const base: ItemFilter = { status: 'active', atStations: scope.countyWide || scope.unit ? undefined : scope.stationIds };
    const tabs = rules.flatMap((rule) => [...rule.paths, ...rule.ownPaths].map((path) => ({ rule, path })));
    const list = await this.store.lists.list(
      user.countyId,
      { ...base, flowId: options.flowId, state: options.state, waitingIn: rules },
      { offset: (page - 1) * pageSize, limit: pageSize },
      options.sort ?? 'due-asc',
    );
    const counts = base.atStations ? await this.stationCounts(user, base, rules, tabs, list, !options.flowId && !options.state) : await this.countyCounts(user, base, tabs, assignedTo);
    // One tab per flow and state, whatever the pack versions: their counts add up.
    const byState = new Map<string, StateCount>();
    tabs.forEach(({ rule, path }, i) => {
      const key = `${rule.flowId}/${path}`;
      const flow = this.registry.get(user.countyId, rule.packId, rule.packVersion)!.content.flows[rule.flowId];
      const entry = byState.get(key) ?? { flowId: rule.flowId, path, label: stateMeta(flow, path)!.label, count: 0, countIsLowerBound: false };
      entry.count += counts[i].total;
      entry.countIsLowerBound ||= counts[i].totalIsLowerBound;
      byState.set(key, entry);
    });
    return {
      items: list.items.map((item) => this.summary(user, item)),
      total: list.total,
      totalIsLowerBound: list.totalIsLowerBound,
      page,
      pageSize,
      countsByState: [...byState.values()].filter((c) => c.count > 0),
    };
  }
}

/** One tab of the inbox: a flow (of one pack version) and a state where items wait for the user. */
interface Tab {
  rule: WaitingRule;
  path: string;
}

/** The inbox's filter narrowed to one tab. */
function tabFilter(base: ItemFilter, { rule, path }: Tab): ItemFilter {
  return { ...base, waitingIn: [{ ...rule, paths: rule.paths.filter((p) => p === path), ownPaths: rule.ownPaths.filter((p) => p === path) }] };
}

/**
 * The leaf states of a flow where items wait for someone with these roles: the state (or a
 * parent) names one of the roles, and an event there (on the state, a parent or the flow) may be
 * sent by one of them. ownPaths: the only such events are the creator's.
 */
export function waitingPaths(flow: FlowDefinition, roles: string[]): { paths: string[]; ownPaths: string[] } {
  const states = statesOf(flow);
  const transitions = transitionsOf(flow);
  const within = (path: string, ancestor: string) => ancestor === '' || path === ancestor || path.startsWith(`${ancestor}.`);
  const paths: string[] = [];
  const ownPaths: string[] = [];
  for (const { path, state } of states) {
    if (state.states && Object.keys(state.states).length) continue; // leaves only
    const named = states.some((s) => within(path, s.path) && s.state.meta?.roles?.some((r) => roles.includes(r)));
    if (!named) continue;
    const mine = transitions.filter((t) => within(path, t.source) && t.transition.meta?.roles.some((r) => roles.includes(r)));
    if (mine.some((t) => t.transition.meta!.actor !== 'creator')) paths.push(path);
    else if (mine.length) ownPaths.push(path);
  }
  return { paths, ownPaths };
}
