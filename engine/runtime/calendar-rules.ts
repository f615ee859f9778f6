import { EngineError } from '../errors/engine-error.js';
import type { FieldRule } from '../errors/error-catalogue.js';
import type { User } from '../domain/user.js';
import { CALENDAR_DAY_KINDS, CALENDAR_YEARS, isCalendarDay, isWeekendDay, type CalendarDayKind } from '../domain/working-calendar.js';

/** The longest holiday name: 中华人民共和国国庆节 and a county's own holidays fit well within it. */
export const HOLIDAY_NAME_MAX = 30;

/** A day as the administrator declares it: the date, what it is, and the holiday's name. */
export interface CalendarDeclaration {
  day: string;
  kind: CalendarDayKind;
  /** Dropped for 'normal': a day back to the weekday rule has no holiday to be named after. */
  name?: string;
}

/** A refused calendar field: the field, the rule, and (shortened) the value that broke it. */
export function calendarFieldInvalid(field: string, rule: FieldRule, value?: string): EngineError {
  return new EngineError('CALENDAR_FIELD_INVALID', { field, rule, ...(value === undefined ? {} : { value: [...value].slice(0, 40).join('') }) });
}

/** Only the county's administrators change its calendar; everyone of the county reads it. */
export function onlyCalendarAdmin(user: User): User {
  if (!user.roles.includes('admin')) throw new EngineError('CALENDAR_ADMIN_ONLY');
  return user;
}

/** A year the calendar may declare days in. */
export function yearProblem(field: string, year: number): EngineError | undefined {
  return Number.isInteger(year) && year >= CALENDAR_YEARS.from && year <= CALENDAR_YEARS.to ? undefined : calendarFieldInvalid(field, 'calendarYear', String(year));
}

/** A date that exists, in a year the calendar may declare. */
export function dayProblem(field: string, day: string): EngineError | undefined {
  if (!isCalendarDay(day)) return calendarFieldInvalid(field, 'calendarDay', day);
  return yearProblem(field, Number(day.slice(0, 4))) && calendarFieldInvalid(field, 'calendarYear', day);
}

/**
 * A declaration checked and cleaned: the day exists within the years, the kind is one of three,
 * the name (trimmed; empty is none) fits, and a make-up working day falls on a weekend (a weekday
 * is worked anyway: declaring it would say nothing). Fields named as the caller names them.
 */
export function checkDeclaration(
  input: { day: string; kind: string; name?: string | null },
  fields: { day: string; kind: string; name: string } = { day: 'day', kind: 'kind', name: 'name' },
): { declaration?: CalendarDeclaration; problems: EngineError[] } {
  const problems: EngineError[] = [];
  const dayRefused = dayProblem(fields.day, input.day);
  if (dayRefused) problems.push(dayRefused);
  const kindKnown = (CALENDAR_DAY_KINDS as readonly string[]).includes(input.kind);
  if (!kindKnown) problems.push(calendarFieldInvalid(fields.kind, 'calendarKind', input.kind));
  const name = input.name?.trim() || undefined;
  if (name !== undefined && [...name].length > HOLIDAY_NAME_MAX) problems.push(calendarFieldInvalid(fields.name, 'holidayName'));
  if (!dayRefused && input.kind === 'workday' && !isWeekendDay(input.day)) problems.push(calendarFieldInvalid(fields.kind, 'workdayOnWeekday', input.day));
  if (problems.length) return { problems };
  const kind = input.kind as CalendarDayKind;
  return { declaration: { day: input.day, kind, ...(kind !== 'normal' && name ? { name } : {}) }, problems };
}
