import { Alert, App, Button, Card, DatePicker, Drawer, Empty, Flex, Form, Input, Segmented, Select, Spin, Tag, Tree, Typography } from 'antd';
import { ApartmentOutlined, PlusOutlined, SearchOutlined, UnorderedListOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { api, type ApiError } from '../api/client.js';
import type { Station } from '../api/types.js';
import { useDirectory } from '../app/directory.js';
import { dateFormat, formatDay, stationAndBelow, stationsByParent, today, useNarrow, useStationTypes, type DeclaredStationType } from '../app/directory-admin.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { AttributesFooter } from '../components/AttributesFooter.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { refusalText, showRefusalOnField } from '../components/refusal.js';
import { ResponsiveTable, type ResponsiveColumn } from '../components/ResponsiveTable.js';

const STATION_ID = /^[A-Za-z0-9-]{1,63}$/;
const MAX_NAME = 60;
type View = 'list' | 'tree';

interface StationValues {
  id: string;
  name: string;
  stationType?: string;
  parentId?: string | null;
  villages?: string[];
  openedOn?: Dayjs | null;
  closedOn?: Dayjs | null;
}

/** Closed once its closing date has passed (运行中 until then). */
const isClosed = (s: Station, on: string) => s.closedOn !== null && s.closedOn < on;

interface TreeNode {
  key: string;
  title: ReactNode;
  children?: TreeNode[];
}

/**
 * The county's station registry (issue 10): stations of the types its packs declare, each under
 * a parent its type allows, with the villages it serves, its opening and closing dates and the
 * attributes its type's form asks for. A list with filters, or the hierarchy as a tree.
 */
export function StationRegistryPage() {
  const { t, pick, locale } = useLocale();
  const directory = useDirectory();
  const stations = useApi<Station[]>('/api/admin/stations');
  const { types, error: typesError } = useStationTypes();
  const [view, setView] = useState<View>('list');
  const [typeFilter, setTypeFilter] = useState<string>();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<{ station?: Station }>();
  const on = today();
  const all = stations.data ?? [];

  const typeName = (id: string) => {
    const declared = types?.get(id);
    return declared ? pick(declared.type.name) : types ? t('registry.typeMissing') : '';
  };
  const stationName = useMemo(() => new Map(all.map((s) => [s.id, s.name])), [all]);
  const text = search.trim().toLowerCase();
  const matches = (s: Station) => (!typeFilter || s.stationType === typeFilter) && (!text || s.name.toLowerCase().includes(text) || s.villages.some((v) => v.toLowerCase().includes(text)));
  const filtered = !typeFilter && !text;

  const stateTag = (s: Station) => (isClosed(s, on) ? <Tag>{t('registry.closed')}</Tag> : <Tag color="green">{t('registry.open')}</Tag>);
  const columns: ResponsiveColumn<Station>[] = [
    {
      title: t('registry.name'),
      key: 'name',
      heading: true,
      render: (s) => (
        <Typography.Link onClick={() => setEditing({ station: s })} data-station={s.id}>
          {s.name}
        </Typography.Link>
      ),
    },
    { title: t('registry.type'), key: 'type', render: (s) => typeName(s.stationType) },
    { title: t('registry.parent'), key: 'parent', render: (s) => (s.parentId ? (stationName.get(s.parentId) ?? '') : '') },
    { title: t('registry.villages'), key: 'villages', render: (s) => s.villages.join('、') },
    { title: t('registry.openedOn'), key: 'opened', render: (s) => formatDay(s.openedOn, locale) },
    { title: t('registry.closedOn'), key: 'closed', render: (s) => formatDay(s.closedOn, locale) },
    { title: t('admin.state'), key: 'state', render: (s) => stateTag(s) },
    {
      title: t('admin.actions'),
      key: 'actions',
      actions: true,
      render: (s) => (
        <Button type="link" size="small" onClick={() => setEditing({ station: s })}>
          {t('admin.edit')}
        </Button>
      ),
    },
  ];

  // The hierarchy, keeping a station that matches the filters and the stations above it.
  const tree = useMemo(() => {
    const byParent = stationsByParent(all);
    const build = (parent: string | null): TreeNode[] =>
      (byParent.get(parent) ?? []).flatMap((s) => {
        const children = build(s.id);
        if (!matches(s) && !children.length) return [];
        const title = (
          <span data-station-node={s.id}>
            <Typography.Text type={matches(s) ? undefined : 'secondary'}>{s.name}</Typography.Text> <Tag style={{ marginInlineEnd: 4 }}>{typeName(s.stationType)}</Tag>
            {isClosed(s, on) && <Tag>{t('registry.closed')}</Tag>}
          </span>
        );
        return [{ key: s.id, title, ...(children.length ? { children } : {}) }];
      });
    return build(null);
  }, [all, typeFilter, text, types, locale, on]);

  const saved = () => {
    void stations.reload();
    directory.reload();
  };

  const error = stations.error ?? typesError;
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t('registry.title')}</Typography.Title>}>
      {error && <ErrorNotice error={error} onRetry={stations.reload} />}
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Segmented<View>
          value={view}
          onChange={setView}
          options={[
            { value: 'list', icon: <UnorderedListOutlined />, label: t('registry.list') },
            { value: 'tree', icon: <ApartmentOutlined />, label: t('registry.tree') },
          ]}
          data-testid="registry-view"
        />
        <Select
          allowClear
          placeholder={t('registry.allTypes')}
          value={typeFilter}
          onChange={setTypeFilter}
          options={[...(types?.values() ?? [])].map((d) => ({ value: d.type.id, label: pick(d.type.name) }))}
          style={{ flex: '0 1 200px', minWidth: 150 }}
          data-testid="registry-type-filter"
        />
        <Input allowClear prefix={<SearchOutlined />} placeholder={t('registry.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ flex: '1 1 220px', maxWidth: 320 }} data-testid="registry-search" />
        <div style={{ flex: 1 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} disabled={!types} data-testid="station-add">
          {t('registry.add')}
        </Button>
      </Flex>
      {view === 'list' ? (
        <ResponsiveTable<Station>
          rowKey={(s) => s.id}
          loading={stations.loading || !types}
          rows={types ? all.filter(matches) : []}
          columns={columns}
          pageSize={50}
          totalText={(n) => t('admin.total', { n })}
          empty={all.length || !filtered ? t('registry.empty') : t('stations.empty')}
          data-testid="registry-table"
        />
      ) : !stations.data || !types ? (
        <Spin />
      ) : tree.length ? (
        <div style={{ overflowX: 'auto' }}>
          <Tree<TreeNode>
            key={`${typeFilter}|${text}|${all.length}`}
            treeData={tree}
            defaultExpandAll
            blockNode
            selectedKeys={[]}
            onSelect={(keys) => {
              const station = all.find((s) => s.id === keys[0]);
              if (station) setEditing({ station });
            }}
            data-testid="registry-tree"
          />
        </div>
      ) : (
        <Empty description={t('registry.empty')} />
      )}
      {editing && types && <StationDrawer station={editing.station} stations={all} types={types} onClose={() => setEditing(undefined)} onSaved={saved} />}
    </Card>
  );
}

/** A new station, or one to change: its type decides the parents it may have and the attribute form it fills. */
function StationDrawer({ station, stations, types, onClose, onSaved }: { station?: Station; stations: Station[]; types: Map<string, DeclaredStationType>; onClose(): void; onSaved(): void }) {
  const { t, pick, locale } = useLocale();
  const { message } = App.useApp();
  const narrow = useNarrow();
  const [form] = Form.useForm<StationValues>();
  const [refusal, setRefusal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const creating = !station;
  const chosenType: string | undefined = Form.useWatch('stationType', form) ?? station?.stationType;
  const declared = chosenType ? types.get(chosenType) : undefined;
  const parentTypes = declared?.type.parents ?? [];
  const parentTypeNames = parentTypes.map((id) => (types.get(id) ? pick(types.get(id)!.type.name) : '')).filter(Boolean).join(locale === 'en' ? ', ' : '、');
  // Never under itself or a station below it (the engine refuses the loop too).
  const below = useMemo(() => (station ? stationAndBelow(stations, station.id) : new Set<string>()), [station, stations]);
  const parents = stations.filter((s) => parentTypes.includes(s.stationType) && !below.has(s.id));
  const villages = useMemo(() => [...new Set(stations.flatMap((s) => s.villages))].map((v) => ({ value: v })), [stations]);
  const labels = {
    id: t('registry.id'),
    name: t('registry.name'),
    stationType: t('registry.type'),
    parentId: t('registry.parent'),
    villages: t('registry.villages'),
    openedOn: t('registry.openedOn'),
    closedOn: t('registry.closedOn'),
  };
  const typeOptions = [
    ...[...types.values()].map((d) => ({ value: d.type.id, label: pick(d.type.name) })),
    ...(station && !types.has(station.stationType) ? [{ value: station.stationType, label: t('registry.typeMissing') }] : []),
  ];

  /** Saves the station with these attributes (from the type's form, or kept as they were). */
  async function save(attributes: Record<string, unknown>) {
    let values: StationValues;
    try {
      values = await form.validateFields();
    } catch {
      return; // the fields say what is missing
    }
    setBusy(true);
    setRefusal(undefined);
    const body = {
      name: values.name.trim(),
      stationType: values.stationType,
      parentId: values.parentId ?? null,
      attributes,
      villages: (values.villages ?? []).map((v) => v.trim()).filter(Boolean),
      openedOn: values.openedOn ? values.openedOn.format('YYYY-MM-DD') : null,
      closedOn: values.closedOn ? values.closedOn.format('YYYY-MM-DD') : null,
    };
    try {
      const result = creating
        ? await api.post<Station>('/api/admin/stations', { id: values.id.trim(), ...body })
        : await api.put<Station>(`/api/admin/stations/${encodeURIComponent(station.id)}`, body);
      message.success(t(creating ? 'registry.created' : 'registry.saved', { name: result.name }));
      onSaved();
      onClose();
    } catch (e) {
      const error = e as ApiError;
      // The attribute form's own refusals go under its fields.
      if (error.code === 'PAYLOAD_INVALID') throw error;
      if (!showRefusalOnField(form, error, pick, labels)) setRefusal(refusalText(error, pick, labels));
    } finally {
      setBusy(false);
    }
  }

  const kept = station && station.stationType === chosenType ? station.attributes : {};
  const cancel = <Button onClick={onClose}>{t('app.cancel')}</Button>;
  const initialValues: Partial<StationValues> = station
    ? { ...station, openedOn: station.openedOn ? dayjs(station.openedOn) : null, closedOn: station.closedOn ? dayjs(station.closedOn) : null }
    : { villages: [] };

  return (
    <Drawer open title={creating ? t('registry.add') : t('registry.edit', { name: station.name })} size={narrow ? '100%' : 640} onClose={onClose} data-testid="station-drawer">
      <Form<StationValues> form={form} name="station" layout="vertical" initialValues={initialValues}>
        <Form.Item
          name="id"
          label={labels.id}
          extra={creating ? t('registry.idHelp') : undefined}
          rules={creating ? [{ required: true, whitespace: true, message: t('admin.required', { field: labels.id }) }, { pattern: STATION_ID, message: t('registry.idRule') }] : []}
          hidden={!creating}
        >
          <Input autoComplete="off" />
        </Form.Item>
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
        <Form.Item name="stationType" label={labels.stationType} rules={[{ required: true, message: t('admin.pick', { field: labels.stationType }) }]}>
          <Select
            options={typeOptions}
            onChange={(type: string) => {
              const allowed = types.get(type)?.type.parents ?? [];
              const parent = stations.find((s) => s.id === form.getFieldValue('parentId'));
              if (!parent || !allowed.includes(parent.stationType)) form.setFieldValue('parentId', undefined);
            }}
          />
        </Form.Item>
        <Form.Item
          name="parentId"
          label={labels.parentId}
          extra={!chosenType ? undefined : !parentTypes.length ? t('registry.parentTop') : parents.length ? t('registry.parentAllowed', { types: parentTypeNames }) : t('registry.parentNone', { types: parentTypeNames })}
          rules={parentTypes.length ? [{ required: true, message: t('admin.pick', { field: labels.parentId }) }] : []}
        >
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            disabled={!chosenType || !parentTypes.length}
            placeholder={!chosenType ? t('registry.parentPickType') : undefined}
            options={parents.map((s) => ({ value: s.id, label: `${s.name}（${pick(types.get(s.stationType)?.type.name)}）` }))}
          />
        </Form.Item>
        <Form.Item name="villages" label={labels.villages} extra={t('registry.villagesHelp')}>
          <Select mode="tags" tokenSeparators={['、', ',', '，']} options={villages} />
        </Form.Item>
        <Flex wrap style={{ columnGap: 16 }}>
          <Form.Item name="openedOn" label={labels.openedOn} style={{ flex: '1 1 200px' }}>
            <DatePicker format={dateFormat(locale)} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="closedOn"
            label={labels.closedOn}
            dependencies={['openedOn']}
            style={{ flex: '1 1 200px' }}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_, closed?: Dayjs | null) => {
                  const opened = getFieldValue('openedOn') as Dayjs | null | undefined;
                  if (closed && opened && closed.isBefore(opened, 'day')) throw new Error(t('registry.closedRule'));
                },
              }),
            ]}
          >
            <DatePicker format={dateFormat(locale)} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
      </Form>
      {refusal && <Alert type="error" showIcon title={t('admin.saveFailed')} description={refusal} style={{ marginBottom: 16 }} data-testid="form-refusal" />}
      <AttributesFooter
        declared={declared}
        title={(form) => t('registry.attributes', { form: pick(form.title) })}
        testId="station-attributes"
        resetKey={chosenType}
        initialData={kept}
        busy={busy}
        save={save}
        cancel={cancel}
      />
    </Drawer>
  );
}
