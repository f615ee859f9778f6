import { Alert, App, AutoComplete, Button, Card, Drawer, Flex, Form, Input, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { api, type ApiError } from '../api/client.js';
import type { Household, HouseholdPage, Station } from '../api/types.js';
import { useNarrow, useEntryChange } from '../app/directory-admin.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { refusalText, showRefusalOnField } from '../components/refusal.js';
import { ResponsiveTable, type ResponsiveColumn } from '../components/ResponsiveTable.js';

const PAGE_SIZE = 20;
const MAX_NAME = 60;
const MAX_NOTE = 500;
const PHONE = /^[0-9+\- ]{1,20}$/;

interface HouseholdValues {
  headName: string;
  village: string;
  stationId?: string | null;
  phone?: string;
  note?: string;
}

/** A search typed into a box, sent once the typing pauses: a county may have tens of thousands of households. */
function useSettled(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * The county's households (农户), whom deputies visit and keep in touch with (issue 10): a page
 * at a time from the engine, searched by the head's name or the village, narrowed by station;
 * added, changed, closed when they move away. The head's name and phone are personal data, shown
 * here to the county's administrators only.
 */
export function HouseholdsPage() {
  const { t } = useLocale();
  const change = useEntryChange();
  const stations = useApi<Station[]>('/api/admin/stations');
  const [search, setSearch] = useState('');
  const [stationId, setStationId] = useState<string>();
  const [status, setStatus] = useState<'active' | 'closed' | 'all'>('active');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<{ household?: Household }>();
  const text = useSettled(search.trim());
  const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE), status, ...(text ? { q: text } : {}), ...(stationId ? { stationId } : {}) });
  const households = useApi<HouseholdPage>(`/api/admin/households?${query}`);
  const stationName = new Map((stations.data ?? []).map((s) => [s.id, s.name]));

  // A new search or filter starts at the first page.
  useEffect(() => setPage(1), [text, stationId, status]);

  const setClosed = (household: Household, closed: boolean) =>
    change(`/api/admin/households/${encodeURIComponent(household.id)}`, { closed }, t(closed ? 'households.closedDone' : 'households.reopenedDone', { name: household.headName }), () => void households.reload());

  const columns: ResponsiveColumn<Household>[] = [
    {
      title: t('households.headName'),
      key: 'head',
      heading: true,
      render: (h) => (
        <Typography.Link onClick={() => setEditing({ household: h })} data-household={h.headName}>
          {h.headName}
        </Typography.Link>
      ),
    },
    { title: t('households.village'), key: 'village', render: (h) => h.village },
    { title: t('households.station'), key: 'station', render: (h) => (h.stationId ? (stationName.get(h.stationId) ?? '') : '') },
    { title: t('households.phone'), key: 'phone', render: (h) => h.phone ?? '' },
    { title: t('households.note'), key: 'note', render: (h) => h.note ?? '' },
    { title: t('admin.state'), key: 'state', render: (h) => (h.closed ? <Tag>{t('households.closed')}</Tag> : <Tag color="green">{t('admin.active')}</Tag>) },
    {
      title: t('admin.actions'),
      key: 'actions',
      actions: true,
      render: (h) => (
        <Space size={0} wrap={false}>
          <Button type="link" size="small" onClick={() => setEditing({ household: h })}>
            {t('admin.edit')}
          </Button>
          <Popconfirm
            title={t(h.closed ? 'households.reopenConfirm' : 'households.closeConfirm', { name: h.headName })}
            okText={t(h.closed ? 'households.reopen' : 'households.close')}
            cancelText={t('app.cancel')}
            onConfirm={() => setClosed(h, !h.closed)}
          >
            <Button type="link" size="small" danger={!h.closed}>
              {t(h.closed ? 'households.reopen' : 'households.close')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const total = households.data?.total ?? 0;
  const filtered = Boolean(text || stationId || status !== 'active');
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t('households.title')}</Typography.Title>}>
      {(households.error ?? stations.error) && <ErrorNotice error={(households.error ?? stations.error)!} onRetry={households.reload} />}
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('households.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ flex: '1 1 220px', maxWidth: 320 }}
          data-testid="households-search"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('households.allStations')}
          value={stationId}
          onChange={setStationId}
          options={(stations.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          style={{ flex: '1 1 200px', maxWidth: 280 }}
        />
        <Select
          value={status}
          onChange={setStatus}
          options={[
            { value: 'active', label: t('households.showActive') },
            { value: 'closed', label: t('households.showClosed') },
            { value: 'all', label: t('households.showAll') },
          ]}
          style={{ flex: '0 1 130px' }}
        />
        <div style={{ flex: 1 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="household-add">
          {t('households.add')}
        </Button>
      </Flex>
      <ResponsiveTable<Household>
        rowKey={(h) => h.id}
        loading={households.loading}
        rows={households.data?.households ?? []}
        columns={columns}
        pageSize={PAGE_SIZE}
        paging={{ page, total, onPage: setPage }}
        totalText={(n) => t(households.data?.totalCapped ? 'households.totalCapped' : 'admin.total', { n })}
        empty={filtered ? t('households.noMatch') : t('households.empty')}
        data-testid="households-table"
      />
      {editing && <HouseholdDrawer household={editing.household} stations={stations.data ?? []} onClose={() => setEditing(undefined)} onSaved={() => void households.reload()} />}
    </Card>
  );
}

/** A new household, or one to change. Its code stays the engine's (and the Excel file's) business. */
function HouseholdDrawer({ household, stations, onClose, onSaved }: { household?: Household; stations: Station[]; onClose(): void; onSaved(): void }) {
  const { t, pick } = useLocale();
  const { message } = App.useApp();
  const narrow = useNarrow();
  const [form] = Form.useForm<HouseholdValues>();
  const [refusal, setRefusal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const labels = { headName: t('households.headName'), village: t('households.village'), stationId: t('households.station'), phone: t('households.phone'), note: t('households.note') };
  const villages = [...new Set(stations.flatMap((s) => s.villages))].map((v) => ({ value: v }));

  async function save(values: HouseholdValues) {
    setBusy(true);
    setRefusal(undefined);
    const body = { headName: values.headName.trim(), village: values.village.trim(), stationId: values.stationId ?? null, phone: values.phone?.trim() || null, note: values.note?.trim() || null };
    try {
      const saved = household
        ? await api.patch<Household>(`/api/admin/households/${encodeURIComponent(household.id)}`, body)
        : await api.post<Household>('/api/admin/households', body);
      message.success(t(household ? 'households.saved' : 'households.created', { name: saved.headName }));
      onSaved();
      onClose();
    } catch (e) {
      const error = e as ApiError;
      if (!showRefusalOnField(form, error, pick, labels)) setRefusal(refusalText(error, pick, labels));
    } finally {
      setBusy(false);
    }
  }

  const required = (field: keyof typeof labels) => [
    { required: true, whitespace: true, message: t('admin.required', { field: labels[field] }) },
    { max: MAX_NAME, message: t('admin.tooLong', { field: labels[field], n: MAX_NAME }) },
  ];
  return (
    <Drawer open title={household ? t('households.edit', { name: household.headName }) : t('households.add')} size={narrow ? '100%' : 520} onClose={onClose} data-testid="household-drawer">
      <Form<HouseholdValues>
        form={form}
        name="household"
        layout="vertical"
        onFinish={save}
        initialValues={household ? { ...household, phone: household.phone ?? undefined, note: household.note ?? undefined } : {}}
      >
        <Form.Item name="headName" label={labels.headName} rules={required('headName')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="village" label={labels.village} extra={t('households.villageHelp')} rules={required('village')}>
          {/* The villages the stations serve are offered; another is typed in. */}
          <AutoComplete options={villages} showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input) }} />
        </Form.Item>
        <Form.Item name="stationId" label={labels.stationId}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={stations.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
        <Form.Item name="phone" label={labels.phone} rules={[{ pattern: PHONE, message: t('households.phoneRule') }]}>
          <Input autoComplete="off" inputMode="tel" />
        </Form.Item>
        <Form.Item name="note" label={labels.note} rules={[{ max: MAX_NOTE, message: t('admin.tooLong', { field: labels.note, n: MAX_NOTE }) }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        {refusal && <Alert type="error" showIcon title={t('admin.saveFailed')} description={refusal} style={{ marginBottom: 16 }} data-testid="form-refusal" />}
        <Space>
          <Button onClick={onClose}>{t('app.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="household-save">
            {t('admin.save')}
          </Button>
        </Space>
      </Form>
    </Drawer>
  );
}
