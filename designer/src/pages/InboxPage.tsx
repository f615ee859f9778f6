import { Badge, Button, Card, Segmented, Space, Tabs, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Inbox, ItemPage, ItemSummary } from '../api/types.js';
import { useDirectory } from '../app/directory.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { countText } from '../components/count-text.js';
import { AgeText, DeadlineTag } from '../components/DeadlineTag.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { ResponsiveTable, type ResponsiveColumn } from '../components/ResponsiveTable.js';
import { StateTags } from '../components/StateTags.js';

const ALL = '*';
const PAGE_SIZE = 20;
/** 待办 (what waits for me), 我提交的 (what I submitted), 我经办的 (what I handled). */
type View = 'waiting' | 'submitted' | 'handled';

/**
 * What waits for me: items in states my roles act in, at my stations; counts per state as tabs.
 * The engine pages the list (a tab asks for its state) and counts every waiting item per state:
 * exactly for county-wide roles, up to its cap at stations ("10,000+" beyond). Beside it, the
 * items I submitted and the items I handled, most recently changed first.
 */
export function InboxPage() {
  const { t, pick } = useLocale();
  const navigate = useNavigate();
  const [view, setView] = useState<View>('waiting');
  const [tab, setTab] = useState(ALL);
  const [page, setPage] = useState(1);
  const url = useMemo(() => {
    const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
    if (view !== 'waiting') {
      query.set('view', view);
      return `/api/inbox/mine?${query}`;
    }
    if (tab !== ALL) {
      const [flowId, path] = tab.split('|');
      query.set('flow', flowId);
      query.set('state', path);
    }
    return `/api/inbox?${query}`;
  }, [view, tab, page]);
  const inbox = useApi<Inbox | ItemPage>(url);
  // The tabs keep the counts of the whole inbox while a tab's page loads.
  const [counts, setCounts] = useState<Inbox['countsByState']>([]);
  const [all, setAll] = useState({ total: 0, capped: false });
  useEffect(() => {
    if (!inbox.data || !('countsByState' in inbox.data)) return;
    setCounts(inbox.data.countsByState);
    if (tab === ALL) setAll({ total: inbox.data.total, capped: inbox.data.totalIsLowerBound });
  }, [inbox.data, tab]);
  const directory = useDirectory();
  const rows = inbox.data?.items ?? [];

  const now = Date.now();
  const columns: ResponsiveColumn<ItemSummary>[] = [
    { title: t('col.title'), key: 'title', heading: true, render: (item) => <Link to={`/items/${item.id}`}>{item.title}</Link> },
    { title: t('col.flow'), key: 'flow', render: (item) => pick(item.flowTitle) },
    { title: t('col.state'), key: 'state', render: (item) => <StateTags state={item.state} status={item.status} /> },
    { title: t('col.submitter'), key: 'submitter', render: (item) => directory.personName(item.createdBy) },
    { title: t('col.station'), key: 'station', render: (item) => directory.stationName(item.stationId) },
    {
      title: t('col.assignee'),
      key: 'assignee',
      render: ({ assignment }) => (assignment ? `${directory.assigneeName(assignment)}${assignment.claimedBy ? `（${directory.personName(assignment.claimedBy)}）` : ''}` : '—'),
    },
    { title: t('col.age'), key: 'age', render: (item) => <AgeText since={item.updatedAt} now={now} /> },
    // The engine sends the oldest deadline first.
    { title: t('col.deadline'), key: 'deadline', render: (item) => <DeadlineTag dueAt={item.dueAt} paused={item.paused} now={now} /> },
  ];

  const tabs = [
    { key: ALL, label: <Space>{t('inbox.all')}<Badge count={countText(all.total, all.capped)} showZero color="#999" /></Space> },
    ...counts.map((c) => ({
      key: `${c.flowId}|${c.path}`,
      label: (
        <Space>
          {pick(c.label)}
          <Badge count={countText(c.count, c.countIsLowerBound)} />
        </Space>
      ),
    })),
  ];

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t('inbox.title')}</Typography.Title>}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={inbox.reload}>{t('inbox.refresh')}</Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/new')}>{t('menu.new')}</Button>
        </Space>
      }
    >
      {inbox.error && <ErrorNotice error={inbox.error} onRetry={inbox.reload} />}
      <Segmented<View>
        value={view}
        onChange={(next) => { setView(next); setPage(1); }}
        options={[
          { value: 'waiting', label: t('inbox.waiting') },
          { value: 'submitted', label: t('inbox.submitted') },
          { value: 'handled', label: t('inbox.handled') },
        ]}
        style={{ marginBottom: 8 }}
        data-testid="inbox-views"
      />
      {view === 'waiting' && <Tabs activeKey={tab} onChange={(key) => { setTab(key); setPage(1); }} items={tabs} />}
      {/* A table on a wide screen; on a phone, a block per item that fits the screen. */}
      <ResponsiveTable<ItemSummary>
        rowKey={(item) => item.id}
        loading={inbox.loading}
        rows={rows}
        columns={columns}
        pageSize={PAGE_SIZE}
        paging={{ page, total: inbox.data?.total ?? 0, onPage: setPage }}
        empty={t(view === 'waiting' ? 'inbox.empty' : view === 'submitted' ? 'inbox.emptySubmitted' : 'inbox.emptyHandled')}
        data-testid="inbox-table"
      />
    </Card>
  );
}
