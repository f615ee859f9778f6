import { initialTransition, transition, type AnyMachineSnapshot, type StateValue } from 'xstate';
import { v7 as uuidv7 } from 'uuid';
import { fieldError } from '../../forms/index.js';
import { isOnlyAuditor } from '../auth/read-only.js';
import { EngineError } from '../errors/engine-error.js';
import { payloadInvalid } from '../errors/payload-invalid.js';
import type { TransitionMeta } from '../flows/flow-definition.js';
import { enabledEvents, eventRoles, restoreSnapshot, transitionsOf } from '../flows/flow-inspection.js';
import type { PackRegistry, RuntimeFlow, RuntimePack } from '../packs/pack-registry.js';
import { isUniqueViolation } from '../store/db-errors.js';
import type { EventOrigin, EventRecord } from '../domain/event-record.js';
import type { ItemFilter } from '../domain/item-query.js';
import { dueRange, type DueWindow } from '../domain/due-window.js';
import type { ItemRecord, ItemStatus } from '../domain/item-record.js';
import type { Store } from '../store/store.js';
import type { User } from '../domain/user.js';
import { worksAtStation } from '../domain/station.js';
import { inScope, isCountyWide, stationScope, unitScope, worksForUnit, type StationScope } from '../domain/item-scope.js';
import { ASSIGNMENT_KEY, assignmentOf, claimOptions, mayActOn, type ClaimOption } from '../domain/assignment.js';
import { itemLinks, linkChanges, LINKS_KEY, NO_DIRECTORY_CHANGE, registeredStationId, STATION_KEY, stationIntentOf, type DirectoryChange, type ItemLink, type LinkKind } from '../domain/item-directory.js';
import { canonicalJson } from '../util/canonical-json.js';
import { CLAIM_EVENT, RELEASE_EVENT } from '../flows/flow-machine.js';
import { eventDraftKey, startDraftKey } from '../domain/draft.js';
import { checkItem, type ItemIntegrity } from '../record/item-integrity.js';
import type { RecordKeys } from '../record/record-keys.js';
import { systemClock, type Clock } from './clock.js';
import { CHAIN_START, sealEvent } from './event-chain.js';
import { deriveFields, persist, type DerivedFields, type Snapshot } from './item-derivation.js';
import { armedTimers, extensionBy } from '../flows/schedule.js';
import { timerEventsOf, type TimerEvent } from '../flows/timer-events.js';
import { SYSTEM_ROLE, type FlowEvent } from '../flows/flow-event.js';
import type { CalendarSource } from '../flows/span.js';
import { DUTY_KEY, dutyOf, type DutyContext } from '../domain/duty.js';
import { relatedItems, traceLink, type RelatedItem, type TraceLink } from './related-items.js';
import { PARENT_KEY, startIndexOf, startsOf, STARTS_KEY, type ParentLink } from '../domain/item-start.js';
import { startedItemId } from './started-item-id.js';
import type { DraftRef, EventEffects } from '../store/item-repository.js';
import { timerNotice } from './timer-notices.js';
import type { OutboxMessage } from '../domain/outbox-message.js';
import { personalDataFor } from './personal-access.js';
import { linkCountChanges, type CountedLinks } from '../store/link-counts.js';
import { itemSummary, stateView, upcomingTimers, type ActionView, type ItemSummary, type ItemView } from './item-view.js';
import { checkReferences } from './payload-references.js';
import { CREATE_EVENT } from './replay.js';
import { StationRegistration, type NamedEvent } from './station-registration.js';

export interface CreateItemInput {
  packId: string;
  flowId: string;
  stationId?: string | null;
  payload?: Record<string, unknown>;
}

export interface SendEventInput {
  type: string;
  payload?: Record<string, unknown>;
}

export interface EventResult {
  item: ItemView;
  event: { seq: number; type: string; role: string; at: string };
  /** True when this answers a retried request (same Idempotency-Key): nothing new was written. */
  replayed: boolean;
}

export interface TraceEvent {
  seq: number;
  type: string;
  label: { 'zh-CN': string; en: string };
  /** Who sent it; id null for the engine's own events (timers), shown as 系统 / System. */
  actor: { id: string | null; displayName: string };
  role: string;
  /** The form's data the event carried ({} without a form). */
  payload: Record<string, unknown>;
  /** Where the item was before the event (null for the event that created it) and after. */
  stateBefore: StateValue | null;
  stateAfter: StateValue;
  /** The item's data after the event. */
  data: Record<string, unknown>;
  /** What the event changed in the directory: the station it registered or updated, the links it added and removed. */
  directory?: TraceDirectory;
  /** The item that started this one (on the creation event), or the item this event started. */
  link?: TraceLink;
  packVersion: string;
  at: string;
  prevHash: string;
  hash: string;
}

export interface TraceDirectory {
  station?: { id: string; name: string; registered: boolean; label: { 'zh-CN': string; en: string } };
  linked: ItemLink[];
  unlinked: ItemLink[];
}

const CREATE_LABEL = { 'zh-CN': '创建事项', en: 'Item created' };

/** The event that names an item this one started, after the new item's flow. */
function startLabel(title: TransitionMeta['label']): TransitionMeta['label'] {
  return { 'zh-CN': `启动${title['zh-CN']}`, en: `Started: ${title.en}` };
}

/**
 * Runs items through their flows. Every request is checked in a fixed order, and a refused
 * request changes nothing:
 *   1. the item is in the actor's county (else 404, not revealing it exists elsewhere)
 *   2. the actor's role may send the event (403)
 *   3. the event is allowed in the item's current state (409, listing what is allowed)
 *   4. the payload is valid for the event's form (400, each error naming field and rule), and the
 *      attachments, stations and people it names exist in the county (400, rule "reference")
 * Then the transition runs from the stored snapshot, and the new snapshot and the event are
 * written in one transaction guarded by the item's version.
 */
export class ItemService {
  private readonly stations: StationRegistration;

  constructor(
    private readonly store: Store,
    private readonly registry: PackRegistry,
    private readonly keys: RecordKeys,
    private readonly calendars: CalendarSource,
    private readonly clock: Clock = systemClock,
  ) {
    this.stations = new StationRegistration(store, registry);
  }

  async createItem(actor: User, input: CreateItemInput, idempotencyKey?: string): Promise<EventResult> {
    try {
      return await this.create(actor, input, idempotencyKey);
    } catch (error) {
      // A retry of this request won the race for the key: answer with what it wrote.
      if (idempotencyKey && isUniqueViolation(error)) return this.createItem(actor, input, idempotencyKey);
      throw error;
    }
  }

  async sendEvent(actor: User, itemId: string, input: SendEventInput, idempotencyKey?: string): Promise<EventResult> {
    try {
      return await this.send(actor, itemId, input, idempotencyKey);
    } catch (error) {
      const lost = isUniqueViolation(error) || (error instanceof EngineError && error.code === 'VERSION_CONFLICT');
      if (!lost) throw error;
      // Either a retry of this request (same key) wrote the event first — answer with what it
      // wrote — or another event moved the item on.
      if (idempotencyKey && (await this.store.items.findEventByIdempotencyKey(actor.countyId, actor.id, idempotencyKey)))
        return this.sendEvent(actor, itemId, input, idempotencyKey);
      throw new EngineError('VERSION_CONFLICT');
    }
  }

  /** Whether the user may file at a station (domain/station.ts): one list of the county's stations, read only when it is not one of theirs. */
  private async worksAt(actor: User, stationId: string): Promise<boolean> {
    if (!actor.stationIds.length || actor.stationIds.includes(stationId)) return true;
    return worksAtStation(stationId, actor.stationIds, await this.store.counties.listStations(actor.countyId));
  }

  /**
   * The item, when it is in the user's scope (domain/item-scope.ts); otherwise it is not found,
   * as in another county: a user learns nothing of items outside their stations. The county's
   * stations are read only when the item's station is not plainly one of theirs.
   */
  private async itemInScope(actor: User, itemId: string, read?: ItemRecord): Promise<ItemRecord> {
    const item = read ?? (await this.store.items.getItem(actor.countyId, itemId));
    if (!item) throw new EngineError('ITEM_NOT_FOUND', { itemId });
    const plainly = isCountyWide(actor) || item.createdBy === actor.id || (!worksForUnit(actor) && (item.stationId === null || actor.stationIds.includes(item.stationId)));
    if (plainly) return item;
    const scope = await this.scopeOf(actor);
    if (inScope(item, actor, scope)) return item;
    // A unit's history: an item once assigned to it, or one of its people acted on, stays the unit's to read.
    if (!scope.countyWide && scope.unit && (await this.store.items.isUnitItem(actor.countyId, scope.unit.unitId, itemId))) return item;
    throw new EngineError('ITEM_NOT_FOUND', { itemId });
  }

  /** The checks in order, then one statement writes the item, its event and the draft's removal. */
  private async create(actor: User, input: CreateItemInput, idempotencyKey: string | undefined): Promise<EventResult> {
    if (idempotencyKey) {
      const earlier = await this.store.items.findEventByIdempotencyKey(actor.countyId, actor.id, idempotencyKey);
      if (earlier) return this.replayed(actor, earlier, (item) => earlier.seq === 1 && item.packId === input.packId && item.flowId === input.flowId);
    }
    const pack = this.registry.latest(actor.countyId, input.packId);
    if (!pack) throw new EngineError('PACK_NOT_FOUND', { packId: input.packId });
    const runtime = this.registry.flow(pack, input.flowId);
    if (!runtime) throw new EngineError('FLOW_NOT_FOUND', { packId: input.packId, flowId: input.flowId });
    const { start } = runtime.flow.meta;

    if (isOnlyAuditor(actor)) throw new EngineError('AUDITOR_READ_ONLY');
    const role = actor.roles.find((r) => start.roles.includes(r));
    if (!role) throw new EngineError('START_NOT_ALLOWED', { roles: start.roles, actorRoles: actor.roles });

    const stationId = input.stationId ?? null;
    if (start.station === 'required' && !stationId) throw new EngineError('STATION_REQUIRED');
    if (stationId && !(await this.store.counties.getStation(actor.countyId, stationId))) throw new EngineError('STATION_NOT_FOUND', { stationId });
    if (stationId && !(await this.worksAt(actor, stationId))) throw new EngineError('STATION_NOT_YOURS', { stationId });

    const payload = this.validatePayload(pack, start.form, input.payload);
    await this.checkReferences(actor, pack, start.form, payload);
    const started = await this.begin(runtime, {
      countyId: actor.countyId,
      itemId: uuidv7(),
      actor: { id: actor.id, role },
      payload,
      stationId,
      idempotencyKey: idempotencyKey ?? null,
      draft: { userId: actor.id, key: startDraftKey(pack.packId, runtime.flow.id) },
      unitId: actor.unitId,
    });
    const now = await this.startNow(started.item);
    const view = now === started.item ? this.view(actor, runtime, started.item, started.snapshot, started.initial) : this.view(actor, runtime, now);
    return { item: view, event: eventSummary(started.event), replayed: false };
  }

  /**
   * Starts an item of a flow and writes it in one statement with all it implies (its event,
   * search row, counts, directory, timers, the draft's removal). What the engine itself puts into
   * the new item's data (its duty, its assignment) is recorded in the creation event's origin,
   * so a replay of the log starts it the same way.
   */
  private async begin(runtime: RuntimeFlow, start: BeginOptions) {
    const { pack } = runtime;
    const at = this.clock.now();
    const origin: EventOrigin = { packId: pack.packId, flowId: runtime.flow.id, stationId: start.stationId, ...(start.context ? { context: start.context } : {}) };
    const [initial] = initialTransition(runtime.machine, { payload: { ...start.payload, ...start.context }, actor: start.actor, at: at.toISOString() });
    const snapshot = persist(runtime, initial);
    const fields = deriveFields(runtime, snapshot, undefined, { at, calendar: this.calendars.of(start.countyId) });
    const directory = await this.directoryChange(start.countyId, start.itemId, undefined, snapshot.context, { event: CREATE_EVENT, label: CREATE_LABEL });
    const event = sealEvent({
      countyId: start.countyId,
      itemId: start.itemId,
      seq: 1,
      type: CREATE_EVENT,
      actorId: start.actor.id,
      role: start.actor.role,
      payload: start.payload,
      stateBefore: null,
      stateAfter: snapshot.value,
      snapshotAfter: snapshot,
      packVersion: pack.version,
      createdAt: at,
      idempotencyKey: start.idempotencyKey,
      prevHash: CHAIN_START,
      origin,
    }, this.keys);
    const item: ItemRecord = {
      countyId: start.countyId,
      id: start.itemId,
      packId: pack.packId,
      packVersion: pack.version,
      flowId: runtime.flow.id,
      stationId: start.stationId,
      snapshot,
      ...fields,
      version: 1,
      createdBy: start.actor.id,
      createdAt: at,
      updatedAt: at,
      headHash: event.hash,
    };
    await this.store.items.insertItem(item, event, start.draft, {
      directory,
      units: unitsReached(start.unitId, snapshot),
      linkCounts: linkCountChanges(undefined, countedLinks(item, snapshot)),
      timers: timersChange(runtime, undefined, fields),
    });
    return { item, snapshot, initial, event };
  }

  /**
   * Starts an item of a flow as the engine (a recurring duty's task, a follow-up of a missed
   * one): no one's role or form, the context given (its duty, whom it is assigned to).
   */
  async startAsSystem(countyId: string, packId: string, packVersion: string, flowId: string, start: { itemId: string; stationId: string | null; context: Record<string, unknown> }): Promise<ItemRecord> {
    const pack = await this.registry.resolve(countyId, packId, packVersion);
    const runtime = pack && this.registry.flow(pack, flowId);
    if (!runtime) throw new Error(`pack ${packId}@${packVersion} flow ${flowId} is not loaded`);
    return this.startOnce(runtime, { countyId, itemId: start.itemId, actor: { id: null, role: SYSTEM_ROLE }, payload: {}, stationId: start.stationId, context: start.context });
  }

  /**
   * Starts an item the engine decided on, with the id the caller made from what it is for, so
   * two processes starting the same item start it once: the second is refused by the item's key
   * and reads the first's. No form is filled and no draft removed.
   */
  private async startOnce(runtime: RuntimeFlow, start: Pick<BeginOptions, 'countyId' | 'itemId' | 'actor' | 'payload' | 'stationId' | 'context'>): Promise<ItemRecord> {
    const existing = await this.store.items.getItem(start.countyId, start.itemId);
    if (existing) return existing;
    try {
      const { item } = await this.begin(runtime, { ...start, idempotencyKey: null, draft: null, unitId: null });
      return item;
    } catch (error) {
      const started = isUniqueViolation(error) ? await this.store.items.getItem(start.countyId, start.itemId) : undefined;
      if (started) return started;
      throw error;
    }
  }

  /**
   * Starts the item an item's start names (catalogue startItem, domain/item-start.ts): of the
   * flow named in the same pack version, at the item's station, with the data the start copied,
   * as the user who sent the event that decided it (or the item's creator), its data naming the
   * item that started it. undefined when the item holds no such start.
   */
  private async startChild(item: ItemRecord, runtime: RuntimeFlow, index: number): Promise<{ child: ItemRecord; flow: RuntimeFlow } | undefined> {
    const start = startsOf((item.snapshot as Snapshot).context)[index];
    if (!start) return undefined;
    const flow = this.registry.flow(runtime.pack, start.flow);
    // The pack's check made sure the flow is the pack's: this means the registry was not loaded.
    if (!flow) throw new Error(`pack ${item.packId}@${item.packVersion} flow ${start.flow} is not loaded`);
    const actor = start.by === 'creator' ? await this.creatorOf(item, flow) : start.sender;
    const parent: ParentLink = { itemId: item.id, flowId: item.flowId, index };
    const child = await this.startOnce(flow, {
      countyId: item.countyId,
      itemId: startedItemId(item.countyId, item.id, index, start.at),
      actor,
      payload: start.data,
      stationId: item.stationId,
      context: { [PARENT_KEY]: parent },
    });
    return { child, flow };
  }

  /** An item's creator as the sender of an item started on their behalf, with a role that may start it (the engine for an item it started). */
  private async creatorOf(item: ItemRecord, flow: RuntimeFlow): Promise<{ id: string | null; role: string }> {
    const user = item.createdBy ? await this.store.users.getUser(item.countyId, item.createdBy) : undefined;
    if (!user) return { id: null, role: SYSTEM_ROLE };
    return { id: user.id, role: user.roles.find((r) => flow.flow.meta.start.roles.includes(r)) ?? user.roles[0] ?? SYSTEM_ROLE };
  }

  /**
   * Starts at once the items a user's event decided to start, rather than at the timer worker's
   * next round. The timers were written with the event, so one that fails here (the database
   * away a moment) is started by the worker: this only saves the wait.
   */
  private async startNow(item: ItemRecord): Promise<ItemRecord> {
    const pending = Object.keys(item.schedule.timers ?? {}).filter((type) => startIndexOf(type) !== undefined);
    if (!pending.length) return item;
    for (const type of pending) await this.fireTimer(item.countyId, item.id, type).catch(() => undefined);
    return (await this.store.items.getItem(item.countyId, item.id)) ?? item;
  }

  /**
   * Read the item and whether the Idempotency-Key was used (one statement), the checks in order, then one statement writes the event, the item's
   * new state and the draft's removal under the version guard: a writer that read an older
   * version writes nothing and is told so (409).
   */
  private async send(actor: User, itemId: string, input: SendEventInput, idempotencyKey: string | undefined): Promise<EventResult> {
    const read = await this.store.items.getItemForEvent(actor.countyId, itemId, actor.id, idempotencyKey ?? null);
    if (!read) throw new EngineError('ITEM_NOT_FOUND', { itemId });
    const item = await this.itemInScope(actor, itemId, read.item);
    if (idempotencyKey && read.keyUsed) {
      const earlier = await this.store.items.findEventByIdempotencyKey(actor.countyId, actor.id, idempotencyKey);
      if (earlier) return this.replayed(actor, earlier, () => earlier.itemId === itemId && earlier.type === input.type);
    }
    const runtime = await this.runtimeOf(item);
    const snapshot = restoreSnapshot(runtime.machine, item.snapshot);

    if (isOnlyAuditor(actor)) throw new EngineError('AUDITOR_READ_ONLY');
    const { role, payload, label } = isClaimEvent(input.type) ? await this.claimChecks(actor, item, snapshot, input) : await this.flowChecks(actor, item, runtime, snapshot, input);

    const at = this.clock.now();
    const flowEvent: FlowEvent = { type: input.type, payload, actor: { id: actor.id, role }, at: at.toISOString() };
    // A transition whose guard passes, even one that moves nothing and changes no data (a note, an extension): snapshot.can() counts only those that do.
    if (!runtime.machine.getTransitionData(snapshot, flowEvent).length) throw new EngineError('GUARD_REJECTED', { event: input.type, label });
    const recorded = await this.record(item, runtime, snapshot, flowEvent, {
      label,
      idempotencyKey: idempotencyKey ?? null,
      draft: { userId: actor.id, key: eventDraftKey(itemId, input.type) },
      unitId: actor.unitId,
    });
    if (!recorded) throw new EngineError('VERSION_CONFLICT');
    const now = await this.startNow(recorded.item);
    const view = now === recorded.item ? this.view(actor, runtime, recorded.item, recorded.after, recorded.next) : this.view(actor, runtime, now);
    return { item: view, event: eventSummary(recorded.event), replayed: false };
  }

  /**
   * Moves the item by an event that passed its checks, and writes it in one statement under the
   * version guard with all it implies: the item's new state, deadlines and timers (the ones armed
   * replaced when they changed), the directory, counts, the units it reaches, the draft's removal
   * and the notices it sends. undefined when another event moved the item first.
   */
  private async record(item: ItemRecord, runtime: RuntimeFlow, snapshot: AnyMachineSnapshot, flowEvent: FlowEvent, how: RecordOptions) {
    const at = new Date(flowEvent.at);
    const [next] = transition(runtime.machine, snapshot, flowEvent);
    const after = persist(runtime, next);
    const before = item.snapshot as Snapshot;
    const directory = await this.directoryChange(item.countyId, item.id, before.context, after.context, { event: flowEvent.type, label: how.label });
    const event = sealEvent({
      countyId: item.countyId,
      itemId: item.id,
      seq: item.version + 1,
      type: flowEvent.type,
      actorId: flowEvent.actor.id,
      role: flowEvent.actor.role,
      payload: flowEvent.payload,
      stateBefore: before.value,
      stateAfter: after.value,
      snapshotAfter: after,
      packVersion: item.packVersion,
      createdAt: at,
      idempotencyKey: how.idempotencyKey,
      prevHash: item.headHash,
      origin: null,
    }, this.keys);
    const fields = deriveFields(runtime, after, item, { eventType: flowEvent.type, at, calendar: this.calendars.of(item.countyId) });
    const change = { snapshot: after, ...fields, updatedAt: at, headHash: event.hash };
    const effects: EventEffects = {
      directory,
      units: unitsReached(how.unitId, after),
      linkCounts: linkCountChanges(countedLinks(item, before), countedLinks({ ...item, status: change.status }, after)),
      timers: timersChange(runtime, item, fields),
      outbox: how.notice ? [how.notice] : [],
    };
    if (!(await this.store.items.appendEvent(item, change, event, how.draft, effects))) return undefined;
    const updated: ItemRecord = { ...item, ...change, version: item.version + 1 };
    return { item: updated, after, next, event };
  }

  /**
   * Fires a due timer of an item (runtime/timer-worker.ts): the engine sends the timer's event
   * itself, recorded as the system's, with a key made of the timer and its due time — so a timer
   * fired twice (two processes, a lease that ran out) is recorded once: the second finds the
   * version moved or the key taken, reads the item again and finds the timer gone. 'stale' when
   * the item no longer has this timer due (it moved on, or the timer was re-armed later).
   */
  async fireTimer(countyId: string, itemId: string, type: string): Promise<'fired' | 'stale'> {
    for (let attempt = 0; ; attempt += 1) {
      const item = await this.store.items.getItem(countyId, itemId);
      const due = item?.schedule.timers?.[type];
      const at = this.clock.now();
      if (!item || !due || Date.parse(due) > at.getTime()) return 'stale';
      const runtime = await this.runtimeOf(item);
      const firing = await this.firing(item, runtime, type, at);
      if (!firing) return 'stale';
      const snapshot = restoreSnapshot(runtime.machine, item.snapshot);
      const flowEvent: FlowEvent = { type, payload: firing.payload, actor: { id: null, role: SYSTEM_ROLE }, at: at.toISOString() };
      try {
        const recorded = await this.record(item, runtime, snapshot, flowEvent, { label: firing.label, idempotencyKey: `${type}@${due}`, draft: null, unitId: null, notice: firing.notice });
        if (recorded) return 'fired';
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      if (attempt >= 2) throw new EngineError('VERSION_CONFLICT');
    }
  }

  /**
   * What firing a timer records: a flow's timer (flows/timer-events.ts) is its event with the
   * notice it sends; a start (domain/item-start.ts) starts the item first and names it in the
   * event, which the flow does not handle (it moves nothing, even in a final state).
   */
  private async firing(item: ItemRecord, runtime: RuntimeFlow, type: string, at: Date): Promise<{ payload: Record<string, unknown>; label: TransitionMeta['label']; notice?: OutboxMessage } | undefined> {
    const index = startIndexOf(type);
    if (index !== undefined) {
      const started = await this.startChild(item, runtime, index);
      return started && { payload: { itemId: started.child.id }, label: startLabel(started.flow.flow.meta.title) };
    }
    const timer = timerEventsOf(runtime.flow).get(type);
    if (!timer) return undefined;
    const parentStationId = await this.parentStationOf(item, timer);
    return { payload: {}, label: timer.label, notice: timerNotice(timer, { runtime, item, seq: item.version + 1, at, parentStationId }) };
  }

  /** The parent of the item's station, read only for a step that tells the parent station's people. */
  private async parentStationOf(item: ItemRecord, timer: TimerEvent): Promise<string | null> {
    const wanted = timer.notify?.some((who) => typeof who === 'object' && who.at === 'parentStation');
    if (!wanted || !item.stationId) return null;
    return (await this.store.counties.getStation(item.countyId, item.stationId))?.parentId ?? null;
  }

  /**
   * The checks of a flow's event, in order: 2. role, over the whole flow (an event this role can
   * never send is refused before we look at the state); 3. state, then who: the role there, the
   * creator where only they may, the assignee where the item is assigned; 4. payload.
   */
  private async flowChecks(actor: User, item: ItemRecord, runtime: RuntimeFlow, snapshot: AnyMachineSnapshot, input: SendEventInput) {
    const anywhere = eventRoles(runtime.flow).get(input.type);
    const enabled = enabledEvents(snapshot);
    if (anywhere && !actor.roles.some((r) => anywhere.has(r))) {
      const label = enabled.find((e) => e.type === input.type)?.meta.label;
      throw new EngineError('ROLE_NOT_ALLOWED', { event: input.type, label, roles: [...anywhere], actorRoles: actor.roles });
    }
    const here = enabled.find((e) => e.type === input.type);
    if (!here) throw this.notAllowed(runtime, snapshot, input.type, enabled);
    const meta = here.meta;
    const role = actor.roles.find((r) => meta.roles.includes(r));
    if (!role) throw new EngineError('ROLE_NOT_ALLOWED', { event: input.type, label: meta.label, roles: meta.roles, actorRoles: actor.roles });
    const extension = meta.extendDeadline && extensionBy(runtime.flow, item.statePaths, input.type);
    if (extension) {
      if (!item.deadlines[extension.state]) throw new EngineError('NOTHING_TO_EXTEND', { event: input.type, label: meta.label });
      if ((item.schedule.extensions?.[extension.state] ?? 0) >= extension.limit) throw new EngineError('EXTENSION_LIMIT', { event: input.type, label: meta.label, limit: extension.limit });
    }
    if (meta.actor === 'creator' && item.createdBy !== actor.id) throw new EngineError('ONLY_CREATOR', { event: input.type, label: meta.label });
    // The creator's own step (a rating) is theirs whoever the work is assigned to.
    const assignment = assignmentOf(snapshot.context as Record<string, unknown>);
    if (assignment && meta.actor !== 'creator') {
      const verdict = mayActOn(assignment, actor, await this.scopeOf(actor));
      if (verdict !== 'yes') throw new EngineError(verdict === 'claimedByOther' ? 'CLAIMED_BY_OTHER' : 'ASSIGNED_ELSEWHERE', { event: input.type, label: meta.label });
    }
    const payload = this.validatePayload(runtime.pack, meta.form, input.payload);
    await this.checkReferences(actor, runtime.pack, meta.form, payload);
    return { role, payload, label: meta.label };
  }

  /**
   * Claiming and releasing a unit's work (flow-machine.ts): a member of the unit claims it, or
   * hands it to another member ({ userId }); the one who claimed it releases it. A supervising
   * role may do either. Recorded with the sender's first role.
   */
  private async claimChecks(actor: User, item: ItemRecord, snapshot: AnyMachineSnapshot, input: SendEventInput) {
    const label = CLAIM_LABELS[input.type as keyof typeof CLAIM_LABELS];
    const assignment = assignmentOf(snapshot.context as Record<string, unknown>);
    if (item.status !== 'active' || assignment?.kind !== 'unit') throw new EngineError('NOT_ASSIGNED_TO_UNIT', { event: input.type, label });
    const options = claimOptions(assignment, actor);
    if (!options.length) throw new EngineError(actor.unitId === assignment.id ? 'CLAIMED_BY_OTHER' : 'ASSIGNED_ELSEWHERE', { event: input.type, label });
    const body = input.payload ?? {};
    const keys = Object.keys(body);
    const wanted: ClaimOption = input.type === RELEASE_EVENT ? 'release' : keys.length ? 'handOver' : 'claim';
    if (wanted === 'release' && keys.length) throw payloadInvalid([fieldError(keys[0], { 'zh-CN': keys[0], en: keys[0] }, 'noForm')]);
    if (!options.includes(wanted)) throw new EngineError('CLAIM_STATE_WRONG', { event: input.type, label, claimed: !!assignment.claimedBy });
    if (wanted !== 'handOver') return { role: actor.roles[0], payload: {}, label };
    const userId = body.userId;
    const member = typeof userId === 'string' && keys.length === 1 ? (await this.store.users.listUsers(actor.countyId, { activeOnly: true })).find((u) => u.id === userId) : undefined;
    if (!member || member.unitId !== assignment.id) throw new EngineError('CLAIM_TARGET_INVALID');
    return { role: actor.roles[0], payload: { userId }, label };
  }

  /**
   * What an event changes in the directory (domain/item-directory.ts), checked before anything is
   * written: the station its flow registers, when the flow's word on it changed (the county's
   * stations are read only then), and the links it adds and removes. A refused station refuses
   * the event (coded 409/422): the statement that would record it is never sent.
   */
  private async directoryChange(countyId: string, itemId: string, before: Record<string, unknown> | undefined, after: Record<string, unknown>, event: NamedEvent): Promise<DirectoryChange> {
    const intent = stationIntentOf(after);
    const stationChanged = intent !== undefined && canonicalJson(intent) !== canonicalJson(stationIntentOf(before));
    const links = linkChanges(before ? itemLinks(before, itemId) : [], itemLinks(after, itemId));
    if (!stationChanged && !links.add.length && !links.remove.length) return NO_DIRECTORY_CHANGE;
    return { ...(stationChanged ? { station: await this.stations.prepare(countyId, itemId, intent, event) } : {}), links };
  }

  /** The user's scope (domain/item-scope.ts); the county's stations are read only for someone with stations. */
  private async scopeOf(actor: User): Promise<StationScope> {
    if (worksForUnit(actor)) return unitScope(actor);
    return isCountyWide(actor) ? { countyWide: true } : stationScope(actor, await this.store.counties.listStations(actor.countyId));
  }

  async getItem(actor: User, itemId: string): Promise<ItemView> {
    const item = await this.itemInScope(actor, itemId);
    const runtime = await this.runtimeOf(item);
    const view = this.view(actor, runtime, item);
    const followUp = view.duty && !view.duty.followUp ? await this.dutyFollowUp(item, runtime, view.duty) : undefined;
    return followUp ? { ...view, related: { ...view.related, started: [...view.related.started, followUp] } } : view;
  }

  /** The follow-up the engine started when the duty period a task was opened for was missed (its duty_periods row names it). */
  private async dutyFollowUp(item: ItemRecord, runtime: RuntimeFlow, duty: DutyContext): Promise<RelatedItem | undefined> {
    const row = await this.store.duties.get({ countyId: item.countyId, packId: item.packId, dutyId: duty.dutyId, subjectKind: duty.subject.kind, subjectId: duty.subject.id, period: duty.period });
    if (!row?.followupItemId || row.itemId !== item.id) return undefined;
    const onMiss = runtime.pack.content.manifest.duties?.find((d) => d.id === duty.dutyId)?.onMiss ?? [];
    const flowId = onMiss[Math.min(row.misses, onMiss.length) - 1];
    const flow = flowId ? this.registry.flow(runtime.pack, flowId) : undefined;
    return { itemId: row.followupItemId, flowTitle: flow?.flow.meta.title ?? runtime.flow.meta.title };
  }

  /**
   * Items by the filter, within the user's scope (domain/item-scope.ts); `due` narrows them to the
   * overdue or due-soon ones as of this service's clock (domain/due-window.ts), as the supervision view counts them.
   */
  async listItems(
    actor: User,
    filter: ItemFilter,
    page: number,
    pageSize: number,
    due?: { window: DueWindow; soonHours: number },
  ): Promise<{ items: ItemSummary[]; total: number; totalIsLowerBound: boolean; page: number; pageSize: number }> {
    const dated = due ? { ...filter, dueAt: dueRange(due.window, this.clock.now(), due.soonHours) } : filter;
    const scoped = withinScope(await this.scopeOf(actor), dated);
    const { items, total, totalIsLowerBound } = await this.store.lists.list(actor.countyId, scoped, { offset: (page - 1) * pageSize, limit: pageSize });
    const runtimes = await Promise.all(items.map((item) => this.runtimeOf(item)));
    return { items: items.map((item, i) => itemSummary(runtimes[i], item, actor)), total, totalIsLowerBound, page, pageSize };
  }

  /**
   * How many items are linked to each station, unit or person of a kind (linkTo, registerStation),
   * among the items the user may read.
   */
  async linkCounts(actor: User, kind: LinkKind, status?: ItemStatus): Promise<{ kind: LinkKind; counts: Array<{ targetId: string; count: number }> }> {
    const counts = await this.store.lists.linkCounts(actor.countyId, kind, withinScope(await this.scopeOf(actor), status ? { status } : {}));
    return { kind, counts };
  }

  /** Every event of an item in order, with who, when, the data after it, and whether the record is intact. */
  async trace(actor: User, itemId: string): Promise<{ item: ItemSummary; events: TraceEvent[]; integrity: ItemIntegrity }> {
    const item = await this.itemInScope(actor, itemId);
    const runtime = await this.runtimeOf(item);
    const [events, users, checkpoint, links] = await Promise.all([
      this.store.items.listEvents(actor.countyId, itemId),
      this.store.users.listUsers(actor.countyId),
      this.store.checkpoints.latestFor(actor.countyId, itemId),
      this.store.items.listLinks(actor.countyId, itemId),
    ]);
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    const labels = new Map<string, TransitionMeta['label']>();
    for (const t of transitionsOf(runtime.flow)) if (t.transition.meta && !labels.has(t.event)) labels.set(t.event, t.transition.meta.label);
    for (const timer of timerEventsOf(runtime.flow).values()) labels.set(timer.type, timer.label);
    return {
      item: itemSummary(runtime, item, actor),
      integrity: checkItem(runtime, item, events, this.keys, this.calendars.of(item.countyId), checkpoint, links),
      events: events.map((e, i) => {
        const context = (e.snapshotAfter as Snapshot).context;
        const link = traceLink(runtime.pack, e, context);
        return {
          seq: e.seq,
          type: e.type,
          label: e.type === CREATE_EVENT ? CREATE_LABEL : link?.relation === 'started' ? startLabel(link.flowTitle) : (labels.get(e.type) ?? (isClaimEvent(e.type) ? CLAIM_LABELS[e.type as keyof typeof CLAIM_LABELS] : { 'zh-CN': e.type, en: e.type })),
          // The engine's own events (a timer's) have no sender: the trace shows them as the system's.
          actor: e.actorId === null ? { id: null, displayName: '' } : { id: e.actorId, displayName: names.get(e.actorId) ?? e.actorId },
          role: e.role,
          // Written only after validatePayload, which answers an object for every event, or by the engine (an object too).
          payload: personalDataFor(runtime, actor, item.createdBy, e.payload as Record<string, unknown>),
          // Written from the machine's snapshots (createItem, sendEvent), so state values or null.
          stateBefore: e.stateBefore as StateValue | null,
          stateAfter: e.stateAfter as StateValue,
          data: personalDataFor(runtime, actor, item.createdBy, context),
          ...traceDirectory(itemId, i === 0 ? undefined : (events[i - 1].snapshotAfter as Snapshot).context, context),
          ...(link ? { link } : {}),
          packVersion: e.packVersion,
          at: e.createdAt.toISOString(),
          prevHash: e.prevHash,
          hash: e.hash,
        };
      }),
    };
  }

  /** The flow an item runs on; a version another engine process published a moment ago is loaded on the miss. */
  private async runtimeOf(item: ItemRecord): Promise<RuntimeFlow> {
    const pack = await this.registry.resolve(item.countyId, item.packId, item.packVersion);
    const runtime = pack && this.registry.flow(pack, item.flowId);
    // Published versions are never removed, so this means the registry was not loaded.
    if (!runtime) throw new Error(`pack ${item.packId}@${item.packVersion} flow ${item.flowId} is not loaded`);
    return runtime;
  }

  /** The item as the actor sees it; `machine` is the snapshot already restored, when the caller has it. */
  private view(actor: User, runtime: RuntimeFlow, item: ItemRecord, snapshot = item.snapshot as Snapshot, machine?: AnyMachineSnapshot): ItemView {
    const restored = machine ?? restoreSnapshot(runtime.machine, snapshot);
    // Assigned work: offered to its assignee. A station's is offered to everyone in scope (whom
    // the item reached); sending checks the station's subtree exactly.
    const assignment = assignmentOf(snapshot.context);
    const assignee = !assignment || mayActOn(assignment, actor, { countyWide: true }) === 'yes';
    const actions: ActionView[] = isOnlyAuditor(actor)
      ? []
      : enabledEvents(restored)
          .filter((e) => actor.roles.some((r) => e.meta.roles.includes(r)) && (e.meta.actor === 'creator' ? item.createdBy === actor.id : assignee))
          .map((e) => ({ type: e.type, label: e.meta.label, form: e.meta.form ? (this.registry.form(runtime.pack, e.meta.form) ?? null) : null }));
    // The assignment is the summary's (with the claim), not a field of the data.
    // So are the station it registers and its links: the directory's, not fields of the form.
    // So is the duty the engine opened it for: shown as the item's duty, not as data.
    // So are the items it was started by and started: its related items.
    const { [ASSIGNMENT_KEY]: _assignment, [STATION_KEY]: _station, [LINKS_KEY]: _links, [DUTY_KEY]: _duty, [STARTS_KEY]: _starts, [PARENT_KEY]: _parent, ...entered } = snapshot.context;
    const claims = isOnlyAuditor(actor) || item.status !== 'active' ? [] : claimOptions(assignment, actor);
    const data = personalDataFor(runtime, actor, item.createdBy, entered);
    const timing = { pausedAt: item.schedule.pausedAt ?? null, extensions: item.schedule.extensions ?? {}, upcoming: upcomingTimers(runtime, item), duty: dutyOf(snapshot.context) ?? null };
    const related = relatedItems(runtime.pack, item, snapshot.context);
    return { ...itemSummary(runtime, item, actor, snapshot), data, deadlines: item.deadlines, ...timing, related, actions, claimOptions: claims };
  }

  /** Answers a retried request with what its first attempt wrote. */
  private async replayed(actor: User, earlier: EventRecord, sameRequest: (item: ItemRecord) => boolean): Promise<EventResult> {
    const item = await this.store.items.getItem(actor.countyId, earlier.itemId);
    if (!item || !sameRequest(item)) throw new EngineError('IDEMPOTENCY_KEY_REUSED');
    const runtime = await this.runtimeOf(item);
    const snapshot = earlier.snapshotAfter as Snapshot;
    const asThen: ItemRecord = { ...item, version: earlier.seq, status: snapshot.status === 'done' ? 'done' : 'active', updatedAt: earlier.createdAt };
    return { item: this.view(actor, runtime, asThen, snapshot), event: eventSummary(earlier), replayed: true };
  }

  private validatePayload(pack: RuntimePack, formId: string | null, payload: Record<string, unknown> | undefined): Record<string, unknown> {
    if (formId === null) {
      if (payload && Object.keys(payload).length) {
        const error = fieldError('', { 'zh-CN': '表单', en: 'Form' }, 'noForm');
        throw payloadInvalid([error]);
      }
      return {};
    }
    const result = this.registry.forms.validate(this.registry.formKey(pack, formId), payload ?? {});
    if (!result.valid) throw payloadInvalid(result.errors);
    return result.value as Record<string, unknown>;
  }

  /** Refuses a payload that names attachments, stations or people missing from the county (nothing is written). */
  private async checkReferences(actor: User, pack: RuntimePack, formId: string | null, payload: Record<string, unknown>): Promise<void> {
    const form = formId === null ? undefined : this.registry.form(pack, formId);
    if (!form) return;
    const errors = await checkReferences(this.store, actor.countyId, form, payload);
    if (errors.length) throw payloadInvalid(errors);
  }

  private notAllowed(runtime: RuntimeFlow, snapshot: AnyMachineSnapshot, type: string, enabled: ReturnType<typeof enabledEvents>): EngineError {
    const state = stateView(runtime, snapshot.value);
    return new EngineError(
      'EVENT_NOT_ALLOWED',
      {
        event: type,
        stateLabels: state.labels,
        allowed: enabled.map((e) => e.type),
      },
      { state: state.paths, allowed: enabled.map((e) => ({ type: e.type, label: e.meta.label, roles: e.meta.roles })) },
    );
  }
}

/** What link_counts counts of an item in this state: its links (the snapshot's), station and status. */
function countedLinks(item: Pick<ItemRecord, 'countyId' | 'id' | 'stationId' | 'status'>, snapshot: Snapshot): CountedLinks {
  return { countyId: item.countyId, stationId: item.stationId, status: item.status, links: itemLinks(snapshot.context, item.id) };
}

/** The units an event makes the item one of (unit_items): the sender's, and the unit it is now assigned to. */
function unitsReached(senderUnit: string | null, after: Snapshot): string[] {
  const assignment = assignmentOf(after.context);
  return [...(senderUnit ? [senderUnit] : []), ...(assignment?.kind === 'unit' ? [assignment.id] : [])];
}

/** How an item is started: by whom, with what, where; what the engine adds to its data (recorded in the origin). */
interface BeginOptions {
  countyId: string;
  itemId: string;
  actor: { id: string | null; role: string };
  payload: Record<string, unknown>;
  stationId: string | null;
  idempotencyKey: string | null;
  draft: DraftRef | null;
  unitId: string | null;
  context?: Record<string, unknown>;
}

/** How an event is recorded besides its transition: the sender's draft it removes, its key, the unit it reaches, the notice it sends. */
interface RecordOptions {
  label: TransitionMeta['label'] | undefined;
  idempotencyKey: string | null;
  draft: DraftRef | null;
  unitId: string | null;
  notice?: OutboxMessage;
}

/** The item's armed timers after an event, when they differ from before it (undefined: the timers table is left as it is). */
function timersChange(runtime: RuntimeFlow, before: DerivedFields | undefined, after: DerivedFields): Record<string, string> | undefined {
  const armed = armedTimers(runtime.flow, after.schedule, after.statePaths);
  const was = before ? armedTimers(runtime.flow, before.schedule, before.statePaths) : {};
  return canonicalJson(armed) === canonicalJson(was) ? undefined : armed;
}

/** A list's filter narrowed to what the user may read: their stations' subtree and items at no station, or their unit's items. */
function withinScope(scope: StationScope, filter: ItemFilter): ItemFilter {
  if (scope.countyWide) return filter;
  return scope.unit ? { ...filter, forUnit: scope.unit.unitId } : { ...filter, atStations: scope.stationIds };
}

/** The engine's own events' names, for refusals and the trace. */
export const CLAIM_LABELS = {
  [CLAIM_EVENT]: { 'zh-CN': '认领', en: 'Claim' },
  [RELEASE_EVENT]: { 'zh-CN': '释放', en: 'Release' },
} as const;

const isClaimEvent = (type: string) => type === CLAIM_EVENT || type === RELEASE_EVENT;

const REGISTERED = { 'zh-CN': '登记站点', en: 'Station registered' };
const UPDATED = { 'zh-CN': '更新站点', en: 'Station updated' };

/**
 * What an event of the trace changed in the directory, read from the snapshots before and after
 * it, as the item service wrote it then: nothing when it changed nothing.
 */
function traceDirectory(itemId: string, before: Record<string, unknown> | undefined, after: Record<string, unknown>): { directory?: TraceDirectory } {
  const intent = stationIntentOf(after);
  const previous = stationIntentOf(before);
  const station = intent && canonicalJson(intent) !== canonicalJson(previous)
    ? { id: registeredStationId(itemId), name: intent.name, registered: !previous, label: previous ? UPDATED : REGISTERED }
    : undefined;
  const { add, remove } = linkChanges(itemLinks(before, itemId), itemLinks(after, itemId));
  if (!station && !add.length && !remove.length) return {};
  return { directory: { ...(station ? { station } : {}), linked: add, unlinked: remove } };
}

function eventSummary(event: EventRecord) {
  return { seq: event.seq, type: event.type, role: event.role, at: event.createdAt.toISOString() };
}
