import { Descriptions, Space, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import type { FormDefinition, JsonSchema, LocalizedText } from '../../../forms/index.js';
import { fieldTitle } from '../../../forms/index.js';
import type { FlowDefinition } from '../../../engine/flows/index.js';
import { useDirectory } from '../app/directory.js';
import { useLocale } from '../app/locale.js';
import { formatTime } from './time-format.js';

type Kind = 'text' | 'person' | 'unit' | 'station' | 'time' | 'count' | 'records' | 'attachments';

/** How to name and show each field of an item's data: from the pack's forms and the flow's meta.fields. */
export interface FieldCatalog {
  titles: Map<string, LocalizedText>;
  choices: Map<string, Map<unknown, LocalizedText>>;
  kinds: Map<string, Kind>;
  /** Field names in the order people expect: the start form's, then the other forms', then the flow's. */
  order: string[];
}

export function fieldCatalog(forms: Record<string, FormDefinition>, flow?: FlowDefinition): FieldCatalog {
  const titles = new Map<string, LocalizedText>();
  const choices = new Map<string, Map<unknown, LocalizedText>>();
  const kinds = new Map<string, Kind>();
  const startForm = flow?.meta.start.form ? forms[flow.meta.start.form] : undefined;
  const ordered = [...(startForm ? [startForm] : []), ...Object.values(forms).filter((f) => f !== startForm)];
  for (const form of ordered) {
    const properties = (form.schema.properties ?? {}) as Record<string, JsonSchema>;
    const uiOrder = (form.uiSchema?.['ui:order'] as string[] | undefined) ?? [];
    const names = [...uiOrder.filter((n) => n in properties), ...Object.keys(properties).filter((n) => !uiOrder.includes(n))];
    for (const name of names) {
      const schema = properties[name];
      if (!titles.has(name)) titles.set(name, fieldTitle(schema, name));
      const options = Array.isArray(schema.oneOf) ? (schema.oneOf as JsonSchema[]) : [];
      if (options.length && !choices.has(name)) choices.set(name, new Map(options.map((o) => [o.const, fieldTitle(o, String(o.const))])));
      if (schema.format === 'date-time') kinds.set(name, 'time');
      const source = schema['x-source'] ?? (schema.items as JsonSchema | undefined)?.['x-source'];
      if (source === 'users' || source === 'deputies') kinds.set(name, 'person');
      if (source === 'units') kinds.set(name, 'unit');
      if (source === 'stations') kinds.set(name, 'station');
      if (schema.format === 'attachment' || (schema.items as JsonSchema | undefined)?.format === 'attachment') kinds.set(name, 'attachments');
    }
  }
  for (const [name, field] of Object.entries(flow?.meta.fields ?? {})) {
    titles.set(name, field.label);
    if (field.kind) kinds.set(name, field.kind);
  }
  return { titles, choices, kinds, order: [...titles.keys()] };
}

/** A value as a person would read it: choice titles, names instead of user ids, local times, records one per line. */
export function DisplayValue({ name, value, catalog }: { name: string; value: unknown; catalog: FieldCatalog }) {
  const { pick, locale } = useLocale();
  const directory = useDirectory();
  const choices = catalog.choices.get(name);
  const kind = catalog.kinds.get(name);
  if (value === null || value === undefined || value === '') return <Typography.Text type="secondary">—</Typography.Text>;
  if (choices?.has(value)) return <>{pick(choices.get(value)!)}</>;
  // Ids picked from the directory (x-source) read as the names people know.
  const named = (entry: string) => (kind === 'person' ? directory.personName(entry) : kind === 'unit' ? directory.unitName(entry) : kind === 'station' ? directory.stationName(entry) : entry);
  if (typeof value === 'string' && value !== named(value)) return <>{named(value)}</>;
  if (kind === 'time' && typeof value === 'string') return <>{formatTime(value, locale)}</>;
  if (kind === 'attachments') return <AttachmentLinks ids={Array.isArray(value) ? (value as string[]) : [String(value)]} />;
  if (typeof value === 'boolean') return <>{value ? '✔' : '✘'}</>;
  if (Array.isArray(value))
    return (
      <div>
        {value.map((entry, i) =>
          entry && typeof entry === 'object' ? (
            <Record key={i} entry={entry as Record<string, unknown>} catalog={catalog} />
          ) : (
            <div key={i}>{typeof entry === 'string' ? named(entry) : String(entry)}</div>
          ),
        )}
      </div>
    );
  if (typeof value === 'object') return <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(value, null, 2)}</pre>;
  return <span style={{ whiteSpace: 'pre-wrap' }}>{String(value)}</span>;
}

/** Uploaded files as links that open them, named by their file names. */
function AttachmentLinks({ ids }: { ids: string[] }) {
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    for (const id of ids)
      api
        .get<{ filename: string }>(`/api/attachments/${encodeURIComponent(id)}/meta`)
        .then((m) => setNames((n) => ({ ...n, [id]: m.filename })))
        .catch(() => {});
  }, [ids.join(',')]); // keyed by the ids' values: a new array with the same ids must not refetch
  return (
    <Space wrap data-testid="attachment-links">
      {ids.map((id) => (
        <a key={id} href={`/api/attachments/${encodeURIComponent(id)}`} target="_blank" rel="noreferrer">
          <PaperClipOutlined /> {names[id] ?? id}
        </a>
      ))}
    </Space>
  );
}

/** One entry of a record list (appendRecord): when and by whom, then the form's fields. */
function Record({ entry, catalog }: { entry: Record<string, unknown>; catalog: FieldCatalog }) {
  const { pick, locale } = useLocale();
  const directory = useDirectory();
  const { at, by, role: _role, event: _event, ...fields } = entry;
  return (
    <div style={{ borderLeft: '2px solid #d9d9d9', paddingLeft: 8, marginBottom: 6 }}>
      {(at !== undefined || by !== undefined) && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {typeof at === 'string' ? formatTime(at, locale) : ''} {typeof by === 'string' ? directory.personName(by) : ''}
        </Typography.Text>
      )}
      {Object.entries(fields).map(([k, v]) => (
        <div key={k}>
          <Typography.Text type="secondary">{catalog.titles.has(k) ? pick(catalog.titles.get(k)!) : k}：</Typography.Text>
          <DisplayValue name={k} value={v} catalog={catalog} />
        </div>
      ))}
    </div>
  );
}

/** An item's data as labelled rows, named and ordered as the pack's forms and flow describe it. */
export function DataView({ data, catalog }: { data: Record<string, unknown>; catalog: FieldCatalog }) {
  const { pick } = useLocale();
  const present = (k: string) => data[k] !== null && data[k] !== undefined && data[k] !== '';
  const keys = [...catalog.order.filter((k) => k in data), ...Object.keys(data).filter((k) => !catalog.titles.has(k))].filter(present);
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      data-testid="item-data"
      items={keys.map((key) => ({
        key,
        label: catalog.titles.has(key) ? pick(catalog.titles.get(key)!) : key,
        children: <DisplayValue name={key} value={data[key]} catalog={catalog} />,
      }))}
    />
  );
}
