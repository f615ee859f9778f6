import { Button, Card, Empty, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link } from 'react-router';
import type { DutyBoard, DutySummary } from '../api/types.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';
import { formatDueDay, formatTime } from '../components/time-format.js';

type Row = DutyBoard['rows'][number];
const STATUS_COLOR: Record<Row['status'], string> = { open: 'processing', done: 'success', missed: 'error' };

/**
 * 履职任务: the county's recurring duties (each village station's monthly meeting, a deputy's
 * reception day …). For each, this period's subjects — who has done it, who has yet to, who
 * missed it — with the task the engine opened and the reminder or interview that followed a miss;
 * earlier and later periods a click away.
 */
export function DutiesPage() {
  const { t, pick } = useLocale();
  const duties = useApi<DutySummary[]>('/api/duties');
  const [chosen, setChosen] = useState<string | undefined>();
  if (duties.error) return <ErrorNotice error={duties.error} onRetry={duties.reload} />;
  if (!duties.data) return <Spin size="large" />;
  if (!duties.data.length) return <Empty description={t('duties.none')} />;
  const current = duties.data.find((d) => `${d.packId}/${d.dutyId}` === chosen) ?? duties.data[0];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('duties.title')}
      </Typography.Title>
      {duties.data.length > 1 ? (
        <Segmented
          data-testid="duty-choice"
          value={`${current.packId}/${current.dutyId}`}
          onChange={(value) => setChosen(String(value))}
          options={duties.data.map((d) => ({ value: `${d.packId}/${d.dutyId}`, label: pick(d.name) }))}
        />
      ) : null}
      <DutyBoardCard key={`${current.packId}/${current.dutyId}`} duty={current} />
    </Space>
  );
}

function DutyBoardCard({ duty }: { duty: DutySummary }) {
  const { t, pick, locale } = useLocale();
  const [day, setDay] = useState<string | undefined>();
  const board = useApi<DutyBoard>(`/api/duties/${duty.packId}/${duty.dutyId}${day ? `?day=${day}` : ''}`);
  const data = board.data;
  const counts = { open: 0, done: 0, missed: 0 };
  for (const row of data?.rows ?? []) counts[row.status] += 1;
  const columns = [
    { key: 'subject', heading: true, title: t('duties.subject'), render: (r: Row) => r.subject.name },
    {
      key: 'status',
      title: t('duties.status'),
      render: (r: Row) => (
        <Tag color={STATUS_COLOR[r.status]} data-duty-status={r.status}>
          {t(`duties.status.${r.status}`)}
          {r.status === 'missed' && r.misses > 1 ? ` · ${t('duties.missesInRow', { n: r.misses })}` : ''}
        </Tag>
      ),
    },
    { key: 'due', title: t('duties.due'), render: (r: Row) => formatDueDay(r.dueAt, locale) },
    { key: 'done', title: t('duties.doneAt'), render: (r: Row) => (r.doneAt ? formatTime(r.doneAt, locale) : '') },
    {
      key: 'items',
      actions: true,
      title: t('duties.items'),
      render: (r: Row) => (
        <Space wrap size="small">
          {r.itemId ? <Link to={`/items/${r.itemId}`}>{t('duties.task')}</Link> : null}
          {r.doneItemId && r.doneItemId !== r.itemId ? <Link to={`/items/${r.doneItemId}`}>{t('duties.counted')}</Link> : null}
          {r.followupItemId ? <Link to={`/items/${r.followupItemId}`}>{t('duties.followUp')}</Link> : null}
        </Space>
      ),
    },
  ];
  return (
    <Card
      data-testid="duty-board"
      title={
        <Space wrap>
          <span>{pick(duty.name)}</span>
          {data ? <Typography.Text type="secondary">{t('duties.period', { period: data.period.key, due: formatDueDay(data.period.dueAt, locale) })}</Typography.Text> : null}
        </Space>
      }
      extra={
        data ? (
          <Space>
            <Button size="small" icon={<LeftOutlined />} onClick={() => setDay(data.previousDay)} aria-label={t('duties.previous')} data-testid="duty-previous" />
            <Button size="small" icon={<RightOutlined />} onClick={() => setDay(data.nextDay)} aria-label={t('duties.next')} data-testid="duty-next" />
          </Space>
        ) : null
      }
    >
      {board.error ? <ErrorNotice error={board.error} onRetry={board.reload} /> : null}
      {data ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text data-testid="duty-counts">{t('duties.counts', counts)}</Typography.Text>
          <ResponsiveTable rows={data.rows} columns={columns} rowKey={(r) => `${r.subject.kind}:${r.subject.id}`} loading={board.loading} empty={t('duties.noSubjects')} />
        </Space>
      ) : (
        <Spin />
      )}
    </Card>
  );
}
