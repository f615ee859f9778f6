import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError } from '../api/client.js';
import type { Me } from '../api/types.js';

interface AuthContextValue {
  /** undefined while the session is being checked, null when logged out. */
  me: Me | null | undefined;
  /** The session is a platform operator's (no county): their pages are under /operator. */
  operatorSession: boolean;
  login(county: string, username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  /** Asks the engine again who is logged in (after a password change, mustChangePassword turns false). */
  reload(): Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** The logged-in user, from the session cookie (checked once at load). */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [operatorSession, setOperatorSession] = useState(false);
  const reload = useCallback(
    () =>
      api
        .get<Me>('/api/auth/me')
        .then((user) => {
          setOperatorSession(false);
          setMe(user);
        })
        .catch((error) => {
          // An operator's session is no county's: the engine says so, and the operator's pages take over.
          setOperatorSession(error instanceof ApiError && error.code === 'OPERATOR_NOT_COUNTY_USER');
          setMe(null);
        }),
    [],
  );
  useEffect(() => {
    void reload();
  }, [reload]);
  const login = useCallback(async (county: string, username: string, password: string) => {
    const user = await api.post<Me>('/api/auth/login', { county, username, password });
    setOperatorSession(false);
    setMe(user);
    return user;
  }, []);
  const logout = useCallback(async () => {
    await api.post('/api/auth/logout');
    setOperatorSession(false);
    setMe(null);
  }, []);
  return <AuthContext.Provider value={{ me, operatorSession, login, logout, reload }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** Roles whose users act on items (everyone but a pure auditor). */
export function isAuditorOnly(me: Me): boolean {
  return me.roles.length > 0 && me.roles.every((r) => r === 'auditor');
}
