import { Card, Space } from 'antd';
import type { ObjectFieldTemplateProps } from '@rjsf/utils';
import { Templates } from '@rjsf/antd';
import type { FormServices } from '../form-context.js';
import type { LocalizedText } from '../../localized-text.js';

/** A group of fields under a heading, declared in the UI schema: "ui:sections": [{ "title": {…}, "fields": [...] }]. */
export interface FormSection {
  title: LocalizedText;
  fields: string[];
}

const AntObjectTemplate = Templates.ObjectFieldTemplate!;

/**
 * Long forms read better in sections. Objects whose UI schema declares ui:sections show
 * each section as a card; fields in no section follow at the end. Other objects render as usual.
 */
export function SectionedObjectTemplate(props: ObjectFieldTemplateProps) {
  const sections = props.uiSchema?.['ui:sections'] as FormSection[] | undefined;
  if (!sections?.length) return <AntObjectTemplate {...props} />;
  const locale = (props.registry.formContext as FormServices)?.locale ?? 'zh-CN';
  const byName = new Map(props.properties.map((p) => [p.name, p]));
  const placed = new Set(sections.flatMap((s) => s.fields));
  const rest = props.properties.filter((p) => !placed.has(p.name));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {sections.map((section) => (
        <Card key={section.title['zh-CN']} size="small" title={section.title[locale]} data-section={section.title['zh-CN']}>
          {section.fields.map((name) => {
            const property = byName.get(name);
            return property && !property.hidden ? <div key={name}>{property.content}</div> : null;
          })}
        </Card>
      ))}
      {rest.map((p) => (p.hidden ? null : <div key={p.name}>{p.content}</div>))}
    </Space>
  );
}
