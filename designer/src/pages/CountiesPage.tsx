import { Alert, App, Button, Card, Divider, Drawer, Flex, Form, Input, Popconfirm, Tag, Typography } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { api, type ApiError } from '../api/client.js';
import type { ManagedCounty } from '../api/types.js';
import { useNarrow } from '../app/directory-admin.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { refusalText } from '../components/refusal.js';
import { ResponsiveTable, type ResponsiveColumn } from '../components/ResponsiveTable.js';
import { formatDate } from '../components/time-format.js';

// The rules CountySetup enforces (engine/runtime/county-setup.ts), checked here first so the
// operator is told at the field, before a round trip.
const COUNTY_ID = /^[a-z][a-z0-9-]{1,39}$/;
const USERNAME = /^[A-Za-z0-9._-]{2,40}$/;
const MAX_NAME = 60;
const MIN_PASSWORD = 8;

interface CountyValues {
  id: string;
  nameZh: string;
  nameEn: string;
  adminUsername: string;
  adminName: string;
  password: string;
  again: string;
}

/** Where each field of the engine's body (as its refusals name them) is on the form. */
const FORM_FIELD: Record<string, keyof CountyValues> = {
  id: 'id',
  'name.zh-CN': 'nameZh',
  'name.en': 'nameEn',
  'admin.username': 'adminUsername',
  'admin.displayName': 'adminName',
  'admin.password': 'password',
};

/**
 * The body field a refusal names: CountySetup's say 字段“admin.username”, Fastify's own checks
 * “body.admin.username” (refusal.ts's refusedField reads only flat names).
 */
function refusedBodyField(error: ApiError): string | undefined {
  const zh = error.messages?.['zh-CN'] ?? '';
  return /字段“([^”]+)”/.exec(zh)?.[1] ?? /“body\.([^”]+)”/.exec(zh)?.[1];
}

/**
 * The platform operator's 区县管理 (issue 10): every county with its state and how many of its
 * people may log in; a new county with its first administrator; disabling and restoring, each
 * confirmed first. The operator sees no county's items or people, only these counts.
 */
export function CountiesPage() {
  const { t, pick, locale } = useLocale();
  const { message } = App.useApp();
  const counties = useApi<ManagedCounty[]>('/api/operator/counties');
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);

  const text = search.trim().toLowerCase();
  const shown = (counties.data ?? []).filter((c) => !text || c.id.includes(text) || c.name['zh-CN'].includes(search.trim()) || c.name.en.toLowerCase().includes(text));

  async function setDisabled(county: ManagedCounty, disable: boolean) {
    try {
      await api.post(`/api/operator/counties/${encodeURIComponent(county.id)}/${disable ? 'disable' : 'enable'}`);
      message.success(t(disable ? 'operator.disabledDone' : 'operator.enabledDone', { name: pick(county.name) }));
      void counties.reload();
    } catch (e) {
      message.error(refusalText(e as ApiError, pick, {}));
    }
  }

  const columns: ResponsiveColumn<ManagedCounty>[] = [
    { title: t('operator.name'), key: 'name', heading: true, render: (c) => <span data-county={c.id}>{pick(c.name)}</span> },
    { title: t('operator.id'), key: 'id', render: (c) => c.id },
    {
      title: t('operator.state'),
      key: 'state',
      render: (c) => (c.disabledAt ? <Tag data-testid="county-state">{t('operator.disabledSince', { date: formatDate(c.disabledAt, locale) })}</Tag> : <Tag color="green" data-testid="county-state">{t('operator.active')}</Tag>),
    },
    { title: t('operator.people'), key: 'people', align: 'right', render: (c) => t('operator.peopleCount', { n: c.activePeople }) },
    { title: t('operator.createdAt'), key: 'created', render: (c) => formatDate(c.createdAt, locale) },
    {
      title: t('admin.actions'),
      key: 'actions',
      actions: true,
      render: (c) => (
        <Popconfirm
          title={t(c.disabledAt ? 'operator.enableConfirm' : 'operator.disableConfirm', { name: pick(c.name) })}
          okText={t(c.disabledAt ? 'operator.enable' : 'operator.disable')}
          okButtonProps={{ danger: !c.disabledAt }}
          cancelText={t('app.cancel')}
          onConfirm={() => setDisabled(c, !c.disabledAt)}
          styles={{ root: { maxWidth: 340 } }}
        >
          <Button type="link" size="small" danger={!c.disabledAt} data-testid={c.disabledAt ? 'county-enable' : 'county-disable'}>
            {t(c.disabledAt ? 'operator.enable' : 'operator.disable')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t('operator.title')}</Typography.Title>}>
      {counties.error && <ErrorNotice error={counties.error} onRetry={counties.reload} />}
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input allowClear prefix={<SearchOutlined />} placeholder={t('operator.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ flex: '1 1 240px', maxWidth: 360 }} />
        <div style={{ flex: 1 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="county-add">
          {t('operator.add')}
        </Button>
      </Flex>
      <ResponsiveTable<ManagedCounty>
        rowKey={(c) => c.id}
        loading={counties.loading}
        rows={shown}
        columns={columns}
        minWidth={720}
        totalText={(n) => t('admin.total', { n })}
        empty={counties.data?.length ? t('operator.noMatch') : t('operator.empty')}
        data-testid="counties-table"
      />
      {creating && <NewCountyDrawer onClose={() => setCreating(false)} onCreated={() => void counties.reload()} />}
    </Card>
  );
}

/** A new county and its first administrator, who chooses their own password at the first login. */
function NewCountyDrawer({ onClose, onCreated }: { onClose(): void; onCreated(): void }) {
  const { t, pick } = useLocale();
  const { message } = App.useApp();
  const narrow = useNarrow();
  const [form] = Form.useForm<CountyValues>();
  const [refusal, setRefusal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const labels: Record<keyof CountyValues, string> = {
    id: t('operator.id'),
    nameZh: t('operator.nameZh'),
    nameEn: t('operator.nameEn'),
    adminUsername: t('operator.adminUsername'),
    adminName: t('operator.adminName'),
    password: t('operator.password'),
    again: t('people.passwordAgain'),
  };
  // The engine's refusals name its body's fields; on screen they are called by their labels.
  const engineLabels = Object.fromEntries(Object.entries(FORM_FIELD).map(([field, formField]) => [field, labels[formField]]));

  async function save(values: CountyValues) {
    setBusy(true);
    setRefusal(undefined);
    const body = {
      id: values.id.trim(),
      name: { 'zh-CN': values.nameZh.trim(), en: values.nameEn.trim() },
      admin: { username: values.adminUsername.trim(), displayName: values.adminName.trim(), password: values.password },
    };
    try {
      const created = await api.post<ManagedCounty>('/api/operator/counties', body);
      message.success(t('operator.created', { name: pick(created.name) }));
      onCreated();
      onClose();
    } catch (e) {
      const error = e as ApiError;
      const text = refusalText(error, pick, engineLabels);
      const field = FORM_FIELD[refusedBodyField(error) ?? ''];
      if (field) {
        form.setFields([{ name: field, errors: [text] }]);
        // The field may be above the fold of a long drawer: the refusal must be seen.
        form.scrollToField(field, { block: 'center' });
      } else setRefusal(text);
    } finally {
      setBusy(false);
    }
  }

  const required = (field: string) => ({ required: true, whitespace: true, message: t('admin.required', { field }) });
  const tooLong = (field: string) => ({ max: MAX_NAME, message: t('admin.tooLong', { field, n: MAX_NAME }) });
  return (
    <Drawer
      open
      title={t('operator.add')}
      size={narrow ? '100%' : 520}
      onClose={onClose}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('app.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="county-save">
            {t('operator.create')}
          </Button>
        </Flex>
      }
      data-testid="county-drawer"
    >
      <Form<CountyValues> form={form} name="county" layout="vertical" onFinish={save}>
        <Form.Item name="id" label={labels.id} extra={t('operator.idHelp')} rules={[required(labels.id), { pattern: COUNTY_ID, message: t('operator.idRule') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="nameZh" label={labels.nameZh} extra={t('operator.nameZhHelp')} rules={[required(labels.nameZh), tooLong(labels.nameZh)]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="nameEn" label={labels.nameEn} extra={t('operator.nameEnHelp')} rules={[required(labels.nameEn), tooLong(labels.nameEn)]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Divider titlePlacement="start" style={{ marginTop: 8 }}>
          {t('operator.adminSection')}
        </Divider>
        <Typography.Paragraph type="secondary">{t('operator.adminNote')}</Typography.Paragraph>
        <Form.Item name="adminUsername" label={labels.adminUsername} extra={t('people.usernameHelp')} rules={[required(labels.adminUsername), { pattern: USERNAME, message: t('people.usernameRule') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="adminName" label={labels.adminName} extra={t('operator.adminNameHelp')} rules={[required(labels.adminName), tooLong(labels.adminName)]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="password"
          label={labels.password}
          extra={t('operator.passwordHelp')}
          rules={[required(labels.password), { validator: async (_, v?: string) => { if (v && [...v].length < MIN_PASSWORD) throw new Error(t('people.passwordRule')); } }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="again"
          label={labels.again}
          dependencies={['password']}
          rules={[
            required(labels.again),
            ({ getFieldValue }) => ({ validator: async (_, v?: string) => { if (v && v !== getFieldValue('password')) throw new Error(t('people.passwordMismatch')); } }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {refusal && <Alert type="error" showIcon title={t('admin.saveFailed')} description={refusal} data-testid="form-refusal" />}
      </Form>
    </Drawer>
  );
}
