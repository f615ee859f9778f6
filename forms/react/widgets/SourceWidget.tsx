import { Select } from 'antd';
import { useEffect, useState } from 'react';
import type { WidgetProps } from '@rjsf/utils';
import type { FormServices, SourceOption } from '../form-context.js';

/** Picks a station, deputy or user from the engine (x-source); the server checks the id exists. */
export function SourceWidget({ id, value, onChange, onBlur, disabled, readonly, registry, schema, placeholder }: WidgetProps) {
  const services = registry.formContext as FormServices;
  const source = String(schema['x-source' as keyof typeof schema] ?? '');
  const [options, setOptions] = useState<SourceOption[]>([]);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    let live = true;
    services
      .loadOptions(source)
      .then((o) => live && setOptions(o))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [services, source]);
  return (
    <Select
      id={id}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      loading={loading}
      placeholder={placeholder}
      disabled={disabled || readonly}
      value={value ?? undefined}
      options={options}
      onChange={(v) => onChange(v ?? undefined)}
      onBlur={() => onBlur(id, value)}
      style={{ width: '100%' }}
    />
  );
}
