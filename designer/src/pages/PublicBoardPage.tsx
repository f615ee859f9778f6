import { Button, Card, Empty, Layout, Space, Spin, Table, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import type { Board, BoardItem } from '../../../engine/runtime/public-board.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDate, formatTime } from '../components/time-format.js';

/** A station's public progress board (事项进度栏): no login, personal data masked, printable for the notice board. */
export function PublicBoardPage() {
  const { countyId = '', stationId = '' } = useParams();
  const { t, pick, locale, setLocale } = useLocale();
  const board = useApi<Board>(`/api/public/counties/${encodeURIComponent(countyId)}/stations/${encodeURIComponent(stationId)}/board`);

  const columns = [
    { title: t('col.title'), key: 'title', render: (_: unknown, i: BoardItem) => <Typography.Text strong>{pick(i.title)}</Typography.Text> },
    { title: t('col.flow'), key: 'flow', render: (_: unknown, i: BoardItem) => pick(i.flowTitle) },
    {
      title: t('col.state'),
      key: 'state',
      render: (_: unknown, i: BoardItem) => i.state.map((s) => <Tag key={s['zh-CN']} color={i.status === 'done' ? 'green' : 'blue'}>{pick(s)}</Tag>),
    },
    {
      title: '',
      key: 'fields',
      render: (_: unknown, i: BoardItem) =>
        Object.entries(i.fields)
          .filter(([, v]) => v !== null && v !== undefined && v !== '')
          .map(([k, v]) => (
            <div key={k} style={{ fontSize: 12 }}>
              <Typography.Text type="secondary">{pick(i.fieldTitles[k] as any)}：</Typography.Text>
              <span>{typeof v === 'object' && v && 'zh-CN' in v ? pick(v as any) : String(v)}</span>
            </div>
          )),
    },
    { title: t('col.created'), key: 'created', render: (_: unknown, i: BoardItem) => formatDate(i.createdAt, locale) },
    { title: t('col.updated'), key: 'updated', render: (_: unknown, i: BoardItem) => formatDate(i.updatedAt, locale) },
    { title: t('col.outcome'), key: 'outcome', render: (_: unknown, i: BoardItem) => (i.outcome ? <Tag color="green">{pick(i.outcome)}</Tag> : '—') },
  ];

  return (
    <Layout style={{ minHeight: '100vh', background: '#fff' }}>
      <Layout.Content style={{ maxWidth: 1100, margin: '0 auto', padding: 24, width: '100%' }}>
        {board.error && <ErrorNotice error={board.error} onRetry={board.reload} />}
        {!board.data && !board.error && <Spin size="large" />}
        {board.data && (
          <Card
            data-testid="public-board"
            title={
              <div>
                <Typography.Title level={3} style={{ margin: 0, color: '#a8071a' }}>
                  {board.data.station.name} · {t('board.title')}
                </Typography.Title>
                <Typography.Text type="secondary">{pick(board.data.county.name)}</Typography.Text>
              </div>
            }
            extra={
              <Space className="no-print">
                <Button onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>{t('app.language')}</Button>
                <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>{t('app.print')}</Button>
              </Space>
            }
          >
            <Table<BoardItem>
              rowKey="id"
              columns={columns}
              dataSource={board.data.items}
              pagination={false}
              size="small"
              locale={{ emptyText: <Empty description={t('board.empty')} /> }}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
              {t('board.note')} {t('board.printed', { time: formatTime(new Date().toISOString(), locale) })}
            </Typography.Paragraph>
          </Card>
        )}
      </Layout.Content>
    </Layout>
  );
}
