import { Alert, App, Button, Card, Flex, Select, Space, Typography } from 'antd';
import { FileExcelOutlined, ReloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, query } from '../api/client.js';
import type { Supervision } from '../api/types.js';
import { useLocale } from '../app/locale.js';
import type { MessageKey } from '../app/messages.js';
import { useApi } from '../app/use-api.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { ResponsiveTable, type ResponsiveColumn } from '../components/ResponsiveTable.js';
import { formatTime, spanParts } from '../components/time-format.js';

type UnitRow = Supervision['byUnit'][number];
type StationRow = Supervision['byStation'][number];
type Counts = Supervision['totals'];

/** The windows "due soon" can look ahead, in hours: a day (the item page's amber), three days, a week. */
const SOON_CHOICES = [24, 72, 168];

/** Longest overdue first: the earliest missed deadline; rows with none last. */
const byOldest = (a: Counts, b: Counts) => (b.oldestDueAt ?? '\uffff').localeCompare(a.oldestDueAt ?? '\uffff');

/**
 * 督办看板 (issue 11): what is overdue and due soon, per handling unit and per station, as the
 * engine counts it within the reader's scope. Each count opens the items it counted in the item
 * list; the same tables export to Excel.
 */
export function SupervisionPage() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const [soonHours, setSoonHours] = useState(24);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<Error>();
  const params = soonHours === 24 ? {} : { soonHours };
  const view = useApi<Supervision>(`/api/supervision${query(params)}`);
  const data = view.data;
  const now = data ? Date.parse(data.at) : Date.now();

  const span = (ms: number) => {
    const { unit, n } = spanParts(ms);
    return t(`duration.${unit}` as MessageKey, { n });
  };
  const overdueFor = (oldestDueAt: string | null) => (oldestDueAt ? t('deadline.overdue', { n: span(now - Date.parse(oldestDueAt)) }) : '');

  /** A count that opens its items in the item list (nothing to open at zero). */
  const countLink = (n: number, filter: Record<string, string | number | undefined>, testId: string, overdue = false) =>
    n === 0 ? (
      <Typography.Text type="secondary">0</Typography.Text>
    ) : (
      <Link to={`/audit${query(filter)}`} data-testid={testId} style={overdue ? { color: '#cf1322', fontWeight: 500 } : undefined}>
        {t('supervision.count', { n })}
      </Link>
    );
  const soon = { due: 'soon', ...params };

  function countColumns<R extends Counts>(where: (row: R) => Record<string, string>, key: (row: R) => string): ResponsiveColumn<R>[] {
    return [
      {
        key: 'overdue',
        title: t('supervision.overdue'),
        align: 'right',
        sortFirst: (a, b) => a.overdue - b.overdue,
        render: (r) => countLink(r.overdue, { due: 'overdue', ...where(r) }, `overdue-${key(r)}`, true),
      },
      { key: 'dueSoon', title: t('supervision.dueSoon'), align: 'right', sortFirst: (a, b) => a.dueSoon - b.dueSoon, render: (r) => countLink(r.dueSoon, { ...soon, ...where(r) }, `soon-${key(r)}`) },
      { key: 'oldest', title: t('supervision.oldest'), sortFirst: byOldest, render: (r) => (r.oldestDueAt ? <Typography.Text type="danger">{overdueFor(r.oldestDueAt)}</Typography.Text> : null) },
    ];
  }

  const unitColumns: ResponsiveColumn<UnitRow>[] = [
    { key: 'name', title: t('supervision.unit'), heading: true, render: (r) => r.unitName ?? <Typography.Text italic>{t('supervision.noUnit')}</Typography.Text> },
    ...countColumns<UnitRow>((r) => ({ assignee: r.unitId ? `unit:${r.unitId}` : 'no-unit' }), (r) => r.unitId ?? 'none'),
  ];
  const stationColumns: ResponsiveColumn<StationRow>[] = [
    { key: 'name', title: t('supervision.station'), heading: true, render: (r) => r.stationName ?? <Typography.Text italic>{t('supervision.noStation')}</Typography.Text> },
    ...countColumns<StationRow>((r): Record<string, string> => (r.stationId ? { station: r.stationId } : { noStation: 'true' }), (r) => r.stationId ?? 'none'),
  ];

  async function exportWorkbook() {
    setExporting(true);
    setExportError(undefined);
    try {
      const file = await api.download(`/api/supervision/export${query(params)}`, 'supervision.xlsx');
      message.success(t('supervision.exported', { file }));
    } catch (e) {
      setExportError(e as Error);
    } finally {
      setExporting(false);
    }
  }

  const table = <R extends object>(title: string, rows: R[], columns: ResponsiveColumn<R>[], rowKey: (r: R) => string, testId: string) => (
    <Card type="inner" title={title} size="small" styles={{ body: { paddingBlock: 4 } }}>
      <ResponsiveTable<R> rows={rows} columns={columns} rowKey={rowKey} loading={view.loading} empty={t('supervision.empty')} minWidth={560} sortLabel={t('supervision.sortBy')} data-testid={testId} />
    </Card>
  );

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t('supervision.title')}</Typography.Title>}
      extra={
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={() => void view.reload()} loading={view.loading} data-testid="supervision-refresh">
            {t('supervision.refresh')}
          </Button>
          <Button icon={<FileExcelOutlined />} onClick={() => void exportWorkbook()} loading={exporting} data-testid="supervision-export">
            {t('supervision.export')}
          </Button>
        </Space>
      }
      styles={{ header: { flexWrap: 'wrap', rowGap: 8, paddingBlock: 8 } }}
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {view.error && <ErrorNotice error={view.error} onRetry={view.reload} />}
        {exportError && <ErrorNotice error={exportError} />}
        {data && (
          <Alert
            type={data.totals.overdue ? 'error' : data.totals.dueSoon ? 'warning' : 'success'}
            showIcon
            data-testid="supervision-summary"
            message={
              <span>
                {t('supervision.summary', { overdue: data.totals.overdue, soon: data.totals.dueSoon })}
                {data.totals.oldestDueAt && `；${t('supervision.worst', { n: span(now - Date.parse(data.totals.oldestDueAt)) })}`}
              </span>
            }
            description={t('supervision.asOf', { at: formatTime(data.at, locale) })}
          />
        )}
        <Flex gap={8} align="center" wrap>
          <Typography.Text type="secondary">{t('supervision.soonWithin')}</Typography.Text>
          <Select
            size="small"
            value={soonHours}
            onChange={setSoonHours}
            style={{ width: 110 }}
            options={SOON_CHOICES.map((h) => ({ value: h, label: h < 48 ? t('duration.hours', { n: h }) : t('duration.days', { n: h / 24 }) }))}
            data-testid="supervision-soon"
          />
        </Flex>
        {table(t('supervision.byUnit'), data?.byUnit ?? [], unitColumns, (r) => r.unitId ?? '', 'supervision-units')}
        {table(t('supervision.byStation'), data?.byStation ?? [], stationColumns, (r) => r.stationId ?? '', 'supervision-stations')}
      </Space>
    </Card>
  );
}
