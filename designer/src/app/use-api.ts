import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api/client.js';

/** Loads a URL from the engine; reload() fetches it again. A null URL loads nothing. */
export function useApi<T>(url: string | null) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(url !== null);
  const latest = useRef(url);
  latest.current = url;

  const load = useCallback(async () => {
    if (url === null) return;
    setLoading(true);
    setError(undefined);
    try {
      const result = await api.get<T>(url);
      if (latest.current === url) setData(result);
    } catch (e) {
      if (latest.current === url) setError(e as ApiError);
    } finally {
      if (latest.current === url) setLoading(false);
    }
  }, [url]);

  useEffect(() => {
    void load();
  }, [load]);
  return { data, error, loading, reload: load };
}
