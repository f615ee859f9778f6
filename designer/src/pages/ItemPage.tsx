import { App, Button, Card, Col, Descriptions, Empty, Modal, Popconfirm, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { JsonForm } from '../../../forms/react/index.js';
import { leafStatePaths } from '../../../engine/flows/index.js';
import { api, type ApiError } from '../api/client.js';
import type { ActionView, EventResult, ItemView, PackVersion, Trace } from '../api/types.js';
import { createDraftStore, createFormServices, newRequestKey } from '../app/form-services.js';
import { useDirectory } from '../app/directory.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { DataView, fieldCatalog } from '../components/DataView.js';
import { AssignmentPanel } from '../components/AssignmentPanel.js';
import { DeadlineTag } from '../components/DeadlineTag.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { FlowDiagram } from '../components/FlowDiagram.js';
import { StateTags } from '../components/StateTags.js';
import { Timeline } from '../components/Timeline.js';
import { formatTime } from '../components/time-format.js';
import { refusalText } from '../components/refusal.js';
import { RelatedItemLinks } from '../components/RelatedItemLinks.js';


/** One item: where it is on its flow, its data, what I may do now, and its history. */
export function ItemPage() {
  const { itemId = '' } = useParams();
  const { t, pick, locale } = useLocale();
  const { message } = App.useApp();
  const directory = useDirectory();
  const item = useApi<ItemView>(`/api/items/${encodeURIComponent(itemId)}`);
  const trace = useApi<Trace>(`/api/items/${encodeURIComponent(itemId)}/trace`);
  const pack = useApi<PackVersion>(item.data ? `/api/packs/${item.data.packId}/versions/${item.data.packVersion}` : null);
  const [open, setOpen] = useState<ActionView | null>(null);
  const requestKey = useRef(newRequestKey());

  // Stable per opened action: the form reloads its draft only when the action changes.
  const actionForm = useMemo(() => {
    const v = item.data;
    if (!open?.form || !v) return undefined;
    return {
      services: createFormServices(locale, { packId: v.packId, version: v.packVersion, formId: open.form.id }),
      draft: createDraftStore(`event:${v.id}:${open.type}`),
    };
  }, [open, locale, item.data?.id, item.data?.packVersion]); // not item.data: a refetch of the same item keeps the form and its draft
  const visited = useMemo(() => (trace.data?.events ?? []).flatMap((e) => leafStatePaths(e.stateAfter)), [trace.data]);

  async function post(type: string, payload: Record<string, unknown> | undefined) {
    const result = await api.post<EventResult>(`/api/items/${itemId}/events`, payload ? { type, payload } : { type }, { 'idempotency-key': requestKey.current });
    requestKey.current = newRequestKey();
    return result;
  }

  async function send(action: ActionView, payload?: Record<string, unknown>) {
    const result = await post(action.type, payload);
    setOpen(null);
    message.success(t('item.moved', { action: pick(action.label), state: result.item.state.labels.map(pick).join('、') }));
    await Promise.all([item.reload(), trace.reload()]);
  }

  /** Claim, release or hand over: the item stays where it is on its flow. */
  async function sendClaim(type: string, label: string, payload?: { userId: string }) {
    try {
      await post(type, payload);
      message.success(t('assignment.done', { action: label }));
    } catch (e) {
      message.error(refusalText(e as ApiError, pick, { userId: t('assignment.member') }));
    }
    await Promise.all([item.reload(), trace.reload()]);
  }

  // Not found and out of scope answer alike (the engine does not say which); the message names no id.
  if (item.error) return item.error.status === 404 ? <Result status="404" title={t('item.notFound')} subTitle={t('item.notFoundHint')} /> : <ErrorNotice error={item.error} onRetry={item.reload} />;
  if (!item.data) return <Spin size="large" />;
  const view = item.data;
  const content = pack.data?.content;
  const flow = content?.flows[view.flowId];
  const catalog = content && fieldCatalog(content.forms, flow);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="item-title">
            {view.title}
          </Typography.Title>
          <Space wrap data-testid="item-state">
            <StateTags state={view.state} status={view.status} />
            {view.status === 'done' ? <Typography.Text type="success">{t('item.done')}{view.state.outcome ? `：${pick(view.state.outcome)}` : ''}</Typography.Text> : <DeadlineTag dueAt={view.dueAt} paused={view.paused} />}
            {Object.values(view.extensions).map((n, i) => <Tag key={i}>{t('deadline.extended', { n })}</Tag>)}
          </Space>
          {view.upcoming.length ? (
            <Typography.Text type="secondary" data-testid="item-upcoming">
              {t('deadline.upcoming')}：{view.upcoming.map((u) => t('deadline.upcomingAt', { label: pick(u.label), at: formatTime(u.at, locale) })).join('；')}
            </Typography.Text>
          ) : null}
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('col.flow')}>{pick(view.flowTitle)}</Descriptions.Item>
            <Descriptions.Item label={t('col.submitter')}>{view.createdBy === null ? t('trace.system') : directory.personName(view.createdBy)}</Descriptions.Item>
            <Descriptions.Item label={t('col.station')}>{directory.stationName(view.stationId) || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('col.created')}>{formatTime(view.createdAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('col.updated')}>{formatTime(view.updatedAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('item.version')}>{view.packVersion}</Descriptions.Item>
            {view.duty ? (
              <Descriptions.Item label={t('item.duty')} span={{ xs: 1, md: 3 }}>
                <span data-testid="item-duty">
                  {t('item.dutyPeriod', { name: pick(view.duty.name), period: view.duty.period })}
                  {view.duty.followUp ? (
                    <>
                      {' · '}
                      {t('item.dutyFollowUp', { n: view.duty.followUp.misses })}
                      {view.duty.followUp.missedItemId ? (
                        <>
                          {' · '}
                          <Link to={`/items/${view.duty.followUp.missedItemId}`}>{t('item.dutyMissedTask')}</Link>
                        </>
                      ) : null}
                    </>
                  ) : null}
                </span>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <RelatedItemLinks relation="startedBy" items={view.related.parent ? [view.related.parent] : []} />
          <RelatedItemLinks relation="started" items={view.related.started} />
        </Space>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={t('item.actions')} data-testid="actions">
              <AssignmentPanel item={view} onSend={sendClaim} />
              {view.actions.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={view.status === 'done' ? t('item.done') : t('item.noActions')} />
              ) : (
                <Space wrap>
                  {view.actions.map((action) =>
                    action.form ? (
                      <Button key={action.type} type="primary" onClick={() => setOpen(action)} data-action={action.type}>
                        {pick(action.label)}
                      </Button>
                    ) : (
                      <Popconfirm key={action.type} title={t('item.confirm', { action: pick(action.label) })} onConfirm={() => send(action).catch((e) => message.error(e.messages ? pick(e.messages) : e.message))}>
                        <Button type="primary" data-action={action.type}>{pick(action.label)}</Button>
                      </Popconfirm>
                    ),
                  )}
                </Space>
              )}
            </Card>
            <Card title={t('item.data')}>{catalog ? <DataView data={view.data} catalog={catalog} /> : <Spin />}</Card>
            <Card title={t('item.timeline')} extra={<Link to={`/audit/items/${view.id}`}>{t('item.trace')}</Link>}>
              {trace.data && catalog ? <Timeline events={trace.data.events} catalog={catalog} /> : <Spin />}
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('item.diagram')}>{flow ? <FlowDiagram flow={flow} current={view.state.paths} visited={visited} /> : <Spin />}</Card>
        </Col>
      </Row>
      <Modal open={!!open} title={open && pick(open.label)} footer={null} onCancel={() => setOpen(null)} width={720} destroyOnHidden>
        {open?.form && actionForm && (
          <JsonForm
            form={open.form}
            formKey={`${view.packId}@${view.packVersion}#${open.form.id}`}
            services={actionForm.services}
            draft={actionForm.draft}
            submitLabel={pick(open.label)}
            onSubmit={(payload) => send(open, payload)}
          />
        )}
      </Modal>
    </Space>
  );
}
