import { Alert, App, Button, Calendar, Card, DatePicker, Flex, Form, Input, Modal, Radio, Segmented, Space, Tag, Typography, Upload } from 'antd';
import { CalendarOutlined, DownloadOutlined, LeftOutlined, RightOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError } from '../api/client.js';
import type { CalendarImportReport, CalendarYear } from '../api/types.js';
import { dateFormat, useNarrow } from '../app/directory-admin.js';
import { useLocale } from '../app/locale.js';
import type { MessageKey } from '../app/messages.js';
import { useApi } from '../app/use-api.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { refusalText, showRefusalOnField } from '../components/refusal.js';
import { ResponsiveTable, type ResponsiveColumn } from '../components/ResponsiveTable.js';

type DeclaredDay = CalendarYear['days'][number];
type Kind = 'holiday' | 'workday' | 'normal';
type Problem = CalendarImportReport['problems'][number];

/** The years the engine keeps a calendar for. */
const YEARS = { from: 2000, to: 2099 };
const MAX_NAME = 30;
const XLSX = /\.xlsx$/i;
const isWeekend = (day: Dayjs) => day.day() === 0 || day.day() === 6;

/**
 * 工作日历 (issue 11): the county's public holidays (休) and make-up working days (班), which
 * deadlines in working days count by. A month or a year at a time; a click on a day sets it; a
 * year goes out to Excel and comes back in. The month shown is in the address (?month=2026-10),
 * so a reload or a shared link opens the same one.
 */
export function CalendarPage() {
  const { t, pick, locale } = useLocale();
  const { message } = App.useApp();
  const narrow = useNarrow();
  const [params, setParams] = useSearchParams();
  const fromAddress = dayjs(`${params.get('month') ?? ''}-01`, 'YYYY-MM-DD', true);
  const shown = fromAddress.isValid() && fromAddress.year() >= YEARS.from && fromAddress.year() <= YEARS.to ? fromAddress : dayjs().startOf('month');
  const [mode, setMode] = useState<'month' | 'year'>('month');
  const year = shown.year();
  const calendar = useApi<CalendarYear>(`/api/calendar?year=${year}`);
  const [editing, setEditing] = useState<Dayjs>();
  const [busy, setBusy] = useState<'export' | 'import'>();
  const [importing, setImporting] = useState<string>();
  const [refused, setRefused] = useState<{
    file: string;
    report: CalendarImportReport;
  }>();
  const [error, setError] = useState<Error>();

  const days = useMemo(() => new Map((calendar.data?.days ?? []).map((d) => [d.day, d])), [calendar.data]);
  const show = (date: Dayjs) => setParams({ month: date.format('YYYY-MM') }, { replace: true });
  const declared = (date: Dayjs) => days.get(date.format('YYYY-MM-DD'));

  async function exportYear() {
    setBusy('export');
    setError(undefined);
    try {
      message.success(
        t('calendar.exported', {
          file: await api.download(`/api/calendar/export?year=${year}`, `working-calendar-${year}.xlsx`),
        }),
      );
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  }

  async function importFile(file: File) {
    setRefused(undefined);
    setError(undefined);
    if (!XLSX.test(file.name)) {
      setError(new Error(t('import.notXlsx', { file: file.name })));
      return;
    }
    setBusy('import');
    setImporting(file.name);
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      const report = await api.post<CalendarImportReport>('/api/calendar/import', body);
      message.success(
        t('calendar.imported', {
          file: file.name,
          changed: report.changed,
          unchanged: report.unchanged,
        }),
      );
      void calendar.reload();
    } catch (e) {
      const report = e instanceof ApiError && e.code === 'CALENDAR_IMPORT_INVALID' ? (e.details as CalendarImportReport | undefined) : undefined;
      if (report?.problems) setRefused({ file: file.name, report });
      else setError(e as Error);
    } finally {
      setBusy(undefined);
      setImporting(undefined);
    }
  }

  /** A day of the month view: its date, and 休 or 班 with the holiday's name (the name only where there is room). */
  const dayCell = (date: Dayjs) => {
    const entry = declared(date);
    const mark = entry && (
      <Tag color={entry.kind === 'holiday' ? 'red' : 'blue'} variant="solid" className="calendar-mark" data-mark={entry.kind}>
        {t(entry.kind === 'holiday' ? 'calendar.off' : 'calendar.on')}
      </Tag>
    );
    const today = date.isSame(dayjs(), 'day');
    const weekend = isWeekend(date) ? ' calendar-weekend' : '';
    if (narrow) {
      return (
        <div className={`ant-picker-cell-inner calendar-day-mini${today ? ' calendar-day-today' : ''}${weekend}`} data-day={date.format('YYYY-MM-DD')}>
          {date.date()}
          {mark}
        </div>
      );
    }
    return (
      <div className={`ant-picker-cell-inner ant-picker-calendar-date${today ? ' ant-picker-calendar-date-today' : ''}${weekend}`} data-day={date.format('YYYY-MM-DD')}>
        <div className="ant-picker-calendar-date-value">{String(date.date()).padStart(2, '0')}</div>
        <div className="ant-picker-calendar-date-content">
          {mark}
          {entry?.name && (
            <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12 }}>
              {entry.name}
            </Typography.Text>
          )}
        </div>
      </div>
    );
  };

  /** A month of the year view: how many days of it are off and worked by declaration. */
  const monthCell = (date: Dayjs) => {
    const inMonth = [...days.values()].filter((d) => d.day.startsWith(date.format('YYYY-MM')));
    const off = inMonth.filter((d) => d.kind === 'holiday').length;
    const on = inMonth.length - off;
    return (
      <div className={`ant-picker-cell-inner ${narrow ? 'calendar-month-mini' : 'ant-picker-calendar-date'}`} data-month={date.format('YYYY-MM')}>
        <div className="ant-picker-calendar-date-value">{date.format(locale === 'en' ? 'MMM' : 'M月')}</div>
        {/* Always there on a wide screen, so that every month's cell is as tall as the others. */}
        <div className={narrow ? 'calendar-month-count' : 'ant-picker-calendar-date-content'}>
          {inMonth.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('calendar.monthCount', { off, on })}
            </Typography.Text>
          )}
        </div>
      </div>
    );
  };

  const holidays = calendar.data?.days.filter((d) => d.kind === 'holiday').length ?? 0;
  const workdays = (calendar.data?.days.length ?? 0) - holidays;
  const problemColumns: ResponsiveColumn<Problem & { n: number }>[] = [
    {
      key: 'row',
      title: t('import.col.row'),
      heading: true,
      render: (p) => p.row,
    },
    {
      key: 'column',
      title: t('import.col.column'),
      render: (p) => p.column || t('import.wholeRow'),
    },
    {
      key: 'message',
      title: t('import.col.message'),
      render: (p) => <span data-problem-row={p.row}>{pick(p.message)}</span>,
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="calendar-page">
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            <CalendarOutlined /> {t('calendar.title')}
          </Typography.Title>
        }
        styles={{ body: { padding: narrow ? 12 : 24 } }}
      >
        <Typography.Paragraph type="secondary">{t('calendar.explain')}</Typography.Paragraph>
        <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
          <Typography.Text strong data-testid="calendar-working-days">
            {calendar.data
              ? t('calendar.workingDays', {
                  year,
                  n: calendar.data.workingDays,
                })
              : ''}
          </Typography.Text>
          {calendar.data && (
            <Typography.Text type="secondary">
              {t('calendar.holidays', { n: holidays })} · {t('calendar.workdays', { n: workdays })}
            </Typography.Text>
          )}
          <div style={{ flex: 1 }} />
          <Button icon={<DownloadOutlined />} loading={busy === 'export'} onClick={() => void exportYear()} data-testid="calendar-export">
            {t('calendar.export')}
          </Button>
          <span data-testid="calendar-upload">
            <Upload
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              multiple={false}
              showUploadList={false}
              disabled={busy === 'import'}
              beforeUpload={(file) => {
                void importFile(file);
                return false; // sent by importFile; antd uploads nothing itself
              }}
            >
              <Button icon={<UploadOutlined />} loading={busy === 'import'} data-testid="calendar-import">
                {t('calendar.import')}
              </Button>
            </Upload>
          </span>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('calendar.importHint')}
        </Typography.Paragraph>
        {calendar.error && <ErrorNotice error={calendar.error} onRetry={() => void calendar.reload()} />}
        {error && <ErrorNotice error={error} />}
        {importing && <Alert type="info" showIcon title={t('calendar.importing', { file: importing })} />}
        {refused && (
          <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }} data-testid="calendar-import-problems">
            <Alert
              type="error"
              showIcon
              title={t('calendar.problems', {
                file: refused.file,
                n: refused.report.problems.length + refused.report.omittedProblems,
              })}
            />
            <ResponsiveTable
              rows={refused.report.problems.map((p, n) => ({ ...p, n }))}
              columns={problemColumns}
              rowKey={(p) => String(p.n)}
              empty=""
              minWidth={480}
              pageSize={50}
            />
          </Space>
        )}
        <Calendar
          className="working-calendar"
          fullscreen={!narrow}
          value={shown}
          mode={mode}
          onPanelChange={(date, newMode) => {
            show(date);
            setMode(newMode);
          }}
          onSelect={(date, { source }) => {
            if (source === 'date') setEditing(date);
            if (source === 'month') setMode('month');
            show(date);
          }}
          fullCellRender={(date, info) => (info.type === 'date' ? dayCell(date) : info.type === 'month' ? monthCell(date) : info.originNode)}
          headerRender={({ value, type, onChange, onTypeChange }) => (
            <Flex wrap gap={8} align="center" style={{ padding: narrow ? '8px 0' : '12px 0' }} data-testid="calendar-header">
              <Button
                icon={<LeftOutlined />}
                aria-label={t('calendar.previous')}
                onClick={() => onChange(value.subtract(1, type === 'month' ? 'month' : 'year'))}
                disabled={value.year() <= YEARS.from && (type === 'year' || value.month() === 0)}
              />
              <DatePicker
                picker="year"
                allowClear={false}
                value={value}
                aria-label={t('calendar.year')}
                onChange={(picked) => picked && onChange(value.year(picked.year()))}
                disabledDate={(d) => d.year() < YEARS.from || d.year() > YEARS.to}
                style={{ width: 110 }}
                data-testid="calendar-year"
              />
              {type === 'month' && (
                <Typography.Text strong style={{ minWidth: 48 }} data-testid="calendar-month">
                  {value.format(locale === 'en' ? 'MMMM' : 'M月')}
                </Typography.Text>
              )}
              <Button
                icon={<RightOutlined />}
                aria-label={t('calendar.next')}
                onClick={() => onChange(value.add(1, type === 'month' ? 'month' : 'year'))}
                disabled={value.year() >= YEARS.to && (type === 'year' || value.month() === 11)}
              />
              <div style={{ flex: 1 }} />
              <Segmented<'month' | 'year'>
                value={type}
                onChange={onTypeChange}
                options={[
                  { value: 'month', label: t('calendar.monthView') },
                  { value: 'year', label: t('calendar.yearView') },
                ]}
              />
            </Flex>
          )}
          data-testid="calendar"
        />
        <Flex gap={12} wrap style={{ marginTop: 8 }}>
          <span>
            <Tag color="red" variant="solid" className="calendar-mark">
              {t('calendar.off')}
            </Tag>
            {t('calendar.offLegend')}
          </span>
          <span>
            <Tag color="blue" variant="solid" className="calendar-mark">
              {t('calendar.on')}
            </Tag>
            {t('calendar.onLegend')}
          </span>
        </Flex>
      </Card>
      {editing && (
        <DayModal day={editing} entry={declared(editing)} onClose={() => setEditing(undefined)} onSaved={(view) => (view.year === year ? void calendar.reload() : undefined)} />
      )}
    </Space>
  );
}

interface DayValues {
  kind: Kind;
  name?: string;
}

/** Sets one day: a public holiday, a make-up working day (weekends only), or back to the weekday rule. */
function DayModal({ day, entry, onClose, onSaved }: { day: Dayjs; entry?: DeclaredDay; onClose(): void; onSaved(view: CalendarYear): void }) {
  const { t, pick, locale } = useLocale();
  const { message } = App.useApp();
  const narrow = useNarrow();
  const [form] = Form.useForm<DayValues>();
  const kind = Form.useWatch('kind', form);
  const [refusal, setRefusal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const weekend = isWeekend(day);
  const labels = {
    kind: t('calendar.kind'),
    name: t('calendar.name'),
    day: t('calendar.title'),
  };
  const written = `${day.format(dateFormat(locale))}${t('calendar.weekday', { weekday: day.format('dddd') })}`;
  const stateKey = (k: Kind | undefined): MessageKey =>
    k === 'holiday' ? 'calendar.state.holiday' : k === 'workday' ? 'calendar.state.workday' : weekend ? 'calendar.state.rest' : 'calendar.state.working';

  async function save(values: DayValues) {
    setBusy(true);
    setRefusal(undefined);
    try {
      const view = await api.put<CalendarYear>(`/api/calendar/days/${day.format('YYYY-MM-DD')}`, {
        kind: values.kind,
        name: values.kind === 'normal' ? null : values.name?.trim() || null,
      });
      message.success(
        t('calendar.saved', {
          day: day.format(dateFormat(locale)),
          state: t(stateKey(values.kind)),
        }),
      );
      onSaved(view);
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
      title={t('calendar.set', { day: written })}
      width={narrow ? '100%' : 440}
      onCancel={onClose}
      okText={t('admin.save')}
      okButtonProps={{
        loading: busy,
        ...{ 'data-testid': 'calendar-day-save' },
      }}
      cancelText={t('app.cancel')}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary" data-testid="calendar-day-now">
        {t('calendar.now', { state: t(stateKey(entry?.kind)) })}
        {entry?.name ? `（${entry.name}）` : ''}
      </Typography.Paragraph>
      <Form
        form={form}
        name="calendar-day"
        layout="vertical"
        onFinish={save}
        initialValues={{
          kind: entry?.kind ?? (weekend ? 'workday' : 'holiday'),
          name: entry?.name ?? '',
        }}
      >
        <Form.Item name="kind" label={labels.kind} extra={kind === 'normal' ? t('calendar.kind.normalHelp') : !weekend ? t('calendar.workdayWeekend') : undefined}>
          <Radio.Group data-testid="calendar-day-kind">
            <Space orientation="vertical">
              <Radio value="holiday">{t('calendar.kind.holiday')}</Radio>
              <Radio value="workday" disabled={!weekend}>
                {t('calendar.kind.workday')}
              </Radio>
              <Radio value="normal">{t('calendar.kind.normal')}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        {kind !== 'normal' && (
          <Form.Item
            name="name"
            label={labels.name}
            rules={[
              {
                max: MAX_NAME,
                message: t('admin.tooLong', {
                  field: labels.name,
                  n: MAX_NAME,
                }),
              },
            ]}
          >
            <Input autoComplete="off" placeholder={t('calendar.namePlaceholder')} data-testid="calendar-day-name" />
          </Form.Item>
        )}
      </Form>
      {refusal && <Alert type="error" showIcon title={refusal} data-testid="form-refusal" />}
    </Modal>
  );
}
