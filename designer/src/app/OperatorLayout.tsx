import { Button, Dropdown, Layout, Space, Spin, Tag, Typography } from 'antd';
import { LogoutOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, Outlet, useNavigate } from 'react-router';
import { useNarrow } from './directory-admin.js';
import { useLocale } from './locale.js';
import { useOperator } from './operator.js';

/**
 * The frame of the platform operator's pages: the title, 平台运维 where a county user sees their
 * county, the operator's name, language and logout. One page (区县管理), so no menu. Without an
 * operator's session, the operator's login page.
 */
export function OperatorLayout() {
  const { operator, logout } = useOperator();
  const { t, locale, setLocale } = useLocale();
  const navigate = useNavigate();
  const narrow = useNarrow();
  if (operator === undefined) return <Spin size="large" description={t('app.loading')} style={{ marginTop: 120, width: '100%' }}><div /></Spin>;
  if (operator === null) return <Navigate to="/operator/login" replace />;
  const switchLanguage = () => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN');
  const leave = () => logout().then(() => navigate('/operator/login'));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: narrow ? 8 : 16, background: '#262626', paddingInline: narrow ? 12 : 24 }}>
        <Typography.Title level={narrow ? 5 : 4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0 }}>
          {t('app.title')}
        </Typography.Title>
        <Tag color="gold" data-testid="operator-tag" style={{ marginInlineEnd: 0 }}>
          {t('operator.role')}
        </Tag>
        <div style={{ flex: 1 }} />
        {narrow ? (
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'language', icon: <TranslationOutlined />, label: <span data-testid="language">{t('app.language')}</span> },
                { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('app.logout')}</span> },
              ],
              onClick: ({ key }) => (key === 'language' ? switchLanguage() : key === 'logout' ? void leave() : undefined),
            }}
          >
            <Button type="text" icon={<UserOutlined />} aria-label={t('account.menu')} data-testid="account-menu" style={{ color: '#fff', paddingInline: 4, minWidth: 0, flexShrink: 0 }}>
              <span data-testid="user" style={{ maxWidth: 96, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                {operator.displayName}
              </span>
            </Button>
          </Dropdown>
        ) : (
          <Space>
            <span style={{ color: '#fff' }} data-testid="user">
              {operator.displayName}
            </span>
            <Button size="small" onClick={switchLanguage} data-testid="language">
              {t('app.language')}
            </Button>
            <Button size="small" icon={<LogoutOutlined />} onClick={() => void leave()} data-testid="logout">
              {t('app.logout')}
            </Button>
          </Space>
        )}
      </Layout.Header>
      <Layout.Content style={{ padding: narrow ? 8 : 24, minWidth: 0 }}>
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
