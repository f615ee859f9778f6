import { Descriptions, Typography } from 'antd';
import type { FormDefinition, JsonSchema, LocalizedText } from '../../../forms/index.js';
import { fieldTitle } from '../../../forms/index.js';
import { useLocale } from '../app/locale.js';

/** Field titles and choice labels, gathered from every form of a pack version. */
export function fieldCatalog(forms: Record<string, FormDefinition>) {
  const titles = new Map<string, LocalizedText>();
  const choices = new Map<string, Map<unknown, LocalizedText>>();
  for (const form of Object.values(forms)) {
    for (const [name, schema] of Object.entries((form.schema.properties ?? {}) as Record<string, JsonSchema>)) {
      if (!titles.has(name)) titles.set(name, fieldTitle(schema, name));
      const options = Array.isArray(schema.oneOf) ? (schema.oneOf as JsonSchema[]) : [];
      if (options.length && !choices.has(name)) choices.set(name, new Map(options.map((o) => [o.const, fieldTitle(o, String(o.const))])));
    }
  }
  return { titles, choices };
}

/** A value as a person would read it: choice titles instead of codes, lists one per line. */
export function DisplayValue({ value, choices }: { value: unknown; choices?: Map<unknown, LocalizedText> }) {
  const { pick } = useLocale();
  if (value === null || value === undefined || value === '') return <Typography.Text type="secondary">—</Typography.Text>;
  if (choices?.has(value)) return <>{pick(choices.get(value)!)}</>;
  if (typeof value === 'boolean') return <>{value ? '✔' : '✘'}</>;
  if (Array.isArray(value))
    return (
      <div>
        {value.map((entry, i) => (
          <div key={i} style={{ borderLeft: '2px solid #eee', paddingLeft: 8, marginBottom: 4 }}>
            {entry && typeof entry === 'object' ? Object.entries(entry as object).map(([k, v]) => <div key={k}><Typography.Text type="secondary">{k}: </Typography.Text>{String(v)}</div>) : String(entry)}
          </div>
        ))}
      </div>
    );
  if (typeof value === 'object') return <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(value, null, 2)}</pre>;
  return <span style={{ whiteSpace: 'pre-wrap' }}>{String(value)}</span>;
}

/** An item's data as labelled rows, titles from the pack's forms. */
export function DataView({ data, forms }: { data: Record<string, unknown>; forms: Record<string, FormDefinition> }) {
  const { pick } = useLocale();
  const { titles, choices } = fieldCatalog(forms);
  const entries = Object.entries(data).filter(([, v]) => v !== null && v !== undefined && v !== '');
  return (
    <Descriptions column={1} size="small" bordered data-testid="item-data">
      {entries.map(([key, value]) => (
        <Descriptions.Item key={key} label={titles.has(key) ? pick(titles.get(key)!) : key}>
          <DisplayValue value={value} choices={choices.get(key)} />
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
