import { enabledEvents, restoreSnapshot, statesOf } from '../flows/flow-inspection.js';
import type { PackRegistry } from '../packs/pack-registry.js';
import type { ItemSort } from '../domain/item-query.js';
import type { Store } from '../store/store.js';
import type { User } from '../domain/user.js';
import { itemSummary, type ItemSummary } from './item-view.js';

/** The most items an inbox shows at once; an office with more should filter by flow or state. */
export const INBOX_LIMIT = 500;

export interface Inbox {
  items: ItemSummary[];
  total: number;
  /** How many waiting items are in each state (leaf path), for the tabs above the list. */
  countsByState: Array<{ flowId: string; path: string; label: { 'zh-CN': string; en: string }; count: number }>;
}

/**
 * What waits for a user: items whose current state names one of the user's roles in
 * meta.roles, at one of the user's stations (or at no station). Users without stations
 * (a county-level department, say) see every station's items.
 */
export class InboxService {
  constructor(
    private readonly store: Store,
    private readonly registry: PackRegistry,
  ) {}

  /** Per flow (and pack version), the states where this user's roles are expected to act. */
  waitingStates(user: User): Array<{ packId: string; flowId: string; paths: string[] }> {
    const out = new Map<string, { packId: string; flowId: string; paths: Set<string> }>();
    for (const pack of this.registry.countyVersions(user.countyId)) {
      for (const flow of Object.values(pack.content.flows)) {
        const key = `${pack.packId}/${flow.id}`;
        const entry = out.get(key) ?? { packId: pack.packId, flowId: flow.id, paths: new Set<string>() };
        for (const { path, state } of statesOf(flow)) if (state.meta.roles?.some((r) => user.roles.includes(r))) entry.paths.add(path);
        out.set(key, entry);
      }
    }
    return [...out.values()].map((e) => ({ ...e, paths: [...e.paths] }));
  }

  async inbox(user: User, options: { flowId?: string; state?: string; sort?: ItemSort }): Promise<Inbox> {
    const { items, total } = await this.store.items.listItems(
      user.countyId,
      {
        status: 'active',
        flowId: options.flowId,
        state: options.state,
        waitingIn: this.waitingStates(user),
        atStations: user.stationIds.length ? user.stationIds : undefined,
      },
      { offset: 0, limit: INBOX_LIMIT },
      options.sort ?? 'due-asc',
    );
    // The states say which roles act; an item is mine only if I may send one of its events now
    // (a rating waits for its own submitter, not for every deputy of the station).
    const summaries = items.flatMap((item) => {
      const pack = this.registry.get(item.countyId, item.packId, item.packVersion)!;
      const runtime = this.registry.flow(pack, item.flowId)!;
      const mine = enabledEvents(restoreSnapshot(runtime.machine, item.snapshot)).some(
        (e) => e.meta.roles.some((r) => user.roles.includes(r)) && (e.meta.actor !== 'creator' || item.createdBy === user.id),
      );
      return mine ? [itemSummary(runtime, item)] : [];
    });
    const counts = new Map<string, Inbox['countsByState'][number]>();
    for (const item of summaries) {
      item.state.paths.forEach((path, i) => {
        const key = `${item.flowId}/${path}`;
        const entry = counts.get(key) ?? { flowId: item.flowId, path, label: item.state.labels[i], count: 0 };
        entry.count++;
        counts.set(key, entry);
      });
    }
    return { items: summaries, total: total - (items.length - summaries.length), countsByState: [...counts.values()] };
  }
}
