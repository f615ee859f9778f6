import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Flex, Form, Modal, Select, Space, Spin, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, type ApiError } from '../api/client.js';
import type { HouseholdPage, ManagedPerson, Relation, RelationPage, Station, Unit } from '../api/types.js';
import { dateFormat, formatDay, today, useNarrow, useRelationKinds, type DeclaredRelationKind, type RelationKind } from '../app/directory-admin.js';
import { useLocale } from '../app/locale.js';
import type { MessageKey } from '../app/messages.js';
import { useApi } from '../app/use-api.js';
import { AttributesFooter } from '../components/AttributesFooter.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { refusalText, showRefusalOnField } from '../components/refusal.js';
import { ResponsiveTable, type ResponsiveColumn } from '../components/ResponsiveTable.js';

const PAGE_SIZE = 20;
type EndType = Relation['from']['type'];
type Side = 'from' | 'to';

/** What each kind of directory entry is called when a kind gives its end no label of its own. */
const END_TYPE_NAMES: Record<EndType, MessageKey> = { person: 'relations.type.person', unit: 'relations.type.unit', station: 'relations.type.station', household: 'relations.type.household' };

/** Whether a relation holds on a day, has ended before it, or starts after it. */
function stateOn(relation: Pick<Relation, 'startsOn' | 'endsOn'>, day: string): 'current' | 'ended' | 'future' {
  if (relation.startsOn > day) return 'future';
  return relation.endsOn !== null && relation.endsOn < day ? 'ended' : 'current';
}

/** An end's label in a kind (代表, 结对单位 …), else what its type is called. */
function useEndLabel() {
  const { t, pick } = useLocale();
  return (kind: RelationKind | undefined, side: Side, type: EndType) => pick(side === 'from' ? kind?.fromLabel : kind?.toLabel) || t(END_TYPE_NAMES[type]);
}

/**
 * The county's relations (结对关系, issue 10): of the kinds its packs declare, between its people,
 * units, stations and households, each with the dates it holds and the attributes its kind's
 * form asks for. Listed by kind and by whether they hold today; made, changed, and ended with a
 * date (never deleted: the past stays readable). Every end is shown by its name.
 */
export function RelationsPage() {
  const { t, pick, locale } = useLocale();
  const { kinds, error: kindsError } = useRelationKinds();
  const endLabel = useEndLabel();
  const [kind, setKind] = useState<string>();
  const [when, setWhen] = useState<'current' | 'all'>('current');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<{ relation?: Relation }>();
  const [ending, setEnding] = useState<Relation>();
  const on = today();
  const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE), ...(kind ? { kind } : {}), ...(when === 'current' ? { activeOn: on } : {}) });
  const relations = useApi<RelationPage>(`/api/admin/relations?${query}`);
  useEffect(() => setPage(1), [kind, when]);

  const kindName = (id: string) => (kinds?.get(id) ? pick(kinds.get(id)!.kind.name) : kinds ? t('relations.kindMissing') : '');
  const end = (r: Relation, side: Side) => {
    const value = r[side];
    return (
      <span>
        {/* What this end is in the kind (代表, 农户, 结对单位 …): kinds differ, so the column's heading cannot say it. */}
        <Tag bordered={false} style={{ marginInlineEnd: 6 }}>
          {endLabel(kinds?.get(r.kind)?.kind, side, value.type)}
        </Tag>
        {value.name}
        {value.closed && <Tag style={{ marginInlineStart: 4 }}>{t('relations.endClosed')}</Tag>}
      </span>
    );
  };
  const stateTag = (r: Relation) => {
    const state = stateOn(r, on);
    return state === 'current' ? <Tag color="green">{t('relations.current')}</Tag> : state === 'ended' ? <Tag>{t('relations.ended')}</Tag> : <Tag color="blue">{t('relations.future')}</Tag>;
  };
  const columns: ResponsiveColumn<Relation>[] = [
    {
      title: t('relations.kind'),
      key: 'kind',
      heading: true,
      render: (r) => (
        <Typography.Link onClick={() => setEditing({ relation: r })} data-relation={`${r.from.name}→${r.to.name}`}>
          {kindName(r.kind)}
        </Typography.Link>
      ),
    },
    { title: t('relations.from'), key: 'from', render: (r) => end(r, 'from') },
    { title: t('relations.to'), key: 'to', render: (r) => end(r, 'to') },
    { title: t('relations.period'), key: 'period', render: (r) => `${formatDay(r.startsOn, locale)} — ${r.endsOn ? formatDay(r.endsOn, locale) : t('relations.open')}` },
    { title: t('admin.state'), key: 'state', render: stateTag },
    {
      title: t('admin.actions'),
      key: 'actions',
      actions: true,
      render: (r) => (
        <Space size={0} wrap={false}>
          <Button type="link" size="small" onClick={() => setEditing({ relation: r })}>
            {t('admin.edit')}
          </Button>
          {stateOn(r, on) !== 'ended' && (
            <Button type="link" size="small" danger onClick={() => setEnding(r)} data-testid="relation-end">
              {t('relations.end')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const error = relations.error ?? kindsError;
  const noKinds = kinds !== undefined && kinds.size === 0;
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t('relations.title')}</Typography.Title>}>
      {error && <ErrorNotice error={error} onRetry={relations.reload} />}
      {noKinds && <Alert type="info" showIcon title={t('relations.noKinds')} style={{ marginBottom: 16 }} />}
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('relations.allKinds')}
          value={kind}
          onChange={setKind}
          options={[...(kinds?.values() ?? [])].map((d) => ({ value: d.kind.id, label: pick(d.kind.name) }))}
          style={{ flex: '1 1 200px', maxWidth: 260 }}
          data-testid="relations-kind-filter"
        />
        <Select
          value={when}
          onChange={setWhen}
          options={[
            { value: 'current', label: t('relations.showCurrent') },
            { value: 'all', label: t('relations.showAll') },
          ]}
          style={{ flex: '0 1 150px' }}
        />
        <div style={{ flex: 1 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} disabled={!kinds?.size} data-testid="relation-add">
          {t('relations.add')}
        </Button>
      </Flex>
      <ResponsiveTable<Relation>
        rowKey={(r) => r.id}
        loading={relations.loading || !kinds}
        rows={kinds ? (relations.data?.relations ?? []) : []}
        columns={columns}
        pageSize={PAGE_SIZE}
        paging={{ page, total: relations.data?.total ?? 0, onPage: setPage }}
        totalText={(n) => t('admin.total', { n })}
        empty={kind || when === 'current' ? t('relations.noMatch') : t('relations.empty')}
        data-testid="relations-table"
      />
      {editing && kinds && <RelationDrawer relation={editing.relation} kinds={kinds} onClose={() => setEditing(undefined)} onSaved={() => void relations.reload()} />}
      {ending && <EndModal relation={ending} kindName={kindName(ending.kind)} onClose={() => setEnding(undefined)} onEnded={() => void relations.reload()} />}
    </Card>
  );
}

/** Picks a person, unit, station or household of the county by name; households are searched in the engine (a county has tens of thousands). */
function EndPicker({ type, value, onChange, id }: { type: EndType; value?: string; onChange?(value: string | undefined): void; id?: string }) {
  const { t } = useLocale();
  const people = useApi<ManagedPerson[]>(type === 'person' ? '/api/admin/people' : null);
  const units = useApi<Unit[]>(type === 'unit' ? '/api/admin/units' : null);
  const stations = useApi<Station[]>(type === 'station' ? '/api/admin/stations' : null);
  const [search, setSearch] = useState('');
  const households = useApi<HouseholdPage>(type === 'household' ? `/api/admin/households?pageSize=30${search.trim() ? `&q=${encodeURIComponent(search.trim())}` : ''}` : null);
  const options =
    type === 'person'
      ? (people.data ?? []).filter((p) => !p.disabled).map((p) => ({ value: p.id, label: p.displayName }))
      : type === 'unit'
        ? (units.data ?? []).filter((u) => !u.disabled).map((u) => ({ value: u.id, label: u.name }))
        : type === 'station'
          ? (stations.data ?? []).map((s) => ({ value: s.id, label: s.name }))
          : (households.data?.households ?? []).map((h) => ({ value: h.id, label: `${h.headName}（${h.village}）` }));
  const loading = people.loading || units.loading || stations.loading || households.loading;
  return (
    <Select
      id={id}
      allowClear
      value={value}
      onChange={onChange}
      options={options}
      loading={loading}
      placeholder={type === 'household' ? t('relations.householdSearch') : undefined}
      showSearch={type === 'household' ? { filterOption: false, onSearch: setSearch } : { optionFilterProp: 'label' }}
      notFoundContent={loading ? <Spin size="small" /> : undefined}
    />
  );
}

interface RelationValues {
  kind?: string;
  from?: string;
  to?: string;
  startsOn?: Dayjs | null;
  endsOn?: Dayjs | null;
}

/** A new relation, or one to change: its kind decides what each end is and the attribute form it fills. Ends of a made relation stay as they are. */
function RelationDrawer({ relation, kinds, onClose, onSaved }: { relation?: Relation; kinds: Map<string, DeclaredRelationKind>; onClose(): void; onSaved(): void }) {
  const { t, pick, locale } = useLocale();
  const { message } = App.useApp();
  const narrow = useNarrow();
  const endLabel = useEndLabel();
  const [form] = Form.useForm<RelationValues>();
  const [refusal, setRefusal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const creating = !relation;
  const chosen: string | undefined = Form.useWatch('kind', form) ?? relation?.kind;
  const declared = chosen ? kinds.get(chosen) : undefined;
  const labels = {
    kind: t('relations.kind'),
    from: declared ? endLabel(declared.kind, 'from', declared.kind.from) : t('relations.from'),
    to: declared ? endLabel(declared.kind, 'to', declared.kind.to) : t('relations.to'),
    startsOn: t('relations.startsOn'),
    endsOn: t('relations.endsOn'),
  };

  async function save(attributes: Record<string, unknown>) {
    let values: RelationValues;
    try {
      values = await form.validateFields();
    } catch {
      return; // the fields say what is missing
    }
    setBusy(true);
    setRefusal(undefined);
    const dates = { startsOn: values.startsOn!.format('YYYY-MM-DD'), endsOn: values.endsOn ? values.endsOn.format('YYYY-MM-DD') : null };
    try {
      if (creating) {
        await api.post<Relation>('/api/admin/relations', {
          kind: values.kind,
          from: { type: declared!.kind.from, id: values.from },
          to: { type: declared!.kind.to, id: values.to },
          attributes,
          ...dates,
        });
      } else {
        await api.patch<Relation>(`/api/admin/relations/${encodeURIComponent(relation.id)}`, { attributes, ...dates });
      }
      message.success(t(creating ? 'relations.created' : 'relations.saved', { kind: pick(declared?.kind.name) }));
      onSaved();
      onClose();
    } catch (e) {
      const error = e as ApiError;
      // The attribute form's own refusals go under its fields.
      if (error.code === 'PAYLOAD_INVALID' && declared?.form) throw error;
      if (!showRefusalOnField(form, error, pick, labels)) setRefusal(refusalText(error, pick, labels));
    } finally {
      setBusy(false);
    }
  }

  const kept = relation && relation.kind === chosen ? relation.attributes : {};
  const cancel = <Button onClick={onClose}>{t('app.cancel')}</Button>;
  const initialValues: RelationValues = relation
    ? { kind: relation.kind, startsOn: dayjs(relation.startsOn), endsOn: relation.endsOn ? dayjs(relation.endsOn) : null }
    : { startsOn: dayjs(today()) };

  return (
    <Drawer open title={creating ? t('relations.add') : t('relations.edit', { kind: pick(declared?.kind.name) || t('relations.kindMissing') })} size={narrow ? '100%' : 640} onClose={onClose} data-testid="relation-drawer">
      <Form<RelationValues> form={form} name="relation" layout="vertical" initialValues={initialValues}>
        {creating ? (
          <>
            <Form.Item name="kind" label={labels.kind} rules={[{ required: true, message: t('admin.pick', { field: labels.kind }) }]}>
              <Select
                options={[...kinds.values()].map((d) => ({ value: d.kind.id, label: pick(d.kind.name) }))}
                onChange={() => form.setFieldsValue({ from: undefined, to: undefined })}
                data-testid="relation-kind"
              />
            </Form.Item>
            {declared && (
              <Flex wrap style={{ columnGap: 16 }}>
                {(['from', 'to'] as const).map((side) => (
                  <Form.Item key={`${chosen}-${side}`} name={side} label={labels[side]} style={{ flex: '1 1 240px' }} rules={[{ required: true, message: t('admin.pick', { field: labels[side] }) }]}>
                    <EndPicker type={declared.kind[side]} />
                  </Form.Item>
                ))}
              </Flex>
            )}
          </>
        ) : (
          <Descriptions column={1} size="small" style={{ marginBottom: 16 }} items={(['from', 'to'] as const).map((side) => ({ key: side, label: labels[side], children: relation[side].name }))} />
        )}
        <Flex wrap style={{ columnGap: 16 }}>
          <Form.Item name="startsOn" label={labels.startsOn} style={{ flex: '1 1 200px' }} rules={[{ required: true, message: t('admin.pick', { field: labels.startsOn }) }]}>
            <DatePicker format={dateFormat(locale)} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="endsOn"
            label={labels.endsOn}
            extra={t('relations.endsOnHelp')}
            dependencies={['startsOn']}
            style={{ flex: '1 1 200px' }}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_, ends?: Dayjs | null) => {
                  const starts = getFieldValue('startsOn') as Dayjs | null | undefined;
                  if (ends && starts && ends.isBefore(starts, 'day')) throw new Error(t('relations.endsRule'));
                },
              }),
            ]}
          >
            <DatePicker format={dateFormat(locale)} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
      </Form>
      {refusal && <Alert type="error" showIcon title={t('admin.saveFailed')} description={refusal} style={{ marginBottom: 16 }} data-testid="form-refusal" />}
      <AttributesFooter
        declared={declared}
        title={(form) => t('relations.attributes', { form: pick(form.title) })}
        testId="relation-attributes"
        resetKey={chosen}
        initialData={kept}
        busy={busy}
        save={save}
        cancel={cancel}
      />
    </Drawer>
  );
}

/** Ends a relation on a day (today unless another is picked): it stays in the list of all relations. */
function EndModal({ relation, kindName, onClose, onEnded }: { relation: Relation; kindName: string; onClose(): void; onEnded(): void }) {
  const { t, pick, locale } = useLocale();
  const { message } = App.useApp();
  const narrow = useNarrow();
  const [day, setDay] = useState<Dayjs | null>(dayjs(today()));
  const [refusal, setRefusal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const early = day !== null && day.format('YYYY-MM-DD') < relation.startsOn;

  async function end() {
    if (!day) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      await api.patch(`/api/admin/relations/${encodeURIComponent(relation.id)}`, { endsOn: day.format('YYYY-MM-DD') });
      message.success(t('relations.endedDone', { kind: kindName }));
      onEnded();
      onClose();
    } catch (e) {
      setRefusal(refusalText(e as ApiError, pick, { endsOn: t('relations.endsOn') }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t('relations.endTitle', { kind: kindName })}
      width={narrow ? '100%' : 440}
      onCancel={onClose}
      okText={t('relations.end')}
      okButtonProps={{ danger: true, loading: busy, disabled: !day || early }}
      cancelText={t('app.cancel')}
      onOk={() => void end()}
      data-testid="relation-end-modal"
    >
      <Typography.Paragraph>{t('relations.endExplain', { from: relation.from.name, to: relation.to.name })}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('relations.endsOn')} validateStatus={early ? 'error' : undefined} help={early ? t('relations.endsRule') : undefined}>
          <DatePicker value={day} onChange={setDay} format={dateFormat(locale)} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
      {refusal && <Alert type="error" showIcon title={refusal} data-testid="form-refusal" />}
    </Modal>
  );
}
