import { Timeline as AntTimeline, Typography } from 'antd';
import type { TraceEvent } from '../api/types.js';
import { useLocale } from '../app/locale.js';
import { DisplayValue, type FieldCatalog } from './DataView.js';
import { formatTime } from './time-format.js';

/** A payload's fields in the order the forms list them. */
function orderedEntries(payload: Record<string, unknown>, order: string[]): Array<[string, unknown]> {
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return Object.entries(payload).sort(([a], [b]) => rank(a) - rank(b));
}

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
            {orderedEntries(e.payload, catalog.order).map(([key, value]) => (
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
