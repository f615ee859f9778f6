import { Alert, App, Button, Form, Input, Space } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useState, type ReactNode } from 'react';
import { api, type ApiError } from '../api/client.js';
import { useAuth } from '../app/auth.js';
import { useLocale } from '../app/locale.js';
import { refusalText, showRefusalOnField } from './refusal.js';

interface Values {
  currentPassword: string;
  newPassword: string;
  again: string;
}

const MIN_LENGTH = 8;

/**
 * The person's own password change: the current one, the new one twice (at least 8 characters,
 * not the current one). On success who is logged in is asked again, so a first-login page gives
 * way to the app; `onDone` then runs (a modal closes).
 */
export function ChangePasswordForm({ first, onDone, extra }: { first?: boolean; onDone?: () => void; extra?: ReactNode }) {
  const { t, pick } = useLocale();
  const { reload } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [refusal, setRefusal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const labels = { currentPassword: t('password.current'), newPassword: t('password.new') };

  async function submit(values: Values) {
    setBusy(true);
    setRefusal(undefined);
    try {
      await api.post('/api/auth/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      message.success(t('password.done'));
      form.resetFields();
      await reload();
      onDone?.();
    } catch (e) {
      const error = e as ApiError;
      if (!showRefusalOnField(form, error, pick, labels)) setRefusal(refusalText(error, pick, labels));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} name="password" layout="vertical" onFinish={submit} requiredMark={false} data-testid="password-form">
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        extra={first ? t('password.currentFirst') : undefined}
        rules={[{ required: true, message: t('admin.required', { field: t('password.current') }) }]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.newHelp')}
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: t('admin.required', { field: t('password.new') }) },
          { validator: async (_, value?: string) => { if (value && [...value].length < MIN_LENGTH) throw new Error(t('password.short')); } },
          ({ getFieldValue }) => ({ validator: async (_, value?: string) => { if (value && value === getFieldValue('currentPassword')) throw new Error(t('password.same')); } }),
        ]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="again"
        label={t('password.again')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('admin.required', { field: t('password.again') }) },
          ({ getFieldValue }) => ({ validator: async (_, value?: string) => { if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch')); } }),
        ]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="password-again" />
      </Form.Item>
      {refusal && <Alert type="error" showIcon title={refusal} style={{ marginBottom: 16 }} data-testid="password-refusal" />}
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="password-submit">
          {t('password.submit')}
        </Button>
        {extra}
      </Space>
    </Form>
  );
}
