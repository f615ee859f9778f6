import { Card, Col, Empty, Image, Row, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { PackSummary, Station } from '../api/types.js';
import { useAuth } from '../app/auth.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { ErrorNotice } from '../components/ErrorNotice.js';

/** The public board's address for a station, as printed on its QR code. */
export function boardPath(countyId: string, stationId: string): string {
  return `/board/${encodeURIComponent(countyId)}/${encodeURIComponent(stationId)}`;
}

function StationQr({ url }: { url: string }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    QRCode.toDataURL(url, { margin: 1, width: 160 }).then(setSrc);
  }, [url]);
  return src ? <Image src={src} width={160} preview={false} alt={url} data-testid="station-qr" /> : null;
}

/** The county's stations, each with a QR code leading to its public progress board. */
export function StationsPage() {
  const { t, pick, locale } = useLocale();
  const { me } = useAuth();
  const stations = useApi<Station[]>('/api/stations');
  const packs = useApi<PackSummary[]>('/api/packs');
  if (!me) return null;
  // Why an item is or is not on a board: only flows the packs publish, in their public steps.
  const published = (packs.data ?? []).flatMap((p) => p.flows.filter((f) => f.public).map((f) => pick(f.title)));
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t('stations.title')}</Typography.Title>}>
      {stations.error && <ErrorNotice error={stations.error} onRetry={stations.reload} />}
      {packs.data && (
        <Typography.Paragraph type="secondary" data-testid="board-flows">
          {published.length ? t('stations.published', { flows: published.join(locale === 'en' ? ', ' : '、') }) : t('stations.nothingPublished')}
        </Typography.Paragraph>
      )}
      {stations.data && !stations.data.length && <Empty description={t('stations.empty')} />}
      <Row gutter={[16, 16]}>
        {(stations.data ?? []).map((s) => {
          const path = boardPath(me.countyId, s.id);
          return (
            <Col key={s.id} xs={24} md={12} xl={8}>
              <Card title={s.name} size="small" data-station={s.id}>
                <div style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
                  <StationQr url={window.location.origin + path} />
                  <div>
                    <Typography.Paragraph type="secondary">{t('stations.qr')}</Typography.Paragraph>
                    <Link to={path}>{t('stations.board')}</Link>
                  </div>
                </div>
              </Card>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}
