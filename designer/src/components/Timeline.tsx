import { Timeline as AntTimeline, Typography } from 'antd';
import type { TraceEvent } from '../api/types.js';
import { useLocale } from '../app/locale.js';
import { DisplayValue, type FieldCatalog } from './DataView.js';
import { formatTime } from './time-format.js';

/** Who did what, when, with which data: the item's events, oldest first. */
export function Timeline({ events, catalog }: { events: TraceEvent[]; catalog: FieldCatalog }) {
  const { pick, locale } = useLocale();
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
                <Typography.Text type="secondary">{catalog.titles.has(key) ? pick(catalog.titles.get(key)!) : key}：</Typography.Text>
                <DisplayValue name={key} value={value} catalog={catalog} />
              </div>
            ))}
          </div>
        ),
      }))}
    />
  );
}
