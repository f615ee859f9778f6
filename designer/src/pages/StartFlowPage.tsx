import { App, Card, Form as AntForm, Select, Spin, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { JsonForm } from '../../../forms/react/index.js';
import { api } from '../api/client.js';
import { worksAtStation } from '../../../engine/domain/station.js';
import type { EventResult, PackVersion, Station } from '../api/types.js';
import { createDraftStore, createFormServices, newRequestKey } from '../app/form-services.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { useAuth } from '../app/auth.js';
import { ErrorNotice } from '../components/ErrorNotice.js';

/** A flow's start form: fill it in (a draft is kept on the server) and submit to create the item. */
export function StartFlowPage() {
  const { packId = '', flowId = '' } = useParams();
  const { t, pick, locale } = useLocale();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const pack = useApi<PackVersion>(`/api/packs/${encodeURIComponent(packId)}/versions/latest`);
  const stations = useApi<Station[]>('/api/stations');
  const [stationId, setStationId] = useState<string | undefined>(me?.stationIds[0]);
  const requestKey = useRef(newRequestKey());

  const flow = pack.data?.content.flows[flowId];
  const formId = flow?.meta.start.form;
  const form = formId ? pack.data?.content.forms[formId] : undefined;
  const services = useMemo(() => pack.data && formId && createFormServices(locale, { packId, version: pack.data.version, formId }), [pack.data, formId, locale, packId]);
  const draft = useMemo(() => createDraftStore(`start:${packId}:${flowId}`), [packId, flowId]);
  const stationRule = flow?.meta.start.station ?? 'optional';
  // The stations I may file at, by the rule the engine holds me to: mine and those under them, or all when I work county-wide.
  const allowed = (stations.data ?? []).filter((s) => worksAtStation(s.id, me?.stationIds ?? [], stations.data ?? []));

  async function submit(payload: Record<string, unknown>) {
    const result = await api.post<EventResult>('/api/items', { packId, flowId, stationId: stationId ?? null, payload }, { 'idempotency-key': requestKey.current });
    message.success(t('new.submitted', { title: result.item.title }));
    navigate(`/items/${result.item.id}`);
  }

  if (pack.error) return <ErrorNotice error={pack.error} onRetry={pack.reload} />;
  if (!pack.data || !flow) return <Spin />;
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{pick(flow.meta.title)}</Typography.Title>} extra={<Typography.Text type="secondary">{pick(pack.data.name)} · v{pack.data.version}</Typography.Text>}>
      {flow.meta.description && <Typography.Paragraph type="secondary">{pick(flow.meta.description)}</Typography.Paragraph>}
      {stationRule !== 'none' && (
        <AntForm layout="vertical">
          <AntForm.Item label={t('new.station')} required={stationRule === 'required'}>
            <Select
              allowClear={stationRule !== 'required'}
              placeholder={t('new.stationNone')}
              value={stationId}
              onChange={setStationId}
              options={allowed.map((s) => ({ value: s.id, label: s.name }))}
              data-testid="station-select"
            />
          </AntForm.Item>
        </AntForm>
      )}
      {form && services ? (
        <JsonForm form={form} formKey={`${packId}@${pack.data.version}#${form.id}`} services={services} draft={draft} onSubmit={submit} />
      ) : (
        <JsonForm form={{ id: 'none', title: flow.meta.title, schema: { type: 'object' } }} formKey={`${packId}@${pack.data.version}#none`} services={createFormServices(locale, { packId, version: pack.data.version, formId: 'none' })} onSubmit={submit} />
      )}
    </Card>
  );
}

