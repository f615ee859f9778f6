import { Button, Card, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useAuth } from '../app/auth.js';
import { useLocale } from '../app/locale.js';
import { ChangePasswordForm } from '../components/ChangePasswordForm.js';

/**
 * What a person with a first (or reset) password sees on every page until they choose their own:
 * the engine answers nothing else for them. Once changed, the page they opened appears.
 */
export function ChangePasswordPage() {
  const { me, logout } = useAuth();
  const { t, pick, locale, setLocale } = useLocale();
  const navigate = useNavigate();
  if (!me) return null;
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, background: 'linear-gradient(160deg, #a8071a 0%, #5c0011 100%)' }}>
      <Card
        style={{ width: '100%', maxWidth: 440 }}
        title={t('app.title')}
        extra={<Button type="link" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')} data-testid="language">{t('app.language')}</Button>}
        data-testid="first-password"
      >
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('password.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" data-testid="password-user">
          {pick(me.county)} · {me.displayName}
        </Typography.Paragraph>
        <Typography.Paragraph>{t('password.first')}</Typography.Paragraph>
        <ChangePasswordForm first extra={<Button icon={<LogoutOutlined />} onClick={() => logout().then(() => navigate('/login'))}>{t('app.logout')}</Button>} />
      </Card>
    </div>
  );
}
