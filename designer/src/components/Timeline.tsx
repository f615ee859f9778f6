import { Timeline as AntTimeline, Typography } from 'antd';
import type { FormDefinition, TraceEvent } from '../api/types.js';
import { useLocale } from '../app/locale.js';
import { DisplayValue, fieldCatalog } from './DataView.js';
import { formatTime } from './time-format.js';

/** Who did what, when, with which data: the item's events, oldest first. */
export function Timeline({ events, forms }: { events: TraceEvent[]; forms: Record<string, FormDefinition> }) {
  const { pick, locale } = useLocale();
  const { titles, choices } = fieldCatalog(forms);
  return (
    <AntTimeline
      data-testid="timeline"
      items={events.map((e) => ({
        key: e.seq,
        children: (
          <div data-event={e.type}>
            <div>
              <Typography.Text strong>{pick(e.label)}</Typography.Text>
              <Typography.Text type="secondary">
                {' '}
                · {e.actor.displayName} · {formatTime(e.at, locale)}
              </Typography.Text>
            </div>
            {Object.entries((e.payload ?? {}) as Record<string, unknown>).map(([key, value]) => (
              <div key={key} style={{ fontSize: 13 }}>
                <Typography.Text type="secondary">{titles.has(key) ? pick(titles.get(key)!) : key}：</Typography.Text>
                <DisplayValue value={value} choices={choices.get(key)} />
              </div>
            ))}
          </div>
        ),
      }))}
    />
  );
}
