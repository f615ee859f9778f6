import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import type { WidgetProps } from '@rjsf/utils';
import type { FormServices } from '../form-context.js';

/** A date picked on a calendar, shown as 2026年11月28日 in Chinese; stored as 2026-11-28. */
export function ChineseDateWidget({ id, value, onChange, onBlur, disabled, readonly, registry, placeholder }: WidgetProps) {
  const services = registry.formContext as FormServices;
  const format = services?.locale === 'en' ? 'YYYY-MM-DD' : 'YYYY年MM月DD日';
  return (
    <DatePicker
      id={id}
      style={{ width: '100%' }}
      format={format}
      placeholder={placeholder}
      disabled={disabled || readonly}
      value={value ? dayjs(value) : null}
      onChange={(date) => onChange(date ? date.format('YYYY-MM-DD') : undefined)}
      onBlur={() => onBlur(id, value)}
    />
  );
}
