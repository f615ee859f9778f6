import { Timeline as AntTimeline, Typography } from 'antd';
import type { TraceEvent } from '../api/types.js';
import { useLocale } from '../app/locale.js';
import { DisplayValue, type FieldCatalog } from './DataView.js';
import { RelatedItemLinks } from './RelatedItemLinks.js';
import { formatTime } from './time-format.js';

/** A payload's fields in the order the forms list them. */
function orderedEntries(payload: Record<string, unknown>, order: string[]): Array<[string, unknown]> {
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return Object.entries(payload).sort(([a], [b]) => rank(a) - rank(b));
}

const KIND_NAMES = { station: { 'zh-CN': '站点', en: 'station' }, unit: { 'zh-CN': '单位', en: 'unit' }, person: { 'zh-CN': '人员', en: 'person' } } as const;
const LINKED = { 'zh-CN': '关联', en: 'Linked' };
const UNLINKED = { 'zh-CN': '取消关联', en: 'Unlinked' };

/** How many links of each kind, as "单位 2、人员 1". */
function linkSummary(links: NonNullable<TraceEvent['directory']>['linked'], locale: 'zh-CN' | 'en'): string {
  const counts = new Map<keyof typeof KIND_NAMES, number>();
  for (const l of links) counts.set(l.kind, (counts.get(l.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${KIND_NAMES[kind][locale]} ${n}`).join(locale === 'en' ? ', ' : '、');
}

/** What the event changed in the directory (issue 10): the station it registered or updated, the links it made and removed. */
function DirectoryNote({ directory }: { directory: NonNullable<TraceEvent['directory']> }) {
  const { pick, locale } = useLocale();
  const parts = [
    ...(directory.station ? [`${pick(directory.station.label)}：${directory.station.name}`] : []),
    ...(directory.linked.some((l) => l.kind !== 'station' || !directory.station) ? [`${pick(LINKED)}：${linkSummary(directory.linked.filter((l) => l.kind !== 'station' || !directory.station), locale)}`] : []),
    ...(directory.unlinked.length ? [`${pick(UNLINKED)}：${linkSummary(directory.unlinked, locale)}`] : []),
  ];
  return parts.length ? (
    <div style={{ fontSize: 13 }} data-testid="trace-directory">
      <Typography.Text type="success">{parts.join(' · ')}</Typography.Text>
    </div>
  ) : null;
}

/** Who did what, when, with which data: the item's events, oldest first. */
export function Timeline({ events, catalog }: { events: TraceEvent[]; catalog: FieldCatalog }) {
  const { pick, locale, t } = useLocale();
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
                · {e.actor.id === null ? t('trace.system') : e.actor.displayName} · {formatTime(e.at, locale)}
              </Typography.Text>
            </div>
            {e.directory ? <DirectoryNote directory={e.directory} /> : null}
            {e.link ? <RelatedItemLinks relation={e.link.relation} items={[e.link]} testId={`timeline-link-${e.seq}`} /> : null}
            {/* The engine's event that started an item carries that item's id: the link above says it in words. */}
            {orderedEntries(e.link?.relation === 'started' ? {} : e.payload, catalog.order).map(([key, value]) => (
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
