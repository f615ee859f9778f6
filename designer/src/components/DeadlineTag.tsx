import { Tag } from 'antd';
import { useLocale } from '../app/locale.js';
import { spanParts } from './time-format.js';

/** Within this long of its deadline an item shows amber. */
const DUE_SOON_MS = 24 * 3_600_000;

/** Overdue in red, due soon in amber, otherwise the time left; paused while the item waits on its submitter. */
export function DeadlineTag({ dueAt, paused = false, now = Date.now() }: { dueAt: string | null; paused?: boolean; now?: number }) {
  const { t } = useLocale();
  if (paused) return <Tag data-deadline="paused">{t('deadline.paused')}</Tag>;
  if (!dueAt) return <span style={{ color: '#999' }}>{t('deadline.none')}</span>;
  const left = Date.parse(dueAt) - now;
  const { unit, n } = spanParts(left);
  const span = t(`duration.${unit}`, { n });
  if (left < 0) return <Tag color="red" data-deadline="overdue">{t('deadline.overdue', { n: span })}</Tag>;
  if (left < DUE_SOON_MS) return <Tag color="orange" data-deadline="soon">{t('deadline.left', { n: span })}</Tag>;
  return <Tag data-deadline="ok">{t('deadline.left', { n: span })}</Tag>;
}

export function AgeText({ since, now = Date.now() }: { since: string; now?: number }) {
  const { t } = useLocale();
  const { unit, n } = spanParts(now - Date.parse(since));
  return <span>{t(`duration.${unit}`, { n })}</span>;
}
