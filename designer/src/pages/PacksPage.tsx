import { Alert, App, Button, Card, Empty, Popconfirm, Result, Space, Table, Tag, Typography, Upload, type ButtonProps } from 'antd';
import { AppstoreOutlined, CloudUploadOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { api, ApiError } from '../api/client.js';
import type { PackHistory, PackProblemView, PackReport, PublishedVersion } from '../api/types.js';
import { useAuth } from '../app/auth.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { fileLabel, placeLabel } from '../components/pack-problem-place.js';
import { formatTime } from '../components/time-format.js';

/** 模式包: the county administrator's page. Others see that their roles cannot use it. */
export function PacksPage() {
  const { me } = useAuth();
  const { t } = useLocale();
  if (!me) return null;
  if (!me.roles.includes('admin')) return <Result status="403" title={t('app.noAccess')} data-testid="no-access" />;
  return <PackPublishing />;
}

/** An uploaded file: its name and the JSON it holds, sent as it is to be checked and published. */
interface Upload {
  name: string;
  document: unknown;
}

/**
 * The county's packs with every version published (each downloadable as one file), and the
 * upload that checks a pack in one file, shows every problem in the reader's language, and
 * publishes it once it has none.
 */
function PackPublishing() {
  const { t, pick, locale } = useLocale();
  const { message } = App.useApp();
  const history = useApi<PackHistory[]>('/api/admin/packs');
  const [upload, setUpload] = useState<Upload | undefined>();
  const [report, setReport] = useState<PackReport | undefined>();
  const [error, setError] = useState<ApiError | Error | undefined>();
  const [busy, setBusy] = useState<string | undefined>(); // 'check', 'publish', or the version being downloaded

  async function check(file: File) {
    setReport(undefined);
    setError(undefined);
    let document: unknown;
    try {
      document = JSON.parse(await file.text());
    } catch (e) {
      setUpload(undefined);
      setError(new Error(t('packs.notJson', { file: file.name, reason: (e as Error).message })));
      return;
    }
    setUpload({ name: file.name, document });
    setBusy('check');
    try {
      setReport(await api.post<PackReport>('/api/admin/packs/check', document));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  }

  async function publish() {
    if (!upload) return;
    setBusy('publish');
    setError(undefined);
    try {
      const published = await api.post<PublishedVersion>('/api/admin/packs', upload.document);
      message.success(t(published.created ? 'packs.publishedNow' : 'packs.unchanged', { name: pick(published.name), version: published.version }));
      setUpload(undefined);
      setReport(undefined);
      await history.reload();
    } catch (e) {
      // Checked a moment ago; another administrator may have published this version since.
      const problems = e instanceof ApiError && e.code === 'PACK_INVALID' ? (e.details as { problems?: PackProblemView[] } | undefined)?.problems : undefined;
      if (problems) setReport({ valid: false, problems });
      else setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  }

  async function download(packId: string, version: string) {
    setBusy(`${packId}@${version}`);
    setError(undefined);
    try {
      const document = await api.get<unknown>(`/api/packs/${encodeURIComponent(packId)}/versions/${encodeURIComponent(version)}/export`);
      const link = window.document.createElement('a');
      link.href = URL.createObjectURL(new Blob([`${JSON.stringify(document, null, 2)}\n`], { type: 'application/json' }));
      link.download = `${packId}-${version}.json`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  }

  // One row per version; the pack's name spans its versions, newest first.
  const rows = (history.data ?? []).flatMap((pack) =>
    pack.versions.map((v, i) => ({ key: `${pack.packId}@${v.version}`, pack, ...v, span: i === 0 ? pack.versions.length : 0 })),
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="packs">
      <Card title={<Typography.Title level={4} style={{ margin: 0 }}><AppstoreOutlined /> {t('packs.title')}</Typography.Title>}>
        <Typography.Paragraph>{t('packs.explain')}</Typography.Paragraph>
        <div data-testid="pack-upload">
          <Upload.Dragger
            accept="application/json,.json"
            multiple={false}
            showUploadList={false}
            disabled={busy === 'check' || busy === 'publish'}
            beforeUpload={(file) => {
              void check(file);
              return false; // read here and sent as JSON; nothing is uploaded as a file
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('packs.upload')}</p>
            <p className="ant-upload-hint">{t('packs.uploadHint')}</p>
          </Upload.Dragger>
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('packs.uploadNote')}
        </Typography.Paragraph>
      </Card>

      {error && <ErrorNotice error={error} />}
      {busy === 'check' && upload && <Alert type="info" showIcon title={t('packs.checking', { file: upload.name })} />}
      {report && upload && (
        <Card data-testid="pack-report" data-valid={report.valid}>
          {report.valid && report.pack ? (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Alert
                type="success"
                showIcon
                title={t('packs.valid', { name: pick(report.pack.name), version: report.pack.version, ...report.pack.counts })}
                description={report.pack.alreadyPublished ? t('packs.alreadyPublished') : undefined}
              />
              <Popconfirm
                title={t('packs.confirm', { name: pick(report.pack.name), version: report.pack.version })}
                description={<div style={{ maxWidth: 360 }}>{t('packs.confirmNote')}</div>}
                okText={t('packs.publish')}
                cancelText={t('app.cancel')}
                // A data attribute is not among ButtonProps' declared keys; antd passes it to the button.
                okButtonProps={{ 'data-testid': 'publish-confirm' } as ButtonProps}
                onConfirm={() => publish()}
              >
                <Button type="primary" icon={<CloudUploadOutlined />} loading={busy === 'publish'} data-testid="publish-pack">
                  {t('packs.publish')}
                </Button>
              </Popconfirm>
            </Space>
          ) : (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Alert type="error" showIcon title={t('packs.problems', { file: upload.name, n: report.problems.length })} />
              <Table<PackProblemView>
                size="small"
                pagination={false}
                rowKey={(_, i) => String(i)}
                dataSource={report.problems}
                columns={[
                  { title: t('packs.col.file'), key: 'file', width: '22%', render: (_, p) => fileLabel(p.file, upload.document, t, locale) },
                  {
                    title: t('packs.col.place'),
                    key: 'place',
                    width: '28%',
                    render: (_, p) => (
                      <>
                        <div>{placeLabel(p.file, p.pointer, upload.document, t, locale) ?? '—'}</div>
                        {/* The pointer is for whoever edits the file by hand: a detail under the words. */}
                        {p.pointer && (
                          <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                            {t('packs.pointer', { pointer: p.pointer })}
                          </Typography.Text>
                        )}
                      </>
                    ),
                  },
                  { title: t('packs.col.message'), key: 'message', render: (_, p) => <span data-problem-code={p.code}>{pick(p.message)}</span> },
                ]}
              />
            </Space>
          )}
        </Card>
      )}

      <Card title={t('packs.published')}>
        {history.error && <ErrorNotice error={history.error} onRetry={history.reload} />}
        {history.data && !history.data.length ? (
          <Empty description={t('packs.empty')} />
        ) : (
          <Table
            size="small"
            loading={history.loading}
            pagination={false}
            dataSource={rows}
            data-testid="pack-versions"
            columns={[
              {
                title: t('packs.col.pack'),
                key: 'pack',
                onCell: (row) => ({ rowSpan: row.span }),
                render: (_, row) => (
                  <>
                    <div>{pick(row.pack.name)}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {row.pack.packId}
                    </Typography.Text>
                  </>
                ),
              },
              {
                title: t('packs.col.version'),
                key: 'version',
                render: (_, row) => (
                  <Space>
                    {row.version}
                    {row.current && <Tag color="green">{t('packs.current')}</Tag>}
                  </Space>
                ),
              },
              { title: t('packs.col.publishedAt'), key: 'publishedAt', render: (_, row) => formatTime(row.publishedAt, locale) },
              {
                title: '',
                key: 'download',
                align: 'right',
                render: (_, row) => (
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    loading={busy === row.key}
                    onClick={() => void download(row.pack.packId, row.version)}
                    data-testid={`download-${row.key}`}
                  >
                    {t('packs.download')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
