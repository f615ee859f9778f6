import { Button, Card, Col, Empty, Row, Spin, Typography } from 'antd';
import { useNavigate } from 'react-router';
import type { PackSummary } from '../api/types.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { ErrorNotice } from '../components/ErrorNotice.js';

/** The flows this user may start, one card each. */
export function NewItemPage() {
  const { t, pick } = useLocale();
  const navigate = useNavigate();
  const packs = useApi<PackSummary[]>('/api/packs');
  const startable = (packs.data ?? []).flatMap((pack) => pack.flows.filter((f) => f.canStart).map((flow) => ({ pack, flow })));
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t('new.title')}</Typography.Title>}>
      {packs.error && <ErrorNotice error={packs.error} onRetry={packs.reload} />}
      {packs.loading && <Spin />}
      {!packs.loading && !startable.length && <Empty description={t('new.empty')} />}
      <Row gutter={[16, 16]}>
        {startable.map(({ pack, flow }) => (
          <Col key={`${pack.packId}/${flow.id}`} xs={24} md={12} xl={8}>
            <Card
              title={pick(flow.title)}
              extra={<Typography.Text type="secondary">{pick(pack.name)}</Typography.Text>}
              actions={[
                <Button key="start" type="primary" onClick={() => navigate(`/new/${pack.packId}/${flow.id}`)} data-testid={`start-${flow.id}`}>
                  {t('new.start')}
                </Button>,
              ]}
            >
              <Typography.Paragraph ellipsis={{ rows: 3 }}>{pick(flow.description)}</Typography.Paragraph>
            </Card>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
