import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import type { ApiError } from '../api/client.js';
import type { County } from '../api/types.js';
import { useAuth } from '../app/auth.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatClock } from '../components/time-format.js';

const LAST_COUNTY = 'renda.lastCounty';

/** When a locked login may be tried again, in local time, rounded up to the next whole minute. */
function retryTime(retryAfterSeconds: number): Date {
  const minute = 60_000;
  return new Date(Math.ceil((Date.now() + retryAfterSeconds * 1000) / minute) * minute);
}

export function LoginPage() {
  const { me, operatorSession, login } = useAuth();
  const { t, pick, locale, setLocale } = useLocale();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const counties = useApi<County[]>('/api/counties');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const next = params.get('next') || '/';
  if (me) return <Navigate to={next} replace />;
  if (operatorSession) return <Navigate to="/operator" replace />;

  async function submit(values: { county: string; username: string; password: string }) {
    setBusy(true);
    setError(undefined);
    try {
      await login(values.county, values.username, values.password);
      localStorage.setItem(LAST_COUNTY, values.county);
      navigate(next, { replace: true });
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(160deg, #a8071a 0%, #5c0011 100%)' }}>
      <Card style={{ width: 400 }} extra={<Button type="link" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')} data-testid="language">{t('app.language')}</Button>} title={t('app.title')}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('login.title')}
        </Typography.Title>
        {counties.error && <ErrorNotice error={counties.error} onRetry={counties.reload} />}
        <Form layout="vertical" onFinish={submit} initialValues={{ county: localStorage.getItem(LAST_COUNTY) ?? undefined }} requiredMark={false}>
          <Form.Item name="county" label={t('login.county')} rules={[{ required: true, message: t('login.required', { field: t('login.county') }) }]}>
            <Select
              placeholder={t('login.countyPick')}
              loading={counties.loading}
              options={(counties.data ?? []).map((c) => ({ value: c.id, label: pick(c.name) }))}
              data-testid="county-select"
            />
          </Form.Item>
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
          {t('login.demo')}
        </Typography.Paragraph>
        <div style={{ marginTop: 12 }}>
          <Link to="/operator/login" data-testid="operator-login">
            {t('login.operator')}
          </Link>
        </div>
      </Card>
    </div>
  );
}
