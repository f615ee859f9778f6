import { Alert, App, Button, Card, Flex, Result, Space, Typography, Upload } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { api, ApiError } from '../api/client.js';
import type { DirectoryImportReport } from '../api/types.js';
import { useDirectory } from '../app/directory.js';
import { useLocale } from '../app/locale.js';
import type { MessageKey } from '../app/messages.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { ResponsiveTable, type ResponsiveColumn } from '../components/ResponsiveTable.js';

type Sheet = keyof DirectoryImportReport['counts'];
type Problem = DirectoryImportReport['problems'][number];

/** The sheets in the order the workbook has them, each with the name its tab carries in the file. */
const SHEETS: Array<{ sheet: Sheet; tab: string }> = [
  { sheet: 'people', tab: '人员' },
  { sheet: 'units', tab: '单位' },
  { sheet: 'stations', tab: '站点' },
  { sheet: 'households', tab: '农户' },
  { sheet: 'relations', tab: '关系' },
];

const XLSX = /\.xlsx$/i;

/** A file chosen, and what the engine said of it. */
interface Checked {
  file: File;
  report: DirectoryImportReport;
  /** The report came from the import itself (checked again at import time), not from the preview. */
  refusedAtImport?: boolean;
}

/**
 * 名录导入导出: the county's directory (people, units, stations, households, relations) as one
 * Excel workbook (issue 10). The administrator downloads it, changes it in Excel and uploads it:
 * the upload is checked first (a dry run) and previewed — counts per sheet and every problem with
 * its sheet, row and column — and imported only on 确认导入, whole or not at all.
 */
export function DirectoryImportPage() {
  const { t, pick } = useLocale();
  const { message } = App.useApp();
  const directory = useDirectory();
  const [checked, setChecked] = useState<Checked>();
  const [done, setDone] = useState<DirectoryImportReport>();
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState<'download' | 'check' | 'import' | undefined>();
  const [choosing, setChoosing] = useState<File>();

  async function download() {
    setBusy('download');
    setError(undefined);
    try {
      const file = await api.download('/api/admin/directory.xlsx', 'directory.xlsx');
      message.success(t('import.downloaded', { file }));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  }

  const send = (file: File, dryRun: boolean) => {
    const body = new FormData();
    body.append('file', file, file.name);
    return api.post<DirectoryImportReport>(`/api/admin/directory/import${dryRun ? '?dryRun=true' : ''}`, body);
  };

  async function check(file: File) {
    setChecked(undefined);
    setDone(undefined);
    setError(undefined);
    if (!XLSX.test(file.name)) {
      setError(new Error(t('import.notXlsx', { file: file.name })));
      return;
    }
    setChoosing(file);
    setBusy('check');
    try {
      setChecked({ file, report: await send(file, true) });
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
      setChoosing(undefined);
    }
  }

  async function importNow() {
    if (!checked) return;
    setBusy('import');
    setError(undefined);
    try {
      const report = await send(checked.file, false);
      setChecked(undefined);
      setDone(report);
      directory.reload();
    } catch (e) {
      // Checked a moment ago; the directory may have changed since. The report says how.
      const report = e instanceof ApiError && e.code === 'DIRECTORY_IMPORT_INVALID' ? (e.details as DirectoryImportReport | undefined) : undefined;
      if (report?.problems) setChecked({ file: checked.file, report, refusedAtImport: true });
      else setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  }

  const sum = (report: DirectoryImportReport, what: 'created' | 'updated' | 'unchanged') => SHEETS.reduce((n, { sheet }) => n + report.counts[sheet][what], 0);
  const sheetName = (tab: string) => {
    const found = SHEETS.find((s) => s.tab === tab);
    return found ? t(`import.sheet.${found.sheet}` as MessageKey) : tab;
  };

  const countColumns: ResponsiveColumn<{ sheet: Sheet } & DirectoryImportReport['counts'][Sheet]>[] = [
    { key: 'sheet', title: t('import.col.sheet'), heading: true, render: (r) => t(`import.sheet.${r.sheet}` as MessageKey) },
    { key: 'created', title: t('import.col.created'), align: 'right', render: (r) => <span data-count="created">{r.created}</span> },
    { key: 'updated', title: t('import.col.updated'), align: 'right', render: (r) => <span data-count="updated">{r.updated}</span> },
    { key: 'unchanged', title: t('import.col.unchanged'), align: 'right', render: (r) => <span data-count="unchanged">{r.unchanged}</span> },
  ];
  const problemColumns: ResponsiveColumn<Problem & { n: number }>[] = [
    { key: 'sheet', title: t('import.col.sheet'), heading: true, render: (p) => sheetName(p.sheet) },
    { key: 'row', title: t('import.col.row'), render: (p) => p.row },
    { key: 'column', title: t('import.col.column'), render: (p) => p.column || t('import.wholeRow') },
    { key: 'message', title: t('import.col.message'), render: (p) => <span data-problem-row={p.row}>{pick(p.message)}</span> },
  ];

  const report = checked?.report;
  const changes = report ? sum(report, 'created') + sum(report, 'updated') : 0;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="directory-import">
      <Card title={<Typography.Title level={4} style={{ margin: 0 }}><FileExcelOutlined /> {t('import.title')}</Typography.Title>}>
        <Typography.Paragraph>{t('import.explain')}</Typography.Paragraph>
        <Button icon={<DownloadOutlined />} loading={busy === 'download'} onClick={() => void download()} data-testid="directory-download" style={{ marginBottom: 16, maxWidth: '100%' }}>
          {t('import.download')}
        </Button>
        <div data-testid="directory-upload">
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            disabled={busy === 'check' || busy === 'import'}
            beforeUpload={(file) => {
              void check(file);
              return false; // sent by check() as a preview first; antd uploads nothing itself
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('import.upload')}</p>
            <p className="ant-upload-hint">{t('import.uploadHint')}</p>
          </Upload.Dragger>
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('import.uploadNote')}
        </Typography.Paragraph>
      </Card>

      {error && <ErrorNotice error={error} />}
      {busy === 'check' && choosing && <Alert type="info" showIcon title={t('import.checking', { file: choosing.name })} />}
      {busy === 'import' && checked && <Alert type="info" showIcon title={t('import.importing', { file: checked.file.name })} />}

      {done && (
        <Card data-testid="import-done">
          <Result
            status="success"
            title={t('import.done', { created: sum(done, 'created'), updated: sum(done, 'updated') })}
            subTitle={t('import.doneNote')}
            style={{ padding: '16px 0' }}
          />
          <ResponsiveTable rows={SHEETS.map(({ sheet }) => ({ sheet, ...done.counts[sheet] }))} columns={countColumns} rowKey={(r) => r.sheet} empty="" minWidth={360} data-testid="import-done-counts" />
        </Card>
      )}

      {report && checked && (
        <Card title={t('import.previewTitle', { file: checked.file.name })} data-testid="import-preview" data-ok={report.ok}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {report.ok ? (
              <Alert type="success" showIcon title={changes ? t('import.clean', { created: sum(report, 'created'), updated: sum(report, 'updated'), unchanged: sum(report, 'unchanged') }) : t('import.nothingToDo')} />
            ) : (
              <Alert
                type="error"
                showIcon
                title={checked.refusedAtImport ? t('import.changedSince') : t('import.problems', { file: checked.file.name, n: report.problems.length + report.omittedProblems })}
                data-testid="import-refused"
              />
            )}
            {report.ignoredColumns.length > 0 && (
              <Alert type="warning" showIcon title={t('import.ignored', { columns: report.ignoredColumns.map((c) => `${sheetName(c.sheet)}：${c.column}`).join('、') })} />
            )}
            {report.problems.length > 0 && (
              <ResponsiveTable
                rows={report.problems.map((p, n) => ({ ...p, n }))}
                columns={problemColumns}
                rowKey={(p) => String(p.n)}
                empty=""
                minWidth={560}
                pageSize={50}
                data-testid="import-problems"
              />
            )}
            {report.omittedProblems > 0 && <Typography.Text type="secondary">{t('import.omitted', { n: report.omittedProblems })}</Typography.Text>}
            {/* What the file holds, sheet by sheet: after the problems, which come first when there are any. */}
            <ResponsiveTable rows={SHEETS.map(({ sheet }) => ({ sheet, ...report.counts[sheet] }))} columns={countColumns} rowKey={(r) => r.sheet} empty="" minWidth={360} data-testid="import-counts" />
            <Flex gap={8} wrap>
              {report.ok && changes > 0 && (
                <Button type="primary" icon={<CloudUploadOutlined />} loading={busy === 'import'} onClick={() => void importNow()} data-testid="import-confirm">
                  {t('import.confirm')}
                </Button>
              )}
              <Upload
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                multiple={false}
                showUploadList={false}
                disabled={busy === 'check' || busy === 'import'}
                beforeUpload={(file) => {
                  void check(file);
                  return false;
                }}
              >
                <Button disabled={busy === 'import'}>{t('import.again')}</Button>
              </Upload>
            </Flex>
          </Space>
        </Card>
      )}
    </Space>
  );
}
