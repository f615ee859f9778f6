import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import type { ApiError } from '../api/client.js';
import { useLocale } from '../app/locale.js';
import { useOperator } from '../app/operator.js';
import { formatClock } from '../components/time-format.js';

/** When a locked login may be tried again, in local time, rounded up to the next whole minute. */
function retryTime(retryAfterSeconds: number): Date {
  const minute = 60_000;
  return new Date(Math.ceil((Date.now() + retryAfterSeconds * 1000) / minute) * minute);
}

/** The platform operator's login: no county to choose (an operator belongs to none). */
export function OperatorLoginPage() {
  const { operator, login } = useOperator();
  const { t, pick, locale, setLocale } = useLocale();
  const navigate = useNavigate();
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  if (operator) return <Navigate to="/operator" replace />;

  async function submit(values: { username: string; password: string }) {
    setBusy(true);
    setError(undefined);
    try {
      await login(values.username, values.password);
      navigate('/operator', { replace: true });
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 12, background: 'linear-gradient(160deg, #434343 0%, #1f1f1f 100%)' }}>
      <Card style={{ width: 400, maxWidth: '100%' }} extra={<Button type="link" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')} data-testid="language">{t('app.language')}</Button>} title={t('app.title')}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('operator.loginTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('operator.loginNote')}</Typography.Paragraph>
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.required', { field: t('login.username') }) }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" data-testid="username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.required', { field: t('login.password') }) }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="password" />
          </Form.Item>
          {error && (
            <Alert
              type="error"
              showIcon
              title={
                error.code === 'LOGIN_LOCKED' && error.retryAfterSeconds
                  ? t('login.locked', { time: formatClock(retryTime(error.retryAfterSeconds), locale) })
                  : pick(error.messages) || error.message
              }
              style={{ marginBottom: 16 }}
              data-testid="login-error"
            />
          )}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('operator.demo')}
        </Typography.Paragraph>
        <div style={{ marginTop: 12 }}>
          <Link to="/login" data-testid="county-login">
            {t('operator.countyLogin')}
          </Link>
        </div>
      </Card>
    </div>
  );
}
