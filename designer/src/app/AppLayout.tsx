import { Button, Drawer, Dropdown, Grid, Layout, Menu, Modal, Space, Tag, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  ApartmentOutlined,
  AppstoreOutlined,
  AlertOutlined,
  AuditOutlined,
  BankOutlined,
  CalendarOutlined,
  FileExcelOutlined,
  HomeOutlined,
  InboxOutlined,
  KeyOutlined,
  LinkOutlined,
  LogoutOutlined,
  MenuOutlined,
  PlusCircleOutlined,
  QrcodeOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  TranslationOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { isAuditorOnly, useAuth } from './auth.js';
import { DirectoryProvider, useDirectory } from './directory.js';
import { useLocale } from './locale.js';
import type { MessageKey } from './messages.js';
import { ChangePasswordForm } from '../components/ChangePasswordForm.js';
import { NotificationBell } from '../components/NotificationBell.js';

/** The frame of every logged-in page, with the county's directory (people, stations, role names) loaded once. */
export function AppLayout() {
  return (
    <DirectoryProvider>
      <Frame />
    </DirectoryProvider>
  );
}

type MenuItemGroup = Extract<NonNullable<MenuProps['items']>[number], { type: 'group' }>;

/** A page on the left menu (a type, not an interface: the menu's item type wants an index signature). */
type Page = { key: string; icon: ReactNode; label: string };

/**
 * County and user in the header, pages by role on the left. On a phone the pages open from a
 * button in the header and the user's things fold into one menu, so nothing overlaps the page.
 */
function Frame() {
  const { me, logout } = useAuth();
  const { t, pick, locale, setLocale } = useLocale();
  const navigate = useNavigate();
  const location = useLocation();
  const directory = useDirectory();
  const narrow = !Grid.useBreakpoint().md;
  const [navigating, setNavigating] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  if (!me) return null;
  const auditor = isAuditorOnly(me);
  const pages: Page[] = [
    ...(auditor
      ? []
      : [
          { key: '/inbox', icon: <InboxOutlined />, label: t('menu.inbox') },
          { key: '/new', icon: <PlusCircleOutlined />, label: t('menu.new') },
        ]),
    { key: '/audit', icon: auditor ? <AuditOutlined /> : <UnorderedListOutlined />, label: t(auditor ? 'menu.audit' : 'menu.items') },
    // Who follows up deadlines county-wide or at their stations: the office, its staff and the auditors (a unit's people see their own in the inbox).
    ...(me.roles.some((r) => r === 'staff' || r === 'admin' || r === 'auditor') ? [{ key: '/supervision', icon: <AlertOutlined />, label: t('menu.supervision') }] : []),
    { key: '/stations', icon: <QrcodeOutlined />, label: t('menu.stations') },
    { key: '/duties', icon: <CalendarOutlined />, label: t('menu.duties') },
    ...(me.roles.some((r) => r === 'auditor' || r === 'admin') ? [{ key: '/audit/checkpoints', icon: <SafetyCertificateOutlined />, label: t('menu.checkpoints') }] : []),
  ];
  const adminPages: Page[] = me.roles.includes('admin')
    ? [
        { key: '/admin/people', icon: <TeamOutlined />, label: t('menu.people') },
        { key: '/admin/units', icon: <BankOutlined />, label: t('menu.units') },
        { key: '/admin/stations', icon: <ApartmentOutlined />, label: t('menu.registry') },
        { key: '/admin/households', icon: <HomeOutlined />, label: t('menu.households') },
        { key: '/admin/relations', icon: <LinkOutlined />, label: t('menu.relations') },
        { key: '/admin/calendar', icon: <CalendarOutlined />, label: t('menu.calendar') },
        { key: '/admin/directory', icon: <FileExcelOutlined />, label: t('menu.directoryImport') },
        { key: '/packs', icon: <AppstoreOutlined />, label: t('menu.packs') },
      ]
    : [];
  const group: MenuItemGroup = { type: 'group', key: 'admin', label: t('menu.admin'), children: adminPages };
  const items: MenuProps['items'] = [...pages, ...(adminPages.length ? [group] : [])];
  // The longest key the path starts with: /audit/checkpoints is not the audit search.
  const selected = [...pages, ...adminPages].filter((i) => location.pathname.startsWith(i.key)).sort((a, b) => b.key.length - a.key.length)[0]?.key ?? '';
  const roleName = (role: string) => pick(directory.roleName(role)) || (['admin', 'staff', 'deputy', 'auditor'].includes(role) ? t(`role.${role}` as MessageKey) : role);
  const switchLanguage = () => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN');
  const leave = () => logout().then(() => navigate('/login'));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: narrow ? 8 : 16, background: '#a8071a', paddingInline: narrow ? 12 : 24 }}>
        {narrow && <Button type="text" icon={<MenuOutlined style={{ color: '#fff' }} />} onClick={() => setNavigating(true)} aria-label={t('app.menu')} data-testid="nav-menu" />}
        <Typography.Title level={narrow ? 5 : 4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0 }}>
          {t('app.title')}
        </Typography.Title>
        <Tag color="gold" data-testid="county" style={{ marginInlineEnd: 0 }}>
          {pick(me.county)}
        </Tag>
        <div style={{ flex: 1 }} />
        <NotificationBell narrow={narrow} />
        {narrow ? (
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'who', disabled: true, label: me.roles.map(roleName).join('、') },
                { type: 'divider' },
                { key: 'password', icon: <KeyOutlined />, label: t('account.changePassword') },
                { key: 'language', icon: <TranslationOutlined />, label: <span data-testid="language">{t('app.language')}</span> },
                { key: 'logout', icon: <LogoutOutlined />, label: t('app.logout') },
              ],
              onClick: ({ key }) => (key === 'password' ? setChangingPassword(true) : key === 'language' ? switchLanguage() : key === 'logout' ? void leave() : undefined),
            }}
          >
            <Button type="text" icon={<UserOutlined />} aria-label={t('account.menu')} data-testid="account-menu" style={{ color: '#fff', paddingInline: 4, minWidth: 0, flexShrink: 0 }}>
              <span data-testid="user" style={{ maxWidth: 96, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                {me.displayName}
              </span>
            </Button>
          </Dropdown>
        ) : (
          <Space className="no-print">
            <span style={{ color: '#fff' }} data-testid="user">
              {me.displayName}
            </span>
            {me.roles.map((r) => (
              <Tag key={r}>{roleName(r)}</Tag>
            ))}
            <Button size="small" icon={<KeyOutlined />} onClick={() => setChangingPassword(true)} data-testid="change-password">
              {t('account.changePassword')}
            </Button>
            <Button size="small" onClick={switchLanguage} data-testid="language">
              {t('app.language')}
            </Button>
            <Button size="small" icon={<LogoutOutlined />} onClick={() => void leave()}>
              {t('app.logout')}
            </Button>
          </Space>
        )}
      </Layout.Header>
      <Layout>
        {!narrow && (
          <Layout.Sider width={180} theme="light">
            <Menu mode="inline" selectedKeys={[selected]} items={items} onClick={({ key }) => navigate(key)} style={{ height: '100%' }} />
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: narrow ? 8 : 24, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
      {narrow && (
        <Drawer open={navigating} placement="left" size={240} title={t('app.title')} onClose={() => setNavigating(false)} styles={{ body: { padding: 0 } }}>
          <Menu
            mode="inline"
            selectedKeys={[selected]}
            items={items}
            onClick={({ key }) => {
              navigate(key);
              setNavigating(false);
            }}
            style={{ borderInlineEnd: 0 }}
          />
        </Drawer>
      )}
      <Modal open={changingPassword} title={t('account.changePassword')} footer={null} onCancel={() => setChangingPassword(false)} destroyOnHidden width={narrow ? '100%' : 440}>
        <ChangePasswordForm onDone={() => setChangingPassword(false)} extra={<Button onClick={() => setChangingPassword(false)}>{t('app.cancel')}</Button>} />
      </Modal>
    </Layout>
  );
}
