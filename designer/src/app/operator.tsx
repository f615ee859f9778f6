import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from '../api/client.js';
import type { OperatorMe } from '../api/types.js';

interface OperatorContextValue {
  /** undefined while the session is being checked, null when no operator is logged in. */
  operator: OperatorMe | null | undefined;
  login(username: string, password: string): Promise<OperatorMe>;
  logout(): Promise<void>;
}

const OperatorContext = createContext<OperatorContextValue | null>(null);

/**
 * The platform operator's session (/api/operator/me), for the operator's pages only. It lives in
 * the same cookie as a county's session, so logging in here ends a county session in this
 * browser and the other way round; the county's AuthProvider is told to look again.
 */
export function OperatorProvider({ children, onSessionChange }: { children: ReactNode; onSessionChange(): void }) {
  const [operator, setOperator] = useState<OperatorMe | null | undefined>(undefined);
  useEffect(() => {
    api.get<OperatorMe>('/api/operator/me').then(setOperator, () => setOperator(null));
  }, []);
  const login = useCallback(
    async (username: string, password: string) => {
      const me = await api.post<OperatorMe>('/api/operator/login', { username, password });
      setOperator(me);
      onSessionChange();
      return me;
    },
    [onSessionChange],
  );
  const logout = useCallback(async () => {
    await api.post('/api/auth/logout');
    setOperator(null);
    onSessionChange();
  }, [onSessionChange]);
  return <OperatorContext.Provider value={{ operator, login, logout }}>{children}</OperatorContext.Provider>;
}

export function useOperator(): OperatorContextValue {
  const value = useContext(OperatorContext);
  if (!value) throw new Error('useOperator outside OperatorProvider');
  return value;
}
