import { App, Grid } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { api, type ApiError } from '../api/client.js';
import { refusalText } from '../components/refusal.js';
import { useLocale } from './locale.js';
import type { FormDefinition, Locale, LocalizedText, ManagedPerson, PackSummary, PackVersion, StationType } from '../api/types.js';
import type { MessageKey } from './messages.js';

/** Deputy levels in the order of the hierarchy, each with its words (全国、省、市、县、乡镇). */
export const DEPUTY_LEVELS: Record<NonNullable<ManagedPerson['deputyLevel']>, MessageKey> = {
  national: 'level.national',
  provincial: 'level.provincial',
  city: 'level.city',
  county: 'level.county',
  township: 'level.township',
};

/** A phone-sized screen: drawers and modals take the whole width, toolbars wrap. */
export function useNarrow(): boolean {
  return !Grid.useBreakpoint().md;
}

/** Something a pack declares with an attribute form (a station type, a relation kind), with where that form lives. */
interface Declared<T> {
  packId: string;
  version: string;
  form?: FormDefinition;
  declared: T;
}

/**
 * What the county's packs declare (their newest versions), by id, each with its attribute form.
 * As the engine checks an entry, what two packs declare is the first pack's.
 */
function useDeclared<T extends { id: string; form?: string }>(of: (pack: PackVersion) => readonly T[]): { found: Map<string, Declared<T>> | undefined; error: Error | undefined } {
  const [found, setFound] = useState<Map<string, Declared<T>>>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    let live = true;
    (async () => {
      const packs = await api.get<PackSummary[]>('/api/packs');
      const contents = await Promise.all(packs.map((p) => api.get<PackVersion>(`/api/packs/${encodeURIComponent(p.packId)}/versions/latest`)));
      const byId = new Map<string, Declared<T>>();
      for (const pack of contents)
        for (const declared of of(pack))
          if (!byId.has(declared.id)) byId.set(declared.id, { declared, packId: pack.packId, version: pack.version, form: declared.form ? pack.content.forms[declared.form] : undefined });
      if (live) setFound(byId);
    })().catch((e: Error) => live && setError(e));
    return () => {
      live = false;
    };
    // `of` picks a part of a pack; the packs are read once per page.
  }, []);
  return { found, error };
}

/** A station type of the county's packs, with where its attribute form lives. */
export type DeclaredStationType = Omit<Declared<StationType>, 'declared'> & { type: StationType };

/** The station types the county's packs declare, by id. */
export function useStationTypes(): { types: Map<string, DeclaredStationType> | undefined; error: Error | undefined } {
  const { found, error } = useDeclared((pack) => Object.values(pack.content.stationTypes));
  const types = useMemo(() => found && new Map([...found].map(([id, { declared, ...rest }]) => [id, { ...rest, type: declared }])), [found]);
  return { types, error };
}

/** A relation kind as a pack declares it: its name, end types and labels, its attribute form, its limits. */
export type RelationKind = NonNullable<PackVersion['content']['manifest']['relationKinds']>[number];

/** A relation kind of the county's packs, with where its attribute form lives. */
export type DeclaredRelationKind = Omit<Declared<RelationKind>, 'declared'> & { kind: RelationKind };

/** The relation kinds the county's packs declare, by id. */
export function useRelationKinds(): { kinds: Map<string, DeclaredRelationKind> | undefined; error: Error | undefined } {
  const { found, error } = useDeclared((pack) => pack.content.manifest.relationKinds ?? []);
  const kinds = useMemo(() => found && new Map([...found].map(([id, { declared, ...rest }]) => [id, { ...rest, kind: declared }])), [found]);
  return { kinds, error };
}

/** How a calendar date is written: 2026年03月01日 in Chinese, as the forms' date fields show it. */
export function dateFormat(locale: Locale): string {
  return locale === 'en' ? 'YYYY-MM-DD' : 'YYYY年MM月DD日';
}

/** A stored calendar date (2026-03-01) as a person reads it; no time zone moves it a day. */
export function formatDay(day: string | null | undefined, locale: Locale): string {
  return day ? dayjs(day).format(dateFormat(locale)) : '';
}

/** Today in the browser's calendar, as stations store dates (2026-03-01). */
export function today(): string {
  return dayjs().format('YYYY-MM-DD');
}

/** Stations under each parent (null: the top); a station whose parent is missing stands at the top. */
export function stationsByParent<S extends { id: string; parentId: string | null }>(stations: S[]): Map<string | null, S[]> {
  const ids = new Set(stations.map((s) => s.id));
  const byParent = new Map<string | null, S[]>();
  for (const station of stations) {
    const parent = station.parentId && ids.has(station.parentId) ? station.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), station]);
  }
  return byParent;
}

/** A station and everything under it, by id (a station cannot move under any of them). */
export function stationAndBelow<S extends { id: string; parentId: string | null }>(stations: S[], id: string): Set<string> {
  const byParent = stationsByParent(stations);
  const found = new Set<string>([id]);
  const visit = (at: string) => {
    for (const child of byParent.get(at) ?? []) {
      if (found.has(child.id)) continue;
      found.add(child.id);
      visit(child.id);
    }
  };
  visit(id);
  return found;
}

const BUILT_IN_ROLES = ['admin', 'staff', 'deputy', 'auditor'] as const;

/** A role's name in the user's language: from the county's packs, else the built-in roles' words. */
export function roleLabel(role: string, fromPacks: LocalizedText | undefined, pick: (text: LocalizedText | undefined) => string, t: (key: MessageKey) => string): string {
  return pick(fromPacks) || ((BUILT_IN_ROLES as readonly string[]).includes(role) ? t(`role.${role}` as MessageKey) : role);
}

/** Every role a person may be given: the built-in ones, then those the county's packs add. */
export function assignableRoles(fromPacks: Array<{ id: string }>): string[] {
  return [...new Set([...BUILT_IN_ROLES, ...fromPacks.map((r) => r.id)])];
}

/**
 * Sends one change of a directory entry (disable a person, close a household…), says it is done
 * in the user's words or why it was refused, and reloads what shows it.
 */
export function useEntryChange(): (url: string, changes: Record<string, unknown>, done: string, changed: () => void) => Promise<void> {
  const { message } = App.useApp();
  const { pick } = useLocale();
  return async (url, changes, done, changed) => {
    try {
      await api.patch(url, changes);
      message.success(done);
      changed();
    } catch (e) {
      message.error(refusalText(e as ApiError, pick, {}));
    }
  };
}
