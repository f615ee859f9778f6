import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import type { LocalizedText, PackSummary, Person, Station, Unit } from '../api/types.js';
import { useApi } from './use-api.js';

interface Directory {
  users: Person[];
  stations: Station[];
  /** Every role people of the county may hold: the built-in ones and those the county's packs add, each once, with its name. */
  roles: Array<{ id: string; name: LocalizedText }>;
  /** Names of the built-in roles and of the roles the county's packs add (承办单位, 村两委). */
  roleName(role: string): LocalizedText | undefined;
  personName(id: string | null | undefined): string;
  stationName(id: string | null | undefined): string;
  unitName(id: string | null | undefined): string;
  /** The unit, person or station an item's work is assigned to, by name. */
  assigneeName(assignee: { kind: 'unit' | 'person' | 'station'; id: string }): string;
  /** Loads people, stations and roles again (after the administrator changed them). */
  reload(): void;
}

const EMPTY: Directory = {
  users: [],
  stations: [],
  roles: [],
  roleName: () => undefined,
  personName: (id) => id ?? '',
  stationName: (id) => id ?? '',
  unitName: (id) => id ?? '',
  assigneeName: (a) => a.id,
  reload: () => {},
};
const DirectoryContext = createContext<Directory>(EMPTY);

/** Loads the county's people and stations once per session page, for every page inside. */
export function DirectoryProvider({ children }: { children: ReactNode }) {
  const users = useApi<Person[]>('/api/users');
  const stations = useApi<Station[]>('/api/stations');
  const packs = useApi<PackSummary[]>('/api/packs');
  const units = useApi<Unit[]>('/api/units');
  const { reload: reloadUsers } = users;
  const { reload: reloadStations } = stations;
  const { reload: reloadPacks } = packs;
  const { reload: reloadUnits } = units;
  const reload = useCallback(() => {
    void reloadUsers();
    void reloadStations();
    void reloadPacks();
    void reloadUnits();
  }, [reloadUsers, reloadStations, reloadPacks, reloadUnits]);
  const value = useMemo<Directory>(() => {
    const roles = new Map((packs.data ?? []).flatMap((p) => p.roles.map((r) => [r.id, r.name] as const)));
    const people = new Map((users.data ?? []).map((u) => [u.id, u]));
    const places = new Map((stations.data ?? []).map((s) => [s.id, s]));
    const unitNames = new Map((units.data ?? []).map((u) => [u.id, u.name]));
    return {
      users: users.data ?? [],
      stations: stations.data ?? [],
      roles: [...roles].map(([id, name]) => ({ id, name })),
      roleName: (role) => roles.get(role),
      personName: (id) => (id ? (people.get(id)?.displayName ?? id) : ''),
      stationName: (id) => (id ? (places.get(id)?.name ?? id) : ''),
      unitName: (id) => (id ? (unitNames.get(id) ?? id) : ''),
      assigneeName: (a) => (a.kind === 'unit' ? unitNames.get(a.id) : a.kind === 'station' ? places.get(a.id)?.name : people.get(a.id)?.displayName) ?? a.id,
      reload,
    };
  }, [users.data, stations.data, packs.data, units.data, reload]);
  return <DirectoryContext.Provider value={value}>{children}</DirectoryContext.Provider>;
}

/** Names of the county's people and stations, to show instead of ids (ids outside a logged-in page). */
export function useDirectory(): Directory {
  return useContext(DirectoryContext);
}
