import { Alert, App, Button, Card, Drawer, Flex, Form, Input, Modal, Popconfirm, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { KeyOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useMemo, useState } from 'react';
import { api, type ApiError } from '../api/client.js';
import type { ManagedPerson, Station, Unit } from '../api/types.js';
import { useAuth } from '../app/auth.js';
import { useDirectory } from '../app/directory.js';
import { assignableRoles, DEPUTY_LEVELS, roleLabel, stationsByParent, useNarrow, useEntryChange } from '../app/directory-admin.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { refusalText, showRefusalOnField } from '../components/refusal.js';
import { ResponsiveTable, type ResponsiveColumn } from '../components/ResponsiveTable.js';

const USERNAME = /^[A-Za-z0-9._-]{2,40}$/;
const MIN_PASSWORD = 8;
const MAX_NAME = 60;

type Level = NonNullable<ManagedPerson['deputyLevel']>;

interface PersonValues {
  username: string;
  displayName: string;
  password?: string;
  again?: string;
  roles: string[];
  stationIds?: string[];
  unitId?: string | null;
  deputyLevel?: Level | null;
}

interface StationNode {
  value: string;
  title: string;
  children?: StationNode[];
}

/** The county's stations as a tree to pick from, by their names. */
function stationTree(stations: Station[]): StationNode[] {
  const byParent = stationsByParent(stations);
  const nodes = (parent: string | null): StationNode[] =>
    (byParent.get(parent) ?? []).map((s) => {
      const children = nodes(s.id);
      return { value: s.id, title: s.name, ...(children.length ? { children } : {}) };
    });
  return nodes(null);
}

/** Names the role ids of the county as its packs name them. */
function useRoleNames() {
  const { t, pick } = useLocale();
  const directory = useDirectory();
  return (role: string) => roleLabel(role, directory.roleName(role), pick, t);
}

/**
 * The county's people as its administrator keeps them (issue 10): who they are, their roles,
 * stations, unit and deputy level; new people with a first password they change at their first
 * login; a reset password; disabling and enabling.
 */
export function PeoplePage() {
  const { t } = useLocale();
  const { me } = useAuth();
  const change = useEntryChange();
  const directory = useDirectory();
  const roleName = useRoleNames();
  const people = useApi<ManagedPerson[]>('/api/admin/people');
  const units = useApi<Unit[]>('/api/admin/units');
  const stations = useApi<Station[]>('/api/admin/stations');
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<string>();
  const [editing, setEditing] = useState<{ person?: ManagedPerson }>();
  const [resetting, setResetting] = useState<ManagedPerson>();

  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const stationName = useMemo(() => new Map((stations.data ?? []).map((s) => [s.id, s.name])), [stations.data]);
  const stationNames = (p: ManagedPerson) => p.stationIds.map((id) => stationName.get(id) ?? directory.stationName(id));
  const text = search.trim().toLowerCase();
  const shown = (people.data ?? []).filter(
    (p) =>
      (!role || p.roles.includes(role)) &&
      (!text || [p.displayName, p.username, p.unitId ? (unitName.get(p.unitId) ?? '') : '', ...stationNames(p)].some((v) => v.toLowerCase().includes(text))),
  );

  const changed = () => {
    void people.reload();
    void units.reload();
    directory.reload();
  };

  const setDisabled = (person: ManagedPerson, disabled: boolean) =>
    change(`/api/admin/people/${encodeURIComponent(person.id)}`, { disabled }, t(disabled ? 'people.disabledDone' : 'people.enabledDone', { name: person.displayName }), changed);

  const columns: ResponsiveColumn<ManagedPerson>[] = [
    {
      title: t('people.displayName'),
      key: 'name',
      heading: true,
      render: (p) => (
        <Space size={4} wrap>
          <Typography.Link onClick={() => setEditing({ person: p })} data-person={p.username}>
            {p.displayName}
          </Typography.Link>
          {p.id === me?.id && <Tag>{t('people.you')}</Tag>}
        </Space>
      ),
    },
    { title: t('people.username'), key: 'username', render: (p) => p.username },
    {
      title: t('people.roles'),
      key: 'roles',
      render: (p) => (
        <Space size={4} wrap>
          {p.roles.map((r) => (
            <Tag key={r} color="blue" style={{ marginInlineEnd: 0 }}>
              {roleName(r)}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: t('people.stations'), key: 'stations', render: (p) => stationNames(p).join('、') },
    { title: t('people.unit'), key: 'unit', render: (p) => (p.unitId ? (unitName.get(p.unitId) ?? '') : '') },
    { title: t('people.level'), key: 'level', render: (p) => (p.deputyLevel ? t(DEPUTY_LEVELS[p.deputyLevel]) : '') },
    {
      title: t('admin.state'),
      key: 'state',
      render: (p) => (
        <Space size={4} wrap>
          {p.disabled ? <Tag>{t('admin.disabled')}</Tag> : <Tag color="green">{t('admin.active')}</Tag>}
          {p.mustChangePassword && <Tag color="orange">{t('people.mustChange')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('admin.actions'),
      key: 'actions',
      actions: true,
      render: (p) => (
        <Space size={0} wrap={false}>
          <Button type="link" size="small" onClick={() => setEditing({ person: p })}>
            {t('admin.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => setResetting(p)} data-testid="reset-password">
            {t('people.resetPassword')}
          </Button>
          {p.id !== me?.id && (
            <Popconfirm
              title={t(p.disabled ? 'people.enableConfirm' : 'people.disableConfirm', { name: p.displayName })}
              okText={t(p.disabled ? 'admin.enable' : 'admin.disable')}
              cancelText={t('app.cancel')}
              onConfirm={() => setDisabled(p, !p.disabled)}
            >
              <Button type="link" size="small" danger={!p.disabled}>
                {t(p.disabled ? 'admin.enable' : 'admin.disable')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  const error = people.error ?? units.error ?? stations.error;
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t('people.title')}</Typography.Title>}>
      {error && <ErrorNotice error={error} onRetry={changed} />}
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input allowClear prefix={<SearchOutlined />} placeholder={t('people.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ flex: '1 1 240px', maxWidth: 360 }} data-testid="people-search" />
        <Select
          allowClear
          placeholder={t('people.allRoles')}
          value={role}
          onChange={setRole}
          options={assignableRoles(directory.roles).map((r) => ({ value: r, label: roleName(r) }))}
          style={{ flex: '0 1 180px', minWidth: 140 }}
        />
        <div style={{ flex: 1 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="person-add">
          {t('people.add')}
        </Button>
      </Flex>
      <ResponsiveTable<ManagedPerson>
        rowKey={(p) => p.id}
        loading={people.loading}
        rows={shown}
        columns={columns}
        totalText={(n) => t('admin.total', { n })}
        empty={t('people.empty')}
        data-testid="people-table"
      />
      {editing && <PersonDrawer person={editing.person} units={units.data ?? []} stations={stations.data ?? []} onClose={() => setEditing(undefined)} onSaved={changed} />}
      {resetting && <ResetPasswordModal person={resetting} onClose={() => setResetting(undefined)} onDone={changed} />}
    </Card>
  );
}

/** A new person, or one to change: name, roles, stations, unit, deputy level (and user name and first password when new). */
function PersonDrawer({ person, units, stations, onClose, onSaved }: { person?: ManagedPerson; units: Unit[]; stations: Station[]; onClose(): void; onSaved(): void }) {
  const { t, pick } = useLocale();
  const { message } = App.useApp();
  const directory = useDirectory();
  const roleName = useRoleNames();
  const narrow = useNarrow();
  const [form] = Form.useForm<PersonValues>();
  const [refusal, setRefusal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const creating = !person;
  const labels = {
    username: t('people.username'),
    displayName: t('people.displayName'),
    password: t('people.password'),
    roles: t('people.roles'),
    stationIds: t('people.stations'),
    unitId: t('people.unit'),
    deputyLevel: t('people.level'),
  };
  const tree = useMemo(() => stationTree(stations), [stations]);

  async function save(values: PersonValues) {
    setBusy(true);
    setRefusal(undefined);
    const fields = {
      displayName: values.displayName.trim(),
      roles: values.roles,
      stationIds: values.stationIds ?? [],
      unitId: values.unitId ?? null,
      deputyLevel: values.deputyLevel ?? null,
    };
    // Only what is set (a new person) or what changed (an edit): another administrator's change to
    // another field stands.
    const sent = creating
      ? { username: values.username.trim(), password: values.password, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)) }
      : Object.fromEntries(Object.entries(fields).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(person[k as keyof typeof fields])));
    try {
      const saved = creating
        ? await api.post<ManagedPerson>('/api/admin/people', sent)
        : Object.keys(sent).length
          ? await api.patch<ManagedPerson>(`/api/admin/people/${encodeURIComponent(person.id)}`, sent)
          : person;
      message.success(t(creating ? 'people.created' : 'people.saved', { name: saved.displayName }));
      onSaved();
      onClose();
    } catch (e) {
      const error = e as ApiError;
      if (!showRefusalOnField(form, error, pick, labels)) setRefusal(refusalText(error, pick, labels));
    } finally {
      setBusy(false);
    }
  }

  const required = (field: string) => ({ required: true, whitespace: true, message: t('admin.required', { field }) });
  return (
    <Drawer
      open
      title={creating ? t('people.add') : t('people.edit', { name: person.displayName })}
      size={narrow ? '100%' : 520}
      onClose={onClose}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('app.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="person-save">
            {t('admin.save')}
          </Button>
        </Flex>
      }
      data-testid="person-drawer"
    >
      <Form<PersonValues>
        form={form}
        name="person"
        layout="vertical"
        onFinish={save}
        initialValues={person ? { ...person, unitId: person.unitId ?? undefined, deputyLevel: person.deputyLevel ?? undefined } : { roles: [], stationIds: [] }}
      >
        <Form.Item
          name="username"
          label={labels.username}
          extra={creating ? t('people.usernameHelp') : undefined}
          rules={creating ? [required(labels.username), { pattern: USERNAME, message: t('people.usernameRule') }] : []}
        >
          <Input disabled={!creating} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={labels.displayName} rules={[required(labels.displayName), { max: MAX_NAME, message: t('admin.tooLong', { field: labels.displayName, n: MAX_NAME }) }]}>
          <Input autoComplete="off" />
        </Form.Item>
        {creating && (
          <>
            <Form.Item
              name="password"
              label={labels.password}
              extra={t('people.passwordHelp')}
              rules={[required(labels.password), { validator: async (_, v?: string) => { if (v && [...v].length < MIN_PASSWORD) throw new Error(t('people.passwordRule')); } }]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name="again"
              label={t('people.passwordAgain')}
              dependencies={['password']}
              rules={[
                required(t('people.passwordAgain')),
                ({ getFieldValue }) => ({ validator: async (_, v?: string) => { if (v && v !== getFieldValue('password')) throw new Error(t('people.passwordMismatch')); } }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        )}
        <Form.Item name="roles" label={labels.roles} rules={[{ required: true, type: 'array', min: 1, message: t('admin.pick', { field: labels.roles }) }]}>
          <Select mode="multiple" placeholder={t('people.rolesPick')} options={assignableRoles(directory.roles).map((r) => ({ value: r, label: roleName(r) }))} optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="stationIds" label={labels.stationIds}>
          <TreeSelect multiple treeDefaultExpandAll showSearch treeNodeFilterProp="title" placeholder={t('people.stationsPick')} treeData={tree} />
        </Form.Item>
        <Form.Item name="unitId" label={labels.unitId}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('people.unitNone')}
            options={units.filter((u) => !u.disabled || u.id === person?.unitId).map((u) => ({ value: u.id, label: u.disabled ? t('admin.disabledName', { name: u.name }) : u.name }))}
           
          />
        </Form.Item>
        <Form.Item name="deputyLevel" label={labels.deputyLevel}>
          <Select allowClear placeholder={t('people.levelNone')} options={(Object.keys(DEPUTY_LEVELS) as Level[]).map((l) => ({ value: l, label: t(DEPUTY_LEVELS[l]) }))} />
        </Form.Item>
        {refusal && <Alert type="error" showIcon title={t('admin.saveFailed')} description={refusal} data-testid="form-refusal" />}
      </Form>
    </Drawer>
  );
}

/** A new first password for a person: their sessions end, and they choose their own at the next login. */
function ResetPasswordModal({ person, onClose, onDone }: { person: ManagedPerson; onClose(): void; onDone(): void }) {
  const { t, pick } = useLocale();
  const { message } = App.useApp();
  const narrow = useNarrow();
  const [form] = Form.useForm<{ password: string; again: string }>();
  const [refusal, setRefusal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const labels = { password: t('people.password') };

  async function reset(values: { password: string }) {
    setBusy(true);
    setRefusal(undefined);
    try {
      await api.post(`/api/admin/people/${encodeURIComponent(person.id)}/password`, { password: values.password });
      message.success(t('people.resetDone', { name: person.displayName }));
      onDone();
      onClose();
    } catch (e) {
      const error = e as ApiError;
      if (!showRefusalOnField(form, error, pick, labels)) setRefusal(refusalText(error, pick, labels));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t('people.resetTitle', { name: person.displayName })}
      width={narrow ? '100%' : 480}
      onCancel={onClose}
      okText={t('people.resetPassword')}
      okButtonProps={{ loading: busy, icon: <KeyOutlined />, danger: true }}
      cancelText={t('app.cancel')}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">{t('people.resetNote', { name: person.displayName })}</Typography.Paragraph>
      <Form form={form} name="reset" layout="vertical" onFinish={reset}>
        <Form.Item
          name="password"
          label={labels.password}
          rules={[
            { required: true, message: t('admin.required', { field: labels.password }) },
            { validator: async (_, v?: string) => { if (v && [...v].length < MIN_PASSWORD) throw new Error(t('people.passwordRule')); } },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="again"
          label={t('people.passwordAgain')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('admin.required', { field: t('people.passwordAgain') }) },
            ({ getFieldValue }) => ({ validator: async (_, v?: string) => { if (v && v !== getFieldValue('password')) throw new Error(t('people.passwordMismatch')); } }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
      {refusal && <Alert type="error" showIcon title={refusal} data-testid="form-refusal" />}
    </Modal>
  );
}
