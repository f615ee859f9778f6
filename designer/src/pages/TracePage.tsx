import { Alert, Button, Card, Descriptions, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { JsonForm } from '../../../forms/react/index.js';
import type { FormDefinition } from '../../../forms/index.js';
import { leafStatePaths, stateMeta, transitionsOf, type FlowDefinition } from '../../../engine/flows/index.js';
import type { PackVersion, Trace, TraceEvent } from '../api/types.js';
import { createFormServices } from '../app/form-services.js';
import { useLocale } from '../app/locale.js';
import { useApi } from '../app/use-api.js';
import { DisplayValue, fieldCatalog } from '../components/DataView.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { FlowDiagram } from '../components/FlowDiagram.js';
import { StateTags } from '../components/StateTags.js';
import { formatTime } from '../components/time-format.js';
import { DeadlineTag } from '../components/DeadlineTag.js';

/** The form an event carried, as defined by the flow of the pack version it ran on. */
function eventForm(flow: FlowDefinition, content: PackVersion['content'], type: string): FormDefinition | undefined {
  const formId = type === 'xstate.init' ? flow.meta.start.form : transitionsOf(flow).find((t) => t.event === type)?.transition.meta?.form;
  return formId ? content.forms[formId] : undefined;
}

/**
 * Fields whose value differs between two versions of the item's data. The engine's own keys ($:
 * its duty, assignment, links, starts) are left out: the event's label, its directory note and
 * its related items say what they changed in words.
 */
function changes(before: Record<string, unknown>, after: Record<string, unknown>) {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !k.startsWith('$'));
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => ({ key: k, before: before[k], after: after[k] }));
}

/**
 * An item's full audit trace: every event with who, role, local time (UTC kept), states
 * before and after, the submitted form rendered with the pack version that was used, and
 * what changed in the item's data; the path on the diagram; the verdict on the record (hash
 * chain, seals, item row against a replay, signed checkpoint), with each problem in words.
 */
export function TracePage() {
  const { itemId = '' } = useParams();
  const { t, pick, locale } = useLocale();
  const trace = useApi<Trace>(`/api/items/${encodeURIComponent(itemId)}/trace`);
  const version = trace.data?.item.packVersion;
  const pack = useApi<PackVersion>(trace.data ? `/api/packs/${trace.data.item.packId}/versions/${version}` : null);
  const visited = useMemo(() => (trace.data?.events ?? []).flatMap((e) => leafStatePaths(e.stateAfter)), [trace.data]);

  if (trace.error) return <ErrorNotice error={trace.error} onRetry={trace.reload} />;
  if (!trace.data || !pack.data) return <Spin size="large" />;
  const { item, events, integrity } = trace.data;
  const content = pack.data.content;
  const flow = content.flows[item.flowId];
  const catalog = fieldCatalog(content.forms, flow);
  const roleNames = new Map(pack.data.roles.map((r) => [r.id, r.name]));
  const roleName = (role: string) => (roleNames.has(role) ? pick(roleNames.get(role)!) : role);
  const stateLabel = (value: TraceEvent['stateBefore']) => (value ? leafStatePaths(value).map((p) => pick(stateMeta(flow, p)?.label) || p).join('、') : '—');

  function exportJson() {
    const blob = new Blob([JSON.stringify(trace.data, null, 2)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `trace-${item.id}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="trace">
      <Card
        title={<Typography.Title level={4} style={{ margin: 0 }}>{t('trace.title')}：{item.title}</Typography.Title>}
        extra={
          <Space className="no-print">
            <Button icon={<DownloadOutlined />} onClick={exportJson} data-testid="export-json">{t('trace.exportJson')}</Button>
            <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print">{t('app.print')}</Button>
          </Space>
        }
      >
        <Alert
          type={integrity.valid ? 'success' : 'error'}
          showIcon
          title={integrity.valid ? t('trace.chainOk') : t('trace.chainBroken')}
          description={
            integrity.valid ? (
              integrity.checkpoint && t('trace.checkpoint', { seq: integrity.checkpoint.seq, time: formatTime(integrity.checkpoint.at, locale), n: integrity.checkpoint.version })
            ) : (
              <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="integrity-problems">
                {integrity.problems.map((p, i) => <li key={i}>{pick(p.message)}</li>)}
              </ul>
            )
          }
          style={{ marginBottom: 16 }}
          data-testid="chain"
        />
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('col.flow')}>{pick(item.flowTitle)}</Descriptions.Item>
          <Descriptions.Item label={t('col.state')}><StateTags state={item.state} status={item.status} /></Descriptions.Item>
          {item.status === 'active' ? (
            <Descriptions.Item label={t('col.deadline')}>
              <DeadlineTag dueAt={item.dueAt} paused={item.paused} />
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('item.version')}>{item.packVersion}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('item.diagram')} extra={<Typography.Text type="secondary">{t('trace.path')}</Typography.Text>}>
        <FlowDiagram flow={flow} current={item.state.paths} visited={visited} height={420} />
      </Card>
      {events.map((event, index) => {
        const form = eventForm(flow, content, event.type);
        const before = index > 0 ? events[index - 1].data : {};
        const changed = changes(before, event.data);
        return (
          <Card
            key={event.seq}
            size="small"
            data-testid={`trace-event-${event.seq}`}
            title={
              <Space wrap>
                <Tag>#{event.seq}</Tag>
                <Typography.Text strong>{pick(event.label)}</Typography.Text>
              </Space>
            }
            extra={
              <Tooltip title={`UTC ${event.at}`}>
                <span>{formatTime(event.at, locale)}</span>
              </Tooltip>
            }
          >
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label={t('trace.actor')}>{event.actor.id === null ? t('trace.system') : event.actor.displayName}</Descriptions.Item>
              <Descriptions.Item label={t('trace.role')}>{roleName(event.role)}</Descriptions.Item>
              <Descriptions.Item label={t('trace.state')} span={2}>
                {stateLabel(event.stateBefore)} → <strong>{stateLabel(event.stateAfter)}</strong>
              </Descriptions.Item>
              {event.link ? (
                <Descriptions.Item label={t(`related.${event.link.relation}`)} span={2}>
                  <Link to={`/items/${event.link.itemId}`} data-testid={`trace-link-${event.seq}`}>{pick(event.link.flowTitle)}</Link>
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('trace.hash')} span={2}>
                <Typography.Text code copyable style={{ fontSize: 11 }}>{event.hash}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 12 }}>{t('trace.payload', { version: event.packVersion })}</Typography.Title>
            {form ? (
              <JsonForm form={form} formKey={`${item.packId}@${event.packVersion}#${form.id}`} services={createFormServices(locale, { packId: item.packId, version: event.packVersion, formId: form.id })} initialData={event.payload} readOnly />
            ) : (
              <Typography.Text type="secondary">{t('trace.noForm')}</Typography.Text>
            )}
            <Typography.Title level={5} style={{ marginTop: 12 }}>{t('trace.changes')}</Typography.Title>
            {changed.length ? (
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={changed}
                data-testid={`changes-${event.seq}`}
                columns={[
                  { title: t('trace.field'), key: 'key', render: (_: unknown, c) => (catalog.titles.has(c.key) ? pick(catalog.titles.get(c.key)!) : c.key) },
                  { title: t('trace.before'), key: 'before', render: (_: unknown, c) => <DisplayValue name={c.key} value={c.before} catalog={catalog} /> },
                  { title: t('trace.after'), key: 'after', render: (_: unknown, c) => <DisplayValue name={c.key} value={c.after} catalog={catalog} /> },
                ]}
              />
            ) : (
              <Typography.Text type="secondary">{t('trace.noChanges')}</Typography.Text>
            )}
          </Card>
        );
      })}
    </Space>
  );
}
