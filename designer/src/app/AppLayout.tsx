import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { AppstoreOutlined, AuditOutlined, InboxOutlined, LogoutOutlined, PlusCircleOutlined, QrcodeOutlined, SafetyCertificateOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { isAuditorOnly, useAuth } from './auth.js';
import { DirectoryProvider, useDirectory } from './directory.js';
import { useLocale } from './locale.js';
import type { MessageKey } from './messages.js';

/** The frame of every logged-in page, with the county's directory (people, stations, role names) loaded once. */
export function AppLayout() {
  return (
    <DirectoryProvider>
      <Frame />
    </DirectoryProvider>
  );
}

/** County and user in the header, pages by role on the left. */
function Frame() {
  const { me, logout } = useAuth();
  const { t, pick, locale, setLocale } = useLocale();
  const navigate = useNavigate();
  const location = useLocation();
  if (!me) return null;
  const auditor = isAuditorOnly(me);
  const items = [
    ...(auditor
      ? []
      : [
          { key: '/inbox', icon: <InboxOutlined />, label: t('menu.inbox') },
          { key: '/new', icon: <PlusCircleOutlined />, label: t('menu.new') },
        ]),
    { key: '/audit', icon: auditor ? <AuditOutlined /> : <UnorderedListOutlined />, label: t(auditor ? 'menu.audit' : 'menu.items') },
    { key: '/stations', icon: <QrcodeOutlined />, label: t('menu.stations') },
    ...(me.roles.some((r) => r === 'auditor' || r === 'admin') ? [{ key: '/audit/checkpoints', icon: <SafetyCertificateOutlined />, label: t('menu.checkpoints') }] : []),
    ...(me.roles.includes('admin') ? [{ key: '/packs', icon: <AppstoreOutlined />, label: t('menu.packs') }] : []),
  ];
  // The longest key the path starts with: /audit/checkpoints is not the audit search.
  const selected = items.filter((i) => location.pathname.startsWith(i.key)).sort((a, b) => b.key.length - a.key.length)[0]?.key ?? '';
  const directory = useDirectory();
  const roleName = (role: string) => pick(directory.roleName(role)) || (['admin', 'staff', 'deputy', 'auditor'].includes(role) ? t(`role.${role}` as MessageKey) : role);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#a8071a', paddingInline: 24 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          {t('app.title')}
        </Typography.Title>
        <Tag color="gold" data-testid="county">
          {pick(me.county)}
        </Tag>
        <div style={{ flex: 1 }} />
        <Space className="no-print">
          <span style={{ color: '#fff' }} data-testid="user">
            {me.displayName}
          </span>
          {me.roles.map((r) => (
            <Tag key={r}>{roleName(r)}</Tag>
          ))}
          <Button size="small" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')} data-testid="language">
            {t('app.language')}
          </Button>
          <Button size="small" icon={<LogoutOutlined />} onClick={() => logout().then(() => navigate('/login'))}>
            {t('app.logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={180} theme="light" breakpoint="md" collapsedWidth={0}>
          <Menu mode="inline" selectedKeys={[selected]} items={items} onClick={({ key }) => navigate(key)} style={{ height: '100%' }} />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
