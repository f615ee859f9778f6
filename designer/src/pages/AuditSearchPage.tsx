import { Button, Card, DatePicker, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { statesOf } from '../../../engine/flows/index.js';
import { query } from '../api/client.js';
import type { ItemPage as ItemPageData, ItemSummary, PackSummary, PackVersion } from '../api/types.js';
import { isAuditorOnly, useAuth } from '../app/auth.js';
import { useDirectory } from '../app/directory.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { countText } from '../components/count-text.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { StateTags } from '../components/StateTags.js';
import { DeadlineTag } from '../components/DeadlineTag.js';
import { formatTime } from '../components/time-format.js';

interface Filters {
  q?: string;
  flow?: string; // packId/flowId
  state?: string;
  station?: string;
  actor?: string;
  status?: 'active' | 'done';
  dates?: [Dayjs, Dayjs] | null;
}

const PAGE_SIZE = 20;

/**
 * The supervision view's filters (督办看板, SupervisionPage), given in the address when a count
 * there is opened: overdue or due soon, assigned to a unit or to none, at no station. The
 * station itself is the form's own filter.
 */
const SUPERVISION_PARAMS = ['due', 'soonHours', 'assignee', 'noStation'] as const;

/** Search every item of the county: by flow, state, station, actor, dates and free text in the data. */
export function AuditSearchPage() {
  const { t, pick, locale } = useLocale();
  const { me } = useAuth();
  const directory = useDirectory();
  const packs = useApi<PackSummary[]>('/api/packs');
  const [form] = Form.useForm<Filters>();
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useState<Filters>(() => ({ station: params.get('station') ?? undefined }));
  const supervision = Object.fromEntries(SUPERVISION_PARAMS.map((name) => [name, params.get(name) ?? undefined]));
  const supervised = SUPERVISION_PARAMS.some((name) => params.has(name));
  const clearSupervision = () => {
    setParams({});
    setPage(1);
  };
  const [page, setPage] = useState(1);
  const [packId, flowId] = (filters.flow ?? '').split('/');
  const chosenFlow = Form.useWatch('flow', form);
  const chosenPack = useApi<PackVersion>(chosenFlow ? `/api/packs/${chosenFlow.split('/')[0]}/versions/latest` : null);

  const url = `/api/items${query({
    q: filters.q,
    pack: packId || undefined,
    flow: flowId || undefined,
    state: filters.state,
    station: filters.station,
    actor: filters.actor,
    status: filters.status,
    ...supervision,
    from: filters.dates?.[0]?.startOf('day').toISOString(),
    to: filters.dates?.[1]?.add(1, 'day').startOf('day').toISOString(),
    page,
    pageSize: PAGE_SIZE,
  })}`;
  const result = useApi<ItemPageData>(url);
  // Beyond the engine's count cap the total reads "超过 10,000 项" ("超过 1,000 项" for a text search), not a made-up number.
  const totalText = result.data?.totalIsLowerBound
    ? t('audit.totalCapped', { n: countText(result.data.total, false) })
    : t('audit.total', { n: countText(result.data?.total ?? 0, false) });
  const auditor = me ? isAuditorOnly(me) : false;

  const flowOptions = (packs.data ?? []).flatMap((p) => p.flows.map((f) => ({ value: `${p.packId}/${f.id}`, label: `${pick(f.title)}（${pick(p.name)}）` })));
  const stateOptions = useMemo(() => {
    const flow = chosenFlow && chosenPack.data?.content.flows[chosenFlow.split('/')[1]];
    return flow ? statesOf(flow).map(({ path, state }) => ({ value: path, label: pick(state.meta.label) })) : [];
  }, [chosenFlow, chosenPack.data, pick]);

  const columns = [
    { title: t('col.title'), key: 'title', render: (_: unknown, i: ItemSummary) => <Link to={auditor ? `/audit/items/${i.id}` : `/items/${i.id}`}>{i.title}</Link> },
    { title: t('col.flow'), key: 'flow', render: (_: unknown, i: ItemSummary) => pick(i.flowTitle) },
    { title: t('col.state'), key: 'state', render: (_: unknown, i: ItemSummary) => <StateTags state={i.state} status={i.status} /> },
    { title: t('col.submitter'), key: 'by', render: (_: unknown, i: ItemSummary) => directory.personName(i.createdBy) },
    { title: t('col.station'), key: 'station', render: (_: unknown, i: ItemSummary) => directory.stationName(i.stationId) },
    ...(supervised ? [{ title: t('col.deadline'), key: 'deadline', render: (_: unknown, i: ItemSummary) => <DeadlineTag dueAt={i.dueAt} paused={i.paused} /> }] : []),
    { title: t('col.created'), key: 'created', render: (_: unknown, i: ItemSummary) => formatTime(i.createdAt, locale) },
    { title: t('col.updated'), key: 'updated', render: (_: unknown, i: ItemSummary) => formatTime(i.updatedAt, locale) },
  ];

  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t(auditor ? 'audit.title' : 'menu.items')}</Typography.Title>}>
      {supervised && (
        <Space wrap style={{ marginBottom: 12 }} data-testid="supervision-filter">
          <Typography.Text type="secondary">{t('audit.dueFilter')}</Typography.Text>
          <Tag closable onClose={clearSupervision} color={supervision.due === 'overdue' ? 'red' : supervision.due === 'soon' ? 'orange' : undefined}>
            {[
              supervision.due === 'overdue' ? t('audit.due.overdue') : supervision.due === 'soon' ? t('audit.due.soon', { n: t('duration.hours', { n: Number(supervision.soonHours ?? 24) }) }) : undefined,
              supervision.assignee === 'no-unit' ? t('audit.noUnit') : supervision.assignee?.startsWith('unit:') ? directory.unitName(supervision.assignee.slice('unit:'.length)) : undefined,
              supervision.noStation ? t('audit.noStation') : undefined,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Tag>
        </Space>
      )}
      <Form
        form={form}
        initialValues={filters}
        layout="inline"
        onFinish={(values) => {
          setPage(1);
          setFilters(values);
        }}
        style={{ marginBottom: 16, rowGap: 8 }}
        data-testid="audit-filters"
      >
        <Form.Item name="q" label={t('audit.q')}>
          <Input allowClear placeholder={t('audit.qPlaceholder')} style={{ width: 220 }} data-testid="audit-q" />
        </Form.Item>
        <Form.Item name="flow" label={t('audit.flow')}>
          <Select allowClear options={flowOptions} style={{ width: 240 }} onChange={() => form.setFieldValue('state', undefined)} />
        </Form.Item>
        <Form.Item name="state" label={t('audit.state')}>
          <Select allowClear options={stateOptions} style={{ width: 180 }} disabled={!stateOptions.length} />
        </Form.Item>
        <Form.Item name="station" label={t('audit.station')}>
          <Select allowClear options={directory.stations.map((s) => ({ value: s.id, label: s.name }))} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="actor" label={t('audit.actor')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={directory.users.map((u) => ({ value: u.id, label: u.displayName }))} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="status" label={t('audit.status')}>
          <Select allowClear options={[{ value: 'active', label: t('audit.active') }, { value: 'done', label: t('audit.doneStatus') }]} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="dates" label={t('audit.dates')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
              {t('audit.search')}
            </Button>
            <Button onClick={() => { form.setFieldsValue({ q: undefined, flow: undefined, state: undefined, station: undefined, actor: undefined, status: undefined, dates: undefined }); setFilters({}); clearSupervision(); }}>{t('audit.reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      {result.error && <ErrorNotice error={result.error} onRetry={result.reload} />}
      <Table<ItemSummary>
        rowKey="id"
        loading={result.loading}
        columns={columns}
        dataSource={result.data?.items ?? []}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: result.data?.total ?? 0, onChange: setPage, showTotal: () => totalText }}
        locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
        data-testid="audit-results"
      />
    </Card>
  );
}
