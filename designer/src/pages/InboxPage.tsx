import { Badge, Button, Card, Empty, Space, Table, Tabs, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Inbox, ItemSummary } from '../api/types.js';
import { useDirectory } from '../app/directory.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { AgeText, DeadlineTag } from '../components/DeadlineTag.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { StateTags } from '../components/StateTags.js';

const ALL = '*';

/** What waits for me: items in states my roles act in, at my stations; counts per state as tabs. */
export function InboxPage() {
  const { t, pick } = useLocale();
  const navigate = useNavigate();
  const inbox = useApi<Inbox>('/api/inbox');
  const directory = useDirectory();
  const [tab, setTab] = useState(ALL);

  const rows = useMemo(() => {
    const items = inbox.data?.items ?? [];
    if (tab === ALL) return items;
    const [flowId, path] = tab.split('|');
    return items.filter((i) => i.flowId === flowId && i.state.paths.includes(path));
  }, [inbox.data, tab]);

  const now = Date.now();
  const columns = [
    {
      title: t('col.title'),
      dataIndex: 'title',
      render: (title: string, item: ItemSummary) => <Link to={`/items/${item.id}`}>{title}</Link>,
      sorter: (a: ItemSummary, b: ItemSummary) => a.title.localeCompare(b.title, 'zh-CN'),
    },
    { title: t('col.flow'), key: 'flow', render: (_: unknown, item: ItemSummary) => pick(item.flowTitle) },
    { title: t('col.state'), key: 'state', render: (_: unknown, item: ItemSummary) => <StateTags state={item.state} status={item.status} /> },
    {
      title: t('col.submitter'),
      key: 'submitter',
      render: (_: unknown, item: ItemSummary) => directory.personName(item.createdBy),
      filters: [...new Set((inbox.data?.items ?? []).map((i) => i.createdBy))].map((id) => ({ text: directory.personName(id), value: id })),
      onFilter: (value: unknown, item: ItemSummary) => item.createdBy === value,
    },
    { title: t('col.station'), key: 'station', render: (_: unknown, item: ItemSummary) => directory.stationName(item.stationId) },
    {
      title: t('col.age'),
      key: 'age',
      render: (_: unknown, item: ItemSummary) => <AgeText since={item.updatedAt} now={now} />,
      sorter: (a: ItemSummary, b: ItemSummary) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt),
    },
    {
      title: t('col.deadline'),
      key: 'deadline',
      render: (_: unknown, item: ItemSummary) => <DeadlineTag dueAt={item.dueAt} now={now} />,
      sorter: (a: ItemSummary, b: ItemSummary) => (a.dueAt ? Date.parse(a.dueAt) : Infinity) - (b.dueAt ? Date.parse(b.dueAt) : Infinity),
      defaultSortOrder: 'ascend' as const,
    },
  ];

  const tabs = [
    { key: ALL, label: <Space>{t('inbox.all')}<Badge count={inbox.data?.items.length ?? 0} showZero color="#999" /></Space> },
    ...(inbox.data?.countsByState ?? []).map((c) => ({
      key: `${c.flowId}|${c.path}`,
      label: (
        <Space>
          {pick(c.label)}
          <Badge count={c.count} />
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
      <Tabs activeKey={tab} onChange={setTab} items={tabs} />
      <Table<ItemSummary>
        rowKey="id"
        loading={inbox.loading}
        dataSource={rows}
        columns={columns}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
        data-testid="inbox-table"
      />
    </Card>
  );
}
