import type { Locale } from '../../../forms/index.js';

/** A UTC instant shown in the browser's local time, the way Chinese offices write it. */
export function formatTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

/** The clock time of an instant, in the browser's local time (14:05). */
export function formatClock(date: Date, locale: Locale): string {
  return date.toLocaleTimeString(locale === 'en' ? 'en-GB' : 'zh-CN', { hour12: false, hour: '2-digit', minute: '2-digit' });
}

export function formatDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  return new Date(iso).toLocaleDateString(locale === 'en' ? 'en-GB' : 'zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit' });
}

/** The last day of something due by the end of a day (an instant at midnight ends the day before): 2026/12/31. */
export function formatDueDay(iso: string, locale: Locale): string {
  return formatDate(new Date(Date.parse(iso) - 1).toISOString(), locale);
}

/** A span in days, hours or minutes: the unit a person would say. */
export function spanParts(ms: number): { unit: 'days' | 'hours' | 'minutes'; n: number } {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  if (minutes >= 24 * 60) return { unit: 'days', n: Math.floor(minutes / (24 * 60)) };
  if (minutes >= 60) return { unit: 'hours', n: Math.floor(minutes / 60) };
  return { unit: 'minutes', n: minutes };
}
