import { Button, Card, Empty, Grid, Layout, Space, Spin, Table, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import type { LocalizedText } from '../../../forms/index.js';
import type { Board, BoardItem } from '../api/types.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDate, formatTime } from '../components/time-format.js';

const isLocalized = (value: unknown): value is LocalizedText => typeof value === 'object' && value !== null && 'zh-CN' in value;

/** The item's public fields, one line each ("办理机制：一般建议速交办"); empty ones are left out. */
function PublicFields({ item }: { item: BoardItem }) {
  const { pick } = useLocale();
  return (
    <>
      {Object.entries(item.fields)
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v]) => (
          <div key={k} style={{ fontSize: 12 }}>
            <Typography.Text type="secondary">{pick(item.fieldTitles[k])}：</Typography.Text>
            <span>{isLocalized(v) ? pick(v) : String(v)}</span>
          </div>
        ))}
    </>
  );
}

function StateTags({ item }: { item: BoardItem }) {
  const { pick } = useLocale();
  return (
    <>
      {item.state.map((s) => (
        <Tag key={s['zh-CN']} color={item.status === 'done' ? 'green' : 'blue'}>
          {pick(s)}
        </Tag>
      ))}
    </>
  );
}

/**
 * A station's public progress board (事项进度栏): no login, printable for the notice board.
 * The engine sends only what the county's flows publish: templated titles, public states and
 * fields, personal data masked. On a phone (scanned from the station's QR code) each item is
 * a block of lines; wider screens and paper get the table.
 */
export function PublicBoardPage() {
  const { countyId = '', stationId = '' } = useParams();
  const { t, pick, locale, setLocale } = useLocale();
  const narrow = !Grid.useBreakpoint().md;
  const board = useApi<Board>(`/api/public/counties/${encodeURIComponent(countyId)}/stations/${encodeURIComponent(stationId)}/board`);

  const columns = [
    { title: t('col.title'), key: 'title', render: (_: unknown, i: BoardItem) => <Typography.Text strong>{pick(i.title)}</Typography.Text> },
    { title: t('col.flow'), key: 'flow', render: (_: unknown, i: BoardItem) => pick(i.flowTitle) },
    { title: t('col.state'), key: 'state', render: (_: unknown, i: BoardItem) => <StateTags item={i} /> },
    { title: t('col.details'), key: 'fields', render: (_: unknown, i: BoardItem) => <PublicFields item={i} /> },
    { title: t('col.created'), key: 'created', render: (_: unknown, i: BoardItem) => formatDate(i.createdAt, locale) },
    { title: t('col.updated'), key: 'updated', render: (_: unknown, i: BoardItem) => formatDate(i.updatedAt, locale) },
    { title: t('col.outcome'), key: 'outcome', render: (_: unknown, i: BoardItem) => (i.outcome ? <Tag color="green">{pick(i.outcome)}</Tag> : '—') },
  ];
  const empty = <Empty description={t('board.empty')} />;
  const buttons = (
    <Space className="no-print">
      <Button onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>{t('app.language')}</Button>
      <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>{t('app.print')}</Button>
    </Space>
  );

  return (
    <Layout style={{ minHeight: '100vh', background: '#fff' }}>
      <Layout.Content style={{ maxWidth: 1100, margin: '0 auto', padding: narrow ? 12 : 24, width: '100%' }}>
        {board.error && <ErrorNotice error={board.error} onRetry={board.reload} />}
        {!board.data && !board.error && <Spin size="large" />}
        {board.data && (
          <Card
            data-testid="public-board"
            title={
              <div style={{ whiteSpace: 'normal', padding: '8px 0' }}>
                <Typography.Title level={narrow ? 4 : 3} style={{ margin: 0, color: '#a8071a' }}>
                  {board.data.station.name} · {t('board.title')}
                </Typography.Title>
                <Typography.Text type="secondary">{pick(board.data.county.name)}</Typography.Text>
              </div>
            }
            extra={narrow ? undefined : buttons}
            styles={narrow ? { body: { padding: 12 } } : undefined}
          >
            {narrow && <div style={{ marginBottom: 12 }}>{buttons}</div>}
            {narrow ? (
              <div>
                {board.data.items.length === 0 && empty}
                {board.data.items.map((i) => (
                  <div key={i.id} data-board-item={i.id} style={{ padding: '12px 0', borderBottom: '1px solid #f0f0f0' }}>
                    <Typography.Text strong>{pick(i.title)}</Typography.Text>
                    <div style={{ margin: '4px 0' }}>
                      <StateTags item={i} />
                      {i.outcome && <Tag color="green">{pick(i.outcome)}</Tag>}
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {pick(i.flowTitle)} · {t('col.created')} {formatDate(i.createdAt, locale)} · {t('col.updated')} {formatDate(i.updatedAt, locale)}
                    </Typography.Text>
                    <PublicFields item={i} />
                  </div>
                ))}
              </div>
            ) : (
              <Table<BoardItem> rowKey="id" columns={columns} dataSource={board.data.items} pagination={false} size="small" locale={{ emptyText: empty }} />
            )}
            <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
              {t('board.note')} {t('board.printed', { time: formatTime(new Date().toISOString(), locale) })}
            </Typography.Paragraph>
          </Card>
        )}
      </Layout.Content>
    </Layout>
  );
}
