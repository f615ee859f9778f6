import { useMemo } from 'react';
import type { Person, Station } from '../api/types.js';
import { useApi } from './use-api.js';

/** Names of the county's people and stations, to show instead of ids. */
export function useDirectory() {
  const users = useApi<Person[]>('/api/users');
  const stations = useApi<Station[]>('/api/stations');
  return useMemo(() => {
    const people = new Map((users.data ?? []).map((u) => [u.id, u]));
    const places = new Map((stations.data ?? []).map((s) => [s.id, s]));
    return {
      users: users.data ?? [],
      stations: stations.data ?? [],
      personName: (id: string | null | undefined) => (id ? (people.get(id)?.displayName ?? id) : ''),
      stationName: (id: string | null | undefined) => (id ? (places.get(id)?.name ?? id) : ''),
    };
  }, [users.data, stations.data]);
}
