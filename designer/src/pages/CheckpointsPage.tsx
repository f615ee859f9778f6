import { Alert, Button, Card, Descriptions, Space, Typography, Upload } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, query, type ApiError } from '../api/client.js';
import type { CheckpointExport, CountyVerification } from '../api/types.js';
import { useAuth } from '../app/auth.js';
import { useLocale } from '../app/locale.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatTime } from '../components/time-format.js';

const EXPORT_PAGE = 1000;

/**
 * Signed checkpoints (签名存证) for auditors: export them to keep outside the system, and verify
 * the county's record against the checkpoints the system holds and those the auditor kept — the
 * proof that nothing was cut from the end of the record.
 */
export function CheckpointsPage() {
  const { t, pick, locale } = useLocale();
  const { me } = useAuth();
  const [held, setHeld] = useState<{ name: string; checkpoints: Array<{ seq: number; signature: string }> } | undefined>();
  const [verdict, setVerdict] = useState<CountyVerification | undefined>();
  const [error, setError] = useState<ApiError | Error | undefined>();
  const [busy, setBusy] = useState<'export' | 'verify' | undefined>();

  async function exportAll() {
    setBusy('export');
    setError(undefined);
    try {
      let document: CheckpointExport | undefined;
      for (let after = 0; ; ) {
        const page = await api.get<CheckpointExport>(`/api/audit/checkpoints${query({ after, limit: EXPORT_PAGE })}`);
        document = document ? { ...document, checkpoints: [...document.checkpoints, ...page.checkpoints] } : page;
        if (page.checkpoints.length < EXPORT_PAGE) break;
        after = page.checkpoints[page.checkpoints.length - 1].seq;
      }
      const blob = new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' });
      const link = window.document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `${t('checkpoints.fileName')}-${pick(me?.county)}-${new Date().toISOString().slice(0, 10)}.json`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  }

  async function verify() {
    setBusy('verify');
    setError(undefined);
    try {
      setVerdict(await api.post<CountyVerification>('/api/audit/verify', { held: held?.checkpoints ?? [] }));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  }

  /** Reads an export the auditor kept: only each checkpoint's number and signature are sent back. */
  async function readKept(file: File) {
    setVerdict(undefined);
    try {
      const kept = JSON.parse(await file.text()) as Partial<CheckpointExport>;
      if (!Array.isArray(kept.checkpoints)) throw new Error(t('checkpoints.notAnExport'));
      setHeld({ name: file.name, checkpoints: kept.checkpoints.map((c) => ({ seq: c.seq, signature: c.signature })) });
      setError(undefined);
    } catch {
      setHeld(undefined);
      setError(new Error(t('checkpoints.notAnExport')));
    }
    return false; // read here; nothing is uploaded
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="checkpoints">
      <Card title={<Typography.Title level={4} style={{ margin: 0 }}><SafetyCertificateOutlined /> {t('checkpoints.title')}</Typography.Title>}>
        <Typography.Paragraph>{t('checkpoints.explain')}</Typography.Paragraph>
        <Space wrap>
          <Button icon={<DownloadOutlined />} loading={busy === 'export'} onClick={() => void exportAll()} data-testid="export-checkpoints">
            {t('checkpoints.export')}
          </Button>
          <Upload accept="application/json,.json" showUploadList={false} beforeUpload={(file) => readKept(file)}>
            <Button icon={<UploadOutlined />} data-testid="kept-file">{t('checkpoints.kept')}</Button>
          </Upload>
          <Button type="primary" loading={busy === 'verify'} onClick={() => void verify()} data-testid="verify-checkpoints">
            {t('checkpoints.verify')}
          </Button>
        </Space>
        {held && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }} data-testid="kept-note">
            {t('checkpoints.keptNote', { file: held.name, n: held.checkpoints.length })}
          </Typography.Paragraph>
        )}
      </Card>
      {error && <ErrorNotice error={error} />}
      {verdict && (
        <Card data-testid="verdict">
          <Alert
            type={verdict.valid ? 'success' : 'error'}
            showIcon
            title={verdict.valid ? t('checkpoints.intact') : t('checkpoints.broken')}
            description={
              verdict.problems.length > 0 && (
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {verdict.problems.map((p, i) => (
                    <li key={i}>
                      {pick(p.message)} {p.itemId && <Link to={`/audit/items/${p.itemId}`}>{t('checkpoints.openTrace')}</Link>}
                    </li>
                  ))}
                </ul>
              )
            }
            style={{ marginBottom: 16 }}
          />
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('checkpoints.count')}>{verdict.checkpoints}</Descriptions.Item>
            <Descriptions.Item label={t('checkpoints.heads')}>{verdict.heads}</Descriptions.Item>
            <Descriptions.Item label={t('checkpoints.latest')}>
              {verdict.latest ? `#${verdict.latest.seq} · ${formatTime(verdict.latest.createdAt, locale)}` : t('checkpoints.none')}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </Space>
  );
}
