import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import { antdLocales } from './antd-locales.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { lazy, Suspense, type ReactNode } from 'react';
import { AuthProvider, isAuditorOnly, useAuth } from './auth.js';
import { AppLayout } from './AppLayout.js';
import { LocaleProvider, useLocale } from './locale.js';
import { LoginPage } from '../pages/LoginPage.js';
import { InboxPage } from '../pages/InboxPage.js';
import { NewItemPage } from '../pages/NewItemPage.js';
import { StartFlowPage } from '../pages/StartFlowPage.js';
import { AuditSearchPage } from '../pages/AuditSearchPage.js';
import { CheckpointsPage } from '../pages/CheckpointsPage.js';
import { DutiesPage } from '../pages/DutiesPage.js';
import { StationsPage } from '../pages/StationsPage.js';
import { SupervisionPage } from '../pages/SupervisionPage.js';
import { PublicBoardPage } from '../pages/PublicBoardPage.js';
import { PacksPage } from '../pages/PacksPage.js';
import { ChangePasswordPage } from '../pages/ChangePasswordPage.js';
import { OperatorLoginPage } from '../pages/OperatorLoginPage.js';
import { OperatorLayout } from './OperatorLayout.js';
import { OperatorProvider } from './operator.js';

// The pages with the flow diagram (ELK is large) load when first opened.
const ItemPage = lazy(() => import('../pages/ItemPage.js').then((m) => ({ default: m.ItemPage })));
const TracePage = lazy(() => import('../pages/TracePage.js').then((m) => ({ default: m.TracePage })));
// The administrator's console: only administrators load it.
const PeoplePage = lazy(() => import('../pages/PeoplePage.js').then((m) => ({ default: m.PeoplePage })));
const UnitsPage = lazy(() => import('../pages/UnitsPage.js').then((m) => ({ default: m.UnitsPage })));
const StationRegistryPage = lazy(() => import('../pages/StationRegistryPage.js').then((m) => ({ default: m.StationRegistryPage })));
// The platform operator's 区县管理: only operators load it.
const CountiesPage = lazy(() => import('../pages/CountiesPage.js').then((m) => ({ default: m.CountiesPage })));
const HouseholdsPage = lazy(() => import('../pages/HouseholdsPage.js').then((m) => ({ default: m.HouseholdsPage })));
const RelationsPage = lazy(() => import('../pages/RelationsPage.js').then((m) => ({ default: m.RelationsPage })));
const CalendarPage = lazy(() => import('../pages/CalendarPage.js').then((m) => ({ default: m.CalendarPage })));
const DirectoryImportPage = lazy(() => import('../pages/DirectoryImportPage.js').then((m) => ({ default: m.DirectoryImportPage })));

/**
 * Pages behind the login: a visitor without a session is sent to /login and back afterwards; a
 * person with a first or reset password sees only the password change, then the page they opened.
 */
function RequireLogin({ children }: { children: ReactNode }) {
  const { me, operatorSession } = useAuth();
  const location = useLocation();
  const { t } = useLocale();
  if (me === undefined) return <Spin size="large" description={t('app.loading')} style={{ marginTop: 120, width: '100%' }}><div /></Spin>;
  // A platform operator has no county pages: theirs are under /operator.
  if (operatorSession) return <Navigate to="/operator" replace />;
  if (me === null) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (me.mustChangePassword) return <ChangePasswordPage />;
  return <>{children}</>;
}

/** A page for one role only: anyone else is told their roles cannot use it. */
function RequireRole({ role, children }: { role: string; children: ReactNode }) {
  const { me } = useAuth();
  const { t } = useLocale();
  if (!me?.roles.includes(role)) return <Result status="403" title={t('app.noAccess')} data-testid="no-access" />;
  return <Suspense fallback={<Spin size="large" />}>{children}</Suspense>;
}

function Home() {
  const { me } = useAuth();
  return <Navigate to={me && isAuditorOnly(me) ? '/audit' : '/inbox'} replace />;
}

/** The operator's pages, with the operator's session; a change of session there is told to the county's side too. */
function OperatorPages() {
  const { reload } = useAuth();
  return (
    <OperatorProvider onSessionChange={() => void reload()}>
      <Routes>
        <Route path="login" element={<OperatorLoginPage />} />
        <Route element={<OperatorLayout />}>
          <Route index element={<Suspense fallback={<Spin size="large" />}><CountiesPage /></Suspense>} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </OperatorProvider>
  );
}

function NotFound() {
  const { t } = useLocale();
  return <Result status="404" title="404" subTitle={t('app.notFound')} />;
}

function Themed({ children }: { children: ReactNode }) {
  const { locale } = useLocale();
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={antdLocales[locale]} theme={{ token: { borderRadius: 4 } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <LocaleProvider>
      <Themed>
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/board/:countyId/:stationId" element={<PublicBoardPage />} />
              <Route path="/operator/*" element={<OperatorPages />} />
              <Route
                element={
                  <RequireLogin>
                    <AppLayout />
                  </RequireLogin>
                }
              >
                <Route index element={<Home />} />
                <Route path="/inbox" element={<InboxPage />} />
                <Route path="/new" element={<NewItemPage />} />
                <Route path="/new/:packId/:flowId" element={<StartFlowPage />} />
                <Route path="/items/:itemId" element={<Suspense fallback={<Spin size="large" />}><ItemPage /></Suspense>} />
                <Route path="/audit" element={<AuditSearchPage />} />
                <Route path="/audit/checkpoints" element={<CheckpointsPage />} />
                <Route path="/audit/items/:itemId" element={<Suspense fallback={<Spin size="large" />}><TracePage /></Suspense>} />
                <Route path="/stations" element={<StationsPage />} />
                <Route path="/duties" element={<DutiesPage />} />
                <Route path="/supervision" element={<SupervisionPage />} />
                <Route path="/packs" element={<PacksPage />} />
                <Route path="/admin/people" element={<RequireRole role="admin"><PeoplePage /></RequireRole>} />
                <Route path="/admin/units" element={<RequireRole role="admin"><UnitsPage /></RequireRole>} />
                <Route path="/admin/stations" element={<RequireRole role="admin"><StationRegistryPage /></RequireRole>} />
                <Route path="/admin/households" element={<RequireRole role="admin"><HouseholdsPage /></RequireRole>} />
                <Route path="/admin/relations" element={<RequireRole role="admin"><RelationsPage /></RequireRole>} />
                <Route path="/admin/directory" element={<RequireRole role="admin"><DirectoryImportPage /></RequireRole>} />
                <Route path="/admin/calendar" element={<RequireRole role="admin"><CalendarPage /></RequireRole>} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </Themed>
    </LocaleProvider>
  );
}
