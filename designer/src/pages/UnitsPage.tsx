import { Alert, App, AutoComplete, Button, Card, Drawer, Empty, Flex, Form, Input, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, type ApiError } from '../api/client.js';
import type { ManagedPerson, Unit } from '../api/types.js';
import { useDirectory } from '../app/directory.js';
import { roleLabel, useNarrow, useEntryChange } from '../app/directory-admin.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { refusalText, showRefusalOnField } from '../components/refusal.js';
import { ResponsiveTable, type ResponsiveColumn } from '../components/ResponsiveTable.js';

const MAX_NAME = 60;
const MAX_KIND = 30;

interface UnitValues {
  name: string;
  kind?: string;
}

/**
 * The county's units (承办单位, 市直单位, 乡镇人大…): their names and kinds, how many people
 * belong to each, and who they are; new units, renaming, disabling and enabling.
 */
export function UnitsPage() {
  const { t } = useLocale();
  const change = useEntryChange();
  const directory = useDirectory();
  const units = useApi<Unit[]>('/api/admin/units');
  const people = useApi<ManagedPerson[]>('/api/admin/people');
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<{ unit?: Unit }>();
  const [showing, setShowing] = useState<Unit>();

  const text = search.trim().toLowerCase();
  const shown = (units.data ?? []).filter((u) => !text || u.name.toLowerCase().includes(text) || (u.kind ?? '').toLowerCase().includes(text));
  const kinds = useMemo(() => [...new Set((units.data ?? []).map((u) => u.kind).filter((k): k is string => Boolean(k)))], [units.data]);

  const changed = () => {
    void units.reload();
    void people.reload();
    directory.reload();
  };

  const setDisabled = (unit: Unit, disabled: boolean) =>
    change(`/api/admin/units/${encodeURIComponent(unit.id)}`, { disabled }, t(disabled ? 'units.disabledDone' : 'units.enabledDone', { name: unit.name }), changed);

  const columns: ResponsiveColumn<Unit>[] = [
    {
      title: t('units.name'),
      key: 'name',
      heading: true,
      render: (u) => (
        <Typography.Link onClick={() => setShowing(u)} data-unit={u.name}>
          {u.name}
        </Typography.Link>
      ),
    },
    { title: t('units.kind'), key: 'kind', render: (u) => u.kind ?? '' },
    { title: t('units.memberCount'), key: 'members', align: 'right', render: (u) => <Typography.Link onClick={() => setShowing(u)}>{u.memberCount}</Typography.Link> },
    { title: t('admin.state'), key: 'state', render: (u) => (u.disabled ? <Tag>{t('admin.disabled')}</Tag> : <Tag color="green">{t('admin.active')}</Tag>) },
    {
      title: t('admin.actions'),
      key: 'actions',
      actions: true,
      render: (u) => (
        <Space size={0} wrap={false}>
          <Button type="link" size="small" onClick={() => setEditing({ unit: u })}>
            {t('admin.edit')}
          </Button>
          <Popconfirm
            title={t(u.disabled ? 'units.enableConfirm' : 'units.disableConfirm', { name: u.name })}
            okText={t(u.disabled ? 'admin.enable' : 'admin.disable')}
            cancelText={t('app.cancel')}
            onConfirm={() => setDisabled(u, !u.disabled)}
          >
            <Button type="link" size="small" danger={!u.disabled}>
              {t(u.disabled ? 'admin.enable' : 'admin.disable')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const error = units.error ?? people.error;
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t('units.title')}</Typography.Title>}>
      {error && <ErrorNotice error={error} onRetry={changed} />}
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input allowClear prefix={<SearchOutlined />} placeholder={t('units.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ flex: '1 1 240px', maxWidth: 360 }} />
        <div style={{ flex: 1 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="unit-add">
          {t('units.add')}
        </Button>
      </Flex>
      <ResponsiveTable<Unit>
        rowKey={(u) => u.id}
        loading={units.loading}
        rows={shown}
        columns={columns}
        totalText={(n) => t('admin.total', { n })}
        empty={units.data?.length ? t('units.noMatch') : t('units.empty')}
        data-testid="units-table"
      />
      {editing && <UnitModal unit={editing.unit} kinds={kinds} onClose={() => setEditing(undefined)} onSaved={changed} />}
      {showing && <MembersDrawer unit={showing} people={(people.data ?? []).filter((p) => p.unitId === showing.id)} onClose={() => setShowing(undefined)} />}
    </Card>
  );
}

/** A new unit, or one to rename or give another kind. */
function UnitModal({ unit, kinds, onClose, onSaved }: { unit?: Unit; kinds: string[]; onClose(): void; onSaved(): void }) {
  const { t, pick } = useLocale();
  const { message } = App.useApp();
  const narrow = useNarrow();
  const [form] = Form.useForm<UnitValues>();
  const [refusal, setRefusal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const labels = { name: t('units.name'), kind: t('units.kind') };
  // The kinds the county already uses, then the usual ones.
  const suggestions = [...new Set([...kinds, ...t('units.kinds').split(/、|, /)])];

  async function save(values: UnitValues) {
    setBusy(true);
    setRefusal(undefined);
    const body = { name: values.name.trim(), kind: values.kind?.trim() || null };
    try {
      const saved = unit ? await api.patch<Unit>(`/api/admin/units/${encodeURIComponent(unit.id)}`, body) : await api.post<Unit>('/api/admin/units', body);
      message.success(t(unit ? 'units.saved' : 'units.created', { name: saved.name }));
      onSaved();
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
      title={unit ? t('units.edit', { name: unit.name }) : t('units.add')}
      width={narrow ? '100%' : 480}
      onCancel={onClose}
      okText={t('admin.save')}
      okButtonProps={{ loading: busy }}
      cancelText={t('app.cancel')}
      onOk={() => form.submit()}
    >
      <Form form={form} name="unit" layout="vertical" onFinish={save} initialValues={unit ? { name: unit.name, kind: unit.kind ?? undefined } : {}}>
        <Form.Item
          name="name"
          label={labels.name}
          rules={[
            { required: true, whitespace: true, message: t('admin.required', { field: labels.name }) },
            { max: MAX_NAME, message: t('admin.tooLong', { field: labels.name, n: MAX_NAME }) },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="kind" label={labels.kind} extra={t('units.kindHelp')} rules={[{ max: MAX_KIND, message: t('admin.tooLong', { field: labels.kind, n: MAX_KIND }) }]}>
          <AutoComplete options={suggestions.map((k) => ({ value: k }))} showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input) }} />
        </Form.Item>
      </Form>
      {refusal && <Alert type="error" showIcon title={refusal} data-testid="form-refusal" />}
    </Modal>
  );
}

/** Who belongs to a unit: their names, roles and whether they may log in. */
function MembersDrawer({ unit, people, onClose }: { unit: Unit; people: ManagedPerson[]; onClose(): void }) {
  const { t, pick } = useLocale();
  const directory = useDirectory();
  const narrow = useNarrow();
  return (
    <Drawer open title={t('units.membersOf', { name: unit.name })} size={narrow ? '100%' : 480} onClose={onClose}>
      {people.length === 0 ? (
        <Empty description={t('units.noMembers')} />
      ) : (
        <div data-testid="unit-members">
          {people.map((p) => (
            <Flex key={p.id} justify="space-between" align="center" gap={8} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
              <div style={{ minWidth: 0 }}>
                <div>{p.displayName}</div>
                <Space size={4} wrap style={{ marginTop: 4 }}>
                  {p.roles.map((r) => (
                    <Tag key={r} color="blue">
                      {roleLabel(r, directory.roleName(r), pick, t)}
                    </Tag>
                  ))}
                </Space>
              </div>
              {p.disabled ? <Tag>{t('admin.disabled')}</Tag> : <Tag color="green">{t('admin.active')}</Tag>}
            </Flex>
          ))}
        </div>
      )}
      <div style={{ marginTop: 16 }}>
        <Link to="/admin/people">{t('menu.people')}</Link>
      </div>
    </Drawer>
  );
}
